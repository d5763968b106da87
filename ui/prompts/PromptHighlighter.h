#pragma once

#include "prompts/PromptTemplate.h"

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace assay {

// Highlights a template's variables as the template engine reads them, and marks syntax errors.
// Placeholders never span lines, so each block is parsed on its own in the style of the whole
// text: typing re-highlights one line, not the document (cheap on a 2,000-line prompt).
class PromptHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit PromptHighlighter(QTextDocument *document);

    // DoubleBrace or Python; Auto re-detects from the document's current text.
    void setTemplateStyle(TemplateStyle style);
    TemplateStyle templateStyle() const { return m_style; }

    static QTextCharFormat variableFormat();
    static QTextCharFormat errorFormat();

protected:
    void highlightBlock(const QString &text) override;

private:
    TemplateStyle m_style = TemplateStyle::DoubleBrace;
};

} // namespace assay

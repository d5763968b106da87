#include "prompts/PromptHighlighter.h"

#include <QTextDocument>

namespace assay {

PromptHighlighter::PromptHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
}

void PromptHighlighter::setTemplateStyle(TemplateStyle style)
{
    if (style == TemplateStyle::Auto && document())
        style = detectTemplateStyle(document()->toPlainText());
    if (style == m_style)
        return;
    m_style = style;
    rehighlight();
}

QTextCharFormat PromptHighlighter::variableFormat()
{
    QTextCharFormat f;
    f.setForeground(QColor(0x6a, 0x1b, 0x9a));
    f.setBackground(QColor(0xf3, 0xe5, 0xf5));
    f.setFontWeight(QFont::DemiBold);
    return f;
}

QTextCharFormat PromptHighlighter::errorFormat()
{
    QTextCharFormat f;
    f.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    f.setUnderlineColor(Qt::red);
    return f;
}

void PromptHighlighter::highlightBlock(const QString &text)
{
    if (!text.contains(u'{') && !text.contains(u'}'))
        return;
    const PromptTemplate tpl = PromptTemplate::parse(text, m_style);
    const QTextCharFormat var = variableFormat();
    for (const TemplatePlaceholder &p : tpl.placeholders())
        setFormat(static_cast<int>(p.start), static_cast<int>(p.length), var);
    if (const auto &error = tpl.error())
        setFormat(static_cast<int>(error->offset), 2, errorFormat());
}

} // namespace assay

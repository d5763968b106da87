#pragma once

#include "prompts/PromptTemplate.h"

namespace assay {

// Fills a PromptTemplate from its text, in its (already resolved) style. One linear pass with
// error recovery, so the editor can highlight while the user types. Internal to the engine.
class TemplateParser {
public:
    static void run(PromptTemplate &t);

private:
    explicit TemplateParser(PromptTemplate &t);
    void parseDoubleBrace();
    void parsePython();
    void error(qsizetype offset, const QString &what, const QString &hint);
    void addPlaceholder(QString path, qsizetype start, qsizetype length);
    void flush();

    PromptTemplate &m_t;
    const QString &m_text;
    QString m_literal;
};

} // namespace assay

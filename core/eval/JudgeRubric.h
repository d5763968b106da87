#pragma once

#include "prompts/PromptTemplate.h"
#include "util/Result.h"

#include <QString>

namespace assay {

// The criteria a judge model weighs when the user gives none.
QString defaultJudgeCriteria();

// The prompt a judge model answers for one pair: a double-brace template with {{criteria}},
// {{input}}, {{response_1}} and {{response_2}}. The built-in one ships as a resource
// (core/eval/judge-rubric.txt), so it can be read and copied as a starting point; a user's comes
// from a file. A rubric must show both responses and may use no other variable: a typo such as
// {{response1}} would otherwise only fail when the first pair renders.
class JudgeRubric {
public:
    static JudgeRubric builtIn();
    static Result<JudgeRubric> fromText(const QString &text, const QString &origin);
    static Result<JudgeRubric> fromFile(const QString &path);

    const QString &text() const { return m_template.text(); }
    const QString &origin() const { return m_origin; } // "built-in" or the file's path
    // Names the rubric's wording in a run (its target's version) and finds the run again on a
    // rerun: the first 12 hex digits of the SHA-256 of the text.
    QString fingerprint() const;

    Result<QString> render(const QString &criteria, const QString &input, const QString &response1,
                           const QString &response2) const;

private:
    PromptTemplate m_template;
    QString m_origin;
};

} // namespace assay

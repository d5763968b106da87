#pragma once

#include <QString>

#include <optional>

namespace assay {

// What a judge model said about one order of a pair, in its own terms: response 1 or 2 shown.
enum class JudgeChoice { First, Second, Tie };
QString judgeChoiceName(JudgeChoice choice); // "1", "2", "tie"

// A judge's reply read strictly. Valid only when it holds a JSON object whose "winner" is the
// string "1", "2" or "tie" and whose "reason", when present, is a string; anything else is
// invalid, with what was wrong, and is never guessed at (no "Response 1 is better" read as a
// vote). The raw text is always kept.
struct JudgeReply {
    std::optional<JudgeChoice> choice; // none: invalid
    QString reason;
    QString problem; // why it is invalid
    QString raw;

    bool valid() const { return choice.has_value(); }
};

// Models wrap JSON in a ```json fence or put a sentence around it, so the object is looked for
// in the text: the first balanced {...} (braces inside JSON strings do not count) is the answer,
// and only it; a later object is not tried when the first is broken, since picking among
// several answers would be guessing.
JudgeReply parseJudgeReply(const QString &text);

// The first balanced {...} of the text, or nothing when no brace opens one or it never closes.
std::optional<QString> firstBalancedObject(const QString &text);

} // namespace assay

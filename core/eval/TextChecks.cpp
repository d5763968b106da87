#include "eval/CheckContext.h"
#include "eval/CheckSpec.h"
#include "eval/Levenshtein.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Words as promptfoo counts them: text.trim().split(/\s+/) without empty pieces.
qsizetype wordCount(const QString &text)
{
    qsizetype words = 0;
    bool inWord = false;
    for (const QChar c : text) {
        if (c.isSpace()) {
            inWord = false;
        } else if (!inWord) {
            inWord = true;
            ++words;
        }
    }
    return words;
}

// Characters as promptfoo counts them (Array.from): code points, so an emoji counts once.
qsizetype codePointCount(const QString &text)
{
    qsizetype count = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        ++count;
    }
    return count;
}

QString boundsText(const CheckBounds &b)
{
    if (b.exact)
        return u"exactly %1"_s.arg(*b.exact);
    if (b.min && b.max)
        return u"between %1 and %2"_s.arg(*b.min).arg(*b.max);
    if (b.min)
        return u"at least %1"_s.arg(*b.min);
    return u"at most %1"_s.arg(b.max.value_or(0));
}

CheckVerdict listCheck(const CheckSpec &spec, CheckContext &context, bool all, bool caseless)
{
    const QString output = caseless ? context.output().toLower() : context.output();
    QStringList found;
    QStringList missing;
    for (const CheckText &item : spec.texts) {
        QString why;
        const auto text = context.render(item, why);
        if (!text)
            return CheckVerdict::notApplicable(why);
        (output.contains(caseless ? text->toLower() : *text) ? found : missing) << *text;
    }
    auto quoted = [](const QStringList &list) {
        QStringList q;
        for (const QString &s : list)
            q << quoteForReason(s, 40);
        return q.join(u", "_s);
    };
    if (all) {
        if (missing.isEmpty())
            return {true, u"contains all of %1"_s.arg(quoted(found))};
        return {false, u"does not contain %1"_s.arg(quoted(missing))};
    }
    if (!found.isEmpty())
        return {true, u"contains %1"_s.arg(quoted(found))};
    return {false, u"contains none of %1"_s.arg(quoted(missing))};
}

CheckVerdict levenshteinCheck(const CheckSpec &spec, CheckContext &context)
{
    QString why;
    const auto reference = context.render(spec.text, why);
    if (!reference)
        return CheckVerdict::notApplicable(why);
    // promptfoo writes `threshold || 5`, so 0 becomes 5; here 0 means identical (README "Checks").
    const auto limit = static_cast<qsizetype>(spec.threshold.value_or(5));
    const auto distance = boundedLevenshtein(context.output(), *reference, limit);
    if (distance)
        return {true, u"edit distance %1 to %2 is within %3"_s.arg(*distance).arg(quoteForReason(*reference, 40)).arg(limit)};
    return {false, u"edit distance to %1 is more than %2"_s.arg(quoteForReason(*reference, 40)).arg(limit)};
}

} // namespace

CheckVerdict evaluateTextCheck(const CheckSpec &spec, CheckContext &context)
{
    const QString &output = context.output();
    QString why;
    switch (spec.kind) {
    case CheckKind::Equals: {
        const auto expected = context.render(spec.text, why);
        if (!expected)
            return CheckVerdict::notApplicable(why);
        if (output == *expected)
            return {true, u"equals %1"_s.arg(quoteForReason(*expected))};
        return {false, u"output %1 differs from %2"_s.arg(quoteForReason(output, 40), quoteForReason(*expected, 40))};
    }
    case CheckKind::Contains:
    case CheckKind::IContains: {
        const auto needle = context.render(spec.text, why);
        if (!needle)
            return CheckVerdict::notApplicable(why);
        const bool caseless = spec.kind == CheckKind::IContains;
        // promptfoo lower-cases both sides (toLowerCase), which is what toLower() does.
        const bool holds = caseless ? output.toLower().contains(needle->toLower()) : output.contains(*needle);
        return {holds, (holds ? u"contains %1"_s : u"does not contain %1"_s).arg(quoteForReason(*needle))};
    }
    case CheckKind::ContainsAny:
        return listCheck(spec, context, false, false);
    case CheckKind::ContainsAll:
        return listCheck(spec, context, true, false);
    case CheckKind::IContainsAny:
        return listCheck(spec, context, false, true);
    case CheckKind::IContainsAll:
        return listCheck(spec, context, true, true);
    case CheckKind::StartsWith: {
        const auto prefix = context.render(spec.text, why);
        if (!prefix)
            return CheckVerdict::notApplicable(why);
        const bool holds = output.startsWith(*prefix);
        return {holds, (holds ? u"starts with %1"_s : u"does not start with %1"_s).arg(quoteForReason(*prefix))};
    }
    case CheckKind::Regex: {
        const QRegularExpressionMatch match = spec.regex.match(output);
        if (match.hasMatch())
            return {true, u"matches /%1/ at %2 (%3)"_s.arg(spec.regex.pattern()).arg(match.capturedStart())
                              .arg(quoteForReason(match.captured(), 40))};
        return {false, u"does not match /%1/"_s.arg(spec.regex.pattern())};
    }
    case CheckKind::WordCount: {
        const qsizetype words = wordCount(output);
        const bool holds = spec.bounds.contains(static_cast<double>(words));
        return {holds, u"%1 words (%2 wanted)"_s.arg(words).arg(boundsText(spec.bounds))};
    }
    case CheckKind::CharacterCount: {
        const qsizetype characters = codePointCount(output);
        const bool holds = spec.bounds.contains(static_cast<double>(characters));
        return {holds, u"%1 characters (%2 wanted)"_s.arg(characters).arg(boundsText(spec.bounds))};
    }
    case CheckKind::Levenshtein:
        return levenshteinCheck(spec, context);
    default:
        return CheckVerdict::notApplicable(u"not a text check"_s);
    }
}

} // namespace assay

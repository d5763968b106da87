#include "eval/ComparisonSide.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString availableSides(const QList<ReplayTarget> &targets)
{
    QStringList names{u"baseline"_s};
    for (qsizetype i = 0; i < targets.size(); ++i)
        names << u"%1 (%2)"_s.arg(i + 1).arg(targets.at(i).label());
    return names.join(u", "_s);
}

} // namespace

QString ComparisonSide::key() const
{
    if (isOtherRun())
        return u"run:%1:target:%2"_s.arg(runId).arg(targetNo + 1);
    return isBaseline() ? u"baseline"_s : u"target:%1"_s.arg(targetNo + 1);
}

QString ComparisonSide::describe(const QList<ReplayTarget> &targets) const
{
    if (isBaseline())
        return u"baseline (logged)"_s;
    if (isOtherRun())
        return u"run %1: %2"_s.arg(runId).arg(label.isEmpty() ? u"target %1"_s.arg(targetNo + 1) : label);
    return targetNo < targets.size() ? targets.at(targetNo).label() : u"target %1"_s.arg(targetNo + 1);
}

Result<ComparisonSide> resolveComparisonSide(const QString &rawText, const QList<ReplayTarget> &targets)
{
    const QString text = rawText.trimmed();
    if (text.isEmpty())
        return fail(u"no side given; this run has %1"_s.arg(availableSides(targets)));
    if (text.compare("baseline"_L1, Qt::CaseInsensitive) == 0 || text.compare("log"_L1, Qt::CaseInsensitive) == 0)
        return ComparisonSide{};
    bool isNumber = false;
    const int index = text.toInt(&isNumber);
    if (isNumber) {
        if (index < 1 || index > targets.size())
            return fail(u"this run has no target %1; it has %2"_s.arg(text, availableSides(targets)));
        return ComparisonSide{index - 1};
    }
    for (qsizetype i = 0; i < targets.size(); ++i) {
        if (targets.at(i).label() == text)
            return ComparisonSide{int(i)};
    }
    // A prompt reference or a model picks a target only when it is unambiguous.
    QList<int> matches;
    for (qsizetype i = 0; i < targets.size(); ++i) {
        const ReplayTarget &t = targets.at(i);
        if (t.promptRef() == text || t.model == text || t.provider + u'/' + t.model == text)
            matches << int(i);
    }
    if (matches.size() == 1)
        return ComparisonSide{matches.first()};
    if (matches.size() > 1)
        return fail(u"\"%1\" matches %2 targets of this run; name one by its number: %3"_s.arg(text).arg(matches.size()).arg(
            availableSides(targets)));
    return fail(u"this run has no side \"%1\"; it has %2"_s.arg(text, availableSides(targets)));
}

Result<ComparisonSide> comparisonSideFromKey(const QString &key, const QList<ReplayTarget> &targets)
{
    if (key == "baseline"_L1)
        return ComparisonSide{};
    if (key.startsWith("target:"_L1))
        return resolveComparisonSide(key.mid(7), targets);
    if (key.startsWith("run:"_L1))
        return fail(u"side \"%1\" belongs to another run: read it with the workspace"_s.arg(key));
    return fail(u"\"%1\" is not a comparison side"_s.arg(key));
}

} // namespace assay

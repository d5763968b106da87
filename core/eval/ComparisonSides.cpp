#include "eval/ComparisonSides.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString inputsOf(const ReplayRunInfo &run)
{
    if (!run.spec.inputs.frozenDataset().isEmpty())
        return u"dataset \"%1\""_s.arg(run.spec.inputs.frozenDataset());
    switch (run.spec.inputs.kind) {
    case ReplayInputs::Kind::Dataset:
    case ReplayInputs::Kind::Ids:
        return u"a list of ids"_s;
    case ReplayInputs::Kind::Filter:
        break;
    }
    return u"a filter"_s;
}

Result<ComparisonSide> sideOfOtherRun(ReplayRunStore &store, const ReplayRunInfo &run, qint64 otherId, const QString &side,
                                      bool fromKey)
{
    if (otherId == run.id)
        return fromKey ? comparisonSideFromKey(side, run.spec.targets) : resolveComparisonSide(side, run.spec.targets);
    auto other = store.run(otherId);
    if (!other)
        return fail(other.error());
    if (!sharesDataset(run, *other))
        return fail(u"run %1 cannot be a side of run %2: only runs over one saved dataset compare (run %2 replays %3, "
                    "run %1 replays %4)"_s.arg(otherId)
                        .arg(run.id)
                        .arg(inputsOf(run), inputsOf(*other)));
    auto resolved = fromKey ? comparisonSideFromKey(side, other->spec.targets) : resolveComparisonSide(side, other->spec.targets);
    if (!resolved)
        return fail(u"run %1: %2"_s.arg(otherId).arg(resolved.error()));
    if (resolved->isBaseline())
        return ComparisonSide{}; // the same logged outputs as this run's baseline
    return ComparisonSide{resolved->targetNo, otherId, other->spec.targets.at(resolved->targetNo).label()};
}

} // namespace

bool sharesDataset(const ReplayRunInfo &run, const ReplayRunInfo &other)
{
    const QString dataset = run.spec.inputs.frozenDataset();
    return !dataset.isEmpty() && dataset == other.spec.inputs.frozenDataset();
}

QList<ComparisonSide> comparisonSidesAmong(const ReplayRunInfo &run, const QList<ReplayRunInfo> &runs)
{
    QList<ComparisonSide> sides{ComparisonSide{}};
    for (int t = 0; t < run.spec.targets.size(); ++t)
        sides << ComparisonSide{t};
    for (const ReplayRunInfo &other : runs) {
        if (other.id == run.id || !sharesDataset(run, other))
            continue;
        for (int t = 0; t < other.spec.targets.size(); ++t)
            sides << ComparisonSide{t, other.id, other.spec.targets.at(t).label()};
    }
    return sides;
}

Result<ComparisonSide> resolveSideOfRun(ReplayRunStore &store, const ReplayRunInfo &run, const QString &rawText)
{
    static const QRegularExpression runForm(uR"(^\s*(\d+)\s*:\s*(.+)$)"_s);
    const QRegularExpressionMatch m = runForm.match(rawText);
    if (!m.hasMatch())
        return resolveComparisonSide(rawText, run.spec.targets);
    // A label of the run's own that happens to start with digits and a colon still wins.
    if (auto own = resolveComparisonSide(rawText, run.spec.targets))
        return own;
    return sideOfOtherRun(store, run, m.captured(1).toLongLong(), m.captured(2), false);
}

Result<ComparisonSide> sideOfRunFromKey(ReplayRunStore &store, const ReplayRunInfo &run, const QString &key)
{
    static const QRegularExpression keyForm(uR"(^run:(\d+):(target:\d+)$)"_s);
    const QRegularExpressionMatch m = keyForm.match(key);
    if (!m.hasMatch())
        return comparisonSideFromKey(key, run.spec.targets);
    return sideOfOtherRun(store, run, m.captured(1).toLongLong(), m.captured(2), true);
}

} // namespace assay

#include "compare/CompareRuns.h"

#include "eval/ComparisonSides.h"
#include "eval/JudgeRunStore.h"
#include "replay/ReplayRunStore.h"

#include <QLocale>

#include <algorithm>

namespace assay {

QString CompareRunChoice::title() const
{
    const QString when = QLocale().toString(createdAt.toLocalTime(), QLocale::ShortFormat);
    const auto own = std::count_if(sideKeys.cbegin(), sideKeys.cend(), [](const QString &k) { return k.startsWith(QLatin1StringView("target:")); });
    return QObject::tr("Run %1 · %2 · %3 targets").arg(runId).arg(when).arg(own);
}

Result<QList<CompareRunChoice>> listComparableRuns(Workspace &workspace)
{
    auto all = ReplayRunStore(workspace).runs();
    if (!all)
        return fail(all.error());
    auto judgeRuns = JudgeRunStore(workspace).judgeRunIds();
    if (!judgeRuns)
        return fail(judgeRuns.error());
    // A judge run's cases are judge prompts, not logged outputs: nothing to compare there.
    QList<ReplayRunInfo> runs;
    for (const ReplayRunInfo &info : *all) {
        if (!judgeRuns->contains(info.id))
            runs << info;
    }
    QList<CompareRunChoice> choices;
    for (const ReplayRunInfo &info : runs) {
        CompareRunChoice c;
        c.runId = info.id;
        c.createdAt = info.createdAt;
        // Its own sides, then those of other runs over the same saved dataset.
        for (const ComparisonSide &s : comparisonSidesAmong(info, runs)) {
            c.sideKeys << s.key();
            c.sideNames << s.describe(info.spec.targets);
        }
        choices << c;
    }
    return choices;
}

} // namespace assay

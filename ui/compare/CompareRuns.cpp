#include "compare/CompareRuns.h"

#include "eval/ComparisonSides.h"
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
    auto runs = ReplayRunStore(workspace).runs();
    if (!runs)
        return fail(runs.error());
    QList<CompareRunChoice> choices;
    for (const ReplayRunInfo &info : *runs) {
        CompareRunChoice c;
        c.runId = info.id;
        c.createdAt = info.createdAt;
        // Its own sides, then those of other runs over the same saved dataset.
        for (const ComparisonSide &s : comparisonSidesAmong(info, *runs)) {
            c.sideKeys << s.key();
            c.sideNames << s.describe(info.spec.targets);
        }
        choices << c;
    }
    return choices;
}

} // namespace assay

#include "compare/CompareRuns.h"

#include "eval/ComparisonSide.h"
#include "replay/ReplayRunStore.h"

#include <QLocale>

namespace assay {

QString CompareRunChoice::title() const
{
    const QString when = QLocale().toString(createdAt.toLocalTime(), QLocale::ShortFormat);
    return QObject::tr("Run %1 · %2 · %3 targets").arg(runId).arg(when).arg(sideKeys.size() - 1);
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
        const QList<ReplayTarget> &targets = info.spec.targets;
        for (int side = -1; side < int(targets.size()); ++side) {
            const ComparisonSide s{side};
            c.sideKeys << s.key();
            c.sideNames << s.describe(targets);
        }
        choices << c;
    }
    return choices;
}

} // namespace assay

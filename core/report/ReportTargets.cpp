#include "report/ReportTargets.h"

#include "browse/LogSession.h"
#include "targets/TargetStore.h"

using namespace Qt::StringLiterals;

namespace assay {

void collectTargetStatus(LogSession &session, const PriceTable &prices, const QString &registry,
                         WeeklyReportData &data)
{
    data.targets.clear();
    data.targetProblems.clear();
    if (!session.workspace()) {
        data.targetsNote = session.workspaceError().isEmpty() ? u"no workspace is open"_s : session.workspaceError();
        return;
    }
    auto targets = effectiveTargets(*session.workspace(), registry);
    if (!targets) {
        data.targetsNote = targets.error();
        return;
    }
    data.targetsAvailable = true;
    for (const QualityTarget &t : *targets) {
        auto status = checkTargets(session, prices, {t}, data.week.end());
        if (status)
            data.targets << status->first();
        else
            data.targetProblems << u"%1: %2"_s.arg(t.subject(), status.error());
    }
}

} // namespace assay

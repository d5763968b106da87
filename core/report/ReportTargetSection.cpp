#include "report/ReportTargetSection.h"

#include "report/ReportBlocks.h"
#include "targets/TargetStatus.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

ReportTable targetTable(const WeeklyReportData &d)
{
    ReportTable t{{u"Target"_s, u"At most"_s, u"Window"_s, u"Status"_s, u"Measured"_s},
                  {false, true, false, false, false},
                  {}};
    for (const TargetStatus &s : d.targets) {
        QString measured = s.observedText();
        if (const QString decide = s.decisionText(); !decide.isEmpty())
            measured += u"; "_s + decide;
        t.rows << QStringList{s.target.subject(), s.target.describeLimit(), windowName(s.target.windowSeconds),
                              targetVerdictName(s.verdict), measured};
    }
    return t;
}

} // namespace

void addTargetSection(QList<ReportBlock> &out, const WeeklyReportData &d)
{
    out << heading(2, u"Quality targets"_s);
    if (!d.targetsAvailable) {
        out << paragraph(u"Targets are unavailable: %1."_s.arg(d.targetsNote), true);
        return;
    }
    if (d.targets.isEmpty() && d.targetProblems.isEmpty()) {
        out << paragraph(u"No quality target is set (see assay targets set)."_s, true);
        return;
    }
    out << paragraph(u"Each target over its window ending %1. A rate is breached only when its 95% Wilson interval "
                     "lies wholly above the limit, met when wholly below, at risk in between; under %2 outputs there "
                     "is not enough data. p95 latency is judged as the share of calls slower than the limit against "
                     "5%; cost per call as measured."_s.arg(d.week.end().toString(u"ddd d MMM yyyy HH:mm"_s))
                     .arg(kMinimumTargetTrials));
    if (!d.targets.isEmpty())
        out << tableBlock(targetTable(d));
    for (const QString &problem : d.targetProblems)
        out << paragraph(u"Not measured: %1."_s.arg(problem), true);
}

} // namespace assay

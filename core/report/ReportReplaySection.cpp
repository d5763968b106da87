#include "report/ReportReplaySection.h"

#include "report/ReportBlocks.h"
#include "report/ReportFormat.h"
#include "util/Money.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString resultCounts(const ReplayTargetOutcome &o)
{
    QString text = u"%1 ok"_s.arg(formatCount(o.ok));
    if (o.failed)
        text += u", %1 failed"_s.arg(formatCount(o.failed));
    if (o.renderErrors)
        text += u", %1 render errors"_s.arg(formatCount(o.renderErrors));
    if (o.pending)
        text += u", %1 pending"_s.arg(formatCount(o.pending));
    return text;
}

QString changedShare(const ReplayTargetOutcome &o)
{
    if (o.compared == 0)
        return u"–"_s;
    return u"%1 of %2 (%3)"_s.arg(formatCount(o.outputChanged), formatCount(o.compared),
                                  formatShare(double(o.outputChanged) / double(o.compared)));
}

QString tokenChange(const ReplayTargetOutcome &o)
{
    if (o.tokensCompared == 0)
        return u"–"_s;
    const qint64 mean = qRound64(double(o.outputTokenDelta) / double(o.tokensCompared));
    return u"%1 per call"_s.arg(formatSignedCount(mean));
}

QString costChange(const ReplayTargetOutcome &o)
{
    if (o.costCompared == 0)
        return u"–"_s;
    return u"%1 over %2 calls"_s.arg(formatSignedUsd(o.costDeltaUsd), formatCount(o.costCompared));
}

ReportTable replayTable(const QList<ReplayRunSummary> &runs)
{
    ReportTable t{{u"Run"_s, u"Created"_s, u"Status"_s, u"Target"_s, u"Cases"_s, u"Results"_s, u"Cost"_s,
                   u"Output changed"_s, u"Output tokens vs logged"_s, u"Cost vs logged"_s},
                  {false, false, false, false, true, false, true, true, true, true},
                  {}};
    for (const ReplayRunSummary &run : runs) {
        const QString created = run.createdBy.isEmpty()
                                    ? formatLocalTime(run.createdAt)
                                    : u"%1 by %2"_s.arg(formatLocalTime(run.createdAt), run.createdBy);
        if (run.targets.isEmpty())
            t.rows << QStringList{u"#%1"_s.arg(run.id), created, replayRunStatusName(run.status), u"(none)"_s,
                                  formatCount(run.cases), u"–"_s, u"–"_s, u"–"_s, u"–"_s, u"–"_s};
        for (const ReplayTargetOutcome &o : run.targets) {
            QString cost = formatUsd(o.costUsd);
            if (o.unpriced)
                cost += u" (%1 unpriced)"_s.arg(formatCount(o.unpriced));
            t.rows << QStringList{u"#%1"_s.arg(run.id), created, replayRunStatusName(run.status), o.target,
                                  formatCount(run.cases), resultCounts(o), cost, changedShare(o), tokenChange(o),
                                  costChange(o)};
        }
    }
    return t;
}

} // namespace

void addReplaySection(QList<ReportBlock> &out, const WeeklyReportData &d)
{
    out << heading(2, u"Replays run this week"_s);
    if (!d.replaysAvailable) {
        out << paragraph(u"Replays are unavailable: %1."_s.arg(d.replaysNote), true);
        return;
    }
    if (d.replays.isEmpty()) {
        out << paragraph(u"No replays this week."_s, true);
        return;
    }
    out << paragraph(u"Runs created this week, one row per target. Output changed: answers whose text differs from "
                     "the logged output they replay; tokens and cost compare each answer with its logged call "
                     "(replay minus logged), where both sides are known."_s);
    out << tableBlock(replayTable(d.replays));
}

} // namespace assay

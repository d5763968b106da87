#include "report/ReportReplays.h"

#include "browse/LogSession.h"
#include "replay/ReplayComparison.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Outputs longer than this are compared on their first this-many characters (both sides are
// cut alike), which keeps a run of long answers from holding every text in memory at once.
constexpr qint64 comparedChars = 256 * 1024;

void addResult(ReplayTargetOutcome &o, const ReplayResult &r, const ReplayBaseline &baseline)
{
    switch (r.status) {
    case ReplayResultStatus::Ok: ++o.ok; break;
    case ReplayResultStatus::Failed: ++o.failed; return;
    case ReplayResultStatus::RenderError: ++o.renderErrors; return;
    case ReplayResultStatus::Pending: ++o.pending; return;
    }
    if (r.costUsd)
        o.costUsd += *r.costUsd;
    else
        ++o.unpriced;
    if (!baseline.error.isEmpty())
        return; // the logged call is gone or unreadable: nothing to compare with
    ++o.compared;
    if (r.output != baseline.output)
        ++o.outputChanged;
    if (const auto tokens = tokenDelta(r, baseline)) {
        ++o.tokensCompared;
        o.outputTokenDelta += *tokens;
    }
    if (const auto cost = costDelta(r, baseline)) {
        ++o.costCompared;
        o.costDeltaUsd += *cost;
    }
}

} // namespace

void collectReplayRuns(LogSession &session, const PriceTable &prices, WeeklyReportData &data)
{
    Workspace *ws = session.workspace();
    if (!ws) {
        data.replaysNote = session.workspaceError().isEmpty() ? u"no workspace is open"_s : session.workspaceError();
        return;
    }
    ReplayRunStore store(*ws);
    auto runs = store.runs();
    if (!runs) {
        data.replaysNote = runs.error();
        return;
    }
    const QDateTime start = data.week.start();
    const QDateTime end = data.week.end();
    QList<ReplayRunSummary> summaries;
    for (const ReplayRunInfo &run : std::as_const(*runs)) {
        if (run.createdAt < start || run.createdAt >= end)
            continue;
        ReplayRunSummary s;
        s.id = run.id;
        s.createdAt = run.createdAt.toTimeZone(data.week.zone);
        s.createdBy = run.createdBy;
        s.status = run.status;
        auto tally = store.tally(run.id);
        if (!tally) {
            data.replaysNote = tally.error();
            return;
        }
        s.tally = *tally;
        auto comparison = loadReplayComparison(store, session.outputs(), prices, run.id, comparedChars);
        if (!comparison) {
            data.replaysNote = comparison.error();
            return;
        }
        s.cases = comparison->rows.size();
        for (const ReplayTarget &target : std::as_const(comparison->targets))
            s.targets << ReplayTargetOutcome{target.label()};
        for (const ReplayComparisonRow &row : std::as_const(comparison->rows)) {
            for (qsizetype t = 0; t < row.results.size() && t < s.targets.size(); ++t)
                addResult(s.targets[t], row.results[t], row.baseline);
        }
        summaries << s;
    }
    std::sort(summaries.begin(), summaries.end(),
              [](const ReplayRunSummary &a, const ReplayRunSummary &b) { return a.id < b.id; });
    data.replays = summaries;
    data.replaysAvailable = true;
}

} // namespace assay

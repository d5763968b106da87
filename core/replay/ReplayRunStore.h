#pragma once

#include "replay/ReplayEstimate.h"
#include "replay/ReplayResult.h"
#include "replay/ReplaySpec.h"
#include "util/Result.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSqlQuery>
#include <QString>

#include <functional>
#include <optional>

namespace assay {

class Workspace;
struct ReplayPlan;

// Where a run stands. Running is also what a run killed mid-way still says: resume it.
enum class ReplayRunStatus { Running, Paused, Done, Budget, Cancelled, SpendLimit, Failed };
QString replayRunStatusName(ReplayRunStatus status); // "running", "paused", "done", "budget", ...
std::optional<ReplayRunStatus> replayRunStatusFromName(QStringView name);

struct ReplayRunInfo {
    qint64 id = 0;
    QDateTime createdAt;
    QString createdBy;
    QString source; // secret-free name of the log
    ReplayRunStatus status = ReplayRunStatus::Running;
    ReplaySpec spec; // targets resolved, as planned
    ReplayEstimate estimate;
};

// Counts over a run's results, for progress and summaries.
struct ReplayTally {
    qint64 calls = 0; // cases x targets
    qint64 ok = 0;
    qint64 failed = 0;
    qint64 renderErrors = 0;
    qint64 fromCache = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;
    double costUsd = 0;  // of every result's usage, cached ones included (what the outputs cost)
    double spentUsd = 0; // of the calls actually sent (cache hits are free)
    qint64 unpriced = 0; // ok or failed results whose model has no price
    qint64 latencyMs = 0; // summed over results that were sent

    qint64 recorded() const { return ok + failed + renderErrors; }
    qint64 pending() const { return calls - recorded(); }
};

// A case x target with no result yet, in the order the engine sends them.
struct PendingCall {
    int caseNo = 0;
    int targetNo = 0;
    QString outputKey;
    std::optional<double> estCostUsd;
};

// Replay runs in the workspace. A run is written whole when it is created (targets, every case
// as rendered, the render errors as results: ReplayRunWriter); afterwards each result is one
// INSERT, committed on its own, so nothing completed is lost when the process dies. A result is
// never replaced; only a failed call's can be dropped, on request, to send it again.
class ReplayRunStore {
public:
    explicit ReplayRunStore(Workspace &workspace);

    // A plan held whole (tests, small runs); the CLI streams a plan through ReplayRunWriter instead.
    Result<qint64> createRun(const ReplaySpec &spec, const ReplayPlan &plan, const QString &source,
                             const QString &createdBy);
    Result<ReplayRunInfo> run(qint64 runId);
    Result<QList<ReplayRunInfo>> runs(); // newest first
    Result<void> setStatus(qint64 runId, ReplayRunStatus status);

    Result<QList<PendingCall>> pendingCalls(qint64 runId);
    Result<QString> renderedPrompt(qint64 runId, int caseNo, int targetNo);
    Result<void> saveResult(qint64 runId, const ReplayResult &result);
    // Drops the results of the calls that failed, so that the next engine sends them again (a
    // retry after an outage). Render errors stay: the same input renders the same way. Returns
    // how many calls were reopened.
    Result<qint64> reopenFailed(qint64 runId);
    Result<ReplayTally> tally(qint64 runId);

    // Every case x target in case then target order, pending ones as Pending. `visit` returns
    // false to stop.
    Result<void> forEachResult(qint64 runId, const std::function<bool(const ReplayResult &)> &visit);

private:
    QString table(const QString &name) const;
    QVariant timestamp(const QDateTime &when) const;

    Workspace &m_ws;
    QSqlQuery m_insertResult;
    QSqlQuery m_selectPrompt;
};

} // namespace assay

Q_DECLARE_METATYPE(assay::ReplayRunStatus)

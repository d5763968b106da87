#pragma once

#include "analytics/UsageBucket.h"
#include "analytics/UsageRollups.h"
#include "pricing/PriceTable.h"
#include "util/Result.h"

namespace assay {

class LogSession;

enum class UsagePath {
    Rollups,          // a SQLite log's hourly rollups in the workspace, refreshed first
    PostgresPushdown, // one grouped statement in the PostgreSQL source
    SqliteScan,       // one pass over the SQLite log's matching rows
};

QString usagePathName(UsagePath path); // "rollups", "postgresql", "scan"

// How queryUsage() answered.
struct UsageSourceInfo {
    UsagePath path = UsagePath::SqliteScan;
    QString fallbackReason; // why the rollups did not answer; empty when they did (or for PostgreSQL)
    RollupRefresh refresh;  // what the refresh before a rollup answer did
    qint64 undatedRows = 0; // rows that matched but have no readable time (rollups: only without a time range)
    // Rollup latency percentiles are within LatencyHistogram::relativeError of the exact ones.
    bool approximatePercentiles = false;
};

// Why `request` cannot be answered from rollups (empty when it can): the log is a SQLite table
// with a SQLite workspace; the filter has only a time range, features, models and a
// prompt[@version]; the group is none, feature, model or prompt; the zone's offsets are whole
// hours over the range; input tokens use the Auto convention. A range that starts or ends
// inside an hour is answered from the rollups for its whole hours and from the log for the
// rest (an indexed time range of at most two hours).
QString rollupIneligibility(LogSession &session, const AggregateRequest &request);

// The figures of UsageAggregator::aggregate(), from the rollups when the request allows (cost,
// calls and tokens equal; p50/p95 within 1.99%), else from UsageAggregator: PostgreSQL
// pushes the work down, other SQLite requests scan the log. A rollup refresh that fails (a
// read-only workspace, a log that is a view) falls back to the scan and says why.
// Use from the session's thread.
Result<QList<UsageBucket>> queryUsage(LogSession &session, const PriceTable &prices, const AggregateRequest &request,
                                      UsageSourceInfo *how = nullptr);

// Several requests at once, as a dashboard refresh makes them: the rollups are brought up to
// date once, then each request is answered as queryUsage() would answer it. `how`, when given,
// receives one entry per request. Fails as soon as one request fails.
Result<QList<QList<UsageBucket>>> queryUsageBatch(LogSession &session, const PriceTable &prices,
                                                  const QList<AggregateRequest> &requests,
                                                  QList<UsageSourceInfo> *how = nullptr);

} // namespace assay

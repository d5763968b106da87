#pragma once

#include "analytics/UsageCells.h"
#include "query/FilterSql.h"
#include "schema/LogSchema.h"
#include "util/Result.h"

namespace assay {

class SourceConnection;

struct UsageScan {
    QList<ModelCell> cells;
    QList<GroupCell> groups;
    qint64 undatedRows = 0; // rows whose timestamp could not be read
};

// SQLite logs: one pass over the filtered rows through SQLite's C API (no QVariant per value),
// summing into cells in memory. SQLite has no percentile function and no time zones, and the
// pass must read every row's latency for exact percentiles anyway, so the time bucketing, the
// sums and the percentiles all come from that one scan; pricing happens per cell afterwards.
Result<UsageScan> scanSqliteUsage(SourceConnection &connection, const LogSchema &schema,
                                  const SqlConditions &conditions, const AggregateRequest &request,
                                  const PricingPlan &plan);

// Milliseconds since 1970 (UTC) of ISO-8601 text as logs write it ("2026-11-20T09:15:02.123Z",
// "2026-11-20 09:15:02", "...+01:00", "...+0100", "2026-11-20"); nothing for anything else.
std::optional<qint64> parseIsoUtcMs(const char *text, qsizetype size);

} // namespace assay

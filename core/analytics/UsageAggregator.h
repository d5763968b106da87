#pragma once

#include "analytics/UsageBucket.h"
#include "pricing/PriceTable.h"
#include "query/FilterSql.h"
#include "schema/LogSchema.h"
#include "util/Result.h"

namespace assay {

class LogSession;
class SourceConnection;

// Cost, usage, latency and quality figures computed directly over the log, by period and
// group. PostgreSQL does the work in one grouped statement; SQLite in one scan (see
// SqliteUsageScan.h). Either way token sums are priced per (period, group, model, price
// epoch, tier band) afterwards, so the price table is consulted per model, not per row, and
// the result equals costOfRecord() summed over the rows. Use from the connection's thread.
class UsageAggregator {
public:
    UsageAggregator(SourceConnection &connection, LogSchema schema, PriceTable prices, SearchSupport search = {});
    UsageAggregator(LogSession &session, PriceTable prices);

    // Buckets ordered by period start, then group. Fails on filters this log cannot apply.
    Result<QList<UsageBucket>> aggregate(const AggregateRequest &request);

    // Rows of the last aggregate() that matched the filter but whose time could not be read.
    qint64 lastUndatedRows() const { return m_undated; }

private:
    SourceConnection &m_connection;
    LogSchema m_schema;
    PriceTable m_prices;
    SearchSupport m_search;
    qint64 m_undated = 0;
};

// All buckets of a result added up, periods and groups merged (latency percentiles cannot be
// merged, so the total leaves them unset).
UsageBucket totalOf(const QList<UsageBucket> &buckets);

} // namespace assay

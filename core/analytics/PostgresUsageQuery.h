#pragma once

#include "analytics/SqliteUsageScan.h"

namespace assay {

// PostgreSQL logs: the whole aggregation runs on the server, one statement with two grouping
// sets: (period, group, model, price epoch, tier band) for the sums that pricing needs, and
// (period, group) for percentile_cont latencies, errors and feedback. Periods are
// date_trunc over the time converted AT TIME ZONE the user's zone; hours also group by the
// UTC offset, so the repeated hour of an autumn DST change stays two hours.
Result<UsageScan> queryPostgresUsage(SourceConnection &connection, const LogSchema &schema,
                                     const SqlConditions &conditions, const AggregateRequest &request,
                                     const PricingPlan &plan);

} // namespace assay

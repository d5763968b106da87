#include "dashboard/UsageSource.h"

#include "analytics/UsageQuery.h"
#include "browse/LogSession.h"

namespace assay {

// The rollups in the workspace answer whenever they can (a SQLite log, a filter on time,
// feature, model or prompt, whole-hour time zones); queryUsage() falls back to a direct
// aggregation otherwise, and PostgreSQL logs aggregate in the database.
Result<QList<UsageBucket>> fetchUsage(LogSession &session, const PriceTable &prices, const AggregateRequest &request)
{
    return queryUsage(session, prices, request);
}

} // namespace assay

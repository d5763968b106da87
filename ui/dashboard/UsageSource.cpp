#include "dashboard/UsageSource.h"

#include "analytics/UsageAggregator.h"
#include "browse/LogSession.h"

namespace assay {

Result<QList<UsageBucket>> fetchUsage(LogSession &session, const PriceTable &prices, const AggregateRequest &request)
{
    UsageAggregator aggregator(session, prices);
    return aggregator.aggregate(request);
}

} // namespace assay

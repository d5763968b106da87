#pragma once

#include "analytics/UsageBucket.h"
#include "pricing/PriceTable.h"
#include "util/Result.h"

#include <QList>

namespace assay {

class LogSession;

// The dashboard's one way to usage figures: queryUsage() (rollups where they can answer, else a
// direct aggregation). Latency percentiles from rollups are histogram estimates (see
// UsageRollups.h); everything else is exact. Call on the session's thread.
Result<QList<UsageBucket>> fetchUsage(LogSession &session, const PriceTable &prices, const AggregateRequest &request);

} // namespace assay

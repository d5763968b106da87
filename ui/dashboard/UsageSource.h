#pragma once

#include "analytics/UsageBucket.h"
#include "pricing/PriceTable.h"
#include "util/Result.h"

#include <QList>

namespace assay {

class LogSession;

// The dashboard's one way to usage figures. Today a direct UsageAggregator pass over the log;
// a faster path (rollups kept in the workspace) can replace the body without touching the
// page, as long as it returns the same buckets. Call on the session's thread.
Result<QList<UsageBucket>> fetchUsage(LogSession &session, const PriceTable &prices, const AggregateRequest &request);

} // namespace assay

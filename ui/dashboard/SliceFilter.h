#pragma once

#include "analytics/TimeBuckets.h"
#include "analytics/UsageBucket.h"
#include "query/OutputFilter.h"

#include <QStringList>

namespace assay {

// The outputs behind one bar or point: the period's time range, narrowed to the group's
// values. Features and models filter by "any of", so "other" keeps its several values; a
// prompt filters by one name@version, so "other" prompts and rows without a value narrow by
// time only (the browser then shows more than the bar, never less).
OutputFilter sliceFilter(const PeriodSpan &period, UsageGroupBy groupBy, const QStringList &groupValues);

} // namespace assay

#pragma once

#include "analytics/TimeBuckets.h"
#include "analytics/UsageBucket.h"

#include <QList>
#include <QString>
#include <QTimeZone>

class QCategoryAxis;

namespace assay {

// "Nov 3", "Nov 3 14:00", "2026-W45", "Nov 2026": a period as the axis and tooltips name it.
QString periodLabel(const PeriodSpan &period, UsagePeriod kind, const QTimeZone &zone);

// Every chart puts period i at x = i (bars centre there), so all charts of the page line up.
// The axis labels every n-th period so that labels never overlap: about `labelPx` pixels each
// on a plot `plotWidthPx` wide.
QCategoryAxis *periodAxis(const QList<PeriodSpan> &periods, UsagePeriod kind, const QTimeZone &zone, int plotWidthPx);

} // namespace assay

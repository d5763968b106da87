#pragma once

#include "dashboard/DashboardData.h"
#include "dashboard/PeriodGrid.h"

#include <QColor>

class QChart;

namespace assay {

// What the four charts are drawn from. Bars and points sit at x = period index (PeriodAxis).
struct ChartInputs {
    PeriodGrid groups;  // the chosen group-by
    PeriodGrid overall; // one row: every call
    UsagePeriod period = UsagePeriod::Day;
    QTimeZone zone;
    int plotWidthPx = 600;
    QList<PromptRollout> rollouts;
    QString groupName; // "feature", "model", "prompt"
};

// Series carry these dynamic properties so the page can map a hover or click back to a cell.
inline constexpr char groupIndexProperty[] = "assayGroupIndex"; // row of `groups`, -1 for `overall`
inline constexpr char rolloutProperty[] = "assayRollout";        // the prompt ref of a marker line

QColor groupColor(int index);

// Cost per period, stacked by group (a QStackedBarSeries, one bar set per group).
QChart *buildCostChart(const ChartInputs &in);
// Calls (left axis) and input + output tokens (right axis) per period, over all calls.
QChart *buildVolumeChart(const ChartInputs &in);
// Share of positive end-user feedback per period among calls that got feedback: all calls in
// bold, each group thin, and a dashed vertical line where a prompt version was first used.
QChart *buildQualityChart(const ChartInputs &in);
// Names each prompt-version line of a quality chart beside it, following the plot as it resizes.
// Call once the chart is in its view (the positions come from the laid-out plot).
void labelRolloutMarkers(QChart *chart);
// Latency p50 and p95 per period over all calls (exact percentiles of each period).
QChart *buildLatencyChart(const ChartInputs &in);

} // namespace assay

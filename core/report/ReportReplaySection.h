#pragma once

#include "report/ReportLayout.h"

namespace assay {

// "Replays run this week": each run created in the week, one row per target, with its results
// and how they compare with the logged calls; or why replays are unavailable.
void addReplaySection(QList<ReportBlock> &out, const WeeklyReportData &data);

} // namespace assay

#pragma once

#include "report/ReportLayout.h"

namespace assay {

// "Quality targets": each target's status at the end of the week, its measured rate with the
// 95% interval, and how many more outputs would decide the undecided; or why targets are
// unavailable.
void addTargetSection(QList<ReportBlock> &out, const WeeklyReportData &data);

} // namespace assay

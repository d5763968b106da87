#pragma once

#include "report/ReportLayout.h"

namespace assay {

// "Budget status": each budget's month to date, run rate, projection and state on the week's
// Sunday, with its spend spikes during the week; or why budgets are unavailable.
void addBudgetSection(QList<ReportBlock> &out, const WeeklyReportData &data);

} // namespace assay

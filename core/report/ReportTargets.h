#pragma once

#include "report/WeeklyReportData.h"

namespace assay {

class LogSession;
class PriceTable;

// The quality targets section: every target (the workspace's, and the folder registry's
// targets.json) checked over its own window ending when the week ends, with the same verdict
// rules as `assay targets check`. Without a workspace the section is marked unavailable; a
// target that cannot be measured is listed with the reason instead of a status.
void collectTargetStatus(LogSession &session, const PriceTable &prices, const QString &registry,
                         WeeklyReportData &data);

} // namespace assay

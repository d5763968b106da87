#pragma once

#include "report/WeeklyReportData.h"

namespace assay {

class LogSession;
class PriceTable;

// The budget status section: checkBudgets() on the week's Sunday, and each budget's spend
// spikes on the days of the week. A week that began in the month before is checked on that
// month's last day too, since a spike is found within its own month's check. Without a
// workspace the section is marked unavailable; a failed check fails it with the reason.
void collectBudgetStatus(LogSession &session, const PriceTable &prices, WeeklyReportData &data);

} // namespace assay

#pragma once

#include "report/WeeklyReportData.h"

namespace assay {

class LogSession;
class PriceTable;

// The replay section: every run the workspace's ReplayRunStore holds that was created during
// the week, with its results per target against the logged calls they replayed (output text
// changed or not, output tokens and cost, replay minus logged). Without a workspace the section
// is marked unavailable; a store that cannot be read likewise, with the reason.
void collectReplayRuns(LogSession &session, const PriceTable &prices, WeeklyReportData &data);

} // namespace assay

#pragma once

#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "report/WeeklyReportData.h"
#include "util/Result.h"

namespace assay {

struct WeeklyReportOptions {
    CalendarWeek week;
    PriceTable prices = PriceTable::withDefaults();
    QString registry;      // a prompt folder or table, as `assay prompts --registry`; empty: the source's table
    int negativeCap = 10;  // examples listed per kind (reviewer, end user)
    int excerptChars = 160;
};

// Gathers the weekly report from the log (figures of the week and the week before, computed by
// UsageAggregator in the week's time zone), the workspace (reviewer labels, budgets, replay
// runs) and the prompt registry. A missing workspace or registry leaves its sections marked
// unavailable with the reason; only a log that cannot be read fails the report. Use from the session's thread.
Result<WeeklyReportData> buildWeeklyReport(LogSession &session, const WeeklyReportOptions &options);

// Opens its own session first, so any thread (a GUI worker) can call it.
Result<WeeklyReportData> buildWeeklyReport(const SessionSpec &spec, const WeeklyReportOptions &options);

} // namespace assay

#pragma once

#include "report/WeeklyReportData.h"

#include <QString>

namespace assay {

// The weekly report as Markdown (GitHub flavour): tables for the figures, no images; the
// charts' numbers are in the daily cost and by-feature tables.
QString weeklyReportMarkdown(const WeeklyReportData &data);

// `text` with Markdown's inline syntax and table pipes escaped, on one line.
QString escapeMarkdown(const QString &text);

} // namespace assay

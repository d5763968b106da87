#pragma once

#include "labels/Agreement.h"
#include "report/WeeklyReportData.h"
#include "util/NumberText.h" // formatCount, formatShare

#include <QString>

#include <optional>

namespace assay {

// How the report writes numbers, the same in Markdown, HTML and PDF.
QString formatSignedCount(qint64 n);                            // "+134", "−20", "0"
QString formatSignedUsd(double usd);                            // "+$1.34", "−$0.0200"
QString formatPercentChange(const Change &change, bool currentIsZero); // "+12.2%", "new", "−100.0%", "–"
QString formatRate(qint64 successes, qint64 n, const Interval &interval); // "62% (55–69%)", "–" when n is 0
QString formatMs(const std::optional<double> &ms);              // "1,234 ms", "–"
QString formatGroup(const QString &group);                      // "(none)" for an empty value
QString formatKappa(const ReviewerQuality &q);                  // "0.62 (Cohen, 12/14 agreed)", "–"
QString formatWeekRange(const CalendarWeek &week);                // "16–22 Nov 2026"
QString formatLocalTime(const QDateTime &when);                 // "2026-11-18 10:22"

} // namespace assay

#pragma once

#include "report/WeeklyReportData.h"
#include "util/Result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace assay {

enum class ReportFileFormat { Markdown, Html, Pdf };

// By the file's suffix: .md / .markdown, .html / .htm, .pdf (any case).
std::optional<ReportFileFormat> reportFileFormatOf(const QString &path);

// A self-contained HTML page: the charts are PNG images inside it as data: URIs.
QByteArray weeklyReportHtmlFile(const WeeklyReportData &data);
// The same page laid out by QTextDocument on A4 landscape pages, charts embedded as images.
QByteArray weeklyReportPdf(const WeeklyReportData &data);

// Writes the report to `path` in the format its suffix names. The whole file is rendered first
// and then replaces `path` in one step (QSaveFile), so a failure never leaves half a report.
// HTML and PDF draw charts: call from the GUI thread of a QApplication (the offscreen platform
// will do). The data itself comes from buildWeeklyReport() on any thread.
Result<void> writeWeeklyReport(const WeeklyReportData &data, const QString &path);

} // namespace assay

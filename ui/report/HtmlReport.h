#pragma once

#include "report/ReportLayout.h"
#include "report/WeeklyReportData.h"

#include <QSize>
#include <QString>

#include <functional>

namespace assay {

// Where a chart image comes from: a data: URI for a self-contained HTML file, a resource name
// for a QTextDocument headed for PDF. Empty leaves the chart out.
using ChartSource = std::function<QString(ReportChart)>;

enum class HtmlTarget { Browser, RichText };

// The weekly report as one HTML page with its CSS inline. The markup keeps to what both a
// browser and QTextDocument's rich text understand (tables with align attributes, simple CSS),
// so the PDF is laid out from the same page (RichText leaves out the CSS QTextDocument misreads).
QString weeklyReportHtml(const WeeklyReportData &data, const ChartSource &chartSource, QSize chartSize,
                         HtmlTarget target = HtmlTarget::Browser);

} // namespace assay

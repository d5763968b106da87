#pragma once

#include "report/ReportLayout.h"
#include "report/WeeklyReportData.h"

#include <QImage>
#include <QSize>

namespace assay {

// The weekly report's charts drawn with Qt Charts into images, off screen: daily cost stacked
// by feature over both weeks, and calls by feature this week against the previous one.
// `size` is in layout pixels; the image holds `scale` times as many for print sharpness.
// Needs a QApplication (Qt Charts are graphics widgets) and its thread.
QImage renderReportChart(const WeeklyReportData &data, ReportChart chart, QSize size = {900, 380},
                         qreal scale = 2.0);

} // namespace assay

#include "dashboard/PeriodAxis.h"

#include "analytics/TimeBuckets.h"

#include <QCategoryAxis>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace assay {

QString periodLabel(const PeriodSpan &period, UsagePeriod kind, const QTimeZone &zone)
{
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(period.startMs, zone);
    const QLocale c = QLocale::c(); // axis labels stay short whatever the locale
    switch (kind) {
    case UsagePeriod::Hour:
        return c.toString(start, u"MMM d HH:mm"_s);
    case UsagePeriod::Day:
        return c.toString(start, u"MMM d"_s);
    case UsagePeriod::IsoWeek:
        return isoWeekLabel(start.date());
    case UsagePeriod::Month:
        return c.toString(start, u"MMM yyyy"_s);
    }
    return {};
}

QCategoryAxis *periodAxis(const QList<PeriodSpan> &periods, UsagePeriod kind, const QTimeZone &zone, int plotWidthPx)
{
    auto *axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setStartValue(-0.5);
    axis->setRange(-0.5, std::max<double>(0.5, double(periods.size()) - 0.5));
    axis->setGridLineVisible(false);
    const int labelPx = kind == UsagePeriod::Hour ? 90 : 60;
    const int n = int(periods.size());
    const int fit = std::max(1, plotWidthPx / labelPx);
    int stride = std::max(1, (n + fit - 1) / fit);
    // Ranges start at a local midnight, so an hour stride that divides a day labels the same
    // clock hours every day (00:00, 06:00, 12:00...) rather than wandering ones.
    if (kind == UsagePeriod::Hour) {
        for (int s : {1, 2, 3, 4, 6, 8, 12, 24}) {
            if (s >= stride) {
                stride = s;
                break;
            }
        }
        if (stride > 24)
            stride = (stride + 23) / 24 * 24;
    }
    for (int i = 0; i < n; i += stride)
        axis->append(periodLabel(periods[i], kind, zone), i);
    return axis;
}

} // namespace assay

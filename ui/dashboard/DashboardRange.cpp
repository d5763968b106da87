#include "dashboard/DashboardRange.h"

namespace assay {

QDateTime DayRange::since(const QTimeZone &zone) const
{
    return first.startOfDay(zone);
}

QDateTime DayRange::until(const QTimeZone &zone) const
{
    return last.addDays(1).startOfDay(zone);
}

DayRange lastDays(int days, const QDateTime &now, const QTimeZone &zone)
{
    const QDate today = now.toTimeZone(zone).date();
    return {today.addDays(1 - days), today};
}

QList<PeriodSpan> periodsOf(const DayRange &range, UsagePeriod period, const QTimeZone &zone)
{
    QList<PeriodSpan> spans;
    if (!range.isValid())
        return spans;
    const qint64 end = range.until(zone).toMSecsSinceEpoch();
    qint64 at = range.since(zone).toMSecsSinceEpoch();
    while (at < end) {
        const PeriodSpan span = periodContaining(at, period, zone);
        spans.append(span);
        at = span.endMs;
    }
    return spans;
}

UsagePeriod choosePeriod(const DayRange &range, int plotWidthPx, const QTimeZone &zone)
{
    if (!range.isValid())
        return UsagePeriod::Day;
    const qint64 budget = std::max(1, plotWidthPx) / minPixelsPerPeriod;
    // Counting the actual periods (weeks and months straddle the range's ends) costs a few
    // hundred time-zone look-ups at most: the hour count is estimated first so that a
    // two-year range never walks 17,000 hours.
    for (UsagePeriod p : {UsagePeriod::Hour, UsagePeriod::Day, UsagePeriod::IsoWeek, UsagePeriod::Month}) {
        if (p == UsagePeriod::Hour && range.days() * 24 > budget)
            continue;
        if (p == UsagePeriod::Day && range.days() > budget)
            continue;
        if (periodsOf(range, p, zone).size() <= budget)
            return p;
    }
    return UsagePeriod::Month;
}

} // namespace assay

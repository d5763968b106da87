#pragma once

#include "analytics/TimeBuckets.h"
#include "analytics/UsageBucket.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QTimeZone>

namespace assay {

// The days a dashboard looks at: whole local days, `first` to `last` inclusive, so every bar
// is a complete day and "last 7 days" compares with the 7 days before it day for day.
struct DayRange {
    QDate first;
    QDate last;

    bool isValid() const { return first.isValid() && last.isValid() && first <= last; }
    qint64 days() const { return first.daysTo(last) + 1; }
    // The same number of days just before this range: what the table compares against.
    DayRange previous() const { return {first.addDays(-days()), first.addDays(-1)}; }
    QDateTime since(const QTimeZone &zone) const; // local midnight starting `first`
    QDateTime until(const QTimeZone &zone) const; // local midnight after `last` (exclusive)
    bool operator==(const DayRange &) const = default;
};

// The last `days` days up to and including the day of `now` in `zone`.
DayRange lastDays(int days, const QDateTime &now, const QTimeZone &zone);

// No series may draw more than about two points per pixel (issue 6); bars also need room to be
// seen and clicked, so the dashboard asks for at least this many pixels per period, which
// keeps every series far below that bound (a quarter of a point per pixel).
inline constexpr int minPixelsPerPeriod = 4;

// The finest period (hour, day, ISO week, month) whose number of periods over `range` fits
// `plotWidthPx` at minPixelsPerPeriod each: 7 days on a 700 px plot are 168 hours (4.2 px each),
// 30 days are days, two years are weeks or months. Month when nothing fits.
UsagePeriod choosePeriod(const DayRange &range, int plotWidthPx, const QTimeZone &zone);

// Every period of `range`, in order, including those without calls (they draw as zero or a gap).
QList<PeriodSpan> periodsOf(const DayRange &range, UsagePeriod period, const QTimeZone &zone);

} // namespace assay

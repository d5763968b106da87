#pragma once

#include "analytics/UsageBucket.h"
#include "util/CalendarWeek.h" // isoWeekLabel, for the callers that label weekly periods

#include <QTimeZone>

#include <map>

namespace assay {

// A period [startMs, endMs) in UTC milliseconds.
struct PeriodSpan {
    qint64 startMs = 0;
    qint64 endMs = 0;
};

// The local hour, day, ISO week (Monday) or month that contains `utcMs`, with its boundaries
// computed in `zone`: a Berlin day across the October change is 25 hours, and the repeated
// 02:00 hour is two hour periods, told apart by their offsets.
PeriodSpan periodContaining(qint64 utcMs, UsagePeriod period, const QTimeZone &zone);

// Maps instants to periods for a million-row pass: QTimeZone look-ups cost microseconds, so
// each period is computed once and later instants are matched against the spans seen so far
// (the last one first, since logs are mostly in time order).
class PeriodMapper {
public:
    PeriodMapper(UsagePeriod period, QTimeZone zone) : m_period(period), m_zone(std::move(zone)) {}

    // The index of the period containing `utcMs` in spans().
    int indexOf(qint64 utcMs);
    const QList<PeriodSpan> &spans() const { return m_spans; }
    QDateTime startOf(int index) const;

private:
    UsagePeriod m_period;
    QTimeZone m_zone;
    QList<PeriodSpan> m_spans;
    std::map<qint64, int> m_byStart; // startMs -> index
    int m_last = -1;
};

} // namespace assay

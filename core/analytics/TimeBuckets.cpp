#include "analytics/TimeBuckets.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr qint64 msPerHour = 3'600'000;

qint64 localMidnight(const QDate &date, const QTimeZone &zone)
{
    // A midnight that falls in a DST gap is moved forward by Qt, which is where the day starts.
    return QDateTime(date, QTime(0, 0), zone).toMSecsSinceEpoch();
}

QDate firstDay(const QDate &local, UsagePeriod period)
{
    switch (period) {
    case UsagePeriod::IsoWeek:
        return local.addDays(1 - local.dayOfWeek());
    case UsagePeriod::Month:
        return QDate(local.year(), local.month(), 1);
    case UsagePeriod::Hour:
    case UsagePeriod::Day:
        break;
    }
    return local;
}

QDate nextFirstDay(const QDate &first, UsagePeriod period)
{
    switch (period) {
    case UsagePeriod::IsoWeek:
        return first.addDays(7);
    case UsagePeriod::Month:
        return first.addMonths(1);
    case UsagePeriod::Hour:
    case UsagePeriod::Day:
        break;
    }
    return first.addDays(1);
}

} // namespace

PeriodSpan periodContaining(qint64 utcMs, UsagePeriod period, const QTimeZone &zone)
{
    const QDateTime instant = QDateTime::fromMSecsSinceEpoch(utcMs, QTimeZone::utc());
    const qint64 offsetMs = qint64(zone.offsetFromUtc(instant)) * 1000;
    const qint64 wallMs = utcMs + offsetMs;

    PeriodSpan span;
    if (period == UsagePeriod::Hour) {
        // Truncate the wall clock with the instant's own offset, so the repeated hour of an
        // autumn change yields two periods, one per offset.
        const qint64 wallStart = wallMs - (((wallMs % msPerHour) + msPerHour) % msPerHour);
        span.startMs = wallStart - offsetMs;
        span.endMs = span.startMs + msPerHour;
        // Zones that change by half an hour (Lord Howe) cut an hour at the transition.
        const auto before = zone.previousTransition(instant.addMSecs(1));
        if (before.atUtc.isValid() && before.atUtc.toMSecsSinceEpoch() > span.startMs)
            span.startMs = before.atUtc.toMSecsSinceEpoch();
        const auto after = zone.nextTransition(instant);
        if (after.atUtc.isValid() && after.atUtc.toMSecsSinceEpoch() < span.endMs)
            span.endMs = after.atUtc.toMSecsSinceEpoch();
    } else {
        const QDate local = QDateTime::fromMSecsSinceEpoch(wallMs, QTimeZone::utc()).date();
        const QDate first = firstDay(local, period);
        span.startMs = localMidnight(first, zone);
        span.endMs = localMidnight(nextFirstDay(first, period), zone);
    }
    // Never lose a row to a zone rule Qt resolves oddly: the instant is always inside its span.
    span.startMs = qMin(span.startMs, utcMs);
    span.endMs = qMax(span.endMs, utcMs + 1);
    return span;
}

int PeriodMapper::indexOf(qint64 utcMs)
{
    if (m_last >= 0) {
        const PeriodSpan &s = m_spans.at(m_last);
        if (utcMs >= s.startMs && utcMs < s.endMs)
            return m_last;
    }
    auto it = m_byStart.upper_bound(utcMs);
    if (it != m_byStart.begin()) {
        --it;
        const PeriodSpan &s = m_spans.at(it->second);
        if (utcMs >= s.startMs && utcMs < s.endMs)
            return m_last = it->second;
    }
    const PeriodSpan span = periodContaining(utcMs, m_period, m_zone);
    const int index = int(m_spans.size());
    m_spans.append(span);
    m_byStart.emplace(span.startMs, index);
    return m_last = index;
}

QDateTime PeriodMapper::startOf(int index) const
{
    return QDateTime::fromMSecsSinceEpoch(m_spans.at(index).startMs, m_zone);
}

} // namespace assay

#pragma once

#include "demo/DemoRandom.h"

#include <QList>
#include <QString>

namespace assay::demo {

constexpr qint64 msPerHour = 3'600'000;
constexpr qint64 msPerDay = 24 * msPerHour;

// "2026-11-20T09:15:02.123Z" for milliseconds since the epoch (UTC). Every timestamp in the demo file
// has exactly this shape, so text order equals time order.
QString isoMillis(qint64 msSinceEpoch);

// Hands out `rows` timestamps in ascending order over [startMs, endMs), with the volume of a
// business product: busy on weekdays and in (European + American) working hours, quiet at night and
// at weekends, growing slowly over the span. Rows are spread over hour buckets up front (exact total),
// then each bucket's timestamps are drawn and sorted when it is reached.
class DemoTimeline {
public:
    DemoTimeline(qint64 startMs, qint64 endMs, qint64 rows, quint64 seed);

    // The next timestamp; false once all rows are handed out.
    bool next(qint64 &msSinceEpoch);

    qint64 startMs() const { return m_startMs; }
    qint64 endMs() const { return m_endMs; }
    // Position in the span, 0 at the start and 1 at the end.
    double fraction(qint64 msSinceEpoch) const
    {
        return static_cast<double>(msSinceEpoch - m_startMs) / static_cast<double>(m_endMs - m_startMs);
    }

private:
    static double bucketWeight(qint64 bucketStartMs, double fraction);
    void fillBucket(qsizetype bucket);

    qint64 m_startMs;
    qint64 m_endMs;
    DemoRandom m_rng;
    QList<qint64> m_counts;   // rows per hour bucket
    qsizetype m_bucket = -1;  // bucket whose timestamps are in m_pending
    QList<qint64> m_pending;  // sorted timestamps of the current bucket
    qsizetype m_next = 0;
};

} // namespace assay::demo

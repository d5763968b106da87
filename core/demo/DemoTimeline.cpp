#include "demo/DemoTimeline.h"

#include <algorithm>
#include <cmath>

namespace assay::demo {

namespace {

// Relative traffic per UTC hour: Europe's morning, the overlap with the Americas in the afternoon,
// a long American evening tail, a quiet night.
constexpr double kHourProfile[24] = {
    0.30, 0.22, 0.18, 0.16, 0.17, 0.22, 0.35, 0.55, 0.80, 0.95, 1.00, 0.98,
    0.92, 0.97, 1.00, 1.00, 0.95, 0.85, 0.70, 0.60, 0.55, 0.50, 0.45, 0.38,
};
// Sunday first, as (days since epoch + 4) % 7 counts.
constexpr double kWeekdayFactor[7] = {0.30, 1.00, 1.05, 1.05, 1.00, 0.85, 0.35};

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

void putDigits(char *out, qint64 value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

} // namespace

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm): no QDateTime per row.
QString isoMillis(qint64 msSinceEpoch)
{
    const qint64 days = floorDiv(msSinceEpoch, msPerDay);
    const qint64 msOfDay = msSinceEpoch - days * msPerDay;
    const qint64 z = days + 719468;
    const qint64 era = floorDiv(z, 146097);
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 day = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);

    char text[] = "0000-00-00T00:00:00.000Z";
    putDigits(text, year, 4);
    putDigits(text + 5, month, 2);
    putDigits(text + 8, day, 2);
    putDigits(text + 11, msOfDay / msPerHour, 2);
    putDigits(text + 14, msOfDay / 60'000 % 60, 2);
    putDigits(text + 17, msOfDay / 1000 % 60, 2);
    putDigits(text + 20, msOfDay % 1000, 3);
    return QString::fromLatin1(text, 24);
}

DemoTimeline::DemoTimeline(qint64 startMs, qint64 endMs, qint64 rows, quint64 seed)
    : m_startMs(startMs), m_endMs(endMs), m_rng(seed, 0x7133)
{
    const qint64 buckets = (endMs - startMs + msPerHour - 1) / msPerHour;
    QList<double> cumulative;
    cumulative.reserve(buckets + 1);
    cumulative.append(0.0);
    double dayNoise = 1.0;
    for (qint64 b = 0; b < buckets; ++b) {
        const qint64 from = startMs + b * msPerHour;
        const qint64 length = std::min(msPerHour, endMs - from);
        if (b % 24 == 0)
            dayNoise = m_rng.uniform(0.88, 1.12);
        const double weight = bucketWeight(from, fraction(from)) * dayNoise * m_rng.uniform(0.9, 1.1)
            * static_cast<double>(length) / msPerHour;
        cumulative.append(cumulative.last() + weight);
    }
    // Cumulative rounding: every bucket gets its share and the total is exactly `rows`.
    const double total = cumulative.last();
    m_counts.reserve(buckets);
    qint64 given = 0;
    for (qint64 b = 1; b <= buckets; ++b) {
        const qint64 upTo = b == buckets ? rows : static_cast<qint64>(std::floor(rows * (cumulative.at(b) / total)));
        const qint64 count = std::max<qint64>(0, upTo - given);
        m_counts.append(count);
        given += count;
    }
}

double DemoTimeline::bucketWeight(qint64 bucketStartMs, double fraction)
{
    const qint64 days = floorDiv(bucketStartMs, msPerDay);
    const int hour = static_cast<int>((bucketStartMs - days * msPerDay) / msPerHour);
    const int weekday = static_cast<int>(((days + 4) % 7 + 7) % 7);
    const double growth = 0.75 + 0.5 * fraction; // the product gains customers over the span
    return kHourProfile[hour] * kWeekdayFactor[weekday] * growth;
}

void DemoTimeline::fillBucket(qsizetype bucket)
{
    const qint64 from = m_startMs + bucket * msPerHour;
    const qint64 length = std::min(msPerHour, m_endMs - from);
    const qint64 count = m_counts.at(bucket);
    m_pending.resize(count);
    for (qint64 i = 0; i < count; ++i)
        m_pending[i] = from + static_cast<qint64>(m_rng.uniform() * static_cast<double>(length));
    std::sort(m_pending.begin(), m_pending.end());
    m_next = 0;
}

bool DemoTimeline::next(qint64 &msSinceEpoch)
{
    while (m_next >= m_pending.size()) {
        if (m_bucket + 1 >= m_counts.size())
            return false;
        ++m_bucket;
        fillBucket(m_bucket);
    }
    msSinceEpoch = m_pending.at(m_next++);
    return true;
}

} // namespace assay::demo

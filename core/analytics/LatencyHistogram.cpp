#include "analytics/LatencyHistogram.h"

#include <QtEndian>

#include <cmath>
#include <cstring>

namespace assay {

namespace {

const double logBase = std::log(1.04);
// Bucket 1 starts at 0.001 ms: an offset keeps every bucket of a positive latency >= 1, so
// the sign of the index can carry the sign of the value and 0 stays 0.
constexpr int offset = 178; // floor(ln(0.001) / ln(1.04)) = -177, so 0.001 ms lands in bucket 1
constexpr int maxBucket = LatencyHistogram::maxBucket; // offset + 528: 1.04^529 > 10^9

} // namespace

int LatencyHistogram::bucketOf(double ms)
{
    if (ms == 0 || std::isnan(ms))
        return 0;
    const double magnitude = std::fabs(ms);
    const int raw = int(std::floor(std::log(magnitude) / logBase)) + offset;
    const int bucket = qBound(1, raw, maxBucket);
    return ms < 0 ? -bucket : bucket;
}

double LatencyHistogram::valueOf(int bucket)
{
    if (bucket == 0)
        return 0;
    const double middle = std::exp((double(std::abs(bucket) - offset) + 0.5) * logBase);
    return bucket < 0 ? -middle : middle;
}

void LatencyHistogram::add(double ms, qint64 count)
{
    if (count <= 0)
        return;
    m_counts[bucketOf(ms)] += count;
    m_total += count;
}

void LatencyHistogram::addToBucket(int bucket, qint64 count)
{
    if (count <= 0)
        return;
    m_counts[qBound(-maxBucket, bucket, maxBucket)] += count;
    m_total += count;
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    for (const auto &[bucket, n] : other.m_counts)
        m_counts[bucket] += n;
    m_total += other.m_total;
}

std::optional<double> LatencyHistogram::percentile(double fraction) const
{
    if (m_total == 0)
        return std::nullopt;
    // The same ranks as percentileCont() (UsageCells.h): linear between floor and floor + 1.
    const double rank = fraction * double(m_total - 1);
    const auto lo = qint64(std::floor(rank));
    const double weight = rank - double(lo);
    std::optional<double> low;
    qint64 seen = 0;
    for (const auto &[bucket, n] : m_counts) {
        seen += n;
        if (!low && lo < seen) {
            low = valueOf(bucket);
            if (weight == 0 || lo + 1 < seen)
                return *low;
            continue;
        }
        if (low)
            return *low + (valueOf(bucket) - *low) * weight;
    }
    return low;
}

QByteArray LatencyHistogram::encode() const
{
    QByteArray out(qsizetype(m_counts.size() * 12), Qt::Uninitialized);
    char *p = out.data();
    for (const auto &[bucket, n] : m_counts) {
        qToLittleEndian<qint32>(bucket, p);
        qToLittleEndian<qint64>(n, p + 4);
        p += 12;
    }
    return out;
}

void LatencyHistogram::mergeEncoded(const char *data, qsizetype size)
{
    for (qsizetype i = 0; i + 12 <= size; i += 12) {
        const qint64 n = qFromLittleEndian<qint64>(data + i + 4);
        m_counts[qFromLittleEndian<qint32>(data + i)] += n;
        m_total += n;
    }
}

LatencyHistogram LatencyHistogram::decode(const QByteArray &bytes)
{
    LatencyHistogram h;
    h.mergeEncoded(bytes.constData(), bytes.size());
    return h;
}

void LatencyCounts::addEncoded(const char *data, qsizetype size)
{
    for (qsizetype i = 0; i + 12 <= size; i += 12) {
        const int bucket = qBound(-maxBucket, int(qFromLittleEndian<qint32>(data + i)), maxBucket);
        m_counts[size_t(bucket + maxBucket)] += qFromLittleEndian<qint64>(data + i + 4);
    }
}

void LatencyCounts::add(const LatencyHistogram &histogram)
{
    const QByteArray encoded = histogram.encode();
    addEncoded(encoded.constData(), encoded.size());
}

LatencyHistogram LatencyCounts::histogram() const
{
    LatencyHistogram h;
    for (size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i] != 0)
            h.addToBucket(int(i) - maxBucket, m_counts[i]);
    }
    return h;
}

} // namespace assay

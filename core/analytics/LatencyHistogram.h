#pragma once

#include <QByteArray>

#include <map>
#include <optional>
#include <vector>

namespace assay {

// Latencies counted in log-spaced buckets, so that rollups can keep them per hour and still
// answer p50 / p95 for any set of hours. Bucket i holds [base^i, base^(i+1)) with base 1.04,
// and a value is read back as the bucket's geometric middle, which is within
// sqrt(1.04) - 1 = 1.98% (so within 1.99%) of every value in the bucket. Percentiles interpolate between the
// closest ranks like percentile_cont, so they too are within 1.99% of the exact figure, for
// latencies between 0.001 ms and 10^9 ms (values outside are clamped). 0 is kept exactly;
// a negative latency is kept as the negative of its magnitude's bucket.
class LatencyHistogram {
public:
    static constexpr double relativeError = 0.0199; // sqrt(1.04) - 1 = 0.019804, rounded up

    void add(double ms, qint64 count = 1);
    void merge(const LatencyHistogram &other);
    bool isEmpty() const { return m_counts.empty(); }
    qint64 count() const { return m_total; }

    // percentile_cont(fraction) over the bucketed values; nothing when empty.
    std::optional<double> percentile(double fraction) const;

    // A compact form for the workspace: (bucket, count) pairs as little-endian int32 / int64.
    QByteArray encode() const;
    static LatencyHistogram decode(const QByteArray &bytes);
    void mergeEncoded(const char *data, qsizetype size);

    static int bucketOf(double ms);
    static double valueOf(int bucket);
    static constexpr int maxBucket = 178 + 528; // buckets run from -maxBucket to maxBucket

    void addToBucket(int bucket, qint64 count);

private:
    std::map<int, qint64> m_counts; // bucket -> calls, ordered by value
    qint64 m_total = 0;
};

// Adds up many encoded histograms fast, in a flat array rather than a map: what a query over
// thousands of rollup rows does per group.
class LatencyCounts {
public:
    LatencyCounts() : m_counts(size_t(2 * LatencyHistogram::maxBucket + 1), 0) {}
    void addEncoded(const char *data, qsizetype size);
    void add(const LatencyHistogram &histogram);
    LatencyHistogram histogram() const;

private:
    std::vector<qint64> m_counts; // index: bucket + maxBucket
};

} // namespace assay

#include "util/WilsonInterval.h"

#include <algorithm>
#include <cmath>

namespace assay {

namespace {

Interval wilsonAtRate(double p, double n, double z)
{
    const double z2 = z * z;
    const double den = 1 + z2 / n;
    const double centre = (p + z2 / (2 * n)) / den;
    const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / den;
    return {centre - half, centre + half};
}

} // namespace

Interval wilsonInterval(qint64 successes, qint64 n, double z)
{
    if (n <= 0)
        return {0.0, 1.0};
    const Interval i = wilsonAtRate(double(successes) / double(n), double(n), z);
    // At 0 of n the lower bound is exactly 0 (and at n of n the upper exactly 1); rounding must
    // not lift it to 1e-18, which would read as "wholly above" a limit of 0.
    return {successes <= 0 ? 0.0 : std::max(0.0, i.low), successes >= n ? 1.0 : std::min(1.0, i.high)};
}

std::optional<qint64> moreTrialsToExclude(qint64 successes, qint64 n, double threshold)
{
    if (n <= 0)
        return std::nullopt;
    // The interval at a fixed observed rate p (not rounded to whole successes, which would make
    // the answer jump back and forth with n): it narrows steadily as n grows, so the smallest
    // deciding n is found by doubling and then bisecting.
    const double p = double(successes) / double(n);
    if (p == threshold)
        return std::nullopt;
    const auto excludes = [p, threshold](qint64 trials) {
        const Interval i = wilsonAtRate(p, double(trials), kZ95);
        return i.low > threshold || i.high < threshold;
    };
    if (excludes(n))
        return 0;
    qint64 high = n;
    while (!excludes(high)) {
        if (high > (qint64(1) << 40))
            return std::nullopt; // a rate at 0 or 1 against a threshold there: the interval never leaves it
        high *= 2;
    }
    qint64 low = high / 2;
    while (high - low > 1) {
        const qint64 mid = low + (high - low) / 2;
        (excludes(mid) ? high : low) = mid;
    }
    return high - n;
}

} // namespace assay

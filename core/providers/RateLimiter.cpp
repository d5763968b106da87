#include "providers/RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace assay {

RateLimiter::RateLimiter(double perMinute)
    : m_perSecond(perMinute > 0 ? perMinute / 60.0 : 0), m_capacity(std::max(1.0, m_perSecond)),
      m_balance(m_capacity)
{
}

void RateLimiter::refill(qint64 nowMs)
{
    if (m_lastMs >= 0 && nowMs > m_lastMs)
        m_balance = std::min(m_capacity, m_balance + m_perSecond * static_cast<double>(nowMs - m_lastMs) / 1000.0);
    if (nowMs > m_lastMs)
        m_lastMs = nowMs;
}

qint64 RateLimiter::waitMs(qint64 nowMs)
{
    if (!enabled())
        return 0;
    refill(nowMs);
    // A take needs at least one unit (one request, or one token) in the bucket.
    // The tolerance keeps float residue of the refill from turning "now" into "in 1 ms".
    constexpr double kTolerance = 1e-9;
    const double missing = 1.0 - m_balance;
    if (missing <= kTolerance)
        return 0;
    return std::max<qint64>(1, static_cast<qint64>(std::ceil(missing / m_perSecond * 1000.0 - kTolerance)));
}

void RateLimiter::take(double amount, qint64 nowMs)
{
    if (!enabled())
        return;
    refill(nowMs);
    m_balance -= amount;
}

void RateLimiter::adjust(double amount, qint64 nowMs)
{
    if (!enabled())
        return;
    refill(nowMs);
    m_balance = std::min(m_capacity, m_balance + amount);
}

} // namespace assay

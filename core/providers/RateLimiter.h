#pragma once

#include <QtGlobal>

namespace assay {

// A per-minute cap (requests or tokens) as a token bucket that refills continuously at
// perMinute / 60 per second and holds at most one second's worth, so calls are spread out
// instead of a minute's allowance going out in the first second. A take may drive the balance
// below zero (a request bigger than a second's worth must still be able to go); the next one
// then waits until the balance is positive again. Time comes from the caller, so tests need no clock.
class RateLimiter {
public:
    explicit RateLimiter(double perMinute = 0); // 0: no cap

    bool enabled() const { return m_perSecond > 0; }
    // 0 when a take may happen at `nowMs`, else the ms until it may.
    qint64 waitMs(qint64 nowMs);
    void take(double amount, qint64 nowMs);
    // Gives back (or, negative, charges) the difference between an estimate and what was used.
    void adjust(double amount, qint64 nowMs);

private:
    void refill(qint64 nowMs);

    double m_perSecond = 0;
    double m_capacity = 0;
    double m_balance = 0;
    qint64 m_lastMs = -1;
};

} // namespace assay

#pragma once

#include "providers/WireFormat.h"

#include <QByteArray>
#include <QDateTime>

#include <functional>
#include <optional>

namespace assay {

// What one attempt ended with, as far as the retry decision cares.
struct AttemptVerdict {
    int httpStatus = 0;            // 0: no response (connection error or timeout)
    bool transportError = false;   // refused, reset, dropped, timed out: retried like the SDKs do
    bool spendLimit = false;       // billing or quota: never retried
    QByteArray retryAfterMs;       // the response's retry-after-ms header, raw
    QByteArray retryAfter;         // retry-after: seconds or an HTTP date
    QByteArray shouldRetry;        // x-should-retry: "true" / "false" overrides the status rule
};

// The official SDKs' retry rules (anthropic-sdk-python, openai-python): 408, 409, 429, >= 500 and
// connection errors are retried, x-should-retry overrides that, and a spend-limit refusal never
// is. The wait is the server's retry-after-ms or retry-after when 0 < wait <= rule.maxSeconds,
// else min(0.5 * 2^n, 8) s scaled by a jitter in (0.75, 1].
class RetryPolicy {
public:
    // `random` returns a number in [0, 1): tests pass a constant to see the schedule exactly.
    RetryPolicy(int maxRetries, RetryAfterRule rule, std::function<double()> random = {});

    // The wait in ms before the next attempt, or nullopt when there is none. `retriesSoFar`
    // counts the retries already made (0 after the first attempt); `now` dates retry-after.
    std::optional<qint64> nextDelayMs(const AttemptVerdict &verdict, int retriesSoFar,
                                      const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    static bool statusIsRetryable(int httpStatus);
    // The server's requested wait in seconds, from retry-after-ms or retry-after; nullopt if none parses.
    static std::optional<double> serverWaitSeconds(const AttemptVerdict &verdict, const QDateTime &now);

private:
    int m_maxRetries;
    RetryAfterRule m_rule;
    std::function<double()> m_random;
};

} // namespace assay

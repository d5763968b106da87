#include "providers/RetryPolicy.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

namespace {
constexpr double kInitialDelaySeconds = 0.5;
constexpr double kMaxDelaySeconds = 8.0;
} // namespace

RetryPolicy::RetryPolicy(int maxRetries, RetryAfterRule rule, std::function<double()> random)
    : m_maxRetries(std::max(0, maxRetries)), m_rule(rule), m_random(std::move(random))
{
    if (!m_random)
        m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

bool RetryPolicy::statusIsRetryable(int httpStatus)
{
    return httpStatus == 408 || httpStatus == 409 || httpStatus == 429 || httpStatus >= 500;
}

std::optional<double> RetryPolicy::serverWaitSeconds(const AttemptVerdict &verdict, const QDateTime &now)
{
    bool ok = false;
    if (!verdict.retryAfterMs.isEmpty()) {
        const double ms = verdict.retryAfterMs.trimmed().toDouble(&ok);
        if (ok)
            return ms / 1000.0;
    }
    if (!verdict.retryAfter.isEmpty()) {
        const double seconds = verdict.retryAfter.trimmed().toDouble(&ok);
        if (ok)
            return seconds;
        // An HTTP date ends in "GMT", which Qt 6.4's RFC 2822 parser does not take for +0000.
        QString date = QString::fromLatin1(verdict.retryAfter.trimmed());
        if (date.endsWith(u" GMT"_s) || date.endsWith(u" UTC"_s))
            date = date.chopped(4) + u" +0000"_s;
        const QDateTime at = QDateTime::fromString(date, Qt::RFC2822Date);
        if (at.isValid())
            return static_cast<double>(now.msecsTo(at)) / 1000.0;
    }
    return std::nullopt;
}

std::optional<qint64> RetryPolicy::nextDelayMs(const AttemptVerdict &verdict, int retriesSoFar,
                                               const QDateTime &now) const
{
    if (retriesSoFar >= m_maxRetries || verdict.spendLimit)
        return std::nullopt;
    bool retry = verdict.transportError || statusIsRetryable(verdict.httpStatus);
    const QByteArray should = verdict.shouldRetry.trimmed().toLower();
    if (should == "true")
        retry = true;
    else if (should == "false")
        retry = false;
    if (!retry)
        return std::nullopt;

    const std::optional<double> server = serverWaitSeconds(verdict, now);
    if (server && *server > 0 && *server <= m_rule.maxSeconds)
        return std::llround(*server * 1000.0);
    if (server && *server > m_rule.maxSeconds && m_rule.giveUpAboveMax)
        return std::nullopt;
    const double base = std::min(kInitialDelaySeconds * std::pow(2.0, retriesSoFar), kMaxDelaySeconds);
    const double jitter = 1.0 - 0.25 * std::clamp(m_random(), 0.0, 1.0);
    return std::llround(base * jitter * 1000.0);
}

} // namespace assay

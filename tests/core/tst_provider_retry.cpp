// The decisions a backend makes between attempts, as pure functions: the SDKs' retry rules and
// waits, adaptive concurrency, per-minute caps; and where keys and base URLs come from.
#include "providers/AdaptiveConcurrency.h"
#include "providers/ApiKeys.h"
#include "providers/RateLimiter.h"
#include "providers/RetryPolicy.h"

#include <QDebug>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

AttemptVerdict status(int code)
{
    AttemptVerdict v;
    v.httpStatus = code;
    return v;
}

const RetryAfterRule kAnthropicRule{60, false};
const RetryAfterRule kOpenAiRule{120, true};

// Sets environment variables for one test and restores them after.
class ScopedEnv {
public:
    ScopedEnv(const char *name, const QByteArray &value) : m_name(name), m_had(qEnvironmentVariableIsSet(name))
    {
        m_old = qgetenv(name);
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value);
    }
    ~ScopedEnv()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }

private:
    const char *m_name;
    bool m_had;
    QByteArray m_old;
};

} // namespace

class TestProviderRetry : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { apikeys::setKeychainReaderForTesting({}); }

    void retryableStatuses()
    {
        const RetryPolicy policy(2, kAnthropicRule, [] { return 0.0; });
        for (int code : {408, 409, 429, 500, 502, 503, 504, 529})
            QVERIFY2(policy.nextDelayMs(status(code), 0).has_value(), qPrintable(QString::number(code)));
        for (int code : {400, 401, 402, 403, 404, 413, 422})
            QVERIFY2(!policy.nextDelayMs(status(code), 0).has_value(), qPrintable(QString::number(code)));
        AttemptVerdict dropped;
        dropped.transportError = true;
        QVERIFY(policy.nextDelayMs(dropped, 0).has_value());
    }

    void backoffScheduleWithJitter()
    {
        // min(0.5 * 2^n, 8) s times (1 - 0.25 * random).
        const RetryPolicy none(10, kAnthropicRule, [] { return 0.0; });
        QList<qint64> waits;
        for (int n = 0; n < 6; ++n)
            waits << *none.nextDelayMs(status(500), n);
        QCOMPARE(waits, (QList<qint64>{500, 1000, 2000, 4000, 8000, 8000}));
        const RetryPolicy most(10, kAnthropicRule, [] { return 1.0; });
        QCOMPARE(*most.nextDelayMs(status(500), 0), 375);
        QCOMPARE(*most.nextDelayMs(status(500), 5), 6000);
        const RetryPolicy half(10, kAnthropicRule, [] { return 0.5; });
        QCOMPARE(*half.nextDelayMs(status(529), 1), 875);
    }

    void twoRetriesByDefault()
    {
        const RetryPolicy policy(2, kAnthropicRule, [] { return 0.0; });
        QVERIFY(policy.nextDelayMs(status(429), 0));
        QVERIFY(policy.nextDelayMs(status(429), 1));
        QVERIFY(!policy.nextDelayMs(status(429), 2));
        const RetryPolicy never(0, kAnthropicRule);
        QVERIFY(!never.nextDelayMs(status(503), 0));
    }

    void serverWaitsAreHonoured()
    {
        const RetryPolicy policy(2, kAnthropicRule, [] { return 0.0; });
        AttemptVerdict v = status(429);
        v.retryAfter = "3";
        QCOMPARE(*policy.nextDelayMs(v, 0), 3000);
        v.retryAfterMs = "1250.5"; // retry-after-ms wins over retry-after
        QCOMPARE(*policy.nextDelayMs(v, 0), 1251);
        v.retryAfterMs = "garbage";
        QCOMPARE(*policy.nextDelayMs(v, 0), 3000);

        const QDateTime now(QDate(2026, 11, 27), QTime(1, 0, 0), QTimeZone::utc());
        AttemptVerdict dated = status(503);
        dated.retryAfter = "Fri, 27 Nov 2026 01:00:20 GMT";
        QCOMPARE(*policy.nextDelayMs(dated, 0, now), 20000);
        dated.retryAfter = "Fri, 27 Nov 2026 00:59:00 GMT"; // in the past: the backoff applies
        QCOMPARE(*policy.nextDelayMs(dated, 1, now), 1000);
    }

    void serverWaitsOutsideTheWindow()
    {
        AttemptVerdict v = status(429);
        v.retryAfter = "90";
        // Anthropic: 0 < wait <= 60 s is honoured, anything else falls back to the backoff.
        QCOMPARE(*RetryPolicy(2, kAnthropicRule, [] { return 0.0; }).nextDelayMs(v, 0), 500);
        // OpenAI (as the reference documents): up to 120 s honoured...
        QCOMPARE(*RetryPolicy(2, kOpenAiRule, [] { return 0.0; }).nextDelayMs(v, 0), 90000);
        // ...and no retry at all above that.
        v.retryAfter = "600";
        QVERIFY(!RetryPolicy(2, kOpenAiRule, [] { return 0.0; }).nextDelayMs(v, 0));
        v.retryAfter = "0";
        QCOMPARE(*RetryPolicy(2, kOpenAiRule, [] { return 0.0; }).nextDelayMs(v, 0), 500);
    }

    void shouldRetryHeaderOverrides()
    {
        const RetryPolicy policy(2, kAnthropicRule, [] { return 0.0; });
        AttemptVerdict v = status(529);
        v.shouldRetry = "false";
        QVERIFY(!policy.nextDelayMs(v, 0));
        AttemptVerdict forced = status(400);
        forced.shouldRetry = "True";
        QCOMPARE(*policy.nextDelayMs(forced, 0), 500);
        forced.shouldRetry = "maybe"; // not a decision: the status rule stands
        QVERIFY(!policy.nextDelayMs(forced, 0));
    }

    void spendLimitIsNeverRetried()
    {
        const RetryPolicy policy(2, kAnthropicRule, [] { return 0.0; });
        AttemptVerdict v = status(429);
        v.spendLimit = true;
        v.retryAfter = "1";
        v.shouldRetry = "true";
        QVERIFY(!policy.nextDelayMs(v, 0));
    }

    void adaptiveConcurrencyHalvesOnceAndGrowsBack()
    {
        AdaptiveConcurrency limit(8);
        QCOMPARE(limit.limit(), 8);
        const int burst = limit.epoch();
        limit.onRateLimited(burst);
        QCOMPARE(limit.limit(), 4);
        // Three more 429s from calls that started before the cut: one signal, already answered.
        limit.onRateLimited(burst);
        limit.onRateLimited(burst);
        QCOMPARE(limit.limit(), 4);
        // A 429 from a call started after the cut halves again, down to a floor of 1.
        limit.onRateLimited(limit.epoch());
        QCOMPARE(limit.limit(), 2);
        limit.onRateLimited(limit.epoch());
        limit.onRateLimited(limit.epoch());
        QCOMPARE(limit.limit(), 1);
        for (int i = 0; i < 3; ++i)
            limit.onSuccess();
        QCOMPARE(limit.limit(), 4);
        for (int i = 0; i < 20; ++i)
            limit.onSuccess();
        QCOMPARE(limit.limit(), 8);
        QCOMPARE(AdaptiveConcurrency(0).limit(), 1);
    }

    void requestCapSpreadsCalls()
    {
        RateLimiter cap(120); // two a second, a burst of two
        qint64 now = 0;
        QCOMPARE(cap.waitMs(now), 0);
        cap.take(1, now);
        QCOMPARE(cap.waitMs(now), 0);
        cap.take(1, now);
        QCOMPARE(cap.waitMs(now), 500);
        now += 499;
        QCOMPARE(cap.waitMs(now), 1);
        now += 1;
        QCOMPARE(cap.waitMs(now), 0);
        // A long idle spell refills to the burst, not to a minute's worth.
        cap.take(1, now);
        now += 60'000;
        cap.take(1, now);
        cap.take(1, now);
        QVERIFY(cap.waitMs(now) > 0);
        QVERIFY(!RateLimiter(0).enabled());
        QCOMPARE(RateLimiter(0).waitMs(5), 0);
    }

    void tokenCapLetsABigCallGoThenWaits()
    {
        RateLimiter cap(6000); // 100 tokens a second
        cap.take(1500, 0);     // a call bigger than the bucket still goes...
        QCOMPARE(cap.waitMs(0), 14'010); // ...and the next waits until the balance is positive
        cap.adjust(1000, 0); // the call used 1000 fewer tokens than estimated
        QCOMPARE(cap.waitMs(0), 4'010);
    }

    void keysFromTheEnvironmentFirst()
    {
        apikeys::setKeychainReaderForTesting([](const QString &) { return std::optional<QString>(u"from-keychain"_s); });
        const ScopedEnv env("ANTHROPIC_API_KEY", "sk-ant-FAKE-env");
        const Result<ApiKey> key = apikeys::find(ProviderKind::Anthropic);
        QVERIFY(key.ok());
        QCOMPARE(key->revealForHeader(), QByteArray("sk-ant-FAKE-env"));
    }

    void geminiAcceptsBothVariables()
    {
        apikeys::setKeychainReaderForTesting([](const QString &) { return std::nullopt; });
        const ScopedEnv google("GOOGLE_API_KEY", QByteArray());
        {
            const ScopedEnv gemini("GEMINI_API_KEY", "gem-FAKE-1");
            QCOMPARE(apikeys::find(ProviderKind::Gemini)->revealForHeader(), QByteArray("gem-FAKE-1"));
            const ScopedEnv googleSet("GOOGLE_API_KEY", "goog-FAKE-2"); // wins, as in google-genai
            QCOMPARE(apikeys::find(ProviderKind::Gemini)->revealForHeader(), QByteArray("goog-FAKE-2"));
        }
    }

    void keychainWhenNoVariable()
    {
        const ScopedEnv env("OPENAI_API_KEY", QByteArray());
        QString asked;
        apikeys::setKeychainReaderForTesting([&asked](const QString &account) {
            asked = account;
            return std::optional<QString>(u" sk-FAKE-stored \n"_s);
        });
        const Result<ApiKey> key = apikeys::find(ProviderKind::OpenAi);
        QVERIFY(key.ok());
        QCOMPARE(asked, u"openai-api-key"_s);
        QCOMPARE(key->revealForHeader(), QByteArray("sk-FAKE-stored"));
        QCOMPARE(apikeys::keychainService(), u"Assay"_s);
    }

    void missingKeySaysWhereToPutOne()
    {
        const ScopedEnv env("ANTHROPIC_API_KEY", QByteArray());
        apikeys::setKeychainReaderForTesting([](const QString &) { return std::nullopt; });
        const Result<ApiKey> key = apikeys::find(ProviderKind::Anthropic);
        QVERIFY(!key.ok());
        QVERIFY2(key.error().contains(u"ANTHROPIC_API_KEY"_s), qPrintable(key.error()));
        QVERIFY2(key.error().contains(u"keychain"_s), qPrintable(key.error()));
        // A local server may run without one, and never gets the OpenAI key by accident.
        const ScopedEnv openAi("OPENAI_API_KEY", "sk-FAKE-openai");
        const ScopedEnv compatible("OPENAI_COMPATIBLE_API_KEY", QByteArray());
        const Result<ApiKey> none = apikeys::find(ProviderKind::OpenAiCompatible);
        QVERIFY(none.ok());
        QVERIFY(none->isEmpty());
    }

    void keyNeverPrints()
    {
        const ApiKey key(u"sk-FAKE-secret-123"_s);
        QString printed;
        QDebug(&printed) << key;
        QVERIFY(!printed.contains(u"sk-FAKE"_s));
        QVERIFY(printed.contains(u"hidden"_s));
        QCOMPARE(key.redact(u"Incorrect API key provided: sk-FAKE-secret-123."_s),
                 u"Incorrect API key provided: [redacted key]."_s);
    }

    void baseUrls()
    {
        const ScopedEnv anthropic("ANTHROPIC_BASE_URL", QByteArray());
        QCOMPARE(*apikeys::baseUrl(ProviderKind::Anthropic, {}), QUrl(u"https://api.anthropic.com"_s));
        QCOMPARE(*apikeys::baseUrl(ProviderKind::OpenAi, u"http://proxy.internal:8080/v1"_s),
                 QUrl(u"http://proxy.internal:8080/v1"_s));
        {
            const ScopedEnv set("ANTHROPIC_BASE_URL", "https://gateway.example/anthropic");
            QCOMPARE(*apikeys::baseUrl(ProviderKind::Anthropic, {}), QUrl(u"https://gateway.example/anthropic"_s));
            const Result<QUrl> bad = apikeys::baseUrl(ProviderKind::Anthropic, u"ftp://x"_s);
            QVERIFY(!bad.ok());
            QVERIFY2(bad.error().contains(u"ftp://x"_s), qPrintable(bad.error()));
        }
        const ScopedEnv compatible("OPENAI_COMPATIBLE_BASE_URL", QByteArray());
        const Result<QUrl> missing = apikeys::baseUrl(ProviderKind::OpenAiCompatible, {});
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().contains(u"localhost:11434"_s), qPrintable(missing.error()));
        const Result<QUrl> withPassword = apikeys::baseUrl(ProviderKind::OpenAi, u"https://user:sk-FAKE@host/v1"_s);
        QVERIFY(!withPassword.ok());
    }
};

QTEST_GUILESS_MAIN(TestProviderRetry)
#include "tst_provider_retry.moc"

// The HTTP provider backend against the local fake server: each wire format as JSON and as SSE,
// the SDKs' retry schedule (seen through an injected clock, so nothing sleeps), adaptive
// concurrency, timeouts, dropped connections, unusable answers, cancellation, and that the key
// never shows up in anything a call returns.
#include "FakeProviderServer.h"

#include "providers/ApiKeys.h"
#include "providers/HttpProviderBackend.h"
#include "providers/ProviderBackend.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace assay;
using namespace assay::test;

namespace {

const QString kKey = u"sk-FAKE-9f8e7d6c5b4a-do-not-print"_s;

// Records every wait a backend asks for and runs it at once, advancing its own time.
class RecordingClock final : public ProviderClock {
public:
    qint64 nowMs() const override { return now; }
    void runAfter(qint64 delayMs, QObject *context, std::function<void()> fn) override
    {
        waits << delayMs;
        now += delayMs;
        QTimer::singleShot(0, context, std::move(fn));
    }
    QList<qint64> waits;
    qint64 now = 0;
};

ProviderKind kindOf(FakeWire wire, bool compatible = false)
{
    switch (wire) {
    case FakeWire::Anthropic:
        return ProviderKind::Anthropic;
    case FakeWire::OpenAi:
        return compatible ? ProviderKind::OpenAiCompatible : ProviderKind::OpenAi;
    case FakeWire::Gemini:
        return ProviderKind::Gemini;
    }
    return ProviderKind::Anthropic;
}

ReplayCall sampleCall(const QString &prompt = u"Summarise: the cat sat on the mat."_s)
{
    ReplayCall call;
    call.model = u"fake-model"_s;
    call.system = u"You are terse."_s;
    call.prompt = prompt;
    call.maxTokens = 64;
    call.temperature = 0.0;
    return call;
}

} // namespace

Q_DECLARE_METATYPE(assay::test::FakeWire)

class TestProviders : public QObject {
    Q_OBJECT

    FakeProviderServer *m_server = nullptr;
    std::shared_ptr<RecordingClock> m_clock;
    QList<ReplayCallResult> m_results; // every result of the test, checked for the key in cleanup()

    HttpBackendConfig config(FakeWire wire, bool stream = false, bool compatible = false)
    {
        HttpBackendConfig c;
        c.kind = kindOf(wire, compatible);
        c.baseUrl = m_server->baseUrl(wire);
        c.key = ApiKey(kKey);
        c.stream = stream;
        c.clock = m_clock;
        c.random = [] { return 0.0; };
        c.stallTimeoutMs = 5'000;
        c.requestTimeoutMs = 20'000;
        return c;
    }

    ReplayCallResult runOne(ReplayBackend &backend, const ReplayCall &call = sampleCall())
    {
        std::optional<ReplayCallResult> result;
        int calls = 0;
        backend.call(call, [&](const ReplayCallResult &r) {
            result = r;
            ++calls;
        });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 20'000)) {
            ReplayCallResult timedOut;
            timedOut.error = u"the test gave up waiting for done"_s;
            return timedOut;
        }
        QTest::qWait(5); // a second `done` would arrive now
        if (calls != 1)
            result->error = u"done was called %1 times"_s.arg(calls);
        m_results << *result;
        return *result;
    }

    ReplayCallResult runOne(const HttpBackendConfig &c, const ReplayCall &call = sampleCall())
    {
        auto backend = makeHttpProviderBackend(c);
        return runOne(*backend, call);
    }

private Q_SLOTS:
    void init()
    {
        m_server = new FakeProviderServer(this);
        QVERIFY(m_server->listen());
        m_clock = std::make_shared<RecordingClock>();
        m_results.clear();
    }

    void cleanup()
    {
        for (const ReplayCallResult &r : std::as_const(m_results)) {
            for (const QString &text : {r.error, r.output, r.requestId, r.stopReason})
                QVERIFY2(!text.contains(kKey) && !text.contains(u"9f8e7d6c5b4a"_s), qPrintable(text));
        }
        delete m_server;
        m_server = nullptr;
        apikeys::setKeychainReaderForTesting({});
    }

    void successInEveryFormat_data()
    {
        QTest::addColumn<FakeWire>("wire");
        QTest::addColumn<bool>("compatible");
        QTest::addColumn<bool>("stream");
        QTest::addColumn<int>("pieces");
        for (const auto &[name, wire, compatible] :
             {std::tuple{"anthropic", FakeWire::Anthropic, false}, std::tuple{"openai", FakeWire::OpenAi, false},
              std::tuple{"compatible", FakeWire::OpenAi, true}, std::tuple{"gemini", FakeWire::Gemini, false}}) {
            QTest::addRow("%s json", name) << wire << compatible << false << 0;
            QTest::addRow("%s sse", name) << wire << compatible << true << 0;
            QTest::addRow("%s sse split in 9 writes", name) << wire << compatible << true << 9;
        }
    }

    void successInEveryFormat()
    {
        QFETCH(FakeWire, wire);
        QFETCH(bool, compatible);
        QFETCH(bool, stream);
        QFETCH(int, pieces);
        m_server->setDefaultSplitWrites(pieces);
        const QString text = u"Le chat était assis — 猫が座った."_s;
        m_server->enqueue(FakeResponse::success(text));
        const ReplayCallResult r = runOne(config(wire, stream, compatible));
        QVERIFY2(r.status == ReplayCallStatus::Ok, qPrintable(r.error));
        QCOMPARE(r.output, text);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.httpStatus, 200);
        QCOMPARE(r.requestId, u"req_fake_1"_s);
        QVERIFY(r.error.isEmpty());
        QVERIFY(!r.stopReason.isEmpty());
        // One convention for all: uncached input, cache apart, thoughts in the output.
        const FakeUsage usage = m_server->usage();
        QCOMPARE(r.inputTokens, usage.uncachedInput);
        QCOMPARE(r.outputTokens, usage.output);
        QCOMPARE(r.cacheReadTokens, usage.cacheRead);
        QCOMPARE(r.cacheWriteTokens, wire == FakeWire::Anthropic ? usage.cacheWrite : 0);

        const QList<FakeRequest> requests = m_server->requests();
        QCOMPARE(requests.size(), 1);
        const FakeRequest &sent = requests.first();
        QCOMPARE(sent.method, QByteArray("POST"));
        switch (wire) {
        case FakeWire::Anthropic:
            QCOMPARE(sent.target, QByteArray("/v1/messages"));
            QCOMPARE(sent.header("x-api-key"), kKey.toUtf8());
            QCOMPARE(sent.header("anthropic-version"), QByteArray("2023-06-01"));
            QCOMPARE(sent.json().value(u"system"_s).toString(), u"You are terse."_s);
            break;
        case FakeWire::OpenAi:
            QCOMPARE(sent.target, QByteArray("/v1/chat/completions"));
            QCOMPARE(sent.header("authorization"), "Bearer " + kKey.toUtf8());
            QCOMPARE(sent.json().contains(u"max_tokens"_s), compatible);
            break;
        case FakeWire::Gemini:
            QCOMPARE(sent.target, stream ? QByteArray("/v1beta/models/fake-model:streamGenerateContent?alt=sse")
                                         : QByteArray("/v1beta/models/fake-model:generateContent"));
            QCOMPARE(sent.header("x-goog-api-key"), kKey.toUtf8());
            break;
        }
        QVERIFY(sent.header("content-type").startsWith("application/json"));
    }

    void retryScheduleAfter429And529()
    {
        m_server->enqueue({FakeResponse::providerError(429, u"rate_limit_error"_s, u"Slow down"_s, {{"retry-after", "2"}}),
                           FakeResponse::providerError(529, u"overloaded_error"_s, u"Overloaded"_s),
                           FakeResponse::success(u"third time lucky"_s)});
        const ReplayCallResult r = runOne(config(FakeWire::Anthropic));
        QVERIFY2(r.status == ReplayCallStatus::Ok, qPrintable(r.error));
        QCOMPARE(r.output, u"third time lucky"_s);
        QCOMPARE(r.attempts, 3);
        // retry-after: 2 s honoured; then the backoff for the second retry, 0.5 * 2^1 s.
        QCOMPARE(m_clock->waits, (QList<qint64>{2000, 1000}));
        QCOMPARE(m_server->requestCount(), 3);
    }

    void retryAfterMsWins()
    {
        m_server->enqueue({FakeResponse::providerError(429, u"rate_limit_exceeded"_s, u"Rate limit reached"_s,
                                                       {{"retry-after", "7"}, {"retry-after-ms", "150"}}),
                           FakeResponse::success()});
        const ReplayCallResult r = runOne(config(FakeWire::OpenAi));
        QVERIFY2(r.status == ReplayCallStatus::Ok, qPrintable(r.error));
        QCOMPARE(m_clock->waits, (QList<qint64>{150}));
    }

    void givesUpAfterTwoRetriesWithAClearMessage()
    {
        m_server->enqueue({FakeResponse::providerError(500, u"api_error"_s, u"Internal server error"_s),
                           FakeResponse::providerError(500, u"api_error"_s, u"Internal server error"_s),
                           FakeResponse::providerError(500, u"api_error"_s, u"Internal server error"_s),
                           FakeResponse::success(u"never reached"_s)});
        const ReplayCallResult r = runOne(config(FakeWire::Anthropic));
        QCOMPARE(r.status, ReplayCallStatus::Failed);
        QCOMPARE(r.attempts, 3);
        QCOMPARE(r.httpStatus, 500);
        QCOMPARE(m_clock->waits, (QList<qint64>{500, 1000}));
        QCOMPARE(r.requestId, u"req_fake_3"_s);
        QCOMPARE(r.error, u"Anthropic answered HTTP 500 api_error: Internal server error (request id req_fake_3) "
                          "(gave up after 3 attempts)"_s);
        QVERIFY(r.output.isEmpty());
    }

    void shouldRetryHeaderIsObeyed()
    {
        m_server->enqueue(FakeResponse::providerError(529, u"overloaded_error"_s, u"Overloaded"_s,
                                                      {{"x-should-retry", "false"}}));
        const ReplayCallResult refused = runOne(config(FakeWire::Anthropic));
        QCOMPARE(refused.status, ReplayCallStatus::Failed);
        QCOMPARE(refused.attempts, 1);
        QVERIFY(m_clock->waits.isEmpty());

        m_server->enqueue({FakeResponse::providerError(400, u"invalid_request_error"_s, u"try again"_s,
                                                       {{"x-should-retry", "true"}}),
                           FakeResponse::success(u"ok"_s)});
        const ReplayCallResult forced = runOne(config(FakeWire::Anthropic));
        QVERIFY2(forced.status == ReplayCallStatus::Ok, qPrintable(forced.error));
        QCOMPARE(forced.attempts, 2);
    }

    void spendLimitIsNeverRetried_data()
    {
        QTest::addColumn<FakeWire>("wire");
        QTest::addColumn<QString>("expected");
        QTest::newRow("anthropic") << FakeWire::Anthropic << u"Anthropic answered HTTP 429 rate_limit_error"_s;
        QTest::newRow("openai") << FakeWire::OpenAi << u"OpenAI answered HTTP 429 insufficient_quota"_s;
    }

    void spendLimitIsNeverRetried()
    {
        QFETCH(FakeWire, wire);
        QFETCH(QString, expected);
        m_server->enqueue({FakeResponse::spendLimit(), FakeResponse::success()});
        const ReplayCallResult r = runOne(config(wire));
        QCOMPARE(r.status, ReplayCallStatus::Failed);
        QVERIFY(r.spendLimit);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(m_server->requestCount(), 1);
        QVERIFY(m_clock->waits.isEmpty());
        QVERIFY2(r.error.startsWith(expected), qPrintable(r.error));
    }

    void adaptiveConcurrencyHalvesOn429AndGrowsBack()
    {
        HttpBackendConfig c = config(FakeWire::OpenAi);
        c.maxConcurrency = 8;
        auto backend = makeHttpProviderBackend(c);
        QCOMPARE(backend->capacity(), 8);
        m_server->enqueue(FakeResponse::providerError(429, u"requests"_s, u"Rate limit reached"_s,
                                                      {{"x-should-retry", "false"}}));
        QCOMPARE(runOne(*backend).status, ReplayCallStatus::Failed);
        QCOMPARE(backend->capacity(), 4);
        QCOMPARE(runOne(*backend).status, ReplayCallStatus::Ok);
        QCOMPARE(backend->capacity(), 5);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(runOne(*backend).status, ReplayCallStatus::Ok);
        QCOMPARE(backend->capacity(), 8);
    }

    void capacityCountsCallsInFlightAndQueued()
    {
        m_server->setDefaultLatencyMs(50);
        HttpBackendConfig c = config(FakeWire::Anthropic);
        c.maxConcurrency = 2;
        auto backend = makeHttpProviderBackend(c);
        int done = 0;
        for (int i = 0; i < 3; ++i)
            backend->call(sampleCall(), [&done](const ReplayCallResult &r) { done += r.status == ReplayCallStatus::Ok; });
        QCOMPARE(backend->capacity(), 0); // two running, one queued
        QVERIFY(QTest::qWaitFor([&] { return done == 3; }, 10'000));
        QCOMPARE(backend->capacity(), 2);
    }

    void moreThanSixConcurrentCallsUseMoreConnections()
    {
        // Qt allows six HTTP/1.1 connections per host and manager; 16 calls at once need three managers.
        m_server->setDefaultLatencyMs(200);
        HttpBackendConfig c = config(FakeWire::OpenAi, false, true);
        c.maxConcurrency = 16;
        auto backend = makeHttpProviderBackend(c);
        int done = 0;
        for (int i = 0; i < 16; ++i)
            backend->call(sampleCall(), [&done](const ReplayCallResult &r) { done += r.status == ReplayCallStatus::Ok; });
        QVERIFY(QTest::qWaitFor([&] { return done == 16; }, 10'000));
        QCOMPARE(m_server->connectionCount(), 16);
    }

    void requestCapSpacesCalls()
    {
        HttpBackendConfig c = config(FakeWire::Anthropic);
        c.requestsPerMinute = 60; // one a second
        auto backend = makeHttpProviderBackend(c);
        int done = 0;
        for (int i = 0; i < 3; ++i)
            backend->call(sampleCall(), [&done](const ReplayCallResult &) { ++done; });
        QVERIFY(QTest::qWaitFor([&] { return done == 3; }, 10'000));
        QCOMPARE(m_clock->waits, (QList<qint64>{1000, 1000}));
    }

    void stalledStreamTimesOutAndIsRetried()
    {
        HttpBackendConfig c = config(FakeWire::Anthropic, true);
        c.stallTimeoutMs = 300;
        m_server->enqueue({FakeResponse::stall(), FakeResponse::success(u"after the stall"_s)});
        const ReplayCallResult r = runOne(c);
        QVERIFY2(r.status == ReplayCallStatus::Ok, qPrintable(r.error));
        QCOMPARE(r.output, u"after the stall"_s);
        QCOMPARE(r.attempts, 2);

        c.maxRetries = 0;
        m_server->enqueue(FakeResponse::stall());
        const ReplayCallResult failed = runOne(c);
        QCOMPARE(failed.status, ReplayCallStatus::Failed);
        QCOMPARE(failed.error, u"Anthropic: the response stalled: no data for 0.3 s"_s);
    }

    void streamThatStaysOpenAfterItsLastEventSucceeds()
    {
        HttpBackendConfig c = config(FakeWire::OpenAi, true);
        c.stallTimeoutMs = 300;
        m_server->enqueue(FakeResponse::stallAfterAnswer());
        const ReplayCallResult r = runOne(c);
        QVERIFY2(r.status == ReplayCallStatus::Ok, qPrintable(r.error));
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.output, u"Hello from the fake server."_s);
    }

    void stalledJsonBodyTimesOut()
    {
        HttpBackendConfig c = config(FakeWire::Gemini);
        c.stallTimeoutMs = 300;
        c.maxRetries = 0;
        m_server->enqueue(FakeResponse::stall());
        const ReplayCallResult r = runOne(c);
        QCOMPARE(r.status, ReplayCallStatus::Failed);
        QVERIFY2(r.error.contains(u"stalled"_s), qPrintable(r.error));
    }

    void totalDeadline()
    {
        HttpBackendConfig c = config(FakeWire::OpenAi);
        c.requestTimeoutMs = 300;
        c.maxRetries = 0;
        m_server->enqueue(FakeResponse::success().withLatency(3'000));
        const ReplayCallResult r = runOne(c);
        QCOMPARE(r.status, ReplayCallStatus::Failed);
        QCOMPARE(r.error, u"OpenAI: no complete response within 0.3 s"_s);
    }

    void connectTimeout()
    {
        // A listener whose accept queue is full: the kernel drops further SYNs, so a connect hangs
        // exactly as it does towards a host that does not answer, without leaving this machine.
        QTcpServer full;
        full.setListenBacklogSize(0);
        QVERIFY(full.listen(QHostAddress::LocalHost, 0));
        full.pauseAccepting();
        std::vector<std::unique_ptr<QTcpSocket>> fillers;
        for (int i = 0; i < 4; ++i) {
            fillers.push_back(std::make_unique<QTcpSocket>());
            fillers.back()->connectToHost(QHostAddress::LocalHost, full.serverPort());
        }
        QTest::qWait(100);
        HttpBackendConfig c = config(FakeWire::Anthropic);
        c.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(full.serverPort()));
        c.connectTimeoutMs = 300;
        c.maxRetries = 0;
        const ReplayCallResult r = runOne(c);
        QCOMPARE(r.status, ReplayCallStatus::Failed);
        QCOMPARE(r.error, u"Anthropic: could not connect within 0.3 s"_s);
    }

    void tokenCapWaitsForTheBucket()
    {
        HttpBackendConfig c = config(FakeWire::Anthropic);
        c.tokensPerMinute = 600; // ten a second; each call is estimated at ~9 + 64 tokens
        auto backend = makeHttpProviderBackend(c);
        int done = 0;
        for (int i = 0; i < 2; ++i)
            backend->call(sampleCall(), [&done](const ReplayCallResult &r) { done += r.status == ReplayCallStatus::Ok; });
        QVERIFY(QTest::qWaitFor([&] { return done == 2; }, 10'000));
        // The first call went at once and overdrew the bucket; the second waited for it to refill.
        QCOMPARE(m_clock->waits.size(), 1);
        QVERIFY2(m_clock->waits.first() >= 6'000 && m_clock->waits.first() <= 7'500,
                 qPrintable(QString::number(m_clock->waits.first())));
    }

    void callDeadlineCoversAttemptsAndWaits()
    {
        HttpBackendConfig c = config(FakeWire::Anthropic);
        c.callDeadlineMs = 1'500;
        // The retry waits 1 s (by the injected clock), which leaves the second attempt ~0.5 s.
        m_server->enqueue({FakeResponse::providerError(429, u"rate_limit_error"_s, u"wait"_s, {{"retry-after", "1"}}),
                           FakeResponse::success().withLatency(3'000)});
        const ReplayCallResult cut = runOne(c);
        QCOMPARE(cut.status, ReplayCallStatus::Failed);
        QCOMPARE(cut.attempts, 2);
        QVERIFY2(cut.error.startsWith(u"Anthropic: no answer within the call's deadline of 1.5 s"_s), qPrintable(cut.error));

        // A wait that would end past the deadline is not made at all.
        m_clock->waits.clear();
        m_server->enqueue(FakeResponse::providerError(429, u"rate_limit_error"_s, u"wait"_s, {{"retry-after", "2"}}));
        const ReplayCallResult early = runOne(c);
        QCOMPARE(early.status, ReplayCallStatus::Failed);
        QCOMPARE(early.attempts, 1);
        QVERIFY(m_clock->waits.isEmpty());
        QVERIFY2(early.error.endsWith(u"(no retry: waiting 2 s would pass the call's deadline)"_s), qPrintable(early.error));
    }

    void droppedConnectionIsRetried_data()
    {
        QTest::addColumn<bool>("stream");
        QTest::addColumn<bool>("midStream");
        QTest::newRow("json, before the answer") << false << false;
        QTest::newRow("json, mid-body") << false << true;
        QTest::newRow("sse, before the answer") << true << false;
        QTest::newRow("sse, mid-stream") << true << true;
    }

    void droppedConnectionIsRetried()
    {
        QFETCH(bool, stream);
        QFETCH(bool, midStream);
        // A connection closed before the first response byte looks to Qt like a stale keep-alive
        // connection, and Qt resends the request once on its own before reporting the error; that
        // send is not one of our attempts. A drop after the answer began is never resent by Qt.
        if (midStream)
            m_server->enqueue(FakeResponse::dropMidStream());
        else
            m_server->enqueue({FakeResponse::drop(), FakeResponse::drop()});
        m_server->enqueue(FakeResponse::success(u"recovered"_s));
        const ReplayCallResult r = runOne(config(FakeWire::Anthropic, stream));
        QVERIFY2(r.status == ReplayCallStatus::Ok, qPrintable(r.error));
        QCOMPARE(r.output, u"recovered"_s);
        QCOMPARE(r.attempts, 2);
        QCOMPARE(m_server->requestCount(), midStream ? 2 : 3);
        QCOMPARE(m_clock->waits, (QList<qint64>{500}));
    }

    void droppedEveryTimeFails()
    {
        m_server->enqueue(QList<FakeResponse>(20, FakeResponse::drop()));
        const ReplayCallResult r = runOne(config(FakeWire::OpenAi));
        QCOMPARE(r.status, ReplayCallStatus::Failed);
        QCOMPARE(r.attempts, 3);
        // Every attempt reached the server; Qt's own resends come on top, at most one per attempt
        // (Qt keeps that allowance per connection, so fewer when attempts share one).
        QVERIFY2(m_server->requestCount() >= 3 && m_server->requestCount() <= 6,
                 qPrintable(QString::number(m_server->requestCount())));
        QCOMPARE(r.httpStatus, 0);
        QVERIFY2(r.error.startsWith(u"OpenAI: the server closed the connection"_s), qPrintable(r.error));
        QVERIFY2(r.error.endsWith(u"(gave up after 3 attempts)"_s), qPrintable(r.error));
    }

    void connectionRefused()
    {
        HttpBackendConfig c = config(FakeWire::Anthropic);
        delete m_server; // nothing listens on that port any more
        m_server = new FakeProviderServer(this);
        c.maxRetries = 1;
        auto backend = makeHttpProviderBackend(c);
        bool insideCall = true;
        std::optional<ReplayCallResult> result;
        backend->call(sampleCall(), [&](const ReplayCallResult &r) {
            QVERIFY(!insideCall); // never re-entrantly from call()
            result = r;
        });
        insideCall = false;
        QVERIFY(QTest::qWaitFor([&] { return result.has_value(); }, 10'000));
        m_results << *result;
        QCOMPARE(result->status, ReplayCallStatus::Failed);
        QCOMPARE(result->attempts, 2);
        QVERIFY2(result->error.startsWith(u"Anthropic: the connection was refused"_s), qPrintable(result->error));
    }

    void malformedJsonIsNotRetried()
    {
        m_server->enqueue(FakeResponse::raw(200, "application/json", "{\"id\": \"msg_1\", \"content\": [{"));
        const ReplayCallResult r = runOne(config(FakeWire::Anthropic));
        QCOMPARE(r.status, ReplayCallStatus::Failed);
        QCOMPARE(r.attempts, 1);
        QVERIFY2(r.error.startsWith(u"Anthropic: the response is not JSON"_s), qPrintable(r.error));
        QVERIFY2(r.error.contains(u"(request id req_fake_1)"_s), qPrintable(r.error));
    }

    void wrongContentType()
    {
        m_server->enqueue(FakeResponse::raw(200, "text/html", "<html><body>Captive portal</body></html>"));
        const ReplayCallResult json = runOne(config(FakeWire::OpenAi));
        QCOMPARE(json.status, ReplayCallStatus::Failed);
        QCOMPARE(json.error, u"OpenAI: expected JSON but the server sent text/html: "
                             "<html><body>Captive portal</body></html> (request id req_fake_1)"_s);

        m_server->enqueue(FakeResponse::raw(200, "application/json", "{\"candidates\": []}"));
        const ReplayCallResult sse = runOne(config(FakeWire::Gemini, true));
        QCOMPARE(sse.status, ReplayCallStatus::Failed);
        QVERIFY2(sse.error.startsWith(u"Gemini: expected an event stream but the server sent application/json"_s),
                 qPrintable(sse.error));
    }

    void midStreamErrorEvent()
    {
        m_server->enqueue(FakeResponse::midStreamError());
        const ReplayCallResult r = runOne(config(FakeWire::Anthropic, true));
        QCOMPARE(r.status, ReplayCallStatus::Failed);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.error, u"Anthropic: the stream failed: overloaded_error: Overloaded (request id req_fake_1)"_s);
    }

    void keyInAnErrorMessageIsRedacted()
    {
        m_server->enqueue(FakeResponse::providerError(401, u"invalid_api_key"_s,
                                                      u"Incorrect API key provided: %1. Find yours at ..."_s.arg(kKey)));
        const ReplayCallResult r = runOne(config(FakeWire::OpenAi));
        QCOMPARE(r.status, ReplayCallStatus::Failed);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.error, u"OpenAI answered HTTP 401 invalid_api_key: Incorrect API key provided: [redacted key]. "
                          "Find yours at ... (request id req_fake_1)"_s);
    }

    void cancelAllCompletesEverythingOnce()
    {
        m_server->setDefaultLatencyMs(5'000);
        HttpBackendConfig c = config(FakeWire::Anthropic);
        c.maxConcurrency = 2;
        auto backend = makeHttpProviderBackend(c);
        QList<ReplayCallStatus> statuses;
        bool insideCancel = false;
        for (int i = 0; i < 4; ++i) {
            backend->call(sampleCall(), [&](const ReplayCallResult &r) {
                QVERIFY(!insideCancel);
                statuses << r.status;
                m_results << r;
            });
        }
        QVERIFY(QTest::qWaitFor([&] { return m_server->requestCount() == 2; }, 5'000));
        insideCancel = true;
        backend->cancelAll();
        insideCancel = false;
        QVERIFY(QTest::qWaitFor([&] { return statuses.size() == 4; }, 2'000));
        QTest::qWait(20);
        QCOMPARE(statuses, QList<ReplayCallStatus>(4, ReplayCallStatus::Cancelled));
        QCOMPARE(backend->capacity(), 2);
        QCOMPARE(m_server->requestCount(), 2); // the queued two never went out
    }

    void cancelDuringARetryWait()
    {
        // A system clock, so the retry wait is real and cancelAll() lands inside it.
        HttpBackendConfig c = config(FakeWire::Anthropic);
        c.clock = nullptr;
        auto backend = makeHttpProviderBackend(c);
        m_server->enqueue(FakeResponse::providerError(429, u"rate_limit_error"_s, u"wait"_s, {{"retry-after", "30"}}));
        std::optional<ReplayCallResult> result;
        backend->call(sampleCall(), [&](const ReplayCallResult &r) { result = r; });
        QVERIFY(QTest::qWaitFor([&] { return m_server->requestCount() == 1; }, 5'000));
        QTest::qWait(50);
        backend->cancelAll();
        QVERIFY(QTest::qWaitFor([&] { return result.has_value(); }, 2'000));
        m_results << *result;
        QCOMPARE(result->status, ReplayCallStatus::Cancelled);
        QCOMPARE(result->attempts, 1);
    }

    void destroyingTheBackendCallsNothing()
    {
        m_server->setDefaultLatencyMs(2'000);
        auto backend = makeHttpProviderBackend(config(FakeWire::OpenAi));
        bool called = false;
        backend->call(sampleCall(), [&called](const ReplayCallResult &) { called = true; });
        QVERIFY(QTest::qWaitFor([&] { return m_server->requestCount() == 1; }, 5'000));
        backend.reset();
        QTest::qWait(50);
        QVERIFY(!called);
    }

    void factoryResolvesKeysAndUrls()
    {
        apikeys::setKeychainReaderForTesting([](const QString &) { return std::nullopt; });
        qputenv("ANTHROPIC_API_KEY", kKey.toUtf8());
        ProviderBackendOptions options;
        options.provider = u"anthropic"_s;
        options.baseUrl = m_server->baseUrl(FakeWire::Anthropic).toString();
        options.stream = true;
        auto backend = makeProviderBackend(options);
        qunsetenv("ANTHROPIC_API_KEY");
        QVERIFY2(backend.ok(), qPrintable(backend.error()));
        const ReplayCallResult r = runOne(**backend);
        QVERIFY2(r.status == ReplayCallStatus::Ok, qPrintable(r.error));
        QCOMPARE(m_server->requests().first().header("x-api-key"), kKey.toUtf8());

        options.provider = u"bedrock"_s;
        auto unknown = makeProviderBackend(options);
        QVERIFY(!unknown.ok());
        QVERIFY2(unknown.error().contains(u"anthropic, openai, gemini or openai-compatible"_s), qPrintable(unknown.error()));

        options.provider = u"anthropic"_s;
        auto noKey = makeProviderBackend(options);
        QVERIFY(!noKey.ok());
        QVERIFY2(noKey.error().contains(u"ANTHROPIC_API_KEY"_s), qPrintable(noKey.error()));

        // A local server without a key: no Authorization header at all.
        qunsetenv("OPENAI_COMPATIBLE_API_KEY");
        options.provider = u"openai-compatible"_s;
        options.baseUrl = m_server->baseUrl(FakeWire::OpenAi).toString();
        options.stream = false;
        auto local = makeProviderBackend(options);
        QVERIFY2(local.ok(), qPrintable(local.error()));
        QCOMPARE(runOne(**local).status, ReplayCallStatus::Ok);
        QVERIFY(m_server->requests().last().header("authorization").isEmpty());

        options.baseUrl.clear();
        auto noUrl = makeProviderBackend(options);
        QVERIFY(!noUrl.ok());
        options.baseUrl = m_server->baseUrl(FakeWire::OpenAi).toString();
        options.maxConcurrency = 0;
        QVERIFY(!makeProviderBackend(options).ok());
    }
};

QTEST_GUILESS_MAIN(TestProviders)
#include "tst_providers.moc"

#include "providers/HttpProviderBackend.h"

#include "providers/AdaptiveConcurrency.h"
#include "providers/ProviderErrorText.h"
#include "providers/RateLimiter.h"
#include "providers/RetryPolicy.h"
#include "providers/SseParser.h"
#include "providers/WireFormat.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <deque>
#include <limits>
#include <unordered_set>
#include <vector>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Qt opens at most six HTTP/1.1 connections per host and manager (HTTP/2 multiplexes instead).
// Local OpenAI-compatible servers speak HTTP/1.1, so concurrency above six needs more managers.
constexpr int kConnectionsPerManager = 6;
// A response body larger than this is not a chat completion; stop reading rather than fill memory.
constexpr qsizetype kMaxBodyBytes = 64 * 1024 * 1024;

enum class BodyMode { Undecided, Stream, Buffer };

// One call from call() to done: its request (built once, resent on retry) and its current attempt.
struct PendingCall {
    ReplayCall call;
    std::function<void(const ReplayCallResult &)> done;
    WireRequest request;
    double tokenEstimate = 0;
    ReplayCallResult result;
    int retries = 0;
    qint64 waitedMs = 0; // between attempts, by the backend's clock
    bool cancelled = false;
    bool finished = false;

    // The attempt in flight (reset by startAttempt).
    QPointer<QNetworkReply> reply;
    int managerIndex = -1;
    int epoch = 0;
    BodyMode mode = BodyMode::Undecided;
    QByteArray body;
    SseParser sse;
    std::unique_ptr<StreamDecoder> decoder;
    StreamDecoder::Step streamStep = StreamDecoder::Step::More;
    bool sawEvent = false;
    QElapsedTimer attemptClock;
    // Deadlines in attemptClock ms; -1 when not armed.
    qint64 connectDeadline = -1;
    qint64 stallArmedAt = -1;
    qint64 lastActivity = 0;
    // Why we aborted the attempt ourselves: a timeout (retried, like a connection error) or a
    // body too large to be an answer (not retried).
    QString abortReason;
    bool abortRetryable = false;
    QTimer *watchdog = nullptr;
};

using CallPtr = std::shared_ptr<PendingCall>;

class HttpProviderBackend final : public ReplayBackend {
public:
    explicit HttpProviderBackend(HttpBackendConfig config);
    ~HttpProviderBackend() override;

    void call(const ReplayCall &call, std::function<void(const ReplayCallResult &)> done) override;
    int capacity() const override;
    void cancelAll() override;

private:
    void pump();
    void startAttempt(const CallPtr &pending);
    void armWatchdog(const CallPtr &pending);
    void onWatchdog(const CallPtr &pending);
    void onReadyRead(const CallPtr &pending);
    void onFinished(const CallPtr &pending);
    void decideMode(const CallPtr &pending);
    void endAttempt(const CallPtr &pending);
    void retryOrFail(const CallPtr &pending, const AttemptVerdict &verdict, const QString &error);
    void succeed(const CallPtr &pending, const ProviderReply &reply);
    void complete(const CallPtr &pending, ReplayCallStatus status, const QString &error = {});
    int pickManager() const;
    // Time the call has used: its attempts (real time) and its waits (the backend's clock).
    static qint64 callElapsedMs(const PendingCall &pending) { return pending.result.latencyMs + pending.waitedMs; }
    // How long the current attempt may run, in its own clock's ms.
    qint64 attemptLimitMs(const PendingCall &pending) const
    {
        if (m_config.callDeadlineMs <= 0)
            return m_config.requestTimeoutMs;
        return std::min<qint64>(m_config.requestTimeoutMs, m_config.callDeadlineMs - callElapsedMs(pending));
    }

    HttpBackendConfig m_config;
    std::unique_ptr<WireFormat> m_format;
    RetryPolicy m_retry;
    AdaptiveConcurrency m_concurrency;
    RateLimiter m_requestCap;
    RateLimiter m_tokenCap;
    std::shared_ptr<ProviderClock> m_clock;
    // Anchors timers, reply connections and queued callbacks: all die with the backend.
    std::unique_ptr<QObject> m_context;
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_managers;
    std::vector<int> m_managerLoad;
    std::deque<CallPtr> m_waiting;          // accepted, not started (over the limit or rate-capped)
    std::unordered_set<PendingCall *> m_running; // started, not finished (attempt or retry wait)
    std::vector<CallPtr> m_runningOwners;  // keeps m_running alive; small, scanned on removal
    bool m_wakeScheduled = false;
};

HttpProviderBackend::HttpProviderBackend(HttpBackendConfig config)
    : m_config(std::move(config)),
      m_format(makeWireFormat(m_config.kind, m_config.baseUrl, m_config.key)),
      m_retry(m_config.maxRetries, m_format->retryAfterRule(), m_config.random),
      m_concurrency(m_config.maxConcurrency), m_requestCap(m_config.requestsPerMinute),
      m_tokenCap(m_config.tokensPerMinute), m_clock(m_config.clock ? m_config.clock : makeSystemProviderClock()),
      m_context(std::make_unique<QObject>())
{
    const int managers = (m_concurrency.maximum() + kConnectionsPerManager - 1) / kConnectionsPerManager;
    for (int i = 0; i < managers; ++i) {
        auto manager = std::make_unique<QNetworkAccessManager>();
        manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy); // never resend a POST elsewhere
        m_managers.push_back(std::move(manager));
        m_managerLoad.push_back(0);
    }
}

HttpProviderBackend::~HttpProviderBackend()
{
    // No callbacks from here on: the engine that would receive them is going away.
    for (const CallPtr &pending : m_runningOwners) {
        pending->finished = true;
        if (pending->reply) {
            QObject::disconnect(pending->reply, nullptr, m_context.get(), nullptr);
            pending->reply->abort();
            pending->reply->deleteLater();
        }
    }
    m_context.reset();
}

void HttpProviderBackend::call(const ReplayCall &call, std::function<void(const ReplayCallResult &)> done)
{
    auto pending = std::make_shared<PendingCall>();
    pending->call = call;
    pending->done = std::move(done);
    pending->request = m_format->buildRequest(call, m_config.stream);
    pending->tokenEstimate =
        static_cast<double>(call.system.size() + call.prompt.size()) / 4.0 + std::max(0, call.maxTokens);
    m_waiting.push_back(std::move(pending));
    pump(); // starts network requests only; nothing completes synchronously
}

int HttpProviderBackend::capacity() const
{
    const auto busy = static_cast<int>(m_running.size() + m_waiting.size());
    return std::max(0, m_concurrency.limit() - busy);
}

void HttpProviderBackend::cancelAll()
{
    std::deque<CallPtr> waiting;
    waiting.swap(m_waiting);
    for (const CallPtr &pending : waiting)
        complete(pending, ReplayCallStatus::Cancelled);
    const std::vector<CallPtr> running = m_runningOwners; // complete() edits the list
    for (const CallPtr &pending : running) {
        pending->cancelled = true;
        if (pending->reply)
            pending->reply->abort(); // emits finished, which completes the call as Cancelled
        else
            complete(pending, ReplayCallStatus::Cancelled); // waiting for a retry
    }
}

void HttpProviderBackend::pump()
{
    while (!m_waiting.empty() && static_cast<int>(m_running.size()) < m_concurrency.limit()) {
        const qint64 now = m_clock->nowMs();
        const qint64 wait = std::max(m_requestCap.waitMs(now), m_tokenCap.waitMs(now));
        if (wait > 0) {
            if (!m_wakeScheduled) {
                m_wakeScheduled = true;
                m_clock->runAfter(wait, m_context.get(), [this] {
                    m_wakeScheduled = false;
                    pump();
                });
            }
            return;
        }
        CallPtr pending = std::move(m_waiting.front());
        m_waiting.pop_front();
        m_tokenCap.take(pending->tokenEstimate, now);
        m_running.insert(pending.get());
        m_runningOwners.push_back(pending);
        startAttempt(pending);
    }
}

int HttpProviderBackend::pickManager() const
{
    const auto least = std::min_element(m_managerLoad.cbegin(), m_managerLoad.cend());
    return static_cast<int>(least - m_managerLoad.cbegin());
}

void HttpProviderBackend::startAttempt(const CallPtr &pending)
{
    // Retries count against the request cap too, without waiting for it: they are already late.
    m_requestCap.take(1, m_clock->nowMs());
    ++pending->result.attempts;
    pending->mode = BodyMode::Undecided;
    pending->body.clear();
    pending->sse = SseParser();
    pending->decoder.reset();
    pending->streamStep = StreamDecoder::Step::More;
    pending->sawEvent = false;
    pending->abortReason.clear();
    pending->abortRetryable = false;
    pending->connectDeadline = -1;
    pending->stallArmedAt = -1;
    pending->epoch = m_concurrency.epoch();

    QNetworkRequest request(pending->request.url);
    for (const auto &[name, value] : pending->request.headers)
        request.setRawHeader(name, value);
    if (m_config.stream)
        request.setRawHeader("accept", "text/event-stream");
    pending->managerIndex = pickManager();
    ++m_managerLoad[pending->managerIndex];
    pending->attemptClock.start();
    pending->lastActivity = 0;
    QNetworkReply *reply = m_managers[pending->managerIndex]->post(request, pending->request.body);
    pending->reply = reply;

    QObject *context = m_context.get();
    QObject::connect(reply, &QNetworkReply::socketStartedConnecting, context, [this, pending] {
        pending->connectDeadline = pending->attemptClock.elapsed() + m_config.connectTimeoutMs;
        armWatchdog(pending);
    });
    QObject::connect(reply, &QNetworkReply::requestSent, context, [this, pending] {
        pending->connectDeadline = -1;
        if (m_config.stream) {
            pending->stallArmedAt = pending->lastActivity = pending->attemptClock.elapsed();
            armWatchdog(pending);
        }
    });
    QObject::connect(reply, &QNetworkReply::metaDataChanged, context, [this, pending] {
        pending->connectDeadline = -1;
        pending->lastActivity = pending->attemptClock.elapsed();
        if (pending->stallArmedAt < 0) {
            pending->stallArmedAt = pending->lastActivity;
            armWatchdog(pending);
        }
    });
    QObject::connect(reply, &QNetworkReply::readyRead, context, [this, pending] { onReadyRead(pending); });
    QObject::connect(reply, &QNetworkReply::finished, context, [this, pending] { onFinished(pending); });
    armWatchdog(pending);
}

// One single-shot timer per attempt, set for the nearest of its deadlines. Activity only moves a
// number; the timer re-arms itself when it finds the stall deadline has moved on.
void HttpProviderBackend::armWatchdog(const CallPtr &pending)
{
    const qint64 now = pending->attemptClock.elapsed();
    qint64 next = attemptLimitMs(*pending);
    if (pending->connectDeadline >= 0)
        next = std::min(next, pending->connectDeadline);
    if (pending->stallArmedAt >= 0)
        next = std::min(next, pending->lastActivity + m_config.stallTimeoutMs);
    if (!pending->watchdog) {
        pending->watchdog = new QTimer(m_context.get());
        pending->watchdog->setSingleShot(true);
        QObject::connect(pending->watchdog, &QTimer::timeout, m_context.get(), [this, pending] { onWatchdog(pending); });
    }
    pending->watchdog->start(static_cast<int>(std::clamp<qint64>(next - now, 0, std::numeric_limits<int>::max())));
}

void HttpProviderBackend::onWatchdog(const CallPtr &pending)
{
    if (!pending->reply)
        return;
    const qint64 now = pending->attemptClock.elapsed();
    auto seconds = [](int ms) { return QString::number(ms / 1000.0, 'g', 3); };
    if (now >= attemptLimitMs(*pending)) {
        const bool callLimit = attemptLimitMs(*pending) < m_config.requestTimeoutMs;
        pending->abortReason = callLimit
            ? u"no answer within the call's deadline of %1 s"_s.arg(seconds(static_cast<int>(m_config.callDeadlineMs)))
            : u"no complete response within %1 s"_s.arg(seconds(m_config.requestTimeoutMs));
    }
    else if (pending->connectDeadline >= 0 && now >= pending->connectDeadline)
        pending->abortReason = u"could not connect within %1 s"_s.arg(seconds(m_config.connectTimeoutMs));
    else if (pending->stallArmedAt >= 0 && now >= pending->lastActivity + m_config.stallTimeoutMs)
        pending->abortReason = u"the response stalled: no data for %1 s"_s.arg(seconds(m_config.stallTimeoutMs));
    if (pending->abortReason.isEmpty()) {
        armWatchdog(pending);
        return;
    }
    pending->abortRetryable = true;
    pending->reply->abort();
}

void HttpProviderBackend::decideMode(const CallPtr &pending)
{
    const int status = pending->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray type = pending->reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().toLower();
    const bool stream = m_config.stream && status >= 200 && status < 300 && type.startsWith("text/event-stream");
    pending->mode = stream ? BodyMode::Stream : BodyMode::Buffer;
    if (stream)
        pending->decoder = m_format->newStreamDecoder();
}

void HttpProviderBackend::onReadyRead(const CallPtr &pending)
{
    QNetworkReply *reply = pending->reply;
    if (!reply)
        return;
    pending->lastActivity = pending->attemptClock.elapsed();
    if (pending->mode == BodyMode::Undecided)
        decideMode(pending);
    const QByteArray bytes = reply->readAll();
    if (pending->mode == BodyMode::Buffer) {
        pending->body.append(bytes);
        if (pending->body.size() > kMaxBodyBytes) {
            pending->abortReason = u"the response is larger than %1 MB"_s.arg(kMaxBodyBytes / (1024 * 1024));
            reply->abort();
        }
        return;
    }
    if (pending->streamStep != StreamDecoder::Step::More)
        return; // bytes after the terminal event are not ours to interpret
    QList<SseEvent> events;
    pending->sse.feed(bytes, events);
    for (const SseEvent &event : events) {
        pending->sawEvent = true;
        pending->streamStep = pending->decoder->onEvent(event);
        if (pending->streamStep != StreamDecoder::Step::More)
            break;
    }
}

void HttpProviderBackend::endAttempt(const CallPtr &pending)
{
    pending->result.latencyMs += pending->attemptClock.elapsed();
    if (pending->watchdog)
        pending->watchdog->stop();
    if (pending->managerIndex >= 0)
        --m_managerLoad[pending->managerIndex];
    pending->managerIndex = -1;
    if (pending->reply)
        pending->reply->deleteLater();
    pending->reply = nullptr;
}

void HttpProviderBackend::onFinished(const CallPtr &pending)
{
    QNetworkReply *reply = pending->reply;
    if (!reply || pending->finished)
        return;
    if (pending->mode == BodyMode::Undecided)
        decideMode(pending);
    if (reply->bytesAvailable() > 0)
        onReadyRead(pending);

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError networkError = reply->error();
    const QString qtMessage = reply->errorString();
    const QString headerId = QString::fromLatin1(reply->rawHeader(m_format->requestIdHeader()));
    const QByteArray contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().toLower();
    AttemptVerdict verdict;
    verdict.httpStatus = status;
    verdict.retryAfterMs = reply->rawHeader("retry-after-ms");
    verdict.retryAfter = reply->rawHeader("retry-after");
    verdict.shouldRetry = reply->rawHeader("x-should-retry");
    endAttempt(pending);
    pending->result.httpStatus = status;
    if (!headerId.isEmpty())
        pending->result.requestId = headerId;

    if (pending->cancelled) {
        complete(pending, ReplayCallStatus::Cancelled);
        return;
    }
    const ProviderKind kind = m_config.kind;
    // A stream whose terminal event arrived is decided, whatever the connection did afterwards
    // (a server that keeps it open past [DONE] trips the stall timer, which must not undo it).
    if (pending->mode == BodyMode::Stream && pending->streamStep == StreamDecoder::Step::Finished) {
        succeed(pending, pending->decoder->reply());
        return;
    }
    if (pending->mode == BodyMode::Stream && pending->streamStep == StreamDecoder::Step::Failed) {
        // A mid-stream error: the SDKs surface it rather than retry (the answer had begun).
        const ProviderError &error = pending->decoder->error();
        const QString what = error.type.isEmpty() ? error.message : error.type + u": "_s + error.message;
        complete(pending, ReplayCallStatus::Failed,
                 errortext::protocolError(kind, u"the stream failed: "_s + what, pending->result.requestId));
        return;
    }
    if (!pending->abortReason.isEmpty()) {
        const QString error = u"%1: %2"_s.arg(providerDisplayName(kind), pending->abortReason);
        if (!pending->abortRetryable) {
            complete(pending, ReplayCallStatus::Failed, error);
            return;
        }
        verdict.transportError = true;
        retryOrFail(pending, verdict, error);
        return;
    }
    if (status == 0) {
        verdict.transportError = true;
        retryOrFail(pending, verdict, errortext::transportError(kind, networkError, qtMessage));
        return;
    }
    if (status < 200 || status >= 300) {
        const ProviderError error = m_format->parseError(status, pending->body);
        if (pending->result.requestId.isEmpty())
            pending->result.requestId = error.requestId;
        verdict.spendLimit = error.spendLimit;
        pending->result.spendLimit = error.spendLimit;
        if (status == 429)
            m_concurrency.onRateLimited(pending->epoch);
        retryOrFail(pending, verdict, errortext::httpError(kind, status, error, pending->result.requestId));
        return;
    }

    // A 2xx whose body was cut off by a dropped connection is a connection error, retried.
    const bool cut = networkError != QNetworkReply::NoError;
    if (m_config.stream && pending->mode == BodyMode::Stream) {
        if (!cut && pending->decoder->endsWithConnection() && pending->sawEvent && !pending->sse.hasPartialEvent()) {
            succeed(pending, pending->decoder->reply());
            return;
        }
        verdict.transportError = true;
        retryOrFail(pending, verdict,
                    errortext::protocolError(kind,
                                             cut ? u"the connection was closed in the middle of the stream"_s
                                                 : u"the stream ended before its last event"_s,
                                             pending->result.requestId));
        return;
    }
    if (cut) {
        verdict.transportError = true;
        retryOrFail(pending, verdict, errortext::transportError(kind, networkError, qtMessage));
        return;
    }
    // A captive portal, a proxy's error page, a server that ignores "stream": not an answer, and
    // asking again would get the same page.
    if (m_config.stream || !contentType.contains("json")) {
        const QString sent = contentType.isEmpty() ? u"no content type"_s : QString::fromLatin1(contentType);
        const QString what = u"expected %1 but the server sent %2: %3"_s.arg(
            m_config.stream ? u"an event stream"_s : u"JSON"_s, sent, wire::bodyExcerpt(pending->body));
        complete(pending, ReplayCallStatus::Failed, errortext::protocolError(kind, what, pending->result.requestId));
        return;
    }
    Result<ProviderReply> parsed = m_format->parseReply(pending->body);
    if (!parsed) {
        complete(pending, ReplayCallStatus::Failed, errortext::protocolError(kind, parsed.error(), pending->result.requestId));
        return;
    }
    succeed(pending, *parsed);
}

void HttpProviderBackend::retryOrFail(const CallPtr &pending, const AttemptVerdict &verdict, const QString &error)
{
    const std::optional<qint64> delay = m_retry.nextDelayMs(verdict, pending->retries);
    if (!delay) {
        complete(pending, ReplayCallStatus::Failed, error + errortext::attemptsSuffix(pending->result.attempts));
        return;
    }
    if (m_config.callDeadlineMs > 0 && callElapsedMs(*pending) + *delay >= m_config.callDeadlineMs) {
        complete(pending, ReplayCallStatus::Failed,
                 error + u" (no retry: waiting %1 s would pass the call's deadline)"_s.arg(static_cast<double>(*delay) / 1000.0));
        return;
    }
    ++pending->retries;
    pending->waitedMs += *delay;
    m_clock->runAfter(*delay, m_context.get(), [this, pending] {
        if (!pending->finished)
            startAttempt(pending);
    });
}

void HttpProviderBackend::succeed(const CallPtr &pending, const ProviderReply &reply)
{
    ReplayCallResult &result = pending->result;
    result.output = reply.text;
    result.inputTokens = reply.usage.input;
    result.outputTokens = reply.usage.output;
    result.cacheReadTokens = reply.usage.cacheRead;
    result.cacheWriteTokens = reply.usage.cacheWrite;
    result.stopReason = reply.stopReason;
    if (result.requestId.isEmpty())
        result.requestId = reply.responseId;
    m_concurrency.onSuccess();
    const double used = static_cast<double>(reply.usage.input + reply.usage.output + reply.usage.cacheRead
                                            + reply.usage.cacheWrite);
    m_tokenCap.adjust(pending->tokenEstimate - used, m_clock->nowMs());
    complete(pending, ReplayCallStatus::Ok);
}

void HttpProviderBackend::complete(const CallPtr &pending, ReplayCallStatus status, const QString &error)
{
    if (pending->finished)
        return;
    pending->finished = true;
    if (pending->reply) {
        endAttempt(pending);
    }
    if (pending->watchdog) {
        pending->watchdog->deleteLater();
        pending->watchdog = nullptr;
    }
    pending->result.status = status;
    if (status == ReplayCallStatus::Cancelled)
        pending->result.error = u"cancelled"_s;
    else
        pending->result.error = m_config.key.redact(error);
    pending->result.output = m_config.key.redact(pending->result.output);
    if (m_running.erase(pending.get()) > 0) {
        auto it = std::find(m_runningOwners.begin(), m_runningOwners.end(), pending);
        if (it != m_runningOwners.end()) {
            *it = std::move(m_runningOwners.back());
            m_runningOwners.pop_back();
        }
    }
    // Queued: `done` never runs inside call() or cancelAll(), and the engine may call() from it.
    QMetaObject::invokeMethod(
        m_context.get(),
        [pending] {
            auto done = std::move(pending->done);
            if (done)
                done(pending->result);
        },
        Qt::QueuedConnection);
    pump();
}

} // namespace

std::unique_ptr<ReplayBackend> makeHttpProviderBackend(HttpBackendConfig config)
{
    return std::make_unique<HttpProviderBackend>(std::move(config));
}

} // namespace assay

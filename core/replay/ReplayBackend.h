#pragma once

#include <QString>

#include <functional>
#include <optional>

namespace assay {

// What the replay engine asks a model to do for one case of one target. The backend already
// knows its provider, base URL and key; a call carries only what varies per case.
struct ReplayCall {
    QString model;
    QString system; // optional system prompt (empty: none)
    QString prompt; // the rendered prompt, sent as one user message
    int maxTokens = 1024;
    std::optional<double> temperature;
};

enum class ReplayCallStatus { Ok, Failed, Cancelled };

// The outcome of one call after the backend's own retries.
struct ReplayCallResult {
    ReplayCallStatus status = ReplayCallStatus::Failed;
    QString output;
    qint64 inputTokens = 0; // as the provider reports them (cache tokens apart)
    qint64 outputTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;
    qint64 latencyMs = 0; // first byte sent to last byte received, all attempts
    int attempts = 0;
    int httpStatus = 0;   // of the last attempt; 0 when no response arrived
    QString requestId;    // the provider's request id, when it sent one
    QString stopReason;
    // Secret-free: HTTP status, provider error type and message, request id. Never the key.
    QString error;
    // The provider refused for billing or quota reasons: every further call would fail too.
    bool spendLimit = false;
};

// The engine's view of one provider: asynchronous, used only from the thread that created it
// (which runs an event loop). The backend does its own retries, rate limiting and adaptive
// concurrency. `done` is called exactly once per call, on that thread, never from inside call();
// after cancelAll() pending calls complete with ReplayCallStatus::Cancelled.
class ReplayBackend {
public:
    virtual ~ReplayBackend() = default;
    virtual void call(const ReplayCall &call, std::function<void(const ReplayCallResult &)> done) = 0;
    // How many more calls the backend would start right now rather than queue (its adaptive
    // concurrency limit minus the calls in flight). The engine hands over calls while this is
    // above zero, so at most a concurrency's worth of cases is ever in memory.
    virtual int capacity() const = 0;
    virtual void cancelAll() = 0;
};

} // namespace assay

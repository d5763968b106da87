#pragma once

#include "providers/ApiKey.h"
#include "providers/ProviderKind.h"
#include "providers/SseParser.h"
#include "replay/ReplayBackend.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <memory>
#include <utility>

namespace assay {

// Token counts in one convention for every provider, the one pricing/costOf() expects: `input`
// is uncached input only, cache reads and writes are apart, `output` includes reasoning tokens
// (billed at the output rate).
struct ProviderUsage {
    qint64 input = 0;
    qint64 output = 0;
    qint64 cacheRead = 0;
    qint64 cacheWrite = 0;
};

// A successful answer, whichever way it arrived (one JSON body or a stream of events).
struct ProviderReply {
    QString text;
    ProviderUsage usage;
    QString stopReason;
    QString responseId; // the body's id (msg_..., chatcmpl-..., responseId)
};

// What a provider said when it refused: its error type and message as it sent them.
struct ProviderError {
    QString type;    // "rate_limit_error", "insufficient_quota", "RESOURCE_EXHAUSTED"; empty if none
    QString message; // the provider's own sentence, or the start of a body that was not its JSON
    QString requestId; // from the body (Anthropic sends request_id there too)
    bool spendLimit = false; // billing or quota: every further call would fail the same way
};

struct WireRequest {
    QUrl url;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

// Turns a stream's events into a reply. One decoder per attempt.
class StreamDecoder {
public:
    enum class Step { More, Finished, Failed };
    virtual ~StreamDecoder() = default;
    // Unknown events are ignored (the APIs add new ones). On Failed, error() says why.
    virtual Step onEvent(const SseEvent &event) = 0;
    // Whether a stream that simply ends (no terminal event) is complete: true for Gemini only.
    virtual bool endsWithConnection() const { return false; }
    const ProviderReply &reply() const { return m_reply; }
    const ProviderError &error() const { return m_error; }

protected:
    ProviderReply m_reply;
    ProviderError m_error;
};

// How long a server may ask us to wait before a retry (the SDKs differ).
struct RetryAfterRule {
    double maxSeconds = 60;       // a longer wait is not honoured...
    bool giveUpAboveMax = false;  // ...and either the backoff applies instead or (OpenAI) no retry at all
};

// One provider's wire format: request JSON and headers, response and error parsing. Pure
// functions of bytes, so each is tested without a network.
class WireFormat {
public:
    virtual ~WireFormat() = default;
    virtual WireRequest buildRequest(const ReplayCall &call, bool stream) const = 0;
    virtual Result<ProviderReply> parseReply(const QByteArray &body) const = 0;
    virtual std::unique_ptr<StreamDecoder> newStreamDecoder() const = 0;
    // The error of a non-2xx response. A body that is not the provider's JSON still gives a message.
    virtual ProviderError parseError(int httpStatus, const QByteArray &body) const = 0;
    // The response header that carries the provider's request id.
    virtual QByteArray requestIdHeader() const = 0;
    virtual RetryAfterRule retryAfterRule() const { return {}; }
};

// `baseUrl` is the provider's root as its SDK's *_BASE_URL variable means it (Anthropic and Gemini
// without the version path, OpenAI with /v1). `key` may be empty for openai-compatible servers.
std::unique_ptr<WireFormat> makeWireFormat(ProviderKind kind, const QUrl &baseUrl, const ApiKey &key);

// Helpers shared by the formats.
namespace wire {
// The start of a body that was not JSON, on one line, for an error message.
QString bodyExcerpt(const QByteArray &body);
// `base` with `path` appended, one slash between them.
QUrl appendPath(const QUrl &base, const QString &path);
} // namespace wire

} // namespace assay

#pragma once
// A local stand-in for the Anthropic, OpenAI (and compatible) and Gemini APIs: an HTTP/1.1 server
// on 127.0.0.1 with keep-alive that answers each request in the wire format its path names, as
// one JSON body or an SSE stream (chunked, with pings and comments), and plays scripted faults
// in the order requests arrive. No test touches the internet.

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTcpSocket>
#include <QUrl>

#include <deque>
#include <functional>
#include <optional>
#include <memory>
#include <utility>

class QTcpServer;

namespace assay::test {

enum class FakeWire { Anthropic, OpenAi, Gemini };

struct FakeRequest {
    QByteArray method;
    QByteArray target; // path and query
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    QJsonObject json() const;
};

// One scripted answer. The factory functions name the faults a backend must survive.
struct FakeResponse {
    enum class Kind {
        Success,        // the wire format's answer (JSON or SSE, as the request asked)
        ProviderError,  // `status` with the provider's error JSON built from errorType/message
        SpendLimit,     // 429 of an exhausted budget: Anthropic enforced_spend_limit_reached, OpenAI insufficient_quota
        Raw,            // `status`, `contentType` and `body` exactly as given
        Drop,           // read the request, then close the connection without a word
        DropMidStream,  // 200 and the first part of the answer, then close
        Stall,          // 200 and the first part of the answer, then silence (the connection stays open)
        MidStreamError, // a stream whose second event is the provider's error event
        StallAfterAnswer, // the whole stream, then silence instead of the end of the body
    };
    Kind kind = Kind::Success;
    int status = 200;
    QString errorType;
    QString message;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers; // extra response headers (retry-after, x-should-retry)
    QString text;         // Success: the answer (empty: the server's default text)
    int latencyMs = -1;   // before the first byte; -1: the server's default latency
    int splitWrites = 0;  // SSE: write the stream in this many pieces, ~2 ms apart (cuts events in half)

    static FakeResponse success(const QString &text = {});
    static FakeResponse providerError(int status, const QString &errorType, const QString &message,
                                      QList<std::pair<QByteArray, QByteArray>> headers = {});
    static FakeResponse spendLimit();
    static FakeResponse raw(int status, const QByteArray &contentType, const QByteArray &body);
    static FakeResponse drop();
    static FakeResponse dropMidStream();
    static FakeResponse stall();
    static FakeResponse midStreamError();
    static FakeResponse stallAfterAnswer();
    FakeResponse withHeader(const QByteArray &name, const QByteArray &value) const;
    FakeResponse withLatency(int ms) const;
    FakeResponse splitInto(int pieces) const;
};

// Usage the server reports on every success, in each provider's own convention: Anthropic
// input_tokens leave the cache out, OpenAI and Gemini count cached tokens into the prompt.
struct FakeUsage {
    qint64 uncachedInput = 12;
    qint64 output = 7;     // Gemini: 5 candidates + 2 thoughts
    qint64 cacheRead = 3;
    qint64 cacheWrite = 2; // Anthropic only
};

// Use it on one thread (the one that called listen()); enqueue(), requests() and the setters are
// also safe from another thread, so a benchmark can run the server on a thread of its own.
class FakeProviderServer : public QObject {
    Q_OBJECT
public:
    explicit FakeProviderServer(QObject *parent = nullptr);
    ~FakeProviderServer() override;

    // Listens on 127.0.0.1, port chosen by the system.
    Q_INVOKABLE bool listen();
    quint16 port() const;
    // What a backend's base URL is for each wire format (OpenAI's includes /v1, as its SDK's does).
    QUrl baseUrl(FakeWire wire) const;

    // Scripted answers, consumed one per request in arrival order; then successes.
    void enqueue(const FakeResponse &response);
    void enqueue(const QList<FakeResponse> &responses);
    void setDefaultText(const QString &text);
    // When the script is empty, the answer to each request comes from `responder` (a judge that
    // reads the prompt it was sent, say); nullopt falls back to the default success.
    using Responder = std::function<std::optional<FakeResponse>(const FakeRequest &)>;
    void setResponder(Responder responder);
    void setDefaultLatencyMs(int ms);
    void setDefaultSplitWrites(int pieces);
    // Recording costs memory per request; a benchmark turns it off.
    void setRecordRequests(bool record);

    QList<FakeRequest> requests() const;
    int requestCount() const;
    int connectionCount() const; // accepted connections so far (keep-alive reuses them)
    FakeUsage usage() const { return FakeUsage(); }

private:
    struct Connection;
    // An SSE answer written in pieces, a few ms apart.
    struct StreamPlan {
        QList<QByteArray> pieces;
        qsizetype next = 0;
        bool ends = true;  // finish the chunked body (else stall or drop)
        bool drop = false; // close the connection after the pieces
    };
    void continueStream(QPointer<QTcpSocket> socket, std::shared_ptr<StreamPlan> plan);
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void processBuffered(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const FakeRequest &request, const FakeResponse &response, quint64 serial);
    FakeResponse nextResponse(const FakeRequest &request);

    QTcpServer *m_server = nullptr;
    QHash<QTcpSocket *, Connection *> m_connections;
    mutable QMutex m_mutex; // guards everything below
    std::deque<FakeResponse> m_script;
    QList<FakeRequest> m_requests;
    Responder m_responder;
    QString m_defaultText = QStringLiteral("Hello from the fake server.");
    int m_defaultLatencyMs = 0;
    int m_defaultSplitWrites = 0;
    bool m_record = true;
    int m_requestCount = 0;
    int m_connectionCount = 0;
    quint16 m_port = 0;
    quint64 m_serial = 0;
};

} // namespace assay::test

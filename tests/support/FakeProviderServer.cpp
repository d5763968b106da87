#include "FakeProviderServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace assay::test {

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray sse(const QByteArray &event, const QJsonObject &data)
{
    return "event: " + event + "\ndata: " + compact(data) + "\n\n";
}

QByteArray sseData(const QByteArray &data)
{
    return "data: " + data + "\n\n";
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 529:
        return "Overloaded";
    default:
        return "Status";
    }
}

struct Route {
    bool known = false;
    FakeWire wire = FakeWire::Anthropic;
    bool stream = false;
};

Route routeOf(const FakeRequest &request)
{
    Route route;
    const QByteArray &target = request.target;
    if (target.contains("/v1/messages")) {
        route = {true, FakeWire::Anthropic, false};
    } else if (target.contains("/chat/completions")) {
        route = {true, FakeWire::OpenAi, false};
    } else if (target.contains(":streamGenerateContent")) {
        return {true, FakeWire::Gemini, true};
    } else if (target.contains(":generateContent")) {
        return {true, FakeWire::Gemini, false};
    } else {
        return route;
    }
    route.stream = request.body.contains("\"stream\":true");
    return route;
}

QJsonObject anthropicUsage(const FakeUsage &u, bool withOutput)
{
    return {{u"input_tokens"_s, u.uncachedInput},
            {u"output_tokens"_s, withOutput ? u.output : 1},
            {u"cache_creation_input_tokens"_s, u.cacheWrite},
            {u"cache_read_input_tokens"_s, u.cacheRead}};
}

QJsonObject openAiUsage(const FakeUsage &u)
{
    return {{u"prompt_tokens"_s, u.uncachedInput + u.cacheRead},
            {u"completion_tokens"_s, u.output},
            {u"total_tokens"_s, u.uncachedInput + u.cacheRead + u.output},
            {u"prompt_tokens_details"_s, QJsonObject{{u"cached_tokens"_s, u.cacheRead}}},
            {u"completion_tokens_details"_s, QJsonObject{{u"reasoning_tokens"_s, 0}}}};
}

QJsonObject geminiUsage(const FakeUsage &u)
{
    return {{u"promptTokenCount"_s, u.uncachedInput + u.cacheRead},
            {u"cachedContentTokenCount"_s, u.cacheRead},
            {u"candidatesTokenCount"_s, u.output - 2},
            {u"thoughtsTokenCount"_s, 2},
            {u"totalTokenCount"_s, u.uncachedInput + u.cacheRead + u.output}};
}

QJsonObject geminiChunk(const QString &text, const QString &finish, const QString &id)
{
    QJsonObject candidate{{u"content"_s, QJsonObject{{u"role"_s, u"model"_s},
                                                     {u"parts"_s, QJsonArray{QJsonObject{{u"text"_s, text}}}}}}};
    if (!finish.isEmpty())
        candidate.insert(u"finishReason"_s, finish);
    return {{u"candidates"_s, QJsonArray{candidate}}, {u"responseId"_s, id}};
}

// The whole success answer: a JSON body, or the SSE events one by one.
QByteArray successJson(FakeWire wire, const QString &text, const QString &id, const FakeUsage &u)
{
    switch (wire) {
    case FakeWire::Anthropic:
        return compact({{u"id"_s, id},
                        {u"type"_s, u"message"_s},
                        {u"role"_s, u"assistant"_s},
                        {u"model"_s, u"fake-claude"_s},
                        {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, text}}}},
                        {u"stop_reason"_s, u"end_turn"_s},
                        {u"stop_sequence"_s, QJsonValue::Null},
                        {u"usage"_s, anthropicUsage(u, true)}});
    case FakeWire::OpenAi:
        return compact({{u"id"_s, id},
                        {u"object"_s, u"chat.completion"_s},
                        {u"created"_s, 1764201600},
                        {u"model"_s, u"fake-gpt"_s},
                        {u"choices"_s, QJsonArray{QJsonObject{
                                           {u"index"_s, 0},
                                           {u"message"_s, QJsonObject{{u"role"_s, u"assistant"_s},
                                                                      {u"content"_s, text},
                                                                      {u"refusal"_s, QJsonValue::Null}}},
                                           {u"finish_reason"_s, u"stop"_s}}}},
                        {u"usage"_s, openAiUsage(u)}});
    case FakeWire::Gemini: {
        QJsonObject chunk = geminiChunk(text, u"STOP"_s, id);
        chunk.insert(u"usageMetadata"_s, geminiUsage(u));
        return compact(chunk);
    }
    }
    return {};
}

QList<QByteArray> successEvents(FakeWire wire, const QString &text, const QString &id, const FakeUsage &u)
{
    const QString first = text.left(text.size() / 2);
    const QString second = text.mid(text.size() / 2);
    switch (wire) {
    case FakeWire::Anthropic:
        return {
            sse("message_start",
                {{u"type"_s, u"message_start"_s},
                 {u"message"_s, QJsonObject{{u"id"_s, id}, {u"type"_s, u"message"_s}, {u"role"_s, u"assistant"_s},
                                            {u"content"_s, QJsonArray()}, {u"model"_s, u"fake-claude"_s},
                                            {u"stop_reason"_s, QJsonValue::Null},
                                            {u"usage"_s, anthropicUsage(u, false)}}}}),
            sse("content_block_start", {{u"type"_s, u"content_block_start"_s}, {u"index"_s, 0},
                                        {u"content_block"_s, QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u""_s}}}}),
            sse("ping", {{u"type"_s, u"ping"_s}}),
            sse("content_block_delta", {{u"type"_s, u"content_block_delta"_s}, {u"index"_s, 0},
                                        {u"delta"_s, QJsonObject{{u"type"_s, u"text_delta"_s}, {u"text"_s, first}}}}),
            sse("content_block_delta", {{u"type"_s, u"content_block_delta"_s}, {u"index"_s, 0},
                                        {u"delta"_s, QJsonObject{{u"type"_s, u"text_delta"_s}, {u"text"_s, second}}}}),
            sse("content_block_stop", {{u"type"_s, u"content_block_stop"_s}, {u"index"_s, 0}}),
            sse("message_delta", {{u"type"_s, u"message_delta"_s},
                                  {u"delta"_s, QJsonObject{{u"stop_reason"_s, u"end_turn"_s}}},
                                  {u"usage"_s, QJsonObject{{u"output_tokens"_s, u.output}}}}),
            sse("message_stop", {{u"type"_s, u"message_stop"_s}}),
        };
    case FakeWire::OpenAi: {
        auto chunk = [&id](const QJsonObject &delta, const QJsonValue &finish) {
            return sseData(compact({{u"id"_s, id},
                                    {u"object"_s, u"chat.completion.chunk"_s},
                                    {u"choices"_s, QJsonArray{QJsonObject{{u"index"_s, 0},
                                                                          {u"delta"_s, delta},
                                                                          {u"finish_reason"_s, finish}}}},
                                    {u"usage"_s, QJsonValue::Null}}));
        };
        return {
            chunk({{u"role"_s, u"assistant"_s}, {u"content"_s, u""_s}}, QJsonValue::Null),
            ": keep-alive comment, as some compatible servers send\n\n",
            chunk({{u"content"_s, first}}, QJsonValue::Null),
            chunk({{u"content"_s, second}}, QJsonValue::Null),
            chunk(QJsonObject(), u"stop"_s),
            sseData(compact({{u"id"_s, id}, {u"object"_s, u"chat.completion.chunk"_s}, {u"choices"_s, QJsonArray()},
                             {u"usage"_s, openAiUsage(u)}})),
            sseData("[DONE]"),
        };
    }
    case FakeWire::Gemini: {
        QJsonObject last = geminiChunk(second, u"STOP"_s, id);
        last.insert(u"usageMetadata"_s, geminiUsage(u));
        return {sseData(compact(geminiChunk(first, QString(), id))), sseData(compact(last))};
    }
    }
    return {};
}

QByteArray errorJson(FakeWire wire, int status, const QString &type, const QString &message, const QString &id)
{
    switch (wire) {
    case FakeWire::Anthropic:
        return compact({{u"type"_s, u"error"_s},
                        {u"error"_s, QJsonObject{{u"type"_s, type}, {u"message"_s, message}}},
                        {u"request_id"_s, id}});
    case FakeWire::OpenAi:
        return compact({{u"error"_s, QJsonObject{{u"message"_s, message}, {u"type"_s, type},
                                                 {u"param"_s, QJsonValue::Null}, {u"code"_s, QJsonValue::Null}}}});
    case FakeWire::Gemini:
        return compact({{u"error"_s, QJsonObject{{u"code"_s, status}, {u"message"_s, message}, {u"status"_s, type}}}});
    }
    return {};
}

QByteArray spendLimitJson(FakeWire wire, const QString &id)
{
    switch (wire) {
    case FakeWire::Anthropic:
        return compact({{u"type"_s, u"error"_s},
                        {u"error"_s, QJsonObject{{u"type"_s, u"rate_limit_error"_s},
                                                 {u"message"_s, u"You have reached your specified API usage limits."_s},
                                                 {u"details"_s, QJsonObject{{u"error_code"_s,
                                                                             u"enforced_spend_limit_reached"_s}}}}},
                        {u"request_id"_s, id}});
    case FakeWire::OpenAi:
        return compact({{u"error"_s, QJsonObject{{u"message"_s, u"You exceeded your current quota."_s},
                                                 {u"type"_s, u"insufficient_quota"_s},
                                                 {u"param"_s, QJsonValue::Null},
                                                 {u"code"_s, u"insufficient_quota"_s}}}});
    case FakeWire::Gemini:
        return errorJson(wire, 429, u"RESOURCE_EXHAUSTED"_s, u"You exceeded your current quota."_s, id);
    }
    return {};
}

QByteArray midStreamErrorEvent(FakeWire wire)
{
    switch (wire) {
    case FakeWire::Anthropic:
        return sse("error", {{u"type"_s, u"error"_s},
                             {u"error"_s, QJsonObject{{u"type"_s, u"overloaded_error"_s}, {u"message"_s, u"Overloaded"_s}}}});
    case FakeWire::OpenAi:
        return sseData(errorJson(wire, 500, u"server_error"_s, u"The server had an error mid-stream."_s, QString()));
    case FakeWire::Gemini:
        return sseData(errorJson(wire, 503, u"UNAVAILABLE"_s, u"The model is overloaded."_s, QString()));
    }
    return {};
}

QByteArray chunked(const QByteArray &piece)
{
    return QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
}

} // namespace

QJsonObject FakeRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

FakeResponse FakeResponse::success(const QString &text)
{
    FakeResponse r;
    r.text = text;
    return r;
}

FakeResponse FakeResponse::providerError(int status, const QString &errorType, const QString &message,
                                         QList<std::pair<QByteArray, QByteArray>> headers)
{
    FakeResponse r;
    r.kind = Kind::ProviderError;
    r.status = status;
    r.errorType = errorType;
    r.message = message;
    r.headers = std::move(headers);
    return r;
}

FakeResponse FakeResponse::spendLimit()
{
    FakeResponse r;
    r.kind = Kind::SpendLimit;
    r.status = 429;
    return r;
}

FakeResponse FakeResponse::raw(int status, const QByteArray &contentType, const QByteArray &body)
{
    FakeResponse r;
    r.kind = Kind::Raw;
    r.status = status;
    r.contentType = contentType;
    r.body = body;
    return r;
}

FakeResponse FakeResponse::drop()
{
    FakeResponse r;
    r.kind = Kind::Drop;
    return r;
}

FakeResponse FakeResponse::dropMidStream()
{
    FakeResponse r;
    r.kind = Kind::DropMidStream;
    return r;
}

FakeResponse FakeResponse::stall()
{
    FakeResponse r;
    r.kind = Kind::Stall;
    return r;
}

FakeResponse FakeResponse::midStreamError()
{
    FakeResponse r;
    r.kind = Kind::MidStreamError;
    return r;
}

FakeResponse FakeResponse::stallAfterAnswer()
{
    FakeResponse r;
    r.kind = Kind::StallAfterAnswer;
    return r;
}

FakeResponse FakeResponse::withHeader(const QByteArray &name, const QByteArray &value) const
{
    FakeResponse r = *this;
    r.headers.append({name, value});
    return r;
}

FakeResponse FakeResponse::withLatency(int ms) const
{
    FakeResponse r = *this;
    r.latencyMs = ms;
    return r;
}

FakeResponse FakeResponse::splitInto(int pieces) const
{
    FakeResponse r = *this;
    r.splitWrites = pieces;
    return r;
}

// Per socket: bytes not yet parsed, and whether an answer is still being written (HTTP/1.1
// answers in order, so the next request waits).
struct FakeProviderServer::Connection {
    QByteArray buffer;
    bool busy = false;
};

FakeProviderServer::FakeProviderServer(QObject *parent) : QObject(parent), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &FakeProviderServer::onNewConnection);
}

FakeProviderServer::~FakeProviderServer()
{
    qDeleteAll(m_connections);
}

bool FakeProviderServer::listen()
{
    m_server->setMaxPendingConnections(256);
    const bool ok = m_server->listen(QHostAddress::LocalHost, 0);
    QMutexLocker lock(&m_mutex);
    m_port = ok ? m_server->serverPort() : 0;
    return ok;
}

quint16 FakeProviderServer::port() const
{
    QMutexLocker lock(&m_mutex);
    return m_port;
}

QUrl FakeProviderServer::baseUrl(FakeWire wire) const
{
    const QString root = u"http://127.0.0.1:%1"_s.arg(port());
    return QUrl(wire == FakeWire::OpenAi ? root + u"/v1"_s : root);
}

void FakeProviderServer::enqueue(const FakeResponse &response)
{
    QMutexLocker lock(&m_mutex);
    m_script.push_back(response);
}

void FakeProviderServer::enqueue(const QList<FakeResponse> &responses)
{
    QMutexLocker lock(&m_mutex);
    for (const FakeResponse &response : responses)
        m_script.push_back(response);
}

void FakeProviderServer::setDefaultText(const QString &text)
{
    QMutexLocker lock(&m_mutex);
    m_defaultText = text;
}

void FakeProviderServer::setDefaultLatencyMs(int ms)
{
    QMutexLocker lock(&m_mutex);
    m_defaultLatencyMs = ms;
}

void FakeProviderServer::setDefaultSplitWrites(int pieces)
{
    QMutexLocker lock(&m_mutex);
    m_defaultSplitWrites = pieces;
}

void FakeProviderServer::setRecordRequests(bool record)
{
    QMutexLocker lock(&m_mutex);
    m_record = record;
}

QList<FakeRequest> FakeProviderServer::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

int FakeProviderServer::requestCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_requestCount;
}

int FakeProviderServer::connectionCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_connectionCount;
}

void FakeProviderServer::setResponder(Responder responder)
{
    QMutexLocker lock(&m_mutex);
    m_responder = std::move(responder);
}

FakeResponse FakeProviderServer::nextResponse(const FakeRequest &request)
{
    QMutexLocker lock(&m_mutex);
    FakeResponse response;
    if (!m_script.empty()) {
        response = std::move(m_script.front());
        m_script.pop_front();
    } else if (m_responder) {
        const Responder responder = m_responder;
        lock.unlock(); // the responder may take its time; enqueue() must not wait for it
        if (auto answer = responder(request))
            response = std::move(*answer);
        lock.relock();
    }
    if (response.text.isEmpty())
        response.text = m_defaultText;
    if (response.latencyMs < 0)
        response.latencyMs = m_defaultLatencyMs;
    if (response.splitWrites == 0)
        response.splitWrites = m_defaultSplitWrites;
    return response;
}

void FakeProviderServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        {
            QMutexLocker lock(&m_mutex);
            ++m_connectionCount;
        }
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_connections.insert(socket, new Connection);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            delete m_connections.take(socket);
            socket->deleteLater();
        });
    }
}

void FakeProviderServer::onReadyRead(QTcpSocket *socket)
{
    Connection *connection = m_connections.value(socket);
    if (!connection)
        return;
    connection->buffer.append(socket->readAll());
    processBuffered(socket);
}

void FakeProviderServer::processBuffered(QTcpSocket *socket)
{
    Connection *connection = m_connections.value(socket);
    if (!connection || connection->busy)
        return;
    QByteArray &buffer = connection->buffer;
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    FakeRequest request;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.target = requestLine.value(1);
    qsizetype contentLength = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = lines[i].left(colon).trimmed().toLower();
        const QByteArray value = lines[i].mid(colon + 1).trimmed();
        request.headers.insert(name, value);
        if (name == "content-length")
            contentLength = value.toLongLong();
    }
    const qsizetype total = headerEnd + 4 + contentLength;
    if (buffer.size() < total)
        return; // the body is still arriving
    request.body = buffer.mid(headerEnd + 4, contentLength);
    buffer.remove(0, total);

    quint64 serial = 0;
    {
        QMutexLocker lock(&m_mutex);
        ++m_requestCount;
        serial = ++m_serial;
        if (m_record)
            m_requests.append(request);
    }
    connection->busy = true;
    const FakeResponse response = nextResponse(request);
    if (response.latencyMs > 0) {
        QPointer<QTcpSocket> guard(socket);
        QTimer::singleShot(response.latencyMs, this, [this, guard, request, response, serial] {
            if (guard)
                respond(guard, request, response, serial);
        });
    } else {
        respond(socket, request, response, serial);
    }
}

void FakeProviderServer::respond(QTcpSocket *socket, const FakeRequest &request, const FakeResponse &response,
                                 quint64 serial)
{
    using Kind = FakeResponse::Kind;
    const Route route = routeOf(request);
    const QString id = u"req_fake_%1"_s.arg(serial);
    auto head = [&response, &id, &route](int status, const QByteArray &contentType, qsizetype contentLength) {
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
        out += "content-type: " + contentType + "\r\n";
        out += contentLength >= 0 ? "content-length: " + QByteArray::number(contentLength) + "\r\n"
                                  : QByteArray("transfer-encoding: chunked\r\n");
        out += (route.wire == FakeWire::Anthropic ? "request-id: " : "x-request-id: ") + id.toLatin1() + "\r\n";
        for (const auto &[name, value] : response.headers)
            out += name + ": " + value + "\r\n";
        return out + "\r\n";
    };
    auto finishedWriting = [this, socket] {
        if (Connection *connection = m_connections.value(socket)) {
            connection->busy = false;
            processBuffered(socket);
        }
    };
    auto sendJson = [&](int status, const QByteArray &contentType, const QByteArray &body) {
        socket->write(head(status, contentType, body.size()) + body);
        finishedWriting();
    };

    if (!route.known && response.kind != Kind::Drop) {
        sendJson(404, "application/json", R"({"error":{"message":"no such endpoint","type":"not_found_error"}})");
        return;
    }
    switch (response.kind) {
    case Kind::Raw:
        sendJson(response.status, response.contentType, response.body);
        return;
    case Kind::ProviderError:
        sendJson(response.status, "application/json",
                 errorJson(route.wire, response.status, response.errorType, response.message, id));
        return;
    case Kind::SpendLimit:
        sendJson(429, "application/json", spendLimitJson(route.wire, id));
        return;
    case Kind::Drop:
        socket->disconnectFromHost();
        return;
    case Kind::Success:
    case Kind::DropMidStream:
    case Kind::Stall:
    case Kind::MidStreamError:
    case Kind::StallAfterAnswer:
        break;
    }

    const FakeUsage usage;
    if (!route.stream) {
        const QByteArray body = successJson(route.wire, response.text, id, usage);
        if (response.kind == Kind::Success || response.kind == Kind::StallAfterAnswer) {
            sendJson(200, "application/json", body);
        } else {
            // Headers promising the whole body, then half of it.
            socket->write(head(200, "application/json", body.size()) + body.left(body.size() / 2));
            if (response.kind == Kind::DropMidStream || response.kind == Kind::MidStreamError)
                socket->disconnectFromHost();
        }
        return;
    }

    QList<QByteArray> events = successEvents(route.wire, response.text, id, usage);
    if (response.kind == Kind::MidStreamError)
        events = {events.first(), midStreamErrorEvent(route.wire)};
    else if (response.kind != Kind::Success && response.kind != Kind::StallAfterAnswer)
        events = {events.first()};
    QByteArray stream;
    for (const QByteArray &event : events)
        stream += event;
    const bool ends = response.kind == Kind::Success || response.kind == Kind::MidStreamError;

    // Pieces cut at arbitrary bytes, so events, lines and even "\n\n" pairs arrive split.
    QList<QByteArray> pieces;
    const int count = std::max(1, response.splitWrites);
    const qsizetype step = std::max<qsizetype>(1, (stream.size() + count - 1) / count);
    for (qsizetype at = 0; at < stream.size(); at += step)
        pieces.append(stream.mid(at, step));
    socket->write(head(200, "text/event-stream; charset=utf-8", -1));

    auto plan = std::make_shared<StreamPlan>();
    plan->pieces = std::move(pieces);
    plan->ends = ends;
    plan->drop = response.kind == Kind::DropMidStream;
    continueStream(socket, plan);
}

void FakeProviderServer::continueStream(QPointer<QTcpSocket> socket, std::shared_ptr<StreamPlan> plan)
{
    if (!socket)
        return;
    if (plan->next < plan->pieces.size()) {
        socket->write(chunked(plan->pieces[plan->next++]));
        if (plan->next < plan->pieces.size()) {
            socket->flush();
            QTimer::singleShot(2, this, [this, socket, plan] { continueStream(socket, plan); });
            return;
        }
    }
    if (plan->ends) {
        socket->write("0\r\n\r\n");
        if (Connection *connection = m_connections.value(socket)) {
            connection->busy = false;
            processBuffered(socket);
        }
    } else if (plan->drop) {
        socket->flush();
        socket->disconnectFromHost();
    }
    // A stall writes nothing more: the connection stays open until the client gives up.
}

} // namespace assay::test

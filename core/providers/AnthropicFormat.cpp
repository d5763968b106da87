#include "providers/AnthropicFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Usage objects appear in the response, in message_start and (cumulative) in message_delta;
// fields absent from one keep the value an earlier one gave.
void readUsage(const QJsonObject &usage, ProviderUsage &into)
{
    auto take = [&usage](const char *key, qint64 &field) {
        const QJsonValue v = usage.value(QLatin1StringView(key));
        if (v.isDouble())
            field = v.toInteger();
    };
    take("input_tokens", into.input);
    take("output_tokens", into.output);
    take("cache_read_input_tokens", into.cacheRead);
    take("cache_creation_input_tokens", into.cacheWrite);
}

ProviderError errorFromObject(const QJsonObject &root)
{
    const QJsonObject error = root.value(u"error"_s).toObject();
    ProviderError out;
    out.type = error.value(u"type"_s).toString();
    out.message = error.value(u"message"_s).toString();
    out.requestId = root.value(u"request_id"_s).toString();
    const QString code = error.value(u"details"_s).toObject().value(u"error_code"_s).toString();
    out.spendLimit = code == u"enforced_spend_limit_reached"_s || out.type == u"billing_error"_s;
    return out;
}

class AnthropicStreamDecoder final : public StreamDecoder {
public:
    Step onEvent(const SseEvent &event) override
    {
        const QJsonObject data = QJsonDocument::fromJson(event.data).object();
        // The data's type names the event; a proxy that drops `event:` lines still works.
        const QString type = data.value(u"type"_s).toString();
        if (type == u"content_block_delta"_s) {
            const QJsonObject delta = data.value(u"delta"_s).toObject();
            if (delta.value(u"type"_s).toString() == u"text_delta"_s)
                m_reply.text += delta.value(u"text"_s).toString();
        } else if (type == u"message_start"_s) {
            const QJsonObject message = data.value(u"message"_s).toObject();
            m_reply.responseId = message.value(u"id"_s).toString();
            readUsage(message.value(u"usage"_s).toObject(), m_reply.usage);
        } else if (type == u"message_delta"_s) {
            const QString stop = data.value(u"delta"_s).toObject().value(u"stop_reason"_s).toString();
            if (!stop.isEmpty())
                m_reply.stopReason = stop;
            readUsage(data.value(u"usage"_s).toObject(), m_reply.usage);
        } else if (type == u"message_stop"_s) {
            return Step::Finished;
        } else if (type == u"error"_s || event.name == "error") {
            m_error = errorFromObject(data);
            if (m_error.message.isEmpty())
                m_error.message = wire::bodyExcerpt(event.data);
            return Step::Failed;
        }
        return Step::More; // ping, content_block_start/stop and event types added later
    }
};

} // namespace

WireRequest AnthropicFormat::buildRequest(const ReplayCall &call, bool stream) const
{
    QJsonObject body{
        {u"model"_s, call.model},
        {u"max_tokens"_s, call.maxTokens},
        {u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, call.prompt}}}},
    };
    if (!call.system.isEmpty())
        body.insert(u"system"_s, call.system);
    if (call.temperature)
        body.insert(u"temperature"_s, *call.temperature);
    if (stream)
        body.insert(u"stream"_s, true);

    WireRequest request;
    request.url = wire::appendPath(m_baseUrl, u"v1/messages"_s);
    request.headers = {{"content-type", "application/json"},
                       {"anthropic-version", "2023-06-01"},
                       {"x-api-key", m_key.revealForHeader()}};
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return request;
}

Result<ProviderReply> AnthropicFormat::parseReply(const QByteArray &body) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (!doc.isObject())
        return fail(u"the response is not JSON (%1): %2"_s.arg(parseError.errorString(), wire::bodyExcerpt(body)));
    const QJsonObject root = doc.object();
    if (root.value(u"type"_s).toString() != u"message"_s)
        return fail(u"the response is not a message: %1"_s.arg(wire::bodyExcerpt(body)));
    ProviderReply reply;
    for (const QJsonValue &block : root.value(u"content"_s).toArray()) {
        const QJsonObject object = block.toObject();
        if (object.value(u"type"_s).toString() == u"text"_s)
            reply.text += object.value(u"text"_s).toString();
    }
    readUsage(root.value(u"usage"_s).toObject(), reply.usage);
    reply.stopReason = root.value(u"stop_reason"_s).toString();
    reply.responseId = root.value(u"id"_s).toString();
    return reply;
}

std::unique_ptr<StreamDecoder> AnthropicFormat::newStreamDecoder() const
{
    return std::make_unique<AnthropicStreamDecoder>();
}

ProviderError AnthropicFormat::parseError(int httpStatus, const QByteArray &body) const
{
    Q_UNUSED(httpStatus)
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    if (!root.value(u"error"_s).isObject())
        return ProviderError{QString(), wire::bodyExcerpt(body), QString(), false};
    return errorFromObject(root);
}

} // namespace assay

#include "providers/OpenAiFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// prompt_tokens counts cached tokens in; ProviderUsage keeps them apart.
ProviderUsage usageFrom(const QJsonObject &usage)
{
    ProviderUsage out;
    const qint64 prompt = usage.value(u"prompt_tokens"_s).toInteger();
    out.cacheRead = usage.value(u"prompt_tokens_details"_s).toObject().value(u"cached_tokens"_s).toInteger();
    out.input = std::max<qint64>(0, prompt - out.cacheRead);
    out.output = usage.value(u"completion_tokens"_s).toInteger();
    return out;
}

ProviderError errorFromObject(const QJsonObject &error)
{
    ProviderError out;
    out.type = error.value(u"type"_s).toString();
    out.message = error.value(u"message"_s).toString();
    // OpenAI's code is a string ("insufficient_quota"); vLLM and llama.cpp send the HTTP status.
    const QJsonValue code = error.value(u"code"_s);
    const QString codeText = code.isString() ? code.toString() : QString();
    if (out.type.isEmpty())
        out.type = codeText;
    out.spendLimit = codeText == u"insufficient_quota"_s || out.type == u"insufficient_quota"_s;
    return out;
}

class OpenAiStreamDecoder final : public StreamDecoder {
public:
    Step onEvent(const SseEvent &event) override
    {
        if (event.data == "[DONE]")
            return Step::Finished;
        const QJsonObject chunk = QJsonDocument::fromJson(event.data).object();
        if (chunk.value(u"error"_s).isObject()) {
            m_error = errorFromObject(chunk.value(u"error"_s).toObject());
            if (m_error.message.isEmpty()) // an error object without a message still says why
                m_error.message = wire::bodyExcerpt(event.data);
            return Step::Failed;
        }
        if (m_reply.responseId.isEmpty())
            m_reply.responseId = chunk.value(u"id"_s).toString();
        const QJsonArray choices = chunk.value(u"choices"_s).toArray();
        if (!choices.isEmpty()) {
            const QJsonObject choice = choices.first().toObject();
            m_reply.text += choice.value(u"delta"_s).toObject().value(u"content"_s).toString();
            const QString finish = choice.value(u"finish_reason"_s).toString();
            if (!finish.isEmpty())
                m_reply.stopReason = finish;
        }
        const QJsonValue usage = chunk.value(u"usage"_s);
        if (usage.isObject())
            m_reply.usage = usageFrom(usage.toObject());
        return Step::More;
    }
};

} // namespace

WireRequest OpenAiFormat::buildRequest(const ReplayCall &call, bool stream) const
{
    QJsonArray messages;
    if (!call.system.isEmpty())
        messages.append(QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, call.system}});
    messages.append(QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, call.prompt}});
    QJsonObject body{{u"model"_s, call.model}, {u"messages"_s, messages}};
    body.insert(m_compatible ? u"max_tokens"_s : u"max_completion_tokens"_s, call.maxTokens);
    if (call.temperature)
        body.insert(u"temperature"_s, *call.temperature);
    if (stream) {
        body.insert(u"stream"_s, true);
        body.insert(u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}});
    }

    WireRequest request;
    request.url = wire::appendPath(m_baseUrl, u"chat/completions"_s);
    request.headers = {{"content-type", "application/json"}};
    if (!m_key.isEmpty())
        request.headers.append({"authorization", "Bearer " + m_key.revealForHeader()});
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return request;
}

Result<ProviderReply> OpenAiFormat::parseReply(const QByteArray &body) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (!doc.isObject())
        return fail(u"the response is not JSON (%1): %2"_s.arg(parseError.errorString(), wire::bodyExcerpt(body)));
    const QJsonObject root = doc.object();
    const QJsonArray choices = root.value(u"choices"_s).toArray();
    if (choices.isEmpty())
        return fail(u"the response has no choices: %1"_s.arg(wire::bodyExcerpt(body)));
    const QJsonObject choice = choices.first().toObject();
    const QJsonObject message = choice.value(u"message"_s).toObject();
    ProviderReply reply;
    reply.text = message.value(u"content"_s).toString();
    reply.stopReason = choice.value(u"finish_reason"_s).toString();
    // A refusal comes instead of content; keep it as the output so the case is not blank.
    const QString refusal = message.value(u"refusal"_s).toString();
    if (reply.text.isEmpty() && !refusal.isEmpty()) {
        reply.text = refusal;
        reply.stopReason = u"refusal"_s;
    }
    reply.usage = usageFrom(root.value(u"usage"_s).toObject());
    reply.responseId = root.value(u"id"_s).toString();
    return reply;
}

std::unique_ptr<StreamDecoder> OpenAiFormat::newStreamDecoder() const
{
    return std::make_unique<OpenAiStreamDecoder>();
}

ProviderError OpenAiFormat::parseError(int httpStatus, const QByteArray &body) const
{
    Q_UNUSED(httpStatus)
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    const QJsonValue error = root.value(u"error"_s);
    if (error.isObject())
        return errorFromObject(error.toObject());
    // Some compatible servers answer {"error": "text"} or {"detail": "..."}.
    if (error.isString())
        return ProviderError{QString(), error.toString(), QString(), false};
    if (root.value(u"detail"_s).isString())
        return ProviderError{QString(), root.value(u"detail"_s).toString(), QString(), false};
    return ProviderError{QString(), wire::bodyExcerpt(body), QString(), false};
}

} // namespace assay

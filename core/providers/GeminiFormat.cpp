#include "providers/GeminiFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// promptTokenCount includes cachedContentTokenCount; thoughts are billed as output.
void readUsage(const QJsonObject &usage, ProviderUsage &into)
{
    if (usage.isEmpty())
        return;
    const qint64 prompt = usage.value(u"promptTokenCount"_s).toInteger();
    into.cacheRead = usage.value(u"cachedContentTokenCount"_s).toInteger();
    into.input = std::max<qint64>(0, prompt - into.cacheRead);
    into.output = usage.value(u"candidatesTokenCount"_s).toInteger() + usage.value(u"thoughtsTokenCount"_s).toInteger();
}

// One response (or one stream chunk): appends its text, keeps its finish reason and usage.
void readResponse(const QJsonObject &root, ProviderReply &reply)
{
    const QJsonArray candidates = root.value(u"candidates"_s).toArray();
    if (!candidates.isEmpty()) {
        const QJsonObject candidate = candidates.first().toObject();
        for (const QJsonValue &part : candidate.value(u"content"_s).toObject().value(u"parts"_s).toArray()) {
            const QJsonObject object = part.toObject();
            if (!object.value(u"thought"_s).toBool()) // thought summaries are not the answer
                reply.text += object.value(u"text"_s).toString();
        }
        const QString finish = candidate.value(u"finishReason"_s).toString();
        if (!finish.isEmpty())
            reply.stopReason = finish;
    }
    readUsage(root.value(u"usageMetadata"_s).toObject(), reply.usage);
    const QString id = root.value(u"responseId"_s).toString();
    if (!id.isEmpty())
        reply.responseId = id;
}

ProviderError errorFromObject(const QJsonObject &error)
{
    ProviderError out;
    out.type = error.value(u"status"_s).toString();
    out.message = error.value(u"message"_s).toString();
    return out;
}

class GeminiStreamDecoder final : public StreamDecoder {
public:
    Step onEvent(const SseEvent &event) override
    {
        const QJsonObject chunk = QJsonDocument::fromJson(event.data).object();
        if (chunk.value(u"error"_s).isObject()) {
            m_error = errorFromObject(chunk.value(u"error"_s).toObject());
            if (m_error.message.isEmpty()) // an error object without a message still says why
                m_error.message = wire::bodyExcerpt(event.data);
            return Step::Failed;
        }
        readResponse(chunk, m_reply);
        return Step::More;
    }
    bool endsWithConnection() const override { return true; } // no [DONE], no stop event
};

} // namespace

WireRequest GeminiFormat::buildRequest(const ReplayCall &call, bool stream) const
{
    QJsonObject generation{{u"maxOutputTokens"_s, call.maxTokens}};
    if (call.temperature)
        generation.insert(u"temperature"_s, *call.temperature);
    QJsonObject body{
        {u"contents"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s},
                                               {u"parts"_s, QJsonArray{QJsonObject{{u"text"_s, call.prompt}}}}}}},
        {u"generationConfig"_s, generation},
    };
    if (!call.system.isEmpty())
        body.insert(u"systemInstruction"_s, QJsonObject{{u"parts"_s, QJsonArray{QJsonObject{{u"text"_s, call.system}}}}});

    // A base URL that already names an API version (".../v1beta") is used as it is.
    static const QRegularExpression versioned(u"/v1[a-z0-9]*/?$"_s);
    const QString version = versioned.match(m_baseUrl.path()).hasMatch() ? QString() : u"v1beta/"_s;
    QString model = call.model;
    if (model.startsWith(u"models/"_s))
        model = model.mid(7);
    const QString method = stream ? u":streamGenerateContent"_s : u":generateContent"_s;

    WireRequest request;
    request.url = wire::appendPath(m_baseUrl, version + u"models/"_s + model + method);
    if (stream)
        request.url.setQuery(u"alt=sse"_s);
    request.headers = {{"content-type", "application/json"}, {"x-goog-api-key", m_key.revealForHeader()}};
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return request;
}

Result<ProviderReply> GeminiFormat::parseReply(const QByteArray &body) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (!doc.isObject())
        return fail(u"the response is not JSON (%1): %2"_s.arg(parseError.errorString(), wire::bodyExcerpt(body)));
    const QJsonObject root = doc.object();
    if (!root.value(u"candidates"_s).isArray())
        return fail(u"the response has no candidates: %1"_s.arg(wire::bodyExcerpt(body)));
    ProviderReply reply;
    readResponse(root, reply);
    return reply;
}

std::unique_ptr<StreamDecoder> GeminiFormat::newStreamDecoder() const
{
    return std::make_unique<GeminiStreamDecoder>();
}

ProviderError GeminiFormat::parseError(int httpStatus, const QByteArray &body) const
{
    Q_UNUSED(httpStatus)
    QJsonValue error = QJsonDocument::fromJson(body).object().value(u"error"_s);
    // Some Google front ends wrap the error in a one-element array.
    if (error.isUndefined()) {
        const QJsonArray array = QJsonDocument::fromJson(body).array();
        if (!array.isEmpty())
            error = array.first().toObject().value(u"error"_s);
    }
    if (!error.isObject())
        return ProviderError{QString(), wire::bodyExcerpt(body), QString(), false};
    return errorFromObject(error.toObject());
}

} // namespace assay

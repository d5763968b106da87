#include "replay/ReplayTarget.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace assay {

QString ReplayTarget::label() const
{
    return promptRef() + u' ' + provider + u'/' + model;
}

QJsonObject ReplayTarget::parameters() const
{
    QJsonObject p{{u"max_tokens"_s, maxTokens}};
    if (temperature)
        p[u"temperature"_s] = *temperature;
    return p;
}

QJsonObject ReplayTarget::toJson() const
{
    QJsonObject o{{u"prompt_name"_s, promptName}, {u"prompt_version"_s, promptVersion}, {u"provider"_s, provider},
                  {u"model"_s, model},           {u"parameters"_s, parameters()}};
    if (!baseUrl.isEmpty())
        o[u"base_url"_s] = baseUrl;
    return o;
}

ReplayTarget ReplayTarget::fromJson(const QJsonObject &json)
{
    ReplayTarget t;
    t.promptName = json.value(u"prompt_name"_s).toString();
    t.promptVersion = json.value(u"prompt_version"_s).toString();
    t.provider = json.value(u"provider"_s).toString();
    t.model = json.value(u"model"_s).toString();
    t.baseUrl = json.value(u"base_url"_s).toString();
    const QJsonObject p = json.value(u"parameters"_s).toObject();
    t.maxTokens = p.value(u"max_tokens"_s).toInt(1024);
    if (p.contains(u"temperature"_s))
        t.temperature = p.value(u"temperature"_s).toDouble();
    return t;
}

bool isKnownReplayProvider(const QString &provider)
{
    return provider == "anthropic"_L1 || provider == "openai"_L1 || provider == "gemini"_L1
        || provider == "openai-compatible"_L1;
}

Result<void> checkStoredBaseUrl(const QString &baseUrl)
{
    // Keys come from the provider's variable or the keychain, never from the stored URL.
    const QUrl url(baseUrl, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1) || url.host().isEmpty())
        return fail(u"--base-url needs an http:// or https:// URL"_s);
    if (!url.userInfo().isEmpty() || url.hasQuery())
        return fail(u"--base-url must not carry credentials or a query (it is stored with the run); "
                    "give the key through the provider's environment variable or the keychain"_s);
    return {};
}

} // namespace assay

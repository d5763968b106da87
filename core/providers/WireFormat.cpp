#include "providers/WireFormat.h"

#include "providers/AnthropicFormat.h"
#include "providers/GeminiFormat.h"
#include "providers/OpenAiFormat.h"

using namespace Qt::StringLiterals;

namespace assay {

std::unique_ptr<WireFormat> makeWireFormat(ProviderKind kind, const QUrl &baseUrl, const ApiKey &key)
{
    switch (kind) {
    case ProviderKind::Anthropic:
        return std::make_unique<AnthropicFormat>(baseUrl, key);
    case ProviderKind::OpenAi:
        return std::make_unique<OpenAiFormat>(baseUrl, key, false);
    case ProviderKind::OpenAiCompatible:
        return std::make_unique<OpenAiFormat>(baseUrl, key, true);
    case ProviderKind::Gemini:
        return std::make_unique<GeminiFormat>(baseUrl, key);
    }
    return nullptr;
}

namespace wire {

QString bodyExcerpt(const QByteArray &body)
{
    constexpr qsizetype kMax = 200;
    QString text = QString::fromUtf8(body.trimmed().left(kMax * 4)).simplified();
    if (text.isEmpty()) // also a body of Unicode spaces only (U+00A0, U+3000), which only simplified() removes
        return u"(empty body)"_s;
    if (text.size() > kMax)
        text = text.left(kMax) + u"…"_s;
    return text;
}

QUrl appendPath(const QUrl &base, const QString &path)
{
    QUrl url = base;
    QString basePath = url.path();
    if (!basePath.endsWith(u'/'))
        basePath += u'/';
    url.setPath(basePath + path);
    return url;
}

} // namespace wire

} // namespace assay

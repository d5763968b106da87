#include "providers/ProviderKind.h"

using namespace Qt::StringLiterals;

namespace assay {

QString providerId(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Anthropic:
        return u"anthropic"_s;
    case ProviderKind::OpenAi:
        return u"openai"_s;
    case ProviderKind::Gemini:
        return u"gemini"_s;
    case ProviderKind::OpenAiCompatible:
        return u"openai-compatible"_s;
    }
    return {};
}

QString providerDisplayName(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Anthropic:
        return u"Anthropic"_s;
    case ProviderKind::OpenAi:
        return u"OpenAI"_s;
    case ProviderKind::Gemini:
        return u"Gemini"_s;
    case ProviderKind::OpenAiCompatible:
        return u"OpenAI-compatible server"_s;
    }
    return {};
}

std::optional<ProviderKind> providerKindFromId(const QString &id)
{
    for (ProviderKind kind : {ProviderKind::Anthropic, ProviderKind::OpenAi, ProviderKind::Gemini,
                              ProviderKind::OpenAiCompatible}) {
        if (id.compare(providerId(kind), Qt::CaseInsensitive) == 0)
            return kind;
    }
    return std::nullopt;
}

} // namespace assay

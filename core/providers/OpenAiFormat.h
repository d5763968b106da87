#pragma once

#include "providers/WireFormat.h"

namespace assay {

// OpenAI Chat Completions: POST {base}/chat/completions, Authorization: Bearer. Also spoken by
// Ollama, vLLM and llama.cpp server (`compatible`): they read max_tokens rather than
// max_completion_tokens, may need no key, and put an integer in error.code.
class OpenAiFormat final : public WireFormat {
public:
    OpenAiFormat(QUrl baseUrl, ApiKey key, bool compatible)
        : m_baseUrl(std::move(baseUrl)), m_key(std::move(key)), m_compatible(compatible)
    {
    }

    WireRequest buildRequest(const ReplayCall &call, bool stream) const override;
    Result<ProviderReply> parseReply(const QByteArray &body) const override;
    std::unique_ptr<StreamDecoder> newStreamDecoder() const override;
    ProviderError parseError(int httpStatus, const QByteArray &body) const override;
    QByteArray requestIdHeader() const override { return QByteArrayLiteral("x-request-id"); }
    // openai-python honours retry-after up to 60 s; the reference documents 120 s and no retry above.
    RetryAfterRule retryAfterRule() const override { return {120, true}; }

private:
    QUrl m_baseUrl;
    ApiKey m_key;
    bool m_compatible = false;
};

} // namespace assay

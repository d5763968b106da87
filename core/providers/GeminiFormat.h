#pragma once

#include "providers/WireFormat.h"

namespace assay {

// Google Gemini generateContent: POST {base}/v1beta/models/{model}:generateContent (or
// :streamGenerateContent?alt=sse), x-goog-api-key.
class GeminiFormat final : public WireFormat {
public:
    GeminiFormat(QUrl baseUrl, ApiKey key) : m_baseUrl(std::move(baseUrl)), m_key(std::move(key)) {}

    WireRequest buildRequest(const ReplayCall &call, bool stream) const override;
    Result<ProviderReply> parseReply(const QByteArray &body) const override;
    std::unique_ptr<StreamDecoder> newStreamDecoder() const override;
    ProviderError parseError(int httpStatus, const QByteArray &body) const override;
    // Google's front ends answer with x-request-id rarely; the body's responseId is the usual handle.
    QByteArray requestIdHeader() const override { return QByteArrayLiteral("x-request-id"); }

private:
    QUrl m_baseUrl;
    ApiKey m_key;
};

} // namespace assay

#pragma once

#include "providers/WireFormat.h"

namespace assay {

// Anthropic Messages API: POST {base}/v1/messages, x-api-key, anthropic-version 2023-06-01.
class AnthropicFormat final : public WireFormat {
public:
    AnthropicFormat(QUrl baseUrl, ApiKey key) : m_baseUrl(std::move(baseUrl)), m_key(std::move(key)) {}

    WireRequest buildRequest(const ReplayCall &call, bool stream) const override;
    Result<ProviderReply> parseReply(const QByteArray &body) const override;
    std::unique_ptr<StreamDecoder> newStreamDecoder() const override;
    ProviderError parseError(int httpStatus, const QByteArray &body) const override;
    QByteArray requestIdHeader() const override { return QByteArrayLiteral("request-id"); }

private:
    QUrl m_baseUrl;
    ApiKey m_key;
};

} // namespace assay

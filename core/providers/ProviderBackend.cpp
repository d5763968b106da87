#include "providers/ProviderBackend.h"

#include "providers/ApiKeys.h"
#include "providers/HttpProviderBackend.h"

using namespace Qt::StringLiterals;

namespace assay {

Result<std::unique_ptr<ReplayBackend>> makeProviderBackend(const ProviderBackendOptions &options)
{
    const std::optional<ProviderKind> kind = providerKindFromId(options.provider);
    if (!kind)
        return fail(u"Unknown provider '%1': use anthropic, openai, gemini or openai-compatible."_s.arg(options.provider));
    if (options.maxConcurrency < 1)
        return fail(u"The concurrency must be at least 1 (got %1)."_s.arg(options.maxConcurrency));
    if (options.maxRetries < 0)
        return fail(u"The number of retries cannot be negative (got %1)."_s.arg(options.maxRetries));
    if (options.requestsPerMinute < 0 || options.tokensPerMinute < 0)
        return fail(u"Rate caps cannot be negative."_s);
    Result<QUrl> baseUrl = apikeys::baseUrl(*kind, options.baseUrl);
    if (!baseUrl)
        return fail(baseUrl.error());
    Result<ApiKey> key = apikeys::find(*kind);
    if (!key)
        return fail(key.error());

    HttpBackendConfig config;
    config.kind = *kind;
    config.baseUrl = *baseUrl;
    config.key = *key;
    config.stream = options.stream;
    config.maxConcurrency = options.maxConcurrency;
    config.requestsPerMinute = options.requestsPerMinute;
    config.tokensPerMinute = options.tokensPerMinute;
    config.maxRetries = options.maxRetries;
    return makeHttpProviderBackend(std::move(config));
}

} // namespace assay

#pragma once

#include "replay/ReplayBackend.h"
#include "util/Result.h"

#include <QString>

#include <memory>

namespace assay {

struct ProviderBackendOptions {
    QString provider; // "anthropic", "openai", "gemini" or "openai-compatible"
    QString baseUrl;  // empty: the provider's *_BASE_URL variable, else its public endpoint
    bool stream = false;          // SSE streaming instead of one JSON response
    int maxConcurrency = 8;       // adaptive concurrency never goes above this
    double requestsPerMinute = 0; // 0: no cap
    double tokensPerMinute = 0;   // 0: no cap
    int maxRetries = 2;           // as the official SDKs
};

// A backend that calls the provider's real API (core/providers). The key comes from the
// provider's usual environment variable or the OS keychain; a missing key is an error that
// says where to put one. Create and use it on a thread with an event loop.
Result<std::unique_ptr<ReplayBackend>> makeProviderBackend(const ProviderBackendOptions &options);

} // namespace assay

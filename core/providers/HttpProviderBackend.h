#pragma once

#include "providers/ApiKey.h"
#include "providers/ProviderClock.h"
#include "providers/ProviderKind.h"
#include "replay/ReplayBackend.h"

#include <QUrl>

#include <functional>
#include <memory>

namespace assay {

// Everything an HTTP provider backend needs, resolved: makeProviderBackend() fills it from the
// options, the environment and the keychain; tests fill it directly (a fake server's URL, short
// timeouts, an injected clock).
struct HttpBackendConfig {
    ProviderKind kind = ProviderKind::Anthropic;
    QUrl baseUrl;
    ApiKey key;
    bool stream = false;
    int maxConcurrency = 8;
    double requestsPerMinute = 0; // 0: no cap
    double tokensPerMinute = 0;   // 0: no cap; a call is estimated at prompt chars / 4 + max tokens
    int maxRetries = 2;
    int connectTimeoutMs = 5'000; // the SDKs' connect timeout
    // No byte for this long: the attempt is abandoned and retried. Armed once the request is sent
    // when streaming (the APIs send pings), once the response has begun otherwise (a non-streamed
    // answer legitimately takes minutes before its first byte).
    int stallTimeoutMs = 60'000;
    int requestTimeoutMs = 600'000; // one attempt from start to last byte, as the SDKs' timeout
    // The whole call, all attempts and the waits between them; 0: only the limits above. A retry
    // whose wait would end past it is not made, and the last attempt is cut at it.
    qint64 callDeadlineMs = 0;
    std::shared_ptr<ProviderClock> clock; // retry waits and rate caps; null: the system clock
    std::function<double()> random;       // backoff jitter in [0, 1); null: QRandomGenerator
};

// A ReplayBackend over QNetworkAccessManager, living on the calling thread (which must run an
// event loop). Destroying it aborts what is in flight without calling `done`.
std::unique_ptr<ReplayBackend> makeHttpProviderBackend(HttpBackendConfig config);

} // namespace assay

#pragma once

#include "providers/ProviderKind.h"
#include "providers/WireFormat.h"

#include <QNetworkReply>
#include <QString>

namespace assay {

// The sentences a failed call ends with. Built only from the status, the provider's error type
// and message, and the request id; callers pass the result through ApiKey::redact() because a
// provider may quote the key it rejected.
namespace errortext {

// "Anthropic answered HTTP 429 rate_limit_error: Too many requests (request id req_1)"
QString httpError(ProviderKind kind, int httpStatus, const ProviderError &error, const QString &requestId);
// "OpenAI: the connection was refused (is the server running?)"
QString transportError(ProviderKind kind, QNetworkReply::NetworkError code, const QString &qtMessage);
// "Gemini: <what> (request id ...)" for a response that arrived but was not usable.
QString protocolError(ProviderKind kind, const QString &what, const QString &requestId);
// Appended when retries were spent: " (gave up after 3 attempts)".
QString attemptsSuffix(int attempts);

} // namespace errortext

} // namespace assay

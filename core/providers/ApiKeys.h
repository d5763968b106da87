#pragma once

#include "providers/ApiKey.h"
#include "providers/ProviderKind.h"
#include "util/Result.h"

#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>

namespace assay {

// Where a provider's key and endpoint come from: the variables its official SDK reads, then the
// system keychain (service "Assay", account "<provider>-api-key", the entry the settings dialog
// writes). openai-compatible servers have their own variable, so an OpenAI key is never sent to a
// local or third-party server by accident, and may run without a key at all.
namespace apikeys {

// In the order they are consulted: GOOGLE_API_KEY wins over GEMINI_API_KEY, as in google-genai.
QStringList keyVariables(ProviderKind kind);
QStringList baseUrlVariables(ProviderKind kind);
QString keychainService();                   // "Assay"
QString keychainAccount(ProviderKind kind); // "anthropic-api-key"
// The public endpoint; empty for openai-compatible (the user must name the server).
QUrl defaultBaseUrl(ProviderKind kind);

// The key from the environment, else the keychain. A missing key fails with a message that says
// where to put one (openai-compatible: an empty key is fine). Blocks while the keychain answers,
// so call it from a worker thread or before the UI is up.
Result<ApiKey> find(ProviderKind kind);

// `explicitUrl` when given, else the first *_BASE_URL variable set, else the default. Fails on a
// URL that is not http(s) with a host, and for openai-compatible without one.
Result<QUrl> baseUrl(ProviderKind kind, const QString &explicitUrl);

// Tests: answer keychain reads from `reader` (account -> key, nullopt when absent) instead of
// the system keychain, which an offscreen test run cannot reach. An empty function restores it.
void setKeychainReaderForTesting(std::function<std::optional<QString>(const QString &account)> reader);

} // namespace apikeys

} // namespace assay

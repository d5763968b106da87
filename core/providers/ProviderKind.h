#pragma once

#include <QString>

#include <optional>

namespace assay {

// The wire formats Assay speaks. OpenAiCompatible is the Chat Completions format sent to a server
// the user names (Ollama, vLLM, llama.cpp server): same JSON, its own base URL and key.
enum class ProviderKind { Anthropic, OpenAi, Gemini, OpenAiCompatible };

// "anthropic", "openai", "gemini", "openai-compatible" (as the CLI and the keychain spell them).
QString providerId(ProviderKind kind);
// "Anthropic", "OpenAI", "Gemini", "OpenAI-compatible server": the start of an error message.
QString providerDisplayName(ProviderKind kind);
std::optional<ProviderKind> providerKindFromId(const QString &id);

} // namespace assay

#pragma once

#include "util/Result.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace assay {

// One thing a replay compares against the logged baseline: a prompt version sent to a model of
// a provider with its parameters.
struct ReplayTarget {
    QString promptName;
    QString promptVersion;
    QString provider; // "anthropic", "openai", "gemini", "openai-compatible"
    QString model;
    QString baseUrl;  // empty: the provider's default (or its *_BASE_URL variable)
    int maxTokens = 1024;
    std::optional<double> temperature;

    QString promptRef() const { return promptName + u'@' + promptVersion; }
    // "ticket_summary@v3 anthropic/claude-haiku-4-5", as results and summaries name a target.
    QString label() const;
    // What the model is asked with besides the prompt: {"max_tokens":..,"temperature":..}.
    QJsonObject parameters() const;

    QJsonObject toJson() const;
    static ReplayTarget fromJson(const QJsonObject &json);
    bool operator==(const ReplayTarget &) const = default;
};

bool isKnownReplayProvider(const QString &provider);

// A base URL is kept with the run (so that a resume reaches the same server): it must be http(s)
// with a host and carry no credentials or query. The message never repeats the URL: it may hold
// the very secret it is refused for.
Result<void> checkStoredBaseUrl(const QString &baseUrl);

} // namespace assay

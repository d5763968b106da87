#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace assay {

struct ModelPrice;

// Tokens of a prompt before any provider has counted them: one token per four characters
// (UTF-16 code units), rounded up. That is the providers' own rule of thumb for English; code,
// JSON and non-Latin scripts run denser, so the estimate is a guide and the budget cap stops
// on real spend as results come in.
inline constexpr double replayCharsPerToken = 4.0;
qint64 estimateTokens(const QString &text);

// The output a call is expected to write: what the logged call wrote, at most max_tokens; the
// whole max_tokens when the log has no count (the most a call can be charged for).
qint64 expectedOutputTokens(std::optional<qint64> loggedOutputTokens, int maxTokens);

// USD of a call at `price`, or nothing without a price.
std::optional<double> estimateCostUsd(const std::optional<ModelPrice> &price, qint64 inputTokens, qint64 outputTokens);

// What a run is expected to take before it starts.
struct ReplayEstimate {
    qint64 cases = 0;        // outputs replayed
    qint64 calls = 0;        // cases x targets that will be sent (render errors excluded)
    qint64 renderErrors = 0; // cases x targets that could not be rendered
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    double costUsd = 0;      // of the priced calls
    qint64 unpricedCalls = 0;
    QStringList unpricedModels;

    QJsonObject toJson() const;
    static ReplayEstimate fromJson(const QJsonObject &json);
};

} // namespace assay

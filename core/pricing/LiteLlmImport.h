#pragma once

#include "pricing/ModelPrice.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace assay {

struct LiteLlmImport {
    QList<ModelPrice> rows; // exact-name rows, source Imported, prices per million tokens
    int imported = 0;
    int skipped = 0;           // entries with no per-token price (images, audio, the sample_spec)
    QStringList skippedModels; // their names, sorted, for a "details" view
};

// LiteLLM's model_prices_and_context_window.json: an object keyed by exact model name, prices in
// USD per token (input_cost_per_token, output_cost_per_token, cache_read_input_token_cost,
// cache_creation_input_token_cost, and the same keys with an _above_<N>k_tokens suffix for tiers).
// Names keep their provider prefixes ("bedrock/...", "vertex_ai/..."): they are exact names there.
Result<LiteLlmImport> importLiteLlm(const QByteArray &json, const QString &note = QString());

} // namespace assay

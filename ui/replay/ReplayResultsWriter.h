#pragma once

#include "util/Result.h"

#include <QString>

namespace assay {

class ReplayRunStore;

// Writes a run's results to `path` as "jsonl" or "csv": one record per case and target with the
// fields of `assay replay SOURCE results` (output_id, target, status, output, input_tokens,
// output_tokens, cost, latency_ms, attempts, error, from_cache, request_id). The CLI keeps its
// writer to itself, so the GUI has this one; the file is replaced only when complete
// (QSaveFile). Returns the number of records.
Result<qint64> writeReplayResults(ReplayRunStore &store, qint64 runId, const QString &path, const QString &format);

} // namespace assay

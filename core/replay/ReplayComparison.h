#pragma once

#include "replay/ReplayResult.h"
#include "replay/ReplayTarget.h"
#include "util/Result.h"

#include <QList>
#include <QString>

#include <optional>

namespace assay {

class OutputsRepository;
class PriceTable;
class ReplayRunStore;

// The logged call a case replays: what the new outputs are compared with.
struct ReplayBaseline {
    QString input;  // the logged input variables (JSON text)
    QString output; // the logged output, cut at the loader's limit
    QString feature;
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens;
    std::optional<qint64> latencyMs;
    std::optional<double> costUsd; // logged, else computed from its tokens; none when unpriced
    QString error; // the record could not be read (gone from the log, say)
};

struct ReplayComparisonRow {
    int caseNo = 0;
    QString outputKey;
    ReplayBaseline baseline;
    QList<ReplayResult> results; // one per target, in target order (Pending when not run yet)
};

// A run side by side with its baseline, loaded in one go for a results view. Fill it on a
// worker thread (it reads the workspace and the log) and hand it to ReplayResultsModel.
struct ReplayComparison {
    qint64 runId = 0;
    QList<ReplayTarget> targets;
    QList<ReplayComparisonRow> rows;
};

// Later additions (pairwise judgements, automatic checks) join rows by (runId, caseNo, target).
Result<ReplayComparison> loadReplayComparison(ReplayRunStore &store, OutputsRepository &outputs,
                                              const PriceTable &prices, qint64 runId,
                                              qint64 maxTextChars = 64 * 1024);

// target - baseline, or none when either side is unknown.
std::optional<qint64> tokenDelta(const ReplayResult &result, const ReplayBaseline &baseline);
std::optional<double> costDelta(const ReplayResult &result, const ReplayBaseline &baseline);
std::optional<qint64> latencyDelta(const ReplayResult &result, const ReplayBaseline &baseline);

} // namespace assay

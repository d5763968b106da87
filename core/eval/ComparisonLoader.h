#pragma once

#include "eval/CheckSet.h"
#include "eval/ComparedPairs.h"
#include "eval/ComparisonSummary.h"
#include "eval/JudgingStore.h"

#include <optional>

namespace assay {

class OutputsRepository;
class PriceTable;
class Workspace;

// Outputs up to this size are compared and checked whole; longer ones are cut (and say so).
constexpr qint64 kComparedTextChars = 4 * 1024 * 1024;

// Run `runId`'s cases with side A beside side B, read from the workspace and the log.
// Call on a worker thread: it reads every case of the run.
Result<ComparedPairs> loadComparedPairs(Workspace &workspace, OutputsRepository &outputs, const PriceTable &prices,
                                        qint64 runId, const ComparisonSide &a, const ComparisonSide &b);

// The pairs of a judging session's run and sides.
Result<ComparedPairs> loadSessionPairs(Workspace &workspace, OutputsRepository &outputs, const PriceTable &prices,
                                       const JudgingSession &session);

// Every verdict people currently stand by on these pairs, from each judging session over the
// same run and the same two sides (either way round: a session of B against A counts flipped).
Result<QList<JudgeVote>> loadHumanVotes(Workspace &workspace, const ComparedPairs &pairs);

// People's votes and the judge model's together: what a comparison counts before JudgeSelection picks.
Result<QList<JudgeVote>> loadAllVotes(Workspace &workspace, const ComparedPairs &pairs);

// The check set a comparison of this run uses when none is named: the default set of the run's
// (first target's) prompt, as `assay checks` picks it; nullopt when there is none.
Result<std::optional<CheckSet>> defaultComparisonChecks(Workspace &workspace, qint64 runId, const QString &registryRoot);

} // namespace assay

#pragma once

#include "eval/ComparedPairs.h"
#include "eval/ComparisonSummary.h"
#include "eval/JudgingStore.h"

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

} // namespace assay

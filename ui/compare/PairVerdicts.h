#pragma once

#include "compare/CompareTypes.h"
#include "util/Result.h"

namespace assay {

class Workspace;

// What people said about one case of a comparison, notes included: the current verdicts of every
// judging session over the same run and the same two sides (a session of B against A flipped,
// as loadHumanVotes counts it), oldest first.
Result<QList<PairVerdictLine>> verdictsOnCase(Workspace &workspace, qint64 runId, const QString &sideA,
                                              const QString &sideB, int caseNo);

} // namespace assay

#pragma once

#include "eval/ComparisonSummary.h"
#include "eval/JudgingStore.h"
#include "util/Result.h"

#include <QList>
#include <QString>

namespace assay {

// A judging session whose verdicts count for a comparison: over the same run and the same two
// sides, either way round. A session of B against A counts flipped (`reversed`).
struct MatchingSession {
    JudgingSession session;
    bool reversed = false;
};

// Every such session, newest first: the one rule people's votes, the judge model's votes and a
// pair's verdict list all follow.
Result<QList<MatchingSession>> sessionsComparing(JudgingStore &store, qint64 runId, const QString &sideA,
                                                 const QString &sideB);

// A verdict of a reversed session in the comparison's terms.
PairWinner flippedWinner(PairWinner winner);

} // namespace assay

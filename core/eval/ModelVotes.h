#pragma once

#include "eval/ComparedPairs.h"
#include "eval/ComparisonSummary.h"
#include "eval/JudgeOrders.h"
#include "eval/JudgeRunStore.h"

#include <QHash>

namespace assay {

class Workspace;

// The judge model's votes on these pairs, from the judge runs of every judging session over the
// same run and sides (either way round, as loadHumanVotes), one vote per model per case: for a
// model that judged a session more than once (another rubric, say) its newest run counts. A pair
// votes only when both orders were decided: agreeing orders give the winner, disagreeing ones a
// tie marked positionInconsistent; pairs with an invalid, failed or missing order cast no vote
// (see judgeRunCounts). Settles any result not read yet (after a kill -9, say) on the way.
Result<QList<JudgeVote>> loadModelVotes(Workspace &workspace, const ComparedPairs &pairs);

// Each judge model's newest run over a judging session (a model that judged it again, with
// another rubric say, counts by its newest run), settled, with its orders' outcomes by pair
// number. Models vote, and the pair view explains their votes, from this alone.
struct ModelJudgement {
    JudgeRunLink link;
    QHash<int, std::optional<JudgeOrderOutcome>> first; // order 1: the session's A as response 1
    QHash<int, std::optional<JudgeOrderOutcome>> second;
    JudgedPair pair(int pairNo) const { return combineOrders(first.value(pairNo), second.value(pairNo)); }
};
Result<QList<ModelJudgement>> newestJudgements(JudgeRunStore &runs, const QString &session);

// A judge run's counts over its session's pairs (settling first).
Result<JudgeRunCounts> judgeRunCounts(Workspace &workspace, qint64 runId, const QString &session);

} // namespace assay

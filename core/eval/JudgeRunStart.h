#pragma once

#include "eval/JudgeRunPlan.h"
#include "eval/JudgeRunStore.h"
#include "util/Result.h"

#include <optional>

namespace assay {

class OutputsRepository;
class PriceTable;
class Workspace;

// What starting a judge run would do, worked out before anything is stored or sent: resume
// the run made earlier for exactly this request, or make a new one (with its estimate).
struct PreparedJudgeRun {
    JudgeRunRequest request;
    qint64 pairs = 0;                     // the session's drawn pairs
    std::optional<JudgeRunLink> existing; // set: starting resumes this run
    qint64 pendingCalls = 0;              // of the existing run
    qint64 totalCalls = 0;
    std::optional<JudgePlan> plan;        // no existing run: the one to store, with its estimate
};

// The CLI's `judge NAME --llm` and the Judging tab's "Judge with a model…" both call this, then
// createOrResumeJudgeRun(). Refuses a budget when some calls have no price (the budget could
// not be kept), and a session whose pairs cannot be read.
Result<PreparedJudgeRun> prepareJudgeRun(Workspace &workspace, OutputsRepository &outputs, const PriceTable &prices,
                                         const JudgingSession &session, const JudgeRunRequest &request);

// Stores the prepared run (or hands back the existing one): the replay engine then runs it.
Result<JudgeRunLink> createOrResumeJudgeRun(Workspace &workspace, const PreparedJudgeRun &prepared, const QString &source,
                                            const QString &createdBy);

} // namespace assay

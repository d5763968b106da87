#include "eval/JudgingSessionStart.h"

#include "eval/ComparisonLoader.h"
#include "eval/JudgingSampler.h"

using namespace Qt::StringLiterals;

namespace assay {

Result<StartedJudgingSession> startJudgingSession(Workspace &workspace, OutputsRepository &outputs,
                                                  const PriceTable &prices, const JudgingSessionDraft &draft)
{
    auto pairs = loadComparedPairs(workspace, outputs, prices, draft.runId, draft.a, draft.b);
    if (!pairs)
        return fail(pairs.error());
    if (pairs->pairs.isEmpty())
        return fail(u"run %1 has no case with both outputs (%2 cases, %3 excluded): nothing to judge"_s.arg(draft.runId)
                        .arg(pairs->cases)
                        .arg(pairs->excluded.total()));
    StartedJudgingSession started;
    started.drawn = drawJudgingPairs(*pairs, draft.size, draft.seed);
    JudgingSession &s = started.session;
    s.name = draft.name.trimmed();
    s.runId = draft.runId;
    s.sideA = draft.a.key();
    s.sideB = draft.b.key();
    s.seed = draft.seed;
    s.size = int(started.drawn.size());
    s.createdBy = draft.createdBy;
    if (auto created = JudgingStore(workspace).createSession(s, started.drawn); !created)
        return fail(created.error());
    started.pairs = std::move(*pairs);
    return started;
}

} // namespace assay

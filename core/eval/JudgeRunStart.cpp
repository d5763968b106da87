#include "eval/JudgeRunStart.h"

#include "eval/ComparisonLoader.h"
#include "replay/ReplayRunStore.h"

using namespace Qt::StringLiterals;

namespace assay {

Result<PreparedJudgeRun> prepareJudgeRun(Workspace &workspace, OutputsRepository &outputs, const PriceTable &prices,
                                         const JudgingSession &session, const JudgeRunRequest &request)
{
    PreparedJudgeRun prepared;
    prepared.request = request;
    auto existing = JudgeRunStore(workspace).find(request);
    if (!existing)
        return fail(existing.error());
    if (*existing) {
        auto tally = ReplayRunStore(workspace).tally((*existing)->runId);
        if (!tally)
            return fail(tally.error());
        prepared.existing = **existing;
        prepared.pendingCalls = tally->pending();
        prepared.totalCalls = tally->calls;
        prepared.pairs = session.size;
        return prepared;
    }
    auto drawn = JudgingStore(workspace).pairs(session.name);
    if (!drawn)
        return fail(drawn.error());
    auto pairs = loadSessionPairs(workspace, outputs, prices, session);
    if (!pairs)
        return fail(pairs.error());
    auto plan = planJudgeRun(request, *drawn, *pairs, prices);
    if (!plan)
        return fail(plan.error());
    const ReplayEstimate &e = plan->plan.estimate;
    if (request.options.budgetUsd && e.unpricedCalls > 0)
        return fail(u"a budget needs a price for %1: add one with --prices FILE (Settings ▸ Prices in the window)"_s.arg(
            e.unpricedModels.join(u", "_s)));
    prepared.pairs = drawn->size();
    prepared.totalCalls = e.calls;
    prepared.pendingCalls = e.calls;
    prepared.plan = std::move(*plan);
    return prepared;
}

Result<JudgeRunLink> createOrResumeJudgeRun(Workspace &workspace, const PreparedJudgeRun &prepared, const QString &source,
                                            const QString &createdBy)
{
    if (prepared.existing)
        return *prepared.existing;
    if (!prepared.plan)
        return fail(u"the judge run was not prepared"_s);
    return JudgeRunStore(workspace).createRun(prepared.request, *prepared.plan, source, createdBy);
}

} // namespace assay

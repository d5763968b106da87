#include "eval/JudgeRunPlan.h"

#include "pricing/PriceTable.h"
#include "replay/ReplayEstimate.h"

using namespace Qt::StringLiterals;

namespace assay {

ReplayTarget JudgeRunRequest::target() const
{
    ReplayTarget t;
    t.promptName = u"judge"_s;
    t.promptVersion = rubric.fingerprint();
    t.provider = provider;
    t.model = model;
    t.baseUrl = baseUrl;
    t.maxTokens = maxTokens;
    t.temperature = temperature;
    return t;
}

QString judgeOutputKey(const QString &session, int pairNo, int order)
{
    return u"judge:%1:%2:%3"_s.arg(session).arg(pairNo).arg(order);
}

std::optional<JudgeCaseKey> parseJudgeOutputKey(const QString &key)
{
    if (!key.startsWith("judge:"_L1))
        return std::nullopt;
    const qsizetype orderAt = key.lastIndexOf(u':');
    const qsizetype pairAt = key.lastIndexOf(u':', orderAt - 1);
    if (pairAt <= 5)
        return std::nullopt;
    bool pairOk = false, orderOk = false;
    JudgeCaseKey k;
    k.session = key.mid(6, pairAt - 6);
    k.pairNo = key.mid(pairAt + 1, orderAt - pairAt - 1).toInt(&pairOk);
    k.order = key.mid(orderAt + 1).toInt(&orderOk);
    if (!pairOk || !orderOk || k.session.isEmpty() || (k.order != 1 && k.order != 2))
        return std::nullopt;
    return k;
}

Result<JudgePlan> planJudgeRun(const JudgeRunRequest &request, const QList<JudgingPair> &drawn,
                               const ComparedPairs &pairs, const PriceTable &prices)
{
    if (request.model.isEmpty())
        return fail(u"the judge needs a model (--model)"_s);
    if (!isKnownReplayProvider(request.provider))
        return fail(u"\"%1\" is not anthropic, openai, gemini or openai-compatible"_s.arg(request.provider));
    if (drawn.isEmpty())
        return fail(u"judging session %1 has no pairs"_s.arg(request.session));
    JudgePlan p;
    const ReplayTarget target = request.target();
    p.spec.targets = {target};
    p.spec.options = request.options;
    p.spec.inputs.kind = ReplayInputs::Kind::Ids; // the cases are the judge prompts, not logged outputs
    p.plan.targets = {target};
    const std::optional<ModelPrice> price = prices.find(target.model);
    ReplayEstimate &e = p.plan.estimate;
    for (const JudgingPair &drawnPair : drawn) {
        const ComparedPair *pair = pairs.pairForCase(drawnPair.caseNo);
        for (int order : {1, 2}) {
            PlannedCase c;
            c.outputKey = judgeOutputKey(request.session, drawnPair.pairNo, order);
            PlannedCall call;
            if (!pair) {
                call.renderError = u"pair %1: case %2 no longer has both outputs"_s.arg(drawnPair.pairNo).arg(drawnPair.caseNo);
            } else {
                const PairSideOutput &first = order == 1 ? pair->a : pair->b;
                const PairSideOutput &second = order == 1 ? pair->b : pair->a;
                auto prompt = request.rubric.render(request.criteria, pair->input, first.output, second.output);
                if (prompt)
                    call.prompt = *prompt;
                else
                    call.renderError = u"pair %1: %2"_s.arg(drawnPair.pairNo).arg(prompt.error());
            }
            ++e.cases;
            if (call.renderError.isEmpty()) {
                call.estInputTokens = estimateTokens(call.prompt);
                call.estOutputTokens = expectedOutputTokens(std::nullopt, target.maxTokens);
                call.estCostUsd = estimateCostUsd(price, call.estInputTokens, call.estOutputTokens);
                ++e.calls;
                e.inputTokens += call.estInputTokens;
                e.outputTokens += call.estOutputTokens;
                if (call.estCostUsd) {
                    e.costUsd += *call.estCostUsd;
                } else {
                    ++e.unpricedCalls;
                    if (!e.unpricedModels.contains(target.model))
                        e.unpricedModels << target.model;
                }
            } else {
                ++e.renderErrors;
            }
            c.calls = {call};
            p.plan.cases << c;
        }
    }
    return p;
}

} // namespace assay

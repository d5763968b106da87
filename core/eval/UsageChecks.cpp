#include "eval/CheckContext.h"
#include "eval/CheckSpec.h"

using namespace Qt::StringLiterals;

namespace assay {

// latency, cost and max-output-tokens: at most `threshold`, as promptfoo's latency and cost are.
// A call whose figure was not logged cannot be judged: not applicable, never a silent pass.
CheckVerdict evaluateUsageCheck(const CheckSpec &spec, const CheckInput &input)
{
    const double limit = spec.threshold.value_or(0);
    switch (spec.kind) {
    case CheckKind::Latency:
        if (!input.latencyMs)
            return CheckVerdict::notApplicable(u"no latency recorded"_s);
        return {static_cast<double>(*input.latencyMs) <= limit,
                u"latency %1 ms (limit %2 ms)"_s.arg(*input.latencyMs).arg(limit)};
    case CheckKind::Cost:
        if (!input.costUsd)
            return CheckVerdict::notApplicable(u"no cost known (not logged, and no price for the model)"_s);
        return {*input.costUsd <= limit, u"cost $%1 (limit $%2)"_s.arg(*input.costUsd, 0, 'g', 4).arg(limit)};
    case CheckKind::MaxOutputTokens:
        if (!input.outputTokens)
            return CheckVerdict::notApplicable(u"no output token count recorded"_s);
        return {static_cast<double>(*input.outputTokens) <= limit,
                u"%1 output tokens (limit %2)"_s.arg(*input.outputTokens).arg(limit)};
    default:
        return CheckVerdict::notApplicable(u"not a usage check"_s);
    }
}

} // namespace assay

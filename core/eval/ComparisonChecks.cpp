#include "eval/ComparisonChecks.h"

namespace assay {

namespace {

CheckInput inputOf(const PairSideOutput &side, const QString &vars)
{
    return CheckInput{side.output, vars, side.latencyMs, side.costUsd, side.outputTokens};
}

} // namespace

QList<CheckPairResults> checkPairs(const CheckSet &set, const ComparedPairs &pairs)
{
    QList<CheckPairResults> out;
    for (const QString &name : set.names())
        out << CheckPairResults{name, {}, {}, {}};
    for (const ComparedPair &pair : pairs.pairs) {
        const QList<CheckOutcome> a = set.evaluate(inputOf(pair.a, pair.input));
        const QList<CheckOutcome> b = set.evaluate(inputOf(pair.b, pair.input));
        for (qsizetype c = 0; c < out.size() && c < a.size() && c < b.size(); ++c) {
            out[c].aPassed << a[c].passed;
            out[c].bPassed << b[c].passed;
            out[c].counted << (a[c].applicable && b[c].applicable);
        }
    }
    return out;
}

} // namespace assay

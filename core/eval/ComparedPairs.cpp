#include "eval/ComparedPairs.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

enum class Missing { None, Failed, RenderError, Pending, Baseline };

Missing sideOutput(const ReplayComparisonRow &row, const ComparisonSide &side, PairSideOutput &out)
{
    if (side.isBaseline()) {
        if (!row.baseline.error.isEmpty())
            return Missing::Baseline;
        out.output = row.baseline.output;
        out.costUsd = row.baseline.costUsd;
        out.latencyMs = row.baseline.latencyMs;
        out.outputTokens = row.baseline.outputTokens;
        return Missing::None;
    }
    const ReplayResult &r = row.results.at(side.targetNo);
    switch (r.status) {
    case ReplayResultStatus::Ok:
        break;
    case ReplayResultStatus::Failed:
        return Missing::Failed;
    case ReplayResultStatus::RenderError:
        return Missing::RenderError;
    case ReplayResultStatus::Pending:
        return Missing::Pending;
    }
    out.output = r.output;
    out.costUsd = r.costUsd;
    out.latencyMs = r.latencyMs;
    out.outputTokens = r.outputTokens;
    return Missing::None;
}

void count(PairExclusions &excluded, Missing why)
{
    switch (why) {
    case Missing::None:
        break;
    case Missing::Failed:
        ++excluded.failed;
        break;
    case Missing::RenderError:
        ++excluded.renderErrors;
        break;
    case Missing::Pending:
        ++excluded.pending;
        break;
    case Missing::Baseline:
        ++excluded.missingBaseline;
        break;
    }
}

} // namespace

const ComparedPair *ComparedPairs::pairForCase(int caseNo) const
{
    // Pairs are in case order: a binary search finds one among tens of thousands.
    const auto it = std::lower_bound(pairs.begin(), pairs.end(), caseNo,
                                     [](const ComparedPair &p, int c) { return p.caseNo < c; });
    return it != pairs.end() && it->caseNo == caseNo ? &*it : nullptr;
}

const ReplayTarget *ComparedPairs::targetOf(const ComparisonSide &side) const
{
    if (side.isBaseline())
        return nullptr;
    const int at = side.isOtherRun() ? otherRunOffsets.value(side.runId, -1) : 0;
    if (at < 0)
        return nullptr;
    const qsizetype index = at + side.targetNo;
    return index < targets.size() ? &targets.at(index) : nullptr;
}

Result<ComparedPairs> pairSides(const ReplayComparison &run, const ComparisonSide &a, const ComparisonSide &b)
{
    for (const ComparisonSide *side : {&a, &b}) {
        if (!side->isBaseline() && side->targetNo >= run.targets.size())
            return fail(u"run %1 has no target %2"_s.arg(run.runId).arg(side->targetNo + 1));
    }
    if (a == b)
        return fail(u"A and B are the same side (%1): compare two different ones"_s.arg(a.describe(run.targets)));
    ComparedPairs out;
    out.runId = run.runId;
    out.targets = run.targets;
    out.a = a;
    out.b = b;
    out.cases = run.rows.size();
    for (const ReplayComparisonRow &row : run.rows) {
        ComparedPair pair;
        pair.caseNo = row.caseNo;
        pair.outputKey = row.outputKey;
        pair.feature = row.baseline.feature;
        pair.input = row.baseline.input;
        const Missing missingA = sideOutput(row, a, pair.a);
        if (missingA != Missing::None) {
            count(out.excluded, missingA);
            continue;
        }
        const Missing missingB = sideOutput(row, b, pair.b);
        if (missingB != Missing::None) {
            count(out.excluded, missingB);
            continue;
        }
        out.pairs << pair;
    }
    std::sort(out.pairs.begin(), out.pairs.end(), [](const ComparedPair &x, const ComparedPair &y) { return x.caseNo < y.caseNo; });
    return out;
}

} // namespace assay

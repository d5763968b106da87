#include "compare/PairVerdicts.h"

#include "eval/JudgingStore.h"

#include <algorithm>

namespace assay {

namespace {

PairWinner flipped(PairWinner winner)
{
    switch (winner) {
    case PairWinner::A:
        return PairWinner::B;
    case PairWinner::B:
        return PairWinner::A;
    case PairWinner::Tie:
        break;
    }
    return PairWinner::Tie;
}

} // namespace

Result<QList<PairVerdictLine>> verdictsOnCase(Workspace &workspace, qint64 runId, const QString &sideA,
                                              const QString &sideB, int caseNo)
{
    JudgingStore store(workspace);
    auto sessions = store.sessions();
    if (!sessions)
        return fail(sessions.error());
    QList<PairVerdictLine> lines;
    for (const JudgingSession &s : *sessions) {
        const bool same = s.sideA == sideA && s.sideB == sideB;
        const bool reversed = s.sideA == sideB && s.sideB == sideA;
        if (s.runId != runId || (!same && !reversed))
            continue;
        auto pairs = store.pairs(s.name);
        if (!pairs)
            return fail(pairs.error());
        const auto pair = std::find_if(pairs->cbegin(), pairs->cend(), [caseNo](const JudgingPair &p) { return p.caseNo == caseNo; });
        if (pair == pairs->cend())
            continue;
        auto verdicts = store.currentVerdicts(s.name);
        if (!verdicts)
            return fail(verdicts.error());
        for (const PairVerdict &v : *verdicts) {
            if (v.pairNo != pair->pairNo)
                continue;
            lines << PairVerdictLine{s.name, v.judge, reversed ? flipped(v.winner) : v.winner, v.note, v.createdAt};
        }
    }
    std::sort(lines.begin(), lines.end(), [](const PairVerdictLine &x, const PairVerdictLine &y) { return x.createdAt < y.createdAt; });
    return lines;
}

} // namespace assay

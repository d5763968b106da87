#include "eval/CaseVerdicts.h"

#include "eval/JudgeRunStore.h"
#include "eval/MatchingSessions.h"
#include "eval/ModelVotes.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString orderWords(const std::optional<JudgeOrderOutcome> &o, int order)
{
    const QString which = order == 1 ? u"A shown first"_s : u"B shown first"_s;
    if (!o)
        return u"%1: not answered yet"_s.arg(which);
    switch (o->status) {
    case JudgeOrderStatus::Decided:
        return o->reason.isEmpty() ? u"%1: no reason given"_s.arg(which) : u"%1: %2"_s.arg(which, o->reason);
    case JudgeOrderStatus::Invalid:
        return u"%1: invalid reply (%2)"_s.arg(which, o->problem);
    case JudgeOrderStatus::Failed:
        break;
    }
    return u"%1: failed (%2)"_s.arg(which, o->problem);
}

Result<void> addModelLines(JudgeRunStore &runs, const MatchingSession &m, int pairNo, QList<PairVerdictLine> &lines)
{
    auto judgements = newestJudgements(runs, m.session.name); // the runs the model's votes come from
    if (!judgements)
        return fail(judgements.error());
    for (const ModelJudgement &j : *judgements) {
        const JudgeRunLink &link = j.link;
        const std::optional<JudgeOrderOutcome> first = j.first.value(pairNo);
        const std::optional<JudgeOrderOutcome> second = j.second.value(pairNo);
        const JudgedPair judged = j.pair(pairNo);
        PairVerdictLine line;
        line.session = m.session.name;
        line.judge = link.judgeName();
        line.isModel = true;
        line.counted = judged.kind != JudgedPair::Kind::Excluded;
        line.winner = m.reversed ? flippedWinner(judged.winner) : judged.winner;
        QStringList parts;
        if (judged.kind == JudgedPair::Kind::Inconsistent)
            parts << u"position-inconsistent (the orders disagree: a tie)"_s;
        else if (judged.kind == JudgedPair::Kind::Excluded)
            parts << u"no vote"_s;
        // Order 1 shows the session's A first; in a reversed session that is the comparison's B.
        parts << orderWords(first, m.reversed ? 2 : 1) << orderWords(second, m.reversed ? 1 : 2);
        line.note = parts.join(u" · "_s);
        line.createdAt = link.createdAt;
        lines << line;
    }
    return {};
}

} // namespace

Result<QList<PairVerdictLine>> verdictsOnCase(Workspace &workspace, qint64 runId, const QString &sideA,
                                              const QString &sideB, int caseNo)
{
    JudgingStore store(workspace);
    JudgeRunStore runs(workspace);
    auto matching = sessionsComparing(store, runId, sideA, sideB);
    if (!matching)
        return fail(matching.error());
    QList<PairVerdictLine> lines;
    for (const MatchingSession &m : *matching) {
        auto pairs = store.pairs(m.session.name);
        if (!pairs)
            return fail(pairs.error());
        const auto pair = std::find_if(pairs->cbegin(), pairs->cend(), [caseNo](const JudgingPair &p) { return p.caseNo == caseNo; });
        if (pair == pairs->cend())
            continue;
        auto verdicts = store.currentVerdicts(m.session.name);
        if (!verdicts)
            return fail(verdicts.error());
        for (const PairVerdict &v : *verdicts) {
            if (v.pairNo == pair->pairNo)
                lines << PairVerdictLine{m.session.name, v.judge, false, true,
                                         m.reversed ? flippedWinner(v.winner) : v.winner, v.note, v.createdAt};
        }
        if (auto added = addModelLines(runs, m, pair->pairNo, lines); !added)
            return fail(added.error());
    }
    std::stable_sort(lines.begin(), lines.end(), [](const PairVerdictLine &x, const PairVerdictLine &y) { return x.createdAt < y.createdAt; });
    return lines;
}

} // namespace assay

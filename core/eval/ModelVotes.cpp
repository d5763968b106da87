#include "eval/ModelVotes.h"

#include "eval/JudgeRunStore.h"
#include "eval/JudgingStore.h"
#include "eval/MatchingSessions.h"

#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace assay {

Result<QList<JudgeVote>> loadModelVotes(Workspace &workspace, const ComparedPairs &pairs)
{
    JudgingStore sessions(workspace);
    JudgeRunStore runs(workspace);
    auto matching = sessionsComparing(sessions, pairs.runId, pairs.a.key(), pairs.b.key());
    if (!matching)
        return fail(matching.error());
    QList<JudgeVote> votes;
    QSet<QPair<QString, int>> voted; // (judge, case): one vote each
    for (const MatchingSession &m : *matching) {
        const JudgingSession &s = m.session;
        auto judgements = newestJudgements(runs, s.name);
        if (!judgements)
            return fail(judgements.error());
        if (judgements->isEmpty())
            continue;
        auto drawn = sessions.pairs(s.name);
        if (!drawn)
            return fail(drawn.error());
        QHash<int, int> caseOfPair;
        for (const JudgingPair &p : *drawn)
            caseOfPair.insert(p.pairNo, p.caseNo);
        for (const ModelJudgement &j : *judgements) {
            const JudgeRunLink &link = j.link;
            for (auto it = caseOfPair.cbegin(); it != caseOfPair.cend(); ++it) {
                const JudgedPair judged = j.pair(it.key());
                if (judged.kind == JudgedPair::Kind::Excluded)
                    continue;
                if (voted.contains({link.judgeName(), it.value()}))
                    continue;
                voted.insert({link.judgeName(), it.value()});
                JudgeVote v;
                v.caseNo = it.value();
                v.judge = link.judgeName();
                v.isModel = true;
                v.winner = m.reversed ? flippedWinner(judged.winner) : judged.winner;
                v.positionInconsistent = judged.kind == JudgedPair::Kind::Inconsistent;
                votes << v;
            }
        }
    }
    return votes;
}

Result<QList<ModelJudgement>> newestJudgements(JudgeRunStore &runs, const QString &session)
{
    auto links = runs.runsOf(session);
    if (!links)
        return fail(links.error());
    QList<ModelJudgement> judgements;
    QSet<QString> modelsSeen;
    for (const JudgeRunLink &link : *links) { // newest first
        if (modelsSeen.contains(link.judgeName()))
            continue;
        modelsSeen.insert(link.judgeName());
        if (auto settled = runs.settle(link.runId); !settled)
            return fail(settled.error());
        auto outcomes = runs.outcomes(link.runId);
        if (!outcomes)
            return fail(outcomes.error());
        ModelJudgement j{link, {}, {}};
        for (const JudgeOrderOutcome &o : *outcomes)
            (o.order == 1 ? j.first : j.second).insert(o.pairNo, o);
        judgements << j;
    }
    return judgements;
}

Result<JudgeRunCounts> judgeRunCounts(Workspace &workspace, qint64 runId, const QString &session)
{
    JudgeRunStore runs(workspace);
    if (auto settled = runs.settle(runId); !settled)
        return fail(settled.error());
    auto outcomes = runs.outcomes(runId);
    if (!outcomes)
        return fail(outcomes.error());
    auto drawn = JudgingStore(workspace).pairs(session);
    if (!drawn)
        return fail(drawn.error());
    QList<int> pairNos;
    for (const JudgingPair &p : *drawn)
        pairNos << p.pairNo;
    return countJudgeOrders(pairNos, *outcomes);
}

} // namespace assay

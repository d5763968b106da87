#include "eval/ComparisonLoader.h"

#include "eval/CheckSetStore.h"
#include "eval/ModelVotes.h"
#include "replay/ReplayComparison.h"
#include "replay/ReplayRunStore.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace assay {

Result<ComparedPairs> loadComparedPairs(Workspace &workspace, OutputsRepository &outputs, const PriceTable &prices,
                                        qint64 runId, const ComparisonSide &a, const ComparisonSide &b)
{
    ReplayRunStore store(workspace);
    auto run = loadReplayComparison(store, outputs, prices, runId, kComparedTextChars);
    if (!run)
        return fail(run.error());
    return pairSides(*run, a, b);
}

Result<ComparedPairs> loadSessionPairs(Workspace &workspace, OutputsRepository &outputs, const PriceTable &prices,
                                       const JudgingSession &session)
{
    ReplayRunStore store(workspace);
    auto info = store.run(session.runId);
    if (!info)
        return fail(u"judging session %1: %2"_s.arg(session.name, info.error()));
    auto a = comparisonSideFromKey(session.sideA, info->spec.targets);
    auto b = comparisonSideFromKey(session.sideB, info->spec.targets);
    if (!a || !b)
        return fail(u"judging session %1: %2"_s.arg(session.name, a ? b.error() : a.error()));
    return loadComparedPairs(workspace, outputs, prices, session.runId, *a, *b);
}

Result<QList<JudgeVote>> loadHumanVotes(Workspace &workspace, const ComparedPairs &pairs)
{
    JudgingStore store(workspace);
    auto sessions = store.sessions();
    if (!sessions)
        return fail(sessions.error());
    QList<JudgeVote> votes;
    for (const JudgingSession &s : *sessions) {
        if (s.runId != pairs.runId)
            continue;
        const bool same = s.sideA == pairs.a.key() && s.sideB == pairs.b.key();
        const bool flipped = s.sideA == pairs.b.key() && s.sideB == pairs.a.key();
        if (!same && !flipped)
            continue;
        auto drawn = store.pairs(s.name);
        if (!drawn)
            return fail(drawn.error());
        QHash<int, JudgingPair> byNo;
        for (const JudgingPair &p : *drawn)
            byNo.insert(p.pairNo, p);
        auto verdicts = store.currentVerdicts(s.name);
        if (!verdicts)
            return fail(verdicts.error());
        for (const PairVerdict &v : *verdicts) {
            const JudgingPair pair = byNo.value(v.pairNo);
            JudgeVote vote;
            vote.caseNo = pair.caseNo;
            vote.judge = v.judge;
            vote.winner = v.winner;
            if (flipped && v.winner != PairWinner::Tie)
                vote.winner = v.winner == PairWinner::A ? PairWinner::B : PairWinner::A;
            vote.choseLeft = v.choice == PairChoice::Left;
            votes << vote;
        }
    }
    return votes;
}

Result<QList<JudgeVote>> loadAllVotes(Workspace &workspace, const ComparedPairs &pairs)
{
    auto votes = loadHumanVotes(workspace, pairs);
    if (!votes)
        return fail(votes.error());
    auto model = loadModelVotes(workspace, pairs);
    if (!model)
        return fail(model.error());
    *votes << *model;
    return votes;
}

Result<std::optional<CheckSet>> defaultComparisonChecks(Workspace &workspace, qint64 runId, const QString &registryRoot)
{
    auto info = ReplayRunStore(workspace).run(runId);
    if (!info)
        return fail(info.error());
    const QString prompt = info->spec.targets.isEmpty() ? QString() : info->spec.targets.first().promptName;
    QString from;
    return defaultCheckSet(&workspace, registryRoot, prompt, {}, &from);
}

} // namespace assay

#include "eval/ComparisonLoader.h"

#include "eval/CheckSetStore.h"
#include "eval/ComparisonSides.h"
#include "eval/JudgeRunStore.h"
#include "eval/MatchingSessions.h"
#include "eval/ModelVotes.h"
#include "replay/ReplayComparison.h"
#include "replay/ReplayRunStore.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Appends another run's targets to `run` and, to each of its cases, that run's result for the
// same logged output (the runs share a dataset, so the cases are the same outputs; a case the
// other run has no result for is pending there). Returns where its targets start.
int appendOtherRun(ReplayComparison &run, const ReplayComparison &other)
{
    const int offset = int(run.targets.size());
    run.targets << other.targets;
    QHash<QString, const ReplayComparisonRow *> byOutput;
    for (const ReplayComparisonRow &row : other.rows)
        byOutput.insert(row.outputKey, &row);
    for (ReplayComparisonRow &row : run.rows) {
        const ReplayComparisonRow *match = byOutput.value(row.outputKey);
        for (qsizetype t = 0; t < other.targets.size(); ++t)
            row.results << (match && t < match->results.size() ? match->results.at(t) : ReplayResult{});
    }
    return offset;
}

} // namespace

Result<ComparedPairs> loadComparedPairs(Workspace &workspace, OutputsRepository &outputs, const PriceTable &prices,
                                        qint64 runId, const ComparisonSide &a, const ComparisonSide &b)
{
    auto judgeRuns = JudgeRunStore(workspace).judgeRunIds();
    if (!judgeRuns)
        return fail(judgeRuns.error());
    for (const qint64 id : {runId, a.runId, b.runId}) {
        if (judgeRuns->contains(id))
            return fail(u"run %1 is a judge model's run: compare the judging session it judged (--judge llm)"_s.arg(id));
    }
    ReplayRunStore store(workspace);
    auto run = loadReplayComparison(store, outputs, prices, runId, kComparedTextChars);
    if (!run)
        return fail(run.error());
    // Sides from other runs become targets of this one, for pairSides; the pairs keep the sides as given.
    QHash<qint64, int> offsets;
    ComparisonSide pairedA = a;
    ComparisonSide pairedB = b;
    for (ComparisonSide *side : {&pairedA, &pairedB}) {
        if (!side->isOtherRun() || side->runId == runId) {
            side->runId = 0;
            continue;
        }
        if (!offsets.contains(side->runId)) {
            auto other = loadReplayComparison(store, outputs, prices, side->runId, kComparedTextChars);
            if (!other)
                return fail(u"run %1: %2"_s.arg(side->runId).arg(other.error()));
            offsets.insert(side->runId, appendOtherRun(*run, *other));
        }
        *side = ComparisonSide{offsets.value(side->runId) + side->targetNo};
    }
    auto pairs = pairSides(*run, pairedA, pairedB);
    if (!pairs)
        return fail(pairs.error());
    pairs->a = a;
    pairs->b = b;
    pairs->otherRunOffsets = offsets;
    return pairs;
}

Result<ComparedPairs> loadSessionPairs(Workspace &workspace, OutputsRepository &outputs, const PriceTable &prices,
                                       const JudgingSession &session)
{
    ReplayRunStore store(workspace);
    auto info = store.run(session.runId);
    if (!info)
        return fail(u"judging session %1: %2"_s.arg(session.name, info.error()));
    auto a = sideOfRunFromKey(store, *info, session.sideA);
    auto b = sideOfRunFromKey(store, *info, session.sideB);
    if (!a || !b)
        return fail(u"judging session %1: %2"_s.arg(session.name, a ? b.error() : a.error()));
    return loadComparedPairs(workspace, outputs, prices, session.runId, *a, *b);
}

Result<QList<JudgeVote>> loadHumanVotes(Workspace &workspace, const ComparedPairs &pairs)
{
    JudgingStore store(workspace);
    auto matching = sessionsComparing(store, pairs.runId, pairs.a.key(), pairs.b.key());
    if (!matching)
        return fail(matching.error());
    QList<JudgeVote> votes;
    for (const MatchingSession &m : *matching) {
        const JudgingSession &s = m.session;
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
            if (m.reversed)
                vote.winner = flippedWinner(v.winner);
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

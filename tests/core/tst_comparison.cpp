// A/B comparisons from sides to verdict, without a database: sides as users type them, pairs
// and the cases left out (counted by reason), the judging draw (reproducible, stratified,
// left/right balanced) and the summary's figures, each expected value worked out by hand or in
// Python (noted beside it), never by the code under test.

#include "eval/ComparedPairs.h"
#include "eval/ComparisonFormat.h"
#include "eval/ComparisonSides.h"
#include "eval/ComparisonSummary.h"
#include "eval/JudgingSampler.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

ReplayTarget target(const QString &prompt, const QString &model)
{
    ReplayTarget t;
    t.promptName = prompt.section(u'@', 0, 0);
    t.promptVersion = prompt.section(u'@', 1);
    t.provider = u"anthropic"_s;
    t.model = model;
    return t;
}

ReplayResult result(int caseNo, int targetNo, ReplayResultStatus status, const QString &output = {})
{
    ReplayResult r;
    r.caseNo = caseNo;
    r.targetNo = targetNo;
    r.status = status;
    r.output = output;
    r.outputTokens = 10 + caseNo;
    r.latencyMs = 100 * (targetNo + 1);
    return r;
}

// 12 cases over features a/b; target 1 failed on case 3 and could not render case 5; the log
// lost case 7; target 2 has not run case 11 yet.
ReplayComparison twelveCases()
{
    ReplayComparison run;
    run.runId = 9;
    run.targets = {target(u"churn@v2"_s, u"claude-haiku-4-5"_s), target(u"churn@v3"_s, u"claude-sonnet-4-5"_s)};
    for (int c = 0; c < 12; ++c) {
        ReplayComparisonRow row;
        row.caseNo = c;
        row.outputKey = QString::number(1000 + c);
        row.baseline.feature = c % 2 ? u"b"_s : u"a"_s;
        row.baseline.output = u"logged %1"_s.arg(c);
        row.baseline.input = u"{\"n\": %1}"_s.arg(c);
        if (c == 7)
            row.baseline.error = u"gone from the log"_s;
        row.results << result(c, 0, c == 3 ? ReplayResultStatus::Failed : c == 5 ? ReplayResultStatus::RenderError
                                                                                  : ReplayResultStatus::Ok,
                              u"v2 %1"_s.arg(c));
        row.results << result(c, 1, c == 11 ? ReplayResultStatus::Pending : ReplayResultStatus::Ok, u"v3 %1"_s.arg(c));
        run.rows << row;
    }
    return run;
}

// n synthetic pairs in features f0..f(k-1), round robin.
ComparedPairs syntheticPairs(int n, int features = 1)
{
    ComparedPairs p;
    p.runId = 1;
    p.targets = {target(u"p@v2"_s, u"m"_s)};
    p.a = ComparisonSide{};
    p.b = ComparisonSide{0};
    p.cases = n;
    for (int c = 0; c < n; ++c) {
        ComparedPair pair;
        pair.caseNo = c;
        pair.outputKey = QString::number(c);
        pair.feature = u"f%1"_s.arg(c % features);
        p.pairs << pair;
    }
    return p;
}

JudgeVote vote(int caseNo, const QString &judge, PairWinner winner, bool choseLeft = false)
{
    JudgeVote v;
    v.caseNo = caseNo;
    v.judge = judge;
    v.winner = winner;
    v.choseLeft = choseLeft;
    return v;
}

} // namespace

class TestComparison : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sidesAsTyped();
    void otherRunsOverTheSameDataset();
    void pairsCountWhatTheyLeaveOut();
    void drawIsReproducibleStratifiedAndBalanced();
    void winsLossesAndVerdicts();
    void fewerThanTenDecisiveSaysSo();
    void severalJudgesMajorityAgreementAndPosition();
    void checksAndDeltas();
    void holmOverTargets();
    void formatsCarryTheFigures();
};

void TestComparison::sidesAsTyped()
{
    const QList<ReplayTarget> targets = twelveCases().targets;
    QVERIFY(resolveComparisonSide(u"baseline"_s, targets)->isBaseline());
    QCOMPARE(resolveComparisonSide(u"2"_s, targets)->targetNo, 1);
    QCOMPARE(resolveComparisonSide(u"churn@v2 anthropic/claude-haiku-4-5"_s, targets)->targetNo, 0);
    QCOMPARE(resolveComparisonSide(u"churn@v3"_s, targets)->targetNo, 1);
    QCOMPARE(resolveComparisonSide(u"claude-sonnet-4-5"_s, targets)->targetNo, 1);
    for (const QString &bad : {u"3"_s, u"0"_s, u"churn@v9"_s, u""_s}) {
        const auto r = resolveComparisonSide(bad, targets);
        QVERIFY2(!r.ok(), qPrintable(bad));
        QVERIFY2(r.error().contains(u"baseline"_s) && r.error().contains(u"churn@v3"_s), qPrintable(r.error()));
    }
    const ComparisonSide second{1};
    QCOMPARE(second.key(), u"target:2"_s);
    QCOMPARE(comparisonSideFromKey(second.key(), targets)->targetNo, 1);
    QVERIFY(comparisonSideFromKey(u"baseline"_s, targets)->isBaseline());
    QVERIFY(!comparisonSideFromKey(u"target:5"_s, targets).ok());
}

// Which runs offer sides to a comparison: runs over the same saved dataset, the run that saved
// it included; never a run over a filter or ids, nor one over another dataset.
void TestComparison::otherRunsOverTheSameDataset()
{
    const auto run = [](qint64 id, ReplayInputs::Kind kind, const QString &dataset, const QString &savedAs, int targets) {
        ReplayRunInfo info;
        info.id = id;
        info.spec.inputs.kind = kind;
        info.spec.inputs.dataset = dataset;
        info.spec.inputs.savedAs = savedAs;
        for (int t = 0; t < targets; ++t) {
            ReplayTarget target;
            target.promptName = u"churn"_s;
            target.promptVersion = u"v%1"_s.arg(id * 10 + t);
            target.provider = u"openai"_s;
            target.model = u"gpt-4o"_s;
            info.spec.targets << target;
        }
        return info;
    };
    using K = ReplayInputs::Kind;
    const ReplayRunInfo saver = run(1, K::Filter, {}, u"wk49"_s, 1);  // saved its outputs as wk49
    const ReplayRunInfo over = run(2, K::Dataset, u"wk49"_s, {}, 2);  // replays wk49
    const ReplayRunInfo other = run(3, K::Dataset, u"wk50"_s, {}, 1); // another dataset
    const ReplayRunInfo filter = run(4, K::Filter, {}, {}, 1);        // not frozen
    const ReplayRunInfo ids = run(5, K::Ids, {}, {}, 1);
    QVERIFY(sharesDataset(saver, over) && sharesDataset(over, saver));
    QVERIFY(!sharesDataset(over, other));
    QVERIFY(!sharesDataset(filter, ids) && !sharesDataset(filter, filter));
    const QList<ReplayRunInfo> all{over, other, filter, ids, saver};
    QStringList keys;
    for (const ComparisonSide &s : comparisonSidesAmong(saver, all))
        keys << s.key();
    QCOMPARE(keys, (QStringList{u"baseline"_s, u"target:1"_s, u"run:2:target:1"_s, u"run:2:target:2"_s}));
    const QList<ComparisonSide> fromOver = comparisonSidesAmong(over, all);
    QCOMPARE(fromOver.size(), 1 + 2 + 1);
    QCOMPARE(fromOver.last().describe(over.spec.targets), u"run 1: churn@v10 openai/gpt-4o"_s);
    QCOMPARE(comparisonSidesAmong(filter, all).size(), 2); // its baseline and target only
    // The saved-as name survives the run's stored JSON.
    QCOMPARE(ReplayInputs::fromJson(saver.spec.inputs.toJson()).frozenDataset(), u"wk49"_s);
    QCOMPARE(ReplayInputs::fromJson(over.spec.inputs.toJson()).frozenDataset(), u"wk49"_s);
    QVERIFY(ReplayInputs::fromJson(filter.spec.inputs.toJson()).frozenDataset().isEmpty());
}

void TestComparison::pairsCountWhatTheyLeaveOut()
{
    const ReplayComparison run = twelveCases();
    const auto withBaseline = pairSides(run, ComparisonSide{}, ComparisonSide{0});
    QVERIFY2(withBaseline.ok(), qPrintable(withBaseline.error()));
    QCOMPARE(withBaseline->cases, qint64(12));
    QCOMPARE(withBaseline->pairs.size(), 9); // 12 - failed (3) - render error (5) - lost baseline (7)
    QCOMPARE(withBaseline->excluded.failed, qint64(1));
    QCOMPARE(withBaseline->excluded.renderErrors, qint64(1));
    QCOMPARE(withBaseline->excluded.missingBaseline, qint64(1));
    QCOMPARE(withBaseline->excluded.pending, qint64(0));
    const ComparedPair *first = withBaseline->pairForCase(0);
    QVERIFY(first);
    QCOMPARE(first->a.output, u"logged 0"_s);
    QCOMPARE(first->b.output, u"v2 0"_s);
    QCOMPARE(first->feature, u"a"_s);
    QVERIFY(!withBaseline->pairForCase(3));

    // Two targets: the lost baseline does not matter, the pending case does.
    const auto targetsOnly = pairSides(run, ComparisonSide{0}, ComparisonSide{1});
    QVERIFY(targetsOnly.ok());
    QCOMPARE(targetsOnly->pairs.size(), 9); // 12 - 3 - 5 - 11
    QCOMPARE(targetsOnly->excluded.pending, qint64(1));
    QCOMPARE(targetsOnly->excluded.missingBaseline, qint64(0));
    QCOMPARE(targetsOnly->excluded.total() + targetsOnly->pairs.size(), targetsOnly->cases);

    QVERIFY(!pairSides(run, ComparisonSide{0}, ComparisonSide{0}).ok());
    QVERIFY(!pairSides(run, ComparisonSide{}, ComparisonSide{2}).ok());
}

void TestComparison::drawIsReproducibleStratifiedAndBalanced()
{
    const ComparedPairs pairs = syntheticPairs(300, 3);
    const QList<JudgingPair> drawn = drawJudgingPairs(pairs, 101, 42);
    QCOMPARE(drawn.size(), 101);
    // The same seed draws the same pairs with the same sides; another seed does not.
    const QList<JudgingPair> again = drawJudgingPairs(pairs, 101, 42);
    const QList<JudgingPair> other = drawJudgingPairs(pairs, 101, 43);
    bool differs = false;
    for (qsizetype i = 0; i < drawn.size(); ++i) {
        QCOMPARE(drawn[i].caseNo, again[i].caseNo);
        QCOMPARE(drawn[i].aOnLeft, again[i].aOnLeft);
        QCOMPARE(drawn[i].pairNo, int(i + 1));
        differs = differs || drawn[i].caseNo != other[i].caseNo;
    }
    QVERIFY(differs);
    // Each case at most once; features in proportion (100 each of 300: 34, 34, 33 of 101).
    QSet<int> cases;
    QHash<int, int> perFeature;
    int aLeft = 0;
    for (const JudgingPair &p : drawn) {
        QVERIFY(!cases.contains(p.caseNo));
        cases.insert(p.caseNo);
        ++perFeature[p.caseNo % 3];
        aLeft += p.aOnLeft ? 1 : 0;
    }
    QList<int> shares = perFeature.values();
    std::sort(shares.begin(), shares.end());
    QCOMPARE(shares, (QList<int>{33, 34, 34}));
    QCOMPARE(aLeft, 51); // balanced: ceil(101 / 2)
    // Asked for more than there are: all of them.
    QCOMPARE(drawJudgingPairs(syntheticPairs(7), 50, 1).size(), 7);
}

void TestComparison::winsLossesAndVerdicts()
{
    // 34 wins, 16 losses, 5 ties among 60 pairs (5 unjudged): the example.
    const ComparedPairs pairs = syntheticPairs(60);
    QList<JudgeVote> votes;
    for (int c = 0; c < 55; ++c)
        votes << vote(c, u"alice"_s, c < 34 ? PairWinner::B : c < 50 ? PairWinner::A : PairWinner::Tie);
    const ComparisonSummary s = summarizeComparison(pairs, votes, {}, {}, 0.05);
    QCOMPARE(s.pairs, qint64(60));
    QCOMPARE(s.judged, qint64(55));
    QCOMPARE(s.overall.wins, qint64(34));
    QCOMPARE(s.overall.losses, qint64(16));
    QCOMPARE(s.overall.ties, qint64(5));
    QVERIFY(std::fabs(s.overall.winRate - 0.68) < 1e-12);
    QVERIFY(std::fabs(s.overall.signTestP - 0.015346677832630107) < 1e-12); // exact binomial, Python fractions
    QVERIFY(std::fabs(s.overall.ci.low - 0.5418970269185592) < 1e-12);       // Wilson, Python closed form
    QCOMPARE(s.verdict, ComparisonVerdict::Better);
    QVERIFY2(s.reason.contains(u"34 of 50"_s) && s.reason.contains(u"54-79%"_s), qPrintable(s.reason));

    // The mirror image is worse; an even split is not distinguishable, and says why.
    QList<JudgeVote> mirrored;
    for (JudgeVote v : votes) {
        v.winner = v.winner == PairWinner::A ? PairWinner::B : v.winner == PairWinner::B ? PairWinner::A : PairWinner::Tie;
        mirrored << v;
    }
    QCOMPARE(summarizeComparison(pairs, mirrored, {}, {}, 0.05).verdict, ComparisonVerdict::Worse);
    QList<JudgeVote> even;
    for (int c = 0; c < 40; ++c)
        even << vote(c, u"alice"_s, c % 2 ? PairWinner::A : PairWinner::B);
    const ComparisonSummary split = summarizeComparison(pairs, even, {}, {}, 0.05);
    QCOMPARE(split.verdict, ComparisonVerdict::NotYet);
    QCOMPARE(split.overall.signTestP, 1.0);
    // A person's own verdicts, and nobody's.
    auto bob = JudgeSelection::parse(u"bob"_s);
    QVERIFY(bob.ok());
    const ComparisonSummary none = summarizeComparison(pairs, votes, *bob, {}, 0.05);
    QCOMPARE(none.judged, qint64(0));
    QCOMPARE(none.verdict, ComparisonVerdict::NotYet);
    QVERIFY2(none.reason.contains(u"judged"_s), qPrintable(none.reason));
}

void TestComparison::fewerThanTenDecisiveSaysSo()
{
    // 9 of 9 is p = 0.0039 (2 / 512), yet nine pairs are too few to call.
    const ComparedPairs pairs = syntheticPairs(9);
    QList<JudgeVote> votes;
    for (int c = 0; c < 9; ++c)
        votes << vote(c, u"alice"_s, PairWinner::B);
    const ComparisonSummary s = summarizeComparison(pairs, votes, {}, {}, 0.05);
    QVERIFY(std::fabs(s.overall.signTestP - 2.0 / 512) < 1e-15);
    QCOMPARE(s.verdict, ComparisonVerdict::NotYet);
    QVERIFY2(s.reason.contains(u"only 9 decisive pairs"_s) && s.reason.contains(u"fewer than 10"_s), qPrintable(s.reason));
}

void TestComparison::severalJudgesMajorityAgreementAndPosition()
{
    const ComparedPairs pairs = syntheticPairs(5);
    // Pair 0: A, B, B -> B. Pairs 1-3 judged by alice and bob; pair 4 by carol alone.
    const QList<JudgeVote> votes{
        vote(0, u"alice"_s, PairWinner::A, true),  vote(0, u"bob"_s, PairWinner::B, false),
        vote(0, u"carol"_s, PairWinner::B, true),  vote(1, u"alice"_s, PairWinner::B, true),
        vote(1, u"bob"_s, PairWinner::B, true),    vote(2, u"alice"_s, PairWinner::B, false),
        vote(2, u"bob"_s, PairWinner::A, true),    vote(3, u"alice"_s, PairWinner::Tie),
        vote(3, u"bob"_s, PairWinner::Tie),        vote(4, u"carol"_s, PairWinner::A, true),
    };
    const ComparisonSummary s = summarizeComparison(pairs, votes, {}, {}, 0.05);
    QCOMPARE(s.judged, qint64(5));
    QCOMPARE(s.overall.wins, qint64(2));   // pairs 0 and 1
    QCOMPARE(s.overall.losses, qint64(1)); // pair 4
    QCOMPARE(s.overall.ties, qint64(2));   // pair 2 (one each) and pair 3
    QCOMPARE(s.decisiveHumanVerdicts, qint64(8));
    QCOMPARE(s.leftChosen, qint64(6));
    QCOMPARE(s.people, (QStringList{u"alice"_s, u"bob"_s, u"carol"_s}));
    QCOMPARE(s.peopleKappaMethod, u"fleiss"_s);
    QCOMPARE(s.pairsJudgedByTwo, qint64(4));

    // Two people: Cohen's kappa. alice A,B,B,tie / bob A,B,A,tie: po 3/4, pe 5/16, kappa 7/11.
    const QList<JudgeVote> two{vote(0, u"alice"_s, PairWinner::A), vote(0, u"bob"_s, PairWinner::A),
                               vote(1, u"alice"_s, PairWinner::B), vote(1, u"bob"_s, PairWinner::B),
                               vote(2, u"alice"_s, PairWinner::B), vote(2, u"bob"_s, PairWinner::A),
                               vote(3, u"alice"_s, PairWinner::Tie), vote(3, u"bob"_s, PairWinner::Tie)};
    const ComparisonSummary c = summarizeComparison(pairs, two, {}, {}, 0.05);
    QCOMPARE(c.peopleKappaMethod, u"cohen"_s);
    QVERIFY(c.peopleKappa && std::fabs(*c.peopleKappa - 7.0 / 11.0) < 1e-12);

    // The judge model: counted apart from people unless asked for, its consistency reported.
    QList<JudgeVote> withModel = two;
    JudgeVote m0 = vote(0, u"llm:judge"_s, PairWinner::A);
    m0.isModel = true;
    JudgeVote m1 = vote(1, u"llm:judge"_s, PairWinner::Tie);
    m1.isModel = true;
    m1.positionInconsistent = true;
    withModel << m0 << m1;
    const ComparisonSummary people = summarizeComparison(pairs, withModel, {}, {}, 0.05);
    QCOMPARE(people.judged, qint64(4));
    QCOMPARE(people.modelPairs, qint64(2));
    QCOMPARE(people.modelConsistent, qint64(1));
    QCOMPARE(people.modelAndPeoplePairs, qint64(2));
    const ComparisonSummary model = summarizeComparison(pairs, withModel, *JudgeSelection::parse(u"llm"_s), {}, 0.05);
    QCOMPARE(model.judged, qint64(2));
    QCOMPARE(model.overall.losses, qint64(1));
    QCOMPARE(model.overall.ties, qint64(1));
}

void TestComparison::checksAndDeltas()
{
    ComparedPairs pairs = syntheticPairs(20);
    const QList<double> costA{0.01, 0.02, 0.03}, costB{0.012, 0.018, 0.035};
    for (int i = 0; i < 3; ++i) {
        pairs.pairs[i].a.costUsd = costA[i];
        pairs.pairs[i].b.costUsd = costB[i];
    }
    // 9 pairs only A passes, 1 only B, 10 both: B is significantly worse (McNemar p = 0.0215).
    CheckPairResults json{u"is-json"_s, {}, {}};
    for (int i = 0; i < 20; ++i) {
        json.aPassed << (i < 19);
        json.bPassed << (i >= 9);
    }
    const ComparisonSummary s = summarizeComparison(pairs, {}, {}, {json}, 0.05);
    QCOMPARE(s.checks.size(), 1);
    const CheckComparison &c = s.checks.first();
    QCOMPARE(c.aPassed, qint64(19));
    QCOMPARE(c.bPassed, qint64(11));
    QCOMPARE(c.onlyAPassed, qint64(9));
    QCOMPARE(c.onlyBPassed, qint64(1));
    QVERIFY(std::fabs(c.mcnemarP - 0.021484375) < 1e-15); // 2 * (1 + 10) / 1024
    QVERIFY(c.significantlyWorse(0.05));
    QVERIFY(s.anyCheckSignificantlyWorse());
    QVERIFY(!passesRequireBetter(s));

    const DeltaSummary &cost = s.deltas.first();
    QCOMPARE(cost.metric, u"cost_usd"_s);
    QCOMPARE(cost.pairs, qint64(3)); // the others logged no cost
    QVERIFY(cost.difference);
    // Python statistics.mean/stdev and t(0.975, 2) = 4.302652729749464
    QVERIFY(std::fabs(cost.difference->mean - 0.0016666666666666668) < 1e-15);
    QVERIFY(std::fabs(cost.difference->low - -0.007057338268468464) < 1e-12);
    QVERIFY(std::fabs(cost.difference->high - 0.010390671601801798) < 1e-12);
    QVERIFY(std::fabs(cost.meanA - 0.02) < 1e-15);
}

void TestComparison::holmOverTargets()
{
    const ComparedPairs pairs = syntheticPairs(60);
    QList<JudgeVote> strong, weak;
    for (int c = 0; c < 50; ++c)
        strong << vote(c, u"alice"_s, c < 34 ? PairWinner::B : PairWinner::A);
    for (int c = 0; c < 10; ++c)
        weak << vote(c, u"alice"_s, c < 8 ? PairWinner::B : PairWinner::A);
    QList<ComparisonSummary> family{summarizeComparison(pairs, strong, {}, {}, 0.05),
                                    summarizeComparison(pairs, weak, {}, {}, 0.05)};
    adjustForFamily(family);
    // Holm by hand: 0.015347 * 2 = 0.030693; max(0.030693, 0.109375 * 1) = 0.109375.
    QVERIFY(std::fabs(family[0].overall.adjustedP - 2 * 0.015346677832630107) < 1e-12);
    QVERIFY(std::fabs(family[1].overall.adjustedP - 0.109375) < 1e-12);
    QCOMPARE(family[0].family, 2);
    QCOMPARE(family[0].verdict, ComparisonVerdict::Better);
    QCOMPARE(family[1].verdict, ComparisonVerdict::NotYet);
    QVERIFY(family[0].reason.contains(u"Holm"_s));
}

void TestComparison::formatsCarryTheFigures()
{
    const ComparedPairs pairs = syntheticPairs(60);
    QList<JudgeVote> votes;
    for (int c = 0; c < 50; ++c)
        votes << vote(c, u"alice"_s, c < 34 ? PairWinner::B : PairWinner::A);
    CheckPairResults check{u"risk in range"_s, QList<bool>(60, true), QList<bool>(60, true)};
    const QList<ComparisonSummary> one{summarizeComparison(pairs, votes, {}, {check}, 0.05)};
    const QJsonObject o = QJsonDocument::fromJson(comparisonsToJson(one)).object();
    for (const QString &key : {u"pairs"_s, u"wins"_s, u"losses"_s, u"ties"_s, u"win_rate"_s, u"ci_low"_s, u"ci_high"_s,
                               u"sign_test_p"_s, u"verdict"_s, u"checks"_s})
        QVERIFY2(o.contains(key), qPrintable(key));
    QCOMPARE(o.value(u"wins"_s).toInt(), 34);
    QCOMPARE(o.value(u"verdict"_s).toString(), u"B is better"_s);
    const QJsonObject c = o.value(u"checks"_s).toArray().first().toObject();
    QCOMPARE(c.value(u"name"_s).toString(), u"risk in range"_s);
    QCOMPARE(c.value(u"a_passed"_s).toInt(), 60);
    QCOMPARE(c.value(u"mcnemar_p"_s).toDouble(), 1.0);
    QVERIFY(passesRequireBetter(one.first()));
    const QString junit = QString::fromUtf8(comparisonsToJUnit(one));
    QVERIFY2(junit.contains(u"<testsuite "_s) && junit.contains(u"failures=\"0\""_s), qPrintable(junit));
    QVERIFY(comparisonsToMarkdown(one).contains(u"| all | 34 | 16 | 0 | 68% | 54%-79% |"_s));
    QVERIFY(comparisonsToText(one).contains(u"B is better"_s));
}

QTEST_GUILESS_MAIN(TestComparison)
#include "tst_comparison.moc"

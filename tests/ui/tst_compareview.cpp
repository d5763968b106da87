// The Compare view over a replay run written into a workspace, with verdicts people gave through
// the judging store: every figure on the scoreboard, the per-feature rows, the verdict filter and
// the latency delta equals a count this test makes itself from the verdicts it wrote; the pair's
// three-way view shows the prompt diff, the output diff and the notes; every model is run under
// QAbstractItemModelTester.

#include "ReplayRunFixture.h"
#include "TestSupport.h"

#include "compare/ComparePage.h"
#include "compare/ComparedPairsModel.h"
#include "compare/PairDetailView.h"
#include "compare/ScoreboardView.h"
#include "compare/SummaryModels.h"
#include "eval/CheckSetStore.h"
#include "eval/JudgingStore.h"
#include "prompts/DiffView.h"
#include "workspace/Workspace.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

#include <array>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

constexpr int kCases = 30;
constexpr int kFailedCase = 2; // target 1's call failed: excluded and counted
constexpr int kTimeoutMs = 20000;

const QStringList kFeatures{u"summarize"_s, u"classify"_s, u"extract"_s};

// As TestLog::standardRows writes them: row id = case + 1.
QString featureOf(int caseNo)
{
    return kFeatures.at((caseNo + 1) % 3);
}
qint64 loggedLatency(int caseNo)
{
    const qint64 id = caseNo + 1;
    return 300 + (id * 37) % 900;
}

struct Vote {
    QString judge;
    int caseNo;
    PairWinner winner; // what the judge meant
};

} // namespace

class TestCompareView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void scoreboardEqualsOwnCount();
    void verdictFilterSplitsThePairsAsTheScoreboard();
    void oneJudgeAlone();
    void pairOpensItsThreeWayView();
    void judgingStartsFromTheView();
    void checkFilterKeepsThePairsACheckSplits();
    void sameSidesLeaveNothingStale();

private:
    void openPage(ComparePage &page);
    std::array<qint64, 3> ownCount(const QString &onlyJudge = {}, const QString &feature = {}) const;

    test::ScopedWorkspaceDir m_wsDir;
    QTemporaryDir m_dir;
    QString m_log;
    qint64 m_runId = 0;
    QList<Vote> m_votes;
};

void TestCompareView::initTestCase()
{
    test::TestLogOptions options;
    // The registry the prompt diff reads: the logged versions and the candidate.
    options.extraSql = {u"CREATE TABLE prompt_versions (name TEXT NOT NULL, version TEXT NOT NULL, template TEXT NOT NULL, "
                        "model TEXT, PRIMARY KEY (name, version))"_s};
    for (const QString &v : {u"v1"_s, u"v2"_s, u"v3"_s})
        options.extraSql << u"INSERT INTO prompt_versions VALUES ('summary_prompt', '%1', 'Summarize {{ticket}}.\nBe brief.\n', 'gpt-4o')"_s.arg(v);
    options.extraSql << u"INSERT INTO prompt_versions VALUES ('summary_prompt', 'v9', 'Summarize {{ticket}}.\nUse three bullet points.\n', 'gpt-4o')"_s;
    m_log = test::TestLog::create(m_dir, test::TestLog::standardColumns(), test::TestLog::standardRows(kCases), options);
    auto ws = Workspace::open(test::sqliteSource(m_log));
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    QList<test::FixtureCase> cases;
    for (int i = 0; i < kCases; ++i) {
        test::FixtureOutcome b{i == kFailedCase ? ReplayResultStatus::Failed : ReplayResultStatus::Ok,
                               u"bullet answer %1\nsecond line"_s.arg(i + 1), 0.002, 300, 25};
        cases << test::FixtureCase{QString::number(i + 1), {b}};
    }
    QString error;
    m_runId = test::writeReplayRun(**ws, m_log, {test::fixtureTarget(u"summary_prompt@v9"_s)}, cases, &error);
    QVERIFY2(m_runId > 0, qPrintable(error));

    // Verdicts: alice judges cases 0..21 (B mostly better), bob a few of them, sometimes against her.
    JudgingStore store(**ws);
    JudgingSession s{u"week49"_s, m_runId, u"baseline"_s, u"target:1"_s, 3};
    QList<JudgingPair> drawn;
    for (int c = 0; c < 22; ++c)
        drawn << JudgingPair{c + 1, c, c % 2 == 0};
    QVERIFY(store.createSession(s, drawn).ok());
    for (int c = 0; c < 22; ++c)
        m_votes << Vote{u"alice"_s, c, c % 5 == 4 ? PairWinner::A : c % 7 == 6 ? PairWinner::Tie : PairWinner::B};
    for (int c : {0, 1, 4, 9, 10, 11})
        m_votes << Vote{u"bob"_s, c, c % 2 ? PairWinner::A : PairWinner::B};
    for (const Vote &v : std::as_const(m_votes)) {
        const bool aOnLeft = v.caseNo % 2 == 0;
        // The judge saw left and right: the choice that means this A/B winner.
        const PairChoice choice = v.winner == PairWinner::Tie ? PairChoice::Tie
                                  : (v.winner == PairWinner::A) == aOnLeft ? PairChoice::Left
                                                                           : PairChoice::Right;
        QVERIFY(store.record(s.name, v.caseNo + 1, v.judge, choice, u"note by %1 on case %2"_s.arg(v.judge).arg(v.caseNo + 1)).ok());
    }
}

// Wins, losses and ties of B over the pairs: per case, the side with more votes, else a tie.
std::array<qint64, 3> TestCompareView::ownCount(const QString &onlyJudge, const QString &feature) const
{
    std::array<qint64, 3> count{0, 0, 0};
    for (int c = 0; c < kCases; ++c) {
        if (c == kFailedCase || (!feature.isEmpty() && featureOf(c) != feature))
            continue;
        int forA = 0, forB = 0, any = 0;
        for (const Vote &v : m_votes) {
            if (v.caseNo != c || (!onlyJudge.isEmpty() && v.judge != onlyJudge))
                continue;
            ++any;
            forA += v.winner == PairWinner::A;
            forB += v.winner == PairWinner::B;
        }
        if (any == 0)
            continue;
        ++count[forB > forA ? 0 : forA > forB ? 1 : 2];
    }
    return count;
}

void TestCompareView::openPage(ComparePage &page)
{
    page.resize(1500, 950);
    page.show();
    QSignalSpy listed(&page, &ComparePage::runsListed);
    page.openSource(SessionSpec{test::sqliteSource(m_log)});
    QVERIFY(listed.wait(kTimeoutMs));
    QSignalSpy compared(&page, &ComparePage::compared);
    page.showRun(m_runId, u"baseline"_s, u"target:1"_s);
    QVERIFY(compared.count() > 0 || compared.wait(kTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(page.report().request.runId == m_runId && page.report().error.isEmpty()
                                 && page.pairsModel()->rowCount() > 0, kTimeoutMs);
}

void TestCompareView::scoreboardEqualsOwnCount()
{
    ComparePage page;
    QAbstractItemModelTester t1(page.featureModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(page.checkModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t3(page.deltaModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t4(page.pairsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t5(page.pairsFilter(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    openPage(page);
    const auto own = ownCount();
    const auto text = [&page](const char *name) { return page.scoreboard()->findChild<QLabel *>(QString::fromLatin1(name))->text(); };
    QCOMPARE(text("scoreWins"), QString::number(own[0]));
    QCOMPARE(text("scoreLosses"), QString::number(own[1]));
    QCOMPARE(text("scoreTies"), QString::number(own[2]));
    // The win rate as the test works it out, to the percent shown.
    const double rate = double(own[0]) / double(own[0] + own[1]);
    QVERIFY2(text("scoreRate").contains(u"%1%"_s.arg(qRound(rate * 100))), qPrintable(text("scoreRate")));
    QVERIFY2(text("scoreRate").contains(u"of %1 decisive"_s.arg(own[0] + own[1])), qPrintable(text("scoreRate")));
    QVERIFY(!text("scoreVerdict").isEmpty());
    QVERIFY2(text("scoreDetails").contains(u"%1 pairs of %2 cases"_s.arg(kCases - 1).arg(kCases)), qPrintable(text("scoreDetails")));
    QVERIFY2(text("scoreDetails").contains(u"1 failed"_s), qPrintable(text("scoreDetails")));
    // Per feature, row 0 being all features.
    FeatureTallyModel *f = page.featureModel();
    QCOMPARE(f->index(0, FeatureTallyModel::Wins).data().toLongLong(), own[0]);
    QCOMPARE(f->rowCount(), 1 + int(kFeatures.size()));
    for (int row = 1; row < f->rowCount(); ++row) {
        const QString feature = f->index(row, FeatureTallyModel::Feature).data().toString();
        const auto mine = ownCount({}, feature);
        QCOMPARE(f->index(row, FeatureTallyModel::Wins).data().toLongLong(), mine[0]);
        QCOMPARE(f->index(row, FeatureTallyModel::Losses).data().toLongLong(), mine[1]);
        QCOMPARE(f->index(row, FeatureTallyModel::Ties).data().toLongLong(), mine[2]);
    }
    // Latency: B answered in 300 ms every time; the baseline's logged latency is known per case.
    double sum = 0;
    int n = 0;
    for (int c = 0; c < kCases; ++c) {
        if (c == kFailedCase)
            continue;
        sum += 300.0 - double(loggedLatency(c));
        ++n;
    }
    DeltaModel *d = page.deltaModel();
    bool found = false;
    for (int row = 0; row < d->rowCount(); ++row) {
        if (d->index(row, DeltaModel::Metric).data().toString() != u"Latency"_s)
            continue;
        found = true;
        QCOMPARE(d->index(row, DeltaModel::Pairs).data().toLongLong(), qint64(n));
        QCOMPARE(d->index(row, DeltaModel::Difference).data().toString(), u"%1 ms"_s.arg(QLocale().toString(sum / n, 'f', 0)));
    }
    QVERIFY(found);
    // No check set: no checks section.
    for (int i = 0; i < page.sections()->count(); ++i)
        QVERIFY(page.sections()->tabText(i) != u"Checks"_s || !page.sections()->isTabVisible(i));
}

void TestCompareView::verdictFilterSplitsThePairsAsTheScoreboard()
{
    ComparePage page;
    openPage(page);
    const auto own = ownCount();
    QComboBox *filter = page.verdictFilterBox();
    const auto rowsFor = [&](PairVerdictKind kind) {
        filter->setCurrentIndex(filter->findData(int(kind)));
        return qint64(page.pairsView()->model()->rowCount());
    };
    QCOMPARE(rowsFor(PairVerdictKind::BBetter), own[0]);
    QCOMPARE(rowsFor(PairVerdictKind::ABetter), own[1]);
    QCOMPARE(rowsFor(PairVerdictKind::Tie), own[2]);
    QCOMPARE(rowsFor(PairVerdictKind::NotJudged), qint64(kCases - 1) - own[0] - own[1] - own[2]);
    filter->setCurrentIndex(0);
    QCOMPARE(page.pairsView()->model()->rowCount(), kCases - 1);
}

void TestCompareView::oneJudgeAlone()
{
    ComparePage page;
    openPage(page);
    QComboBox *judges = page.judgesBox();
    const int bob = judges->findData(u"bob"_s);
    QVERIFY2(bob >= 0, "the people who judged join the choice");
    QSignalSpy compared(&page, &ComparePage::compared);
    judges->setCurrentIndex(bob);
    QVERIFY(compared.wait(kTimeoutMs));
    const auto own = ownCount(u"bob"_s);
    QCOMPARE(page.scoreboard()->findChild<QLabel *>(u"scoreWins"_s)->text(), QString::number(own[0]));
    QCOMPARE(page.scoreboard()->findChild<QLabel *>(u"scoreLosses"_s)->text(), QString::number(own[1]));
    QCOMPARE(page.scoreboard()->findChild<QLabel *>(u"scoreTies"_s)->text(), QString::number(own[2]));
}

void TestCompareView::pairOpensItsThreeWayView()
{
    ComparePage page;
    openPage(page);
    // Case 4 (row id 5, logged with summary_prompt@v3), judged by alice and bob.
    QAbstractItemModel *model = page.pairsView()->model();
    int row = -1;
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data(CompareRole::CaseNo).toInt() == 4)
            row = r;
    }
    QVERIFY(row >= 0);
    QSignalSpy shown(&page, &ComparePage::pairShown);
    page.pairsView()->setCurrentIndex(model->index(row, 0));
    QVERIFY(shown.wait(kTimeoutMs));
    PairDetailView *detail = page.detailView();
    const QString promptHeader = detail->findChild<QLabel *>(u"pairPromptHeader"_s)->text();
    QVERIFY2(promptHeader.contains(u"summary_prompt@v3 → summary_prompt@v9"_s), qPrintable(promptHeader));
    QStringList promptRows;
    for (int r = 0; r < detail->promptDiff()->visualRowCount(); ++r)
        promptRows << detail->promptDiff()->rowText(r);
    QVERIFY2(promptRows.join(u'\n').contains(u"Use three bullet points."_s), qPrintable(promptRows.join(u'\n')));
    QStringList outputRows;
    for (int r = 0; r < detail->outputDiff()->visualRowCount(); ++r)
        outputRows << detail->outputDiff()->rowText(r);
    const QString outputs = outputRows.join(u'\n');
    QVERIFY2(outputs.contains(u"output number 5 for the"_s) && outputs.contains(u"bullet answer 5"_s), qPrintable(outputs));
    QTreeWidget *verdicts = detail->verdicts();
    QCOMPARE(verdicts->topLevelItemCount(), 2);
    QStringList notes;
    for (int i = 0; i < verdicts->topLevelItemCount(); ++i)
        notes << verdicts->topLevelItem(i)->text(0) + u": "_s + verdicts->topLevelItem(i)->text(1) + u" — "_s + verdicts->topLevelItem(i)->text(2);
    // Case 4: alice said A (4 % 5 == 4), bob said B (4 is even).
    QVERIFY2(notes.contains(u"alice: A better — note by alice on case 5"_s), qPrintable(notes.join(u"; "_s)));
    QVERIFY2(notes.contains(u"bob: B better — note by bob on case 5"_s), qPrintable(notes.join(u"; "_s)));
}

void TestCompareView::judgingStartsFromTheView()
{
    ComparePage page;
    openPage(page);
    QSignalSpy wanted(&page, &ComparePage::judgingRequested);
    auto *button = page.findChild<QPushButton *>(u"compareJudge"_s);
    QVERIFY(button->isEnabled());
    button->click();
    QCOMPARE(wanted.count(), 1);
    QCOMPARE(wanted.at(0).at(0).toLongLong(), m_runId);
    QCOMPARE(wanted.at(0).at(1).toString(), u"baseline"_s);
    QCOMPARE(wanted.at(0).at(2).toString(), u"target:1"_s);
}

// With a check set for the run's prompt, the pairs filter by check outcome. The test knows both
// sides' texts: the baseline is "output number K for the FEATURE feature", B "bullet answer K...".
void TestCompareView::checkFilterKeepsThePairsACheckSplits()
{
    {
        auto ws = Workspace::open(test::sqliteSource(m_log));
        QVERIFY2(ws.ok(), qPrintable(ws.error()));
        const QByteArray set = R"([{"type": "contains", "value": "answer 1", "metric": "answer-1"},
                                   {"type": "icontains", "value": "CLASSIFY", "metric": "names-classify"}])";
        auto saved = CheckSetStore(**ws).save(u"prompt:summary_prompt"_s, set, u"test"_s, u"tester"_s);
        QVERIFY2(saved.ok(), qPrintable(saved.error()));
    }
    const auto removeSet = qScopeGuard([this] {
        if (auto ws = Workspace::open(test::sqliteSource(m_log)))
            (void)CheckSetStore(**ws).remove(u"prompt:summary_prompt"_s);
    });
    ComparePage page;
    QAbstractItemModelTester tester(page.pairsFilter(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    openPage(page);
    const QStringList names = page.pairsModel()->checkNames();
    QCOMPARE(names.size(), 2);
    const int answer = names.indexOf(u"answer-1"_s);
    const int classify = names.indexOf(u"names-classify"_s);
    QVERIFY2(answer >= 0 && classify >= 0, qPrintable(names.join(u", "_s)));

    // Own outcomes per case, from the texts alone.
    const auto bHasAnswer1 = [](int c) { const int k = c + 1; return k == 1 || (k >= 10 && k <= 19); };
    const auto aNamesClassify = [](int c) { return featureOf(c) == u"classify"_s; };
    const auto count = [&](auto keep) {
        qint64 n = 0;
        for (int c = 0; c < kCases; ++c)
            n += c != kFailedCase && keep(c);
        return n;
    };
    QComboBox *box = page.checkFilterBox();
    QVERIFY(box->isEnabled());
    const auto rowsFor = [&](int check, PairCheckCondition condition) {
        const int at = box->findData(check * 4 + int(condition));
        if (at < 0)
            return qint64(-1);
        box->setCurrentIndex(at);
        return qint64(page.pairsView()->model()->rowCount());
    };
    // answer-1: A never has it; B has it for K in 1, 10..19.
    QCOMPARE(rowsFor(answer, PairCheckCondition::AFails), qint64(kCases - 1));
    QCOMPARE(rowsFor(answer, PairCheckCondition::OnlyAFails), count(bHasAnswer1));
    QCOMPARE(rowsFor(answer, PairCheckCondition::OnlyBFails), qint64(0));
    QCOMPARE(rowsFor(answer, PairCheckCondition::BFails), count([&](int c) { return !bHasAnswer1(c); }));
    // names-classify: B never says it; A does on the classify cases.
    QCOMPARE(rowsFor(classify, PairCheckCondition::OnlyBFails), count(aNamesClassify));
    QCOMPARE(rowsFor(classify, PairCheckCondition::BFails), qint64(kCases - 1));
    QCOMPARE(rowsFor(classify, PairCheckCondition::AFails), count([&](int c) { return !aNamesClassify(c); }));
    // With the verdict filter too: both hold.
    rowsFor(answer, PairCheckCondition::OnlyAFails);
    QComboBox *verdicts = page.verdictFilterBox();
    verdicts->setCurrentIndex(verdicts->findData(int(PairVerdictKind::BBetter)));
    qint64 both = 0;
    for (int c = 0; c < kCases; ++c) {
        if (c == kFailedCase || !bHasAnswer1(c))
            continue;
        int forA = 0, forB = 0;
        for (const Vote &v : std::as_const(m_votes)) {
            if (v.caseNo == c) {
                forA += v.winner == PairWinner::A;
                forB += v.winner == PairWinner::B;
            }
        }
        both += forB > forA;
    }
    QCOMPARE(qint64(page.pairsView()->model()->rowCount()), both);
    // The Fails column names what each side fails.
    const QModelIndex first = page.pairsView()->model()->index(0, ComparedPairsModel::Fails);
    QVERIFY2(first.data().toString().contains(u"A: answer-1"_s), qPrintable(first.data().toString()));
    box->setCurrentIndex(0);
    verdicts->setCurrentIndex(0);
    QCOMPARE(page.pairsView()->model()->rowCount(), kCases - 1);
}

// Picking the same side twice shows why, and none of the previous comparison's figures.
void TestCompareView::sameSidesLeaveNothingStale()
{
    ComparePage page;
    openPage(page);
    QVERIFY(page.pairsModel()->rowCount() > 0);
    page.sideBBox()->setCurrentIndex(page.sideBBox()->findData(page.sideABox()->currentData()));
    QCOMPARE(page.pairsModel()->rowCount(), 0);
    QVERIFY(page.report().pairs.pairs.isEmpty());
    QCOMPARE(page.scoreboard()->findChild<QLabel *>(u"scoreWins"_s)->text(), QString());
}

QTEST_MAIN(TestCompareView)
#include "tst_compareview.moc"

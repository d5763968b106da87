// The judging screen as a judge drives it from the keyboard, against a replay run written into a
// workspace: nothing tells the sides apart before the verdict, 1/2/3 store the A/B verdict the
// left/right mapping implies (the test reads which side was on the left from the texts it wrote),
// the reveal comes only with the saved verdict, notes, undo and its refusal, J/K and the
// presenter's large type. Every verdict is checked in the workspace through the test's own connection.

#include "ReplayRunFixture.h"
#include "TestSupport.h"

#include "eval/JudgeRunStore.h"
#include "eval/JudgingStore.h"
#include "judging/JudgeModelDialog.h"
#include "judging/JudgingPage.h"
#include "judging/JudgingScreen.h"
#include "judging/NewJudgingDialog.h"
#include "labels/LabelService.h"
#include "review/ReadingView.h"
#include "workspace/Workspace.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

constexpr int kCases = 12;
constexpr int kTimeoutMs = 20000;
const QString kJudge = u"carol"_s;
const QString kSession = u"blind-week"_s;

QString candidateText(int caseIndex)
{
    return u"candidate answer %1 from the new prompt"_s.arg(caseIndex + 1);
}

// Everything the screen shows in words: labels and reading views that are visible.
QStringList visibleTexts(const QWidget *screen)
{
    QStringList texts;
    for (const QLabel *label : screen->findChildren<QLabel *>()) {
        if (label->isVisibleTo(screen))
            texts << label->text();
    }
    for (const ReadingView *view : screen->findChildren<ReadingView *>())
        texts << view->toPlainText();
    for (const QPushButton *button : screen->findChildren<QPushButton *>())
        texts << button->text();
    return texts;
}

} // namespace

class TestJudgingScreen : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void nothingTellsTheSidesApartBeforeTheVerdict();
    void keysRecordTheVerdictThroughLeftAndRight();
    void notesGoWithTheVerdict();
    void undoRetractsAndIsRefusedWhenStale();
    void presenterModeEnlargesTheType();
    void judgeModelStartsOnlyAfterItsEstimate();

private:
    // The shown pair's left text is the candidate's: then B is on the left.
    bool bOnLeft() const;
    int shownPairNo() const;
    void pressAndWaitSaved(int key);
    // The judge's current verdict on a pair, read from the workspace by the test.
    std::optional<PairVerdict> storedVerdict(int pairNo);

    test::ScopedWorkspaceDir m_wsDir;
    QTemporaryDir m_dir;
    QString m_log;
    qint64 m_runId = 0;
    std::unique_ptr<JudgingPage> m_page;
    JudgingScreen *m_screen = nullptr;
    int m_round = 0;
};

void TestJudgingScreen::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"assay-tests"_s);
    QCoreApplication::setApplicationName(u"tst_judgingscreen"_s);
    LabelService::setConfiguredReviewer(kJudge);
    m_log = test::TestLog::create(m_dir, test::TestLog::standardColumns(), test::TestLog::standardRows(kCases));
    auto ws = Workspace::open(test::sqliteSource(m_log));
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    QList<test::FixtureCase> cases;
    for (int i = 0; i < kCases; ++i)
        cases << test::FixtureCase{QString::number(i + 1), {{ReplayResultStatus::Ok, candidateText(i), 0.0123, 777, 42}}};
    QString error;
    m_runId = test::writeReplayRun(**ws, m_log, {test::fixtureTarget(u"summary_prompt@v9"_s, u"haiku-secret-model"_s)}, cases, &error);
    QVERIFY2(m_runId > 0, qPrintable(error));
}

void TestJudgingScreen::init()
{
    // Each test judges a session of its own, drawn through the page's dialog as a user would.
    m_page = std::make_unique<JudgingPage>();
    m_page->resize(1400, 900);
    m_page->show();
    QSignalSpy listed(m_page.get(), &JudgingPage::sessionsListed);
    m_page->openSource(SessionSpec{test::sqliteSource(m_log)});
    QVERIFY(listed.wait(kTimeoutMs));
    QCOMPARE(m_page->judge(), kJudge); // the name labels use
    m_page->newSession(m_runId, u"baseline"_s, u"target:1"_s);
    NewJudgingDialog *dialog = m_page->dialog();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->runBox()->count() > 0, kTimeoutMs);
    QCOMPARE(dialog->sideABox()->currentData().toString(), u"baseline"_s);
    QCOMPARE(dialog->sideBBox()->currentData().toString(), u"target:1"_s);
    dialog->sizeBox()->setValue(8);
    dialog->seedBox()->setValue(5);
    dialog->nameEdit()->setText(kSession + QString::number(++m_round));
    QSignalSpy opened(m_page.get(), &JudgingPage::sessionOpened);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QVERIFY(opened.wait(kTimeoutMs));
    m_screen = m_page->screen();
    QCOMPARE(m_screen->view().pairs.size(), 8);
}

void TestJudgingScreen::cleanup()
{
    m_page.reset();
    m_screen = nullptr;
}

bool TestJudgingScreen::bOnLeft() const
{
    return m_screen->findChild<ReadingView *>(u"judgingLeft"_s)->toPlainText().startsWith(u"candidate answer"_s);
}

int TestJudgingScreen::shownPairNo() const
{
    return m_screen->view().pairs.at(m_screen->currentIndex()).pairNo;
}

void TestJudgingScreen::pressAndWaitSaved(int key)
{
    QSignalSpy saved(m_screen, &JudgingScreen::verdictSaved);
    QTest::keyClick(m_screen, Qt::Key(key));
    QVERIFY2(saved.wait(kTimeoutMs), qPrintable(m_screen->statusText()));
}

std::optional<PairVerdict> TestJudgingScreen::storedVerdict(int pairNo)
{
    auto ws = Workspace::open(test::sqliteSource(m_log));
    if (!ws)
        return std::nullopt;
    auto verdicts = JudgingStore(**ws).currentVerdicts(m_screen->view().session.name);
    if (!verdicts)
        return std::nullopt;
    for (const PairVerdict &v : *verdicts) {
        if (v.pairNo == pairNo && v.judge == kJudge)
            return v;
    }
    return std::nullopt;
}

void TestJudgingScreen::nothingTellsTheSidesApartBeforeTheVerdict()
{
    // Words that would give a side away: the target's prompt version, model and provider, the
    // baseline's name, the side letters as the reveal writes them, and the cost and latency.
    const QStringList giveaways{u"summary_prompt@v9"_s, u"haiku-secret-model"_s, u"anthropic"_s, u"baseline"_s,
                                u"A · "_s, u"B · "_s, u"0.0123"_s, u"777 ms"_s, u"42 tokens"_s};
    for (int i = 0; i < m_screen->view().pairs.size(); ++i) {
        m_screen->showPair(i);
        const QString all = visibleTexts(m_screen).join(u'\n');
        for (const QString &word : giveaways)
            QVERIFY2(!all.contains(word, Qt::CaseInsensitive), qPrintable(u"pair %1 shows \"%2\""_s.arg(i + 1).arg(word)));
        QVERIFY(m_screen->findChild<QLabel *>(u"judgingLeftReveal"_s)->text().isEmpty());
    }
    // Left and right are drawn per pair: both placements occur in the session.
    int bLeft = 0;
    for (int i = 0; i < m_screen->view().pairs.size(); ++i) {
        m_screen->showPair(i);
        bLeft += bOnLeft() ? 1 : 0;
    }
    QVERIFY2(bLeft > 0 && bLeft < m_screen->view().pairs.size(), qPrintable(QString::number(bLeft)));
    // Once saved, the sides are told.
    m_screen->showPair(0);
    pressAndWaitSaved(Qt::Key_3);
    const QString all = visibleTexts(m_screen).join(u'\n');
    QVERIFY2(all.contains(u"summary_prompt@v9 anthropic/haiku-secret-model"_s), qPrintable(all));
    QVERIFY(all.contains(u"baseline (logged)"_s));
    const QString left = m_screen->findChild<QLabel *>(u"judgingLeftReveal"_s)->text();
    QVERIFY2(left.startsWith(bOnLeft() ? u"B · summary_prompt@v9"_s : u"A · baseline"_s), qPrintable(left));
}

void TestJudgingScreen::keysRecordTheVerdictThroughLeftAndRight()
{
    struct Sent {
        int pairNo;
        PairWinner expected;
    };
    QList<Sent> sent;
    const QList<int> keys{Qt::Key_1, Qt::Key_2, Qt::Key_1, Qt::Key_3, Qt::Key_2};
    for (int key : keys) {
        const bool bLeft = bOnLeft();
        // What the judge meant, in A/B terms, from what they saw on each side.
        const PairWinner expected = key == Qt::Key_3 ? PairWinner::Tie
                                    : (key == Qt::Key_1) == bLeft ? PairWinner::B
                                                                  : PairWinner::A;
        sent << Sent{shownPairNo(), expected};
        pressAndWaitSaved(key);
        QVERIFY2(m_screen->statusText().contains(u"Saved"_s), qPrintable(m_screen->statusText()));
        QTest::keyClick(m_screen, Qt::Key_J);
    }
    QCOMPARE(m_screen->currentIndex(), int(keys.size()));
    QTest::keyClick(m_screen, Qt::Key_K);
    QCOMPARE(m_screen->currentIndex(), int(keys.size()) - 1);
    for (const Sent &s : sent) {
        const auto stored = storedVerdict(s.pairNo);
        QVERIFY2(stored, qPrintable(u"pair %1 not stored"_s.arg(s.pairNo)));
        QCOMPARE(stored->winner, s.expected);
    }
}

void TestJudgingScreen::notesGoWithTheVerdict()
{
    // A note typed before the verdict is saved with it.
    QTest::keyClick(m_screen, Qt::Key_N);
    auto *note = m_screen->findChild<QLineEdit *>(u"judgingNote"_s);
    QVERIFY(note->isVisible());
    QTest::keyClicks(note, u"left one rambles"_s);
    QTest::keyClick(note, Qt::Key_Return);
    QVERIFY(!note->isVisible());
    const int pairNo = shownPairNo();
    pressAndWaitSaved(Qt::Key_2);
    QCOMPARE(storedVerdict(pairNo)->note, u"left one rambles"_s);
    // A note on a verdict already given: the same verdict again, with the note.
    QSignalSpy saved(m_screen, &JudgingScreen::verdictSaved);
    QTest::keyClick(m_screen, Qt::Key_N);
    note->clear();
    QTest::keyClicks(note, u"second thoughts"_s);
    QTest::keyClick(note, Qt::Key_Return);
    QVERIFY(saved.wait(kTimeoutMs));
    const auto stored = storedVerdict(pairNo);
    QCOMPARE(stored->note, u"second thoughts"_s);
    QCOMPARE(stored->choice, PairChoice::Right);
}

void TestJudgingScreen::undoRetractsAndIsRefusedWhenStale()
{
    const int pairNo = shownPairNo();
    pressAndWaitSaved(Qt::Key_1);
    QVERIFY(storedVerdict(pairNo));
    auto *status = m_screen->findChild<QLabel *>(u"judgingStatus"_s);
    QTest::keyClick(m_screen, Qt::Key_U);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(u"Undone"_s), kTimeoutMs);
    QVERIFY(!storedVerdict(pairNo));
    QVERIFY(!m_screen->currentVerdict());
    QVERIFY(!m_screen->findChild<QLabel *>(u"judgingLeftReveal"_s)->isVisibleTo(m_screen));
    // Ctrl+Z undoes too: a second verdict, then back to none.
    pressAndWaitSaved(Qt::Key_2);
    QTest::keyClick(m_screen, Qt::Key_Z, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(!m_screen->currentVerdict(), kTimeoutMs);
    QVERIFY(!storedVerdict(pairNo));

    // The same judge gave a newer verdict elsewhere (another window): undoing the one this
    // screen knows would revert that newer one, so the store refuses and the screen says so.
    pressAndWaitSaved(Qt::Key_1);
    {
        auto ws = Workspace::open(test::sqliteSource(m_log));
        QVERIFY(ws.ok());
        QVERIFY(JudgingStore(**ws).record(m_screen->view().session.name, pairNo, kJudge, PairChoice::Tie).ok());
    }
    QTest::keyClick(m_screen, Qt::Key_U);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(u"Undo refused"_s), kTimeoutMs);
    QCOMPARE(storedVerdict(pairNo)->choice, PairChoice::Tie); // the newer verdict stands
    // Nothing to undo on a pair without a verdict: said, nothing sent.
    QTest::keyClick(m_screen, Qt::Key_J);
    QTest::keyClick(m_screen, Qt::Key_U);
    QVERIFY(status->text().startsWith(u"Nothing to undo"_s));
}

void TestJudgingScreen::presenterModeEnlargesTheType()
{
    auto *left = m_screen->findChild<ReadingView *>(u"judgingLeft"_s);
    const qreal before = left->document()->defaultFont().pointSizeF();
    QTest::keyClick(m_screen, Qt::Key_P);
    QVERIFY(m_screen->isPresenterMode());
    const qreal after = left->document()->defaultFont().pointSizeF();
    QVERIFY2(after >= 18.0 && after > before * 1.5, qPrintable(u"%1 -> %2"_s.arg(before).arg(after)));
    QVERIFY(left->toPlainText().contains(u"answer"_s) || left->toPlainText().contains(u"output number"_s));
    QTest::keyClick(m_screen, Qt::Key_P);
    QVERIFY(!m_screen->isPresenterMode());
    QCOMPARE(left->document()->defaultFont().pointSizeF(), before);
}

// The judge model from the window: Start only after an estimate of exactly the current settings;
// it stores one judge run for the session (checked in the workspace), and the same settings
// again resume that run instead of making another.
void TestJudgingScreen::judgeModelStartsOnlyAfterItsEstimate()
{
    const QString session = m_screen->view().session.name;
    // From the Compare view's sides: the newest session over them is this test's.
    m_page->judgeWithModel(m_runId, u"baseline"_s, u"target:1"_s);
    QTRY_VERIFY_WITH_TIMEOUT(m_page->modelDialog() != nullptr, kTimeoutMs);
    JudgeModelDialog *dialog = m_page->modelDialog();
    QVERIFY2(dialog->windowTitle().contains(session), qPrintable(dialog->windowTitle()));
    dialog->providerBox()->setCurrentText(u"openai-compatible"_s);
    dialog->modelEdit()->setText(u"judge-one"_s);
    dialog->baseUrlEdit()->setText(u"http://127.0.0.1:9/v1"_s);
    QVERIFY(!dialog->startButton()->isEnabled());

    // A budget cannot be kept over calls without a price: refused, Start stays off.
    dialog->budgetBox()->setValue(1.0);
    dialog->estimateButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->messageLabel()->text().contains(u"needs a price"_s), kTimeoutMs);
    QVERIFY(!dialog->startButton()->isEnabled());
    dialog->budgetBox()->setValue(0);

    dialog->estimateButton()->click();
    // 8 pairs, each judged in both orders.
    QTRY_VERIFY_WITH_TIMEOUT(dialog->messageLabel()->text().contains(u"16 calls"_s), kTimeoutMs);
    QVERIFY2(dialog->messageLabel()->text().contains(u"8 pairs"_s), qPrintable(dialog->messageLabel()->text()));
    QVERIFY(dialog->startButton()->isEnabled());
    dialog->modelEdit()->setText(u"judge-two"_s);
    QVERIFY2(!dialog->startButton()->isEnabled(), "an estimate of other settings does not start these");
    dialog->modelEdit()->setText(u"judge-one"_s);
    QVERIFY(dialog->startButton()->isEnabled());

    QSignalSpy ready(m_page.get(), &JudgingPage::judgeRunReady);
    dialog->startButton()->click();
    QVERIFY(ready.wait(kTimeoutMs));
    const qint64 runId = ready.at(0).at(0).toLongLong();
    QVERIFY(runId > 0);
    {
        auto ws = Workspace::open(test::sqliteSource(m_log));
        QVERIFY2(ws.ok(), qPrintable(ws.error()));
        auto runs = JudgeRunStore(**ws).runsOf(session);
        QVERIFY2(runs.ok(), qPrintable(runs.error()));
        QCOMPARE(runs->size(), 1);
        QCOMPARE(runs->at(0).runId, runId);
        QCOMPARE(runs->at(0).model, u"judge-one"_s);
        QCOMPARE(runs->at(0).baseUrl, u"http://127.0.0.1:9/v1"_s);
    }

    // The same settings again: the estimate says it resumes, Start hands back the same run.
    m_page->judgeWithModel(session);
    QVERIFY(m_page->modelDialog() != nullptr);
    dialog = m_page->modelDialog();
    dialog->providerBox()->setCurrentText(u"openai-compatible"_s);
    dialog->modelEdit()->setText(u"judge-one"_s);
    dialog->baseUrlEdit()->setText(u"http://127.0.0.1:9/v1"_s);
    dialog->estimateButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->messageLabel()->text().contains(u"Run %1 already"_s.arg(runId)), kTimeoutMs);
    dialog->startButton()->click();
    QVERIFY(ready.wait(kTimeoutMs));
    QCOMPARE(ready.at(1).at(0).toLongLong(), runId);
    auto ws = Workspace::open(test::sqliteSource(m_log));
    QVERIFY(ws.ok());
    QCOMPARE(JudgeRunStore(**ws).runsOf(session)->size(), 1);
    // The judge run is no run to draw pairs from (nor to compare): the pickers leave it out.
    m_page->newSession();
    QTRY_VERIFY_WITH_TIMEOUT(m_page->dialog() && m_page->dialog()->runBox()->count() > 0, kTimeoutMs);
    QVERIFY(m_page->dialog()->runBox()->findData(m_runId) >= 0);
    QCOMPARE(m_page->dialog()->runBox()->findData(runId), -1);
}

QTEST_MAIN(TestJudgingScreen)
#include "tst_judgingscreen.moc"

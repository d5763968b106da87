// The replay page as a prompt engineer drives it, against the local fake provider server (an
// openai-compatible target, so no test touches the internet): plan a run in the dialog and see
// the estimate, run it to the end and find in the results view exactly what the workspace holds,
// filter and export it; pause, resume and cancel; a budget that stops the run; a run left
// "running" by a crash resumed; and a missing key that blocks Start and offers the keys dialog.

#include "FakeProviderServer.h"
#include "TestSupport.h"

#include "browse/LogSession.h"
#include "browse/OutputsRepository.h"
#include "pricing/PriceTable.h"
#include "prompts/PromptRegistry.h"
#include "providers/ApiKeys.h"
#include "replay/NewReplayDialog.h"
#include "replay/ReplayCaseView.h"
#include "replay/ReplayPage.h"
#include "replay/ReplayPlan.h"
#include "replay/ReplayResultsFilter.h"
#include "replay/ReplayResultsModel.h"
#include "replay/ReplayResultsView.h"
#include "replay/ReplayRunPanel.h"
#include "replay/ReplayRunner.h"
#include "replay/ReplayRunStore.h"
#include "replay/ReplayTargetsTable.h"
#include "workspace/Workspace.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

constexpr int timeoutMs = 30000;
// The runs list's columns: run, created, status, calls, ok, failed, pending, spent, targets.
constexpr int statusColumn = 2;
constexpr int okColumn = 4;

// Sets an environment variable for one scope and puts the old value back.
class ScopedEnv {
public:
    ScopedEnv(const char *name, const QByteArray &value) : m_name(name), m_had(qEnvironmentVariableIsSet(name)), m_old(qgetenv(name))
    {
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value);
    }
    ~ScopedEnv()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }

private:
    const char *m_name;
    bool m_had;
    QByteArray m_old;
};

QTreeWidgetItem *runItem(QTreeWidget *runs, qint64 runId)
{
    for (int i = 0; i < runs->topLevelItemCount(); ++i)
        if (runs->topLevelItem(i)->data(0, Qt::UserRole).toLongLong() == runId)
            return runs->topLevelItem(i);
    return nullptr;
}

} // namespace

class TestReplayPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void runShowsWhatTheWorkspaceHolds();
    void pauseResumeAndCancel();
    void budgetStopsTheRun();
    void interruptedRunResumes();
    void closingMidRunLeavesItResumable();
    void missingKeyBlocksStart();
    void staleEstimateIsDropped();
    void selectionAndDataset();
    void screenshot();

private:
    // Opens the page, then the dialog with one target at the fake server.
    NewReplayDialog *openDialog(ReplayPage &page, const QString &provider, int limit, const QString &model = u"claude-haiku-4-5"_s);
    // Starts what the dialog shows once its estimate holds; the run's id.
    qint64 start(ReplayPage &page, NewReplayDialog *dialog);
    ReplayTally tallyOf(qint64 runId);

    QTemporaryDir m_dir;
    QString m_log;
    test::FakeProviderServer m_server;
    std::unique_ptr<ScopedEnv> m_compatibleUrl;
};

void TestReplayPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("ASSAY_WORKSPACE_DIR", m_dir.filePath(u"ws"_s).toUtf8());
    m_log = m_dir.filePath(u"demo.sqlite"_s);
    const QString error = test::writeDemoLogFixture(m_log, 500);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_server.listen());
    // The target names no base URL: the backend takes the server from the variable the
    // openai-compatible provider reads, as a user's environment would give it.
    m_compatibleUrl = std::make_unique<ScopedEnv>("OPENAI_COMPATIBLE_BASE_URL",
                                                  m_server.baseUrl(test::FakeWire::OpenAi).toString().toUtf8());
    // An offscreen run cannot reach the system keychain: nothing is stored there.
    apikeys::setKeychainReaderForTesting([](const QString &) { return std::optional<QString>(); });
}

void TestReplayPage::cleanupTestCase()
{
    apikeys::setKeychainReaderForTesting({});
    m_compatibleUrl.reset();
}

void TestReplayPage::init()
{
    m_server.setDefaultLatencyMs(0);
}

NewReplayDialog *TestReplayPage::openDialog(ReplayPage &page, const QString &provider, int limit, const QString &model)
{
    SessionSpec spec;
    spec.source = test::sqliteSource(m_log);
    QSignalSpy listed(&page, &ReplayPage::runsListed);
    page.openSource(spec);
    if (!listed.wait(timeoutMs))
        return nullptr;
    page.newReplay();
    NewReplayDialog *dialog = page.dialog();
    if (!dialog)
        return nullptr;
    dialog->targetsTable()->clearTargets();
    ReplayTarget target;
    target.promptName = u"ticket_summary"_s;
    target.promptVersion = u"v3"_s;
    target.provider = provider;
    target.model = model;
    target.maxTokens = 0;
    dialog->targetsTable()->addTarget(target);
    dialog->setLimit(limit);
    dialog->requestEstimate();
    return dialog;
}

qint64 TestReplayPage::start(ReplayPage &page, NewReplayDialog *dialog)
{
    QSignalSpy started(&page, &ReplayPage::runStarted);
    if (!QTest::qWaitFor([dialog] { return dialog->startButton()->isEnabled(); }, timeoutMs)) {
        qWarning() << "Start never enabled:" << dialog->problemLabel()->text();
        return -1;
    }
    dialog->startButton()->click();
    if (!started.wait(timeoutMs))
        return -1;
    return started.first().first().toLongLong();
}

ReplayTally TestReplayPage::tallyOf(qint64 runId)
{
    auto ws = Workspace::open(test::sqliteSource(m_log), {});
    if (!ws)
        return {};
    auto tally = ReplayRunStore(**ws).tally(runId);
    return tally ? *tally : ReplayTally{};
}

void TestReplayPage::runShowsWhatTheWorkspaceHolds()
{
    ReplayPage page;
    page.resize(1500, 900);
    page.show();
    const int before = m_server.requestCount();
    NewReplayDialog *dialog = openDialog(page, u"openai-compatible"_s, 6);
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->lastEstimate().has_value(), timeoutMs);
    QCOMPARE(dialog->lastEstimate()->cases, qint64(6));
    QCOMPARE(dialog->lastEstimate()->calls, qint64(6));
    QVERIFY(dialog->lastEstimate()->costUsd > 0); // claude-haiku-4-5 has a list price
    QVERIFY2(dialog->estimateLabel()->text().contains(u"6 cases"_s), qPrintable(dialog->estimateLabel()->text()));
    QVERIFY(!dialog->keysButton()->isVisibleTo(dialog));

    QSignalSpy finished(&page, &ReplayPage::runFinished);
    QSignalSpy shown(&page, &ReplayPage::comparisonShown);
    const qint64 runId = start(page, dialog);
    QVERIFY(runId > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!page.dialog(), timeoutMs); // the dialog closes once the run is stored
    QVERIFY(finished.wait(timeoutMs) || !finished.isEmpty());
    QCOMPARE(finished.first().at(1).value<ReplayRunStatus>(), ReplayRunStatus::Done);
    QCOMPARE(m_server.requestCount() - before, 6);

    // After the finish the results are reloaded whole: they must equal the stored results.
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 2 && page.resultsView()->model()->rowCount() == 6, timeoutMs);
    auto ws = Workspace::open(test::sqliteSource(m_log), {});
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    QList<ReplayResult> stored;
    QVERIFY(ReplayRunStore(**ws).forEachResult(runId, [&stored](const ReplayResult &r) {
        stored << r;
        return true;
    }));
    QCOMPARE(stored.size(), 6);
    const ReplayComparison &shownRun = page.resultsView()->model()->comparison();
    QCOMPARE(shownRun.runId, runId);
    for (const ReplayResult &r : stored) {
        const ReplayComparisonRow &row = shownRun.rows.at(r.caseNo);
        QCOMPARE(row.outputKey, r.outputKey);
        QCOMPARE(row.results.at(0).status, ReplayResultStatus::Ok);
        QCOMPARE(row.results.at(0).output, r.output);
        QCOMPARE(row.results.at(0).outputTokens, r.outputTokens);
        // The table cell shows the same text.
        const QModelIndex cell = page.resultsView()->model()->index(
            r.caseNo, page.resultsView()->model()->column(0, ReplayResultsModel::TargetColumn::Output));
        QCOMPARE(cell.data(Qt::ToolTipRole).toString(), r.output);
    }
    // The runs list and the panel say so too.
    QTRY_VERIFY_WITH_TIMEOUT(runItem(page.runsList(), runId) && runItem(page.runsList(), runId)->text(statusColumn) == u"done"_s, timeoutMs);
    QCOMPARE(runItem(page.runsList(), runId)->text(okColumn), u"6"_s);
    QVERIFY(page.runPanel()->newestOutputs()->count() == 6);
    QVERIFY(!page.runPanel()->resumeButton()->isEnabled());

    // One case in full: the inline diff marks the new words against the logged output.
    page.resultsView()->table()->selectRow(0);
    const QString html = page.resultsView()->caseView()->toHtml();
    const QString plain = page.resultsView()->caseView()->toPlainText();
    QVERIFY2(plain.contains(u"Baseline"_s) && plain.contains(stored.first().outputKey), qPrintable(plain.left(400)));
    QVERIFY2(plain.contains(u"fake"_s) && plain.contains(u"server"_s), qPrintable(plain.left(2000)));
    // The fake server's answer shares hardly a word with the logged output: shown whole, not as
    // a mosaic of struck-through words.
    QVERIFY2(plain.contains(u"Rewritten"_s), qPrintable(plain.left(2000)));
    QVERIFY(!html.contains(u"line-through"_s));
    // Close texts get the inline word diff: the removed word struck through, the added one marked.
    const QString diff = wordDiffHtml(u"The customer cannot log in since Monday."_s, u"The customer cannot sign in since Monday."_s);
    QVERIFY2(diff.contains(u"line-through;\">log</span>"_s) && diff.contains(u"#c8f0c8;\">sign</span>"_s), qPrintable(diff));

    // Filters: every output differs from the baseline, none failed.
    ReplayResultsView *view = page.resultsView();
    QAbstractItemModelTester tester(view->filter(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    view->changeFilter()->setCurrentIndex(2); // unchanged
    QCOMPARE(view->filter()->rowCount(), 0);
    view->changeFilter()->setCurrentIndex(1); // changed
    QCOMPARE(view->filter()->rowCount(), 6);
    view->changeFilter()->setCurrentIndex(0);
    view->statusFilter()->setCurrentIndex(view->statusFilter()->findData(u"failed"_s));
    QCOMPARE(view->filter()->rowCount(), 0);
    view->statusFilter()->setCurrentIndex(view->statusFilter()->findData(u"ok"_s));
    QCOMPARE(view->filter()->rowCount(), 6);

    // Export: one JSONL record per stored result, in the CLI's shape.
    QSignalSpy exported(&page, &ReplayPage::exported);
    const QString path = m_dir.filePath(u"run.jsonl"_s);
    page.exportResults(path, u"jsonl"_s);
    QVERIFY(exported.wait(timeoutMs));
    QCOMPARE(exported.first().at(1).toLongLong(), qint64(6));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 6);
    const QJsonObject first = QJsonDocument::fromJson(lines.first()).object();
    QCOMPARE(first.value(u"output_id"_s).toString(), stored.first().outputKey);
    QCOMPARE(first.value(u"output"_s).toString(), stored.first().output);
    QCOMPARE(first.value(u"status"_s).toString(), u"ok"_s);
    // A bad export path is reported, and nothing else changes.
    QSignalSpy problem(&page, &ReplayPage::problem);
    page.exportResults(m_dir.filePath(u"no/such/dir/run.csv"_s), u"csv"_s);
    QVERIFY(problem.wait(timeoutMs));
    QVERIFY(problem.first().first().toString().contains(u"Export failed"_s));
}

void TestReplayPage::pauseResumeAndCancel()
{
    ReplayPage page;
    page.show();
    m_server.setDefaultLatencyMs(60);
    NewReplayDialog *dialog = openDialog(page, u"openai-compatible"_s, 30);
    QVERIFY(dialog);
    dialog->setConcurrency(1);
    dialog->chooseInputs(NewReplayDialog::Inputs::Filter);
    QSignalSpy finished(&page, &ReplayPage::runFinished);
    const int before = m_server.requestCount();
    const qint64 runId = start(page, dialog);
    QVERIFY(runId > 0);
    ReplayRunPanel *panel = page.runPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->newestOutputs()->count() >= 2, timeoutMs);

    // Pause: the call in flight completes, no new one starts.
    QVERIFY(panel->pauseButton()->isEnabled());
    panel->pauseButton()->click();
    QTRY_VERIFY(panel->resumeButton()->isEnabled());
    QVERIFY(!panel->pauseButton()->isEnabled());
    // Once the call in flight has landed the count stands still (a loaded machine may take a while).
    int whilePaused = -1;
    QVERIFY(QTest::qWaitFor([&] {
        const int seen = m_server.requestCount();
        QTest::qWait(300);
        whilePaused = m_server.requestCount();
        return seen == whilePaused;
    }, timeoutMs));
    QTest::qWait(500);
    QCOMPARE(m_server.requestCount(), whilePaused);
    QVERIFY(finished.isEmpty());
    // What streamed in is in the results table already, as stored.
    const qint64 storedWhilePaused = tallyOf(runId).ok;
    QVERIFY(storedWhilePaused >= 2);
    const auto okShown = [&page] {
        qint64 n = 0;
        for (const ReplayComparisonRow &row : page.resultsView()->model()->comparison().rows)
            n += !row.results.isEmpty() && row.results.first().status == ReplayResultStatus::Ok;
        return n;
    };
    QTRY_COMPARE_WITH_TIMEOUT(okShown(), storedWhilePaused, timeoutMs);
    QCOMPARE(runItem(page.runsList(), runId)->text(statusColumn), u"paused"_s);

    // Resume, then cancel: the run stops with cases pending.
    panel->resumeButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(m_server.requestCount() > whilePaused + 1, timeoutMs);
    panel->cancelButton()->click();
    QVERIFY(finished.wait(timeoutMs));
    QCOMPARE(finished.first().at(1).value<ReplayRunStatus>(), ReplayRunStatus::Cancelled);
    const ReplayTally cancelled = tallyOf(runId);
    QVERIFY(cancelled.pending() > 0);
    QVERIFY(cancelled.ok >= 3);
    QTRY_VERIFY_WITH_TIMEOUT(runItem(page.runsList(), runId) && runItem(page.runsList(), runId)->text(statusColumn) == u"cancelled"_s,
                             timeoutMs);

    // The cancelled run resumes from the panel and finishes without calling a stored case again.
    QTRY_VERIFY_WITH_TIMEOUT(panel->resumeButton()->isEnabled(), timeoutMs);
    m_server.setDefaultLatencyMs(0);
    panel->resumeButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, timeoutMs);
    QCOMPARE(finished.at(1).at(1).value<ReplayRunStatus>(), ReplayRunStatus::Done);
    const ReplayTally done = tallyOf(runId);
    QCOMPARE(done.ok, qint64(30));
    QCOMPARE(done.pending(), qint64(0));
    // Only a call cancelled in flight may have been sent twice.
    QVERIFY2(m_server.requestCount() - before <= 31, qPrintable(QString::number(m_server.requestCount() - before)));
}

void TestReplayPage::budgetStopsTheRun()
{
    ReplayPage page;
    page.show();
    NewReplayDialog *dialog = openDialog(page, u"openai-compatible"_s, 10);
    QVERIFY(dialog);
    dialog->setConcurrency(1);
    dialog->setFreshSamples(true); // earlier runs cached these answers, and cache hits cost nothing
    QTRY_VERIFY_WITH_TIMEOUT(dialog->lastEstimate().has_value(), timeoutMs);
    const ReplayEstimate estimate = *dialog->lastEstimate();
    QVERIFY(estimate.calls == 10 && estimate.costUsd > 0);
    // Half an average call: some call's estimate cannot fit, so the run cannot complete.
    // (The budget field keeps four decimals.)
    const double cap = std::round(estimate.costUsd / static_cast<double>(estimate.calls) / 2 * 10000) / 10000;
    QVERIFY2(cap >= 0.0001, qPrintable(QString::number(cap)));
    dialog->setBudget(cap);
    QSignalSpy finished(&page, &ReplayPage::runFinished);
    const int before = m_server.requestCount();
    const qint64 runId = start(page, dialog);
    QVERIFY(runId > 0);
    QVERIFY(finished.wait(timeoutMs) || !finished.isEmpty());
    QCOMPARE(finished.first().at(1).value<ReplayRunStatus>(), ReplayRunStatus::Budget);
    const ReplayTally tally = tallyOf(runId);
    QVERIFY(tally.pending() > 0);
    QVERIFY2(tally.spentUsd <= cap, qPrintable(u"%1 > %2"_s.arg(tally.spentUsd).arg(cap)));
    QCOMPARE(qint64(m_server.requestCount() - before), tally.ok + tally.failed);
    QTRY_VERIFY_WITH_TIMEOUT(runItem(page.runsList(), runId) && runItem(page.runsList(), runId)->text(statusColumn) == u"budget"_s,
                             timeoutMs);
    QVERIFY(page.runPanel()->resumeButton()->isEnabled()); // with a bigger budget from the CLI, say
}

void TestReplayPage::interruptedRunResumes()
{
    // A run created and then abandoned, as a crash leaves it: stored as "running", nothing sent.
    SessionSpec spec;
    spec.source = test::sqliteSource(m_log);
    qint64 runId = 0;
    {
        auto session = LogSession::open(spec);
        QVERIFY2(session.ok(), qPrintable(session.error()));
        auto registry = openPromptRegistry(&(*session)->connection());
        QVERIFY(registry.ok());
        ReplaySpec replay;
        ReplayTarget t;
        t.promptName = u"ticket_summary"_s;
        t.promptVersion = u"v3"_s;
        t.provider = u"openai-compatible"_s;
        t.model = u"claude-haiku-4-5"_s;
        t.maxTokens = 0;
        replay.targets << t;
        replay.inputs.filter.promptName = u"ticket_summary"_s;
        replay.inputs.limit = 4;
        replay.options.noCache = true;
        auto plan = planReplay(replay, (*session)->outputs(), **registry, PriceTable::withDefaults(), (*session)->workspace());
        QVERIFY2(plan.ok(), qPrintable(plan.error()));
        auto id = ReplayRunStore(*(*session)->workspace()).createRun(replay, *plan, u"demo"_s, u"tester"_s);
        QVERIFY(id.ok());
        runId = *id;
    }
    ReplayPage page;
    page.show();
    QSignalSpy listed(&page, &ReplayPage::runsListed);
    page.openSource(spec);
    QVERIFY(listed.wait(timeoutMs));
    QTreeWidgetItem *item = runItem(page.runsList(), runId);
    QVERIFY(item);
    QCOMPARE(item->text(statusColumn), u"interrupted"_s);
    page.runsList()->setCurrentItem(item);
    QCOMPARE(page.shownRun(), runId);
    QVERIFY(page.runPanel()->resumeButton()->isEnabled());
    QVERIFY(!page.runPanel()->pauseButton()->isEnabled());
    QSignalSpy finished(&page, &ReplayPage::runFinished);
    const int before = m_server.requestCount();
    page.runPanel()->resumeButton()->click();
    QVERIFY(finished.wait(timeoutMs));
    QCOMPARE(finished.first().at(1).value<ReplayRunStatus>(), ReplayRunStatus::Done);
    QCOMPARE(m_server.requestCount() - before, 4);
    QCOMPARE(tallyOf(runId).ok, qint64(4));
}

void TestReplayPage::closingMidRunLeavesItResumable()
{
    m_server.setDefaultLatencyMs(150);
    qint64 runId = 0;
    {
        ReplayPage page;
        page.show();
        NewReplayDialog *dialog = openDialog(page, u"openai-compatible"_s, 16);
        QVERIFY(dialog);
        dialog->setFreshSamples(true);
        dialog->setConcurrency(2);
        runId = start(page, dialog);
        QVERIFY(runId > 0);
        QTRY_VERIFY_WITH_TIMEOUT(page.runPanel()->newestOutputs()->count() >= 2, timeoutMs);
    } // the window closes with calls in flight
    const ReplayTally left = tallyOf(runId);
    QVERIFY(left.pending() > 0);
    QVERIFY(left.ok >= 2);

    m_server.setDefaultLatencyMs(0);
    ReplayPage page;
    page.show();
    SessionSpec spec;
    spec.source = test::sqliteSource(m_log);
    QSignalSpy listed(&page, &ReplayPage::runsListed);
    page.openSource(spec);
    QVERIFY(listed.wait(timeoutMs));
    QTreeWidgetItem *item = runItem(page.runsList(), runId);
    QVERIFY(item);
    // The cancel sent on closing may or may not have reached the engine before its thread ended.
    QVERIFY2(item->text(statusColumn) == u"interrupted"_s || item->text(statusColumn) == u"cancelled"_s,
             qPrintable(item->text(statusColumn)));
    QSignalSpy finished(&page, &ReplayPage::runFinished);
    page.resumeRun(runId);
    QVERIFY(finished.wait(timeoutMs));
    QCOMPARE(finished.first().at(1).value<ReplayRunStatus>(), ReplayRunStatus::Done);
    QCOMPARE(tallyOf(runId).ok, qint64(16));
}

void TestReplayPage::missingKeyBlocksStart()
{
    const ScopedEnv noKey("ANTHROPIC_API_KEY", QByteArray());
    ReplayPage page;
    page.show();
    NewReplayDialog *dialog = openDialog(page, u"anthropic"_s, 3);
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->keysButton()->isVisibleTo(dialog), timeoutMs);
    QVERIFY(!dialog->startButton()->isEnabled());
    QVERIFY2(dialog->problemLabel()->text().contains(u"ANTHROPIC_API_KEY"_s), qPrintable(dialog->problemLabel()->text()));
    QVERIFY(dialog->lastEstimate().has_value()); // the estimate is still shown
    QSignalSpy keys(&page, &ReplayPage::apiKeysRequested);
    dialog->keysButton()->click();
    QCOMPARE(keys.count(), 1);

    // The key set (as the keys dialog would), the next estimate lets the run start; the key is
    // never shown.
    const ScopedEnv key("ANTHROPIC_API_KEY", "sk-ant-test-secret-123");
    const ScopedEnv url("ANTHROPIC_BASE_URL", m_server.baseUrl(test::FakeWire::Anthropic).toString().toUtf8());
    dialog->requestEstimate();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->startButton()->isEnabled(), timeoutMs);
    QVERIFY(!dialog->keysButton()->isVisibleTo(dialog));
    QVERIFY(!dialog->problemLabel()->text().contains(u"secret"_s));
    QVERIFY(!dialog->estimateLabel()->text().contains(u"secret"_s));
}

void TestReplayPage::staleEstimateIsDropped()
{
    ReplayPage page;
    page.show();
    // The estimate of one target is on its way when a second target is added: Start must wait
    // for the estimate of both.
    NewReplayDialog *dialog = openDialog(page, u"openai-compatible"_s, 5);
    QVERIFY(dialog);
    ReplayTarget second;
    second.promptName = u"ticket_summary"_s;
    second.promptVersion = u"v2"_s;
    second.provider = u"openai-compatible"_s;
    second.model = u"claude-haiku-4-5"_s;
    dialog->targetsTable()->addTarget(second);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->startButton()->isEnabled(), timeoutMs);
    QVERIFY(dialog->lastEstimate().has_value());
    QCOMPARE(dialog->lastEstimate()->calls, qint64(10));
    QCOMPARE(dialog->request().spec.targets.size(), 2);
    // A target without a prompt: nothing is estimated and Start stays off.
    dialog->targetsTable()->addTarget(ReplayTarget{});
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->problemLabel()->text().isEmpty(), timeoutMs);
    QVERIFY(!dialog->startButton()->isEnabled());
}

void TestReplayPage::selectionAndDataset()
{
    // The window hands over the Outputs page's selection when the dialog opens.
    SessionSpec spec;
    spec.source = test::sqliteSource(m_log);
    QStringList ids;
    {
        auto session = LogSession::open(spec);
        QVERIFY2(session.ok(), qPrintable(session.error()));
        PageRequest request;
        request.filter.promptName = u"ticket_summary"_s;
        request.limit = 3;
        auto page = (*session)->outputs().fetchPage(request);
        QVERIFY(page.ok() && page->size() == 3);
        for (const OutputRecord &record : *page)
            ids << record.key.toString();
    }
    ReplayPage page;
    page.show();
    connect(&page, &ReplayPage::inputsWanted, this, [&page, ids] { page.setSelectedIds(ids); });
    NewReplayDialog *dialog = openDialog(page, u"openai-compatible"_s, 50);
    QVERIFY(dialog);
    dialog->chooseInputs(NewReplayDialog::Inputs::Selection);
    dialog->setSaveAsDataset(u"three-tickets"_s);
    dialog->setFreshSamples(true);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->lastEstimate().has_value() && dialog->startButton()->isEnabled(), timeoutMs);
    QCOMPARE(dialog->lastEstimate()->cases, qint64(3));
    QCOMPARE(dialog->request().spec.inputs.ids, ids);
    QSignalSpy finished(&page, &ReplayPage::runFinished);
    const qint64 runId = start(page, dialog);
    QVERIFY(runId > 0);
    QVERIFY(finished.wait(timeoutMs) || !finished.isEmpty());
    QCOMPARE(tallyOf(runId).ok, qint64(3));

    // The same outputs again, from the dataset saved with the run; a taken name is refused.
    page.newReplay();
    dialog = page.dialog();
    QVERIFY(dialog);
    ReplayTarget target;
    target.promptName = u"ticket_summary"_s;
    target.promptVersion = u"v3"_s;
    target.provider = u"openai-compatible"_s;
    target.model = u"claude-haiku-4-5"_s;
    target.maxTokens = 0;
    dialog->targetsTable()->clearTargets();
    dialog->targetsTable()->addTarget(target);
    dialog->chooseInputs(NewReplayDialog::Inputs::Dataset, u"three-tickets"_s);
    QTRY_VERIFY2_WITH_TIMEOUT(dialog->lastEstimate().has_value() && dialog->startButton()->isEnabled(),
                              qPrintable(dialog->problemLabel()->text() + u" / "_s + dialog->estimateLabel()->text()), timeoutMs);
    QCOMPARE(dialog->request().spec.inputs.dataset, u"three-tickets"_s);
    QCOMPARE(dialog->lastEstimate()->cases, qint64(3));
    dialog->setSaveAsDataset(u"three-tickets"_s);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->startButton()->isEnabled(), timeoutMs);
    QSignalSpy started(&page, &ReplayPage::runStarted);
    dialog->startButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->problemLabel()->text().isEmpty(), timeoutMs);
    QVERIFY2(dialog->problemLabel()->text().contains(u"three-tickets"_s), qPrintable(dialog->problemLabel()->text()));
    QCOMPARE(started.count(), 0);
    QVERIFY(page.dialog()); // still open, nothing lost
}

// Not a check: the README's screenshot when ASSAY_SCREENSHOT_DIR is set. Two versions of a
// prompt against the fake server, whose answers vary a little as a model's would, one of them an
// error.
void TestReplayPage::screenshot()
{
    const QString shots = qEnvironmentVariable("ASSAY_SCREENSHOT_DIR");
    if (shots.isEmpty())
        QSKIP("set ASSAY_SCREENSHOT_DIR to write the replay screenshot");
    const QStringList issues{u"cannot log in after the password reset"_s, u"was charged twice for the March invoice"_s,
                             u"sees a blank dashboard since the last update"_s, u"wants to export reports as CSV"_s,
                             u"lost access when the SSO certificate expired"_s, u"asks for a refund of the annual plan"_s};
    const QStringList moods{u"frustrated"_s, u"calm"_s, u"angry"_s, u"neutral"_s};
    QList<test::FakeResponse> answers;
    for (int i = 0; i < 24; ++i) {
        if (i == 9) {
            answers << test::FakeResponse::providerError(400, u"invalid_request_error"_s, u"max_tokens is too large for this model"_s);
            continue;
        }
        answers << test::FakeResponse::success(
            u"- **Issue:** The customer %1\n- **Impact:** %2 customer, %3\n- **Tried:** Nothing yet\n- **Next step:** %4"_s.arg(
                issues.at(i % issues.size()), i % 3 ? u"Pro"_s : u"Enterprise"_s, moods.at(i % moods.size()),
                i % 2 ? u"Escalate to tier 2 support"_s : u"Reply with the help-centre article"_s));
    }
    m_server.enqueue(answers);
    ReplayPage page;
    page.resize(1500, 900);
    page.show();
    NewReplayDialog *dialog = openDialog(page, u"openai-compatible"_s, 12);
    QVERIFY(dialog);
    ReplayTarget second;
    second.promptName = u"ticket_summary"_s;
    second.promptVersion = u"v2"_s;
    second.provider = u"openai-compatible"_s;
    second.model = u"claude-haiku-4-5"_s;
    second.maxTokens = 0;
    dialog->targetsTable()->addTarget(second);
    dialog->setFreshSamples(true);
    dialog->setConcurrency(1);
    dialog->setSaveAsDataset(u"tickets-week-47"_s);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->startButton()->isEnabled(), timeoutMs);
    QCOMPARE(dialog->lastEstimate()->calls, qint64(24));
    dialog->grab().save(QDir(shots).filePath(u"replay-dialog.png"_s));
    QSignalSpy finished(&page, &ReplayPage::runFinished);
    QSignalSpy shown(&page, &ReplayPage::comparisonShown);
    QVERIFY(start(page, dialog) > 0);
    QVERIFY(finished.wait(timeoutMs) || !finished.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 2, timeoutMs);
    page.resultsView()->table()->selectRow(1);
    QTest::qWait(200);
    QVERIFY(page.grab().save(QDir(shots).filePath(u"screenshot-replay.png"_s)));
}

QTEST_MAIN(TestReplayPage)
#include "tst_replaypage.moc"

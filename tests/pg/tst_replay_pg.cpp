// The replay store, response cache and datasets on a PostgreSQL workspace (the `assay` schema),
// driven by the engine with the fake backend: the same behaviour as on SQLite. Needs a server:
// ASSAY_TEST_PG_URL (as tests/pg's fixture sets it); without one every test skips and says why.

#include "FakeReplayBackend.h"
#include "DemoLogSession.h"
#include "TestSupport.h"

#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "prompts/PromptRegistry.h"
#include "replay/ReplayDatasets.h"
#include "replay/ReplayEngine.h"
#include "replay/ReplayPlan.h"
#include "replay/ReplayRunStore.h"
#include "workspace/Workspace.h"

#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace assay;

class TestReplayPg : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void runStoredAndRepeatedFromTheCache();
    void datasetsAreFrozen();

private:
    qint64 runToEnd(qint64 runId, const std::shared_ptr<test::FakeBackendLog> &log, ReplayRunStatus &status);

    QString m_url;
    std::unique_ptr<test::ScopedWorkspaceDir> m_wsDir;
    QTemporaryDir m_dir;
    QString m_log;
    std::unique_ptr<LogSession> m_session;
    std::unique_ptr<PromptRegistry> m_registry;
    PriceTable m_prices = PriceTable::withDefaults();
};

void TestReplayPg::initTestCase()
{
    // The marker lets ctest list a run without server binaries as skipped, never as passed.
    if (const QString reason = qEnvironmentVariable("ASSAY_TEST_PG_SKIP"); !reason.isEmpty())
        QSKIP(qPrintable(u"ASSAY_PG_TESTS_SKIPPED: "_s + reason));
    m_url = qEnvironmentVariable("ASSAY_TEST_PG_URL");
    if (m_url.isEmpty())
        QSKIP("ASSAY_PG_TESTS_SKIPPED: ASSAY_TEST_PG_URL is not set; run this test through ctest, which starts a "
              "PostgreSQL server for it");
    m_wsDir = std::make_unique<test::ScopedWorkspaceDir>();
    QVERIFY(m_dir.isValid());
    m_log = m_dir.filePath(u"demo.sqlite"_s);
    auto opened = test::openDemoLogSession(m_log, 300, m_url);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    m_session = std::move(opened->session);
    m_registry = std::move(opened->registry);
    QCOMPARE(m_session->workspace()->dialect(), SqlDialect::PostgreSQL);
    QCOMPARE(m_session->workspace()->schemaVersion(), Workspace::latestSchemaVersion());
}

void TestReplayPg::cleanupTestCase()
{
    m_registry.reset();
    m_session.reset();
    m_wsDir.reset();
}

qint64 TestReplayPg::runToEnd(qint64 runId, const std::shared_ptr<test::FakeBackendLog> &log, ReplayRunStatus &status)
{
    ReplayEngineConfig config{test::sqliteSource(m_log), m_url, runId, m_prices,
                              [log](const ReplayTarget &, const ReplayOptions &) -> Result<std::unique_ptr<ReplayBackend>> {
                                  return std::unique_ptr<ReplayBackend>(new test::FakeReplayBackend(log, 1, 0));
                              },
                              std::nullopt};
    ReplayEngine engine(std::move(config));
    bool finished = false;
    connect(&engine, &ReplayEngine::finished, this, [&](ReplayRunStatus s, const QString &why) {
        finished = true;
        status = s;
        if (!why.isEmpty())
            qWarning("%s", qPrintable(why));
    });
    engine.start();
    QDeadlineTimer deadline(30000);
    while (!finished && !deadline.hasExpired())
        QTest::qWait(10);
    return finished ? runId : -1;
}

void TestReplayPg::runStoredAndRepeatedFromTheCache()
{
    ReplaySpec spec;
    ReplayTarget t;
    t.promptName = u"ticket_summary"_s;
    t.promptVersion = u"v3"_s;
    t.provider = u"anthropic"_s;
    t.model = u"claude-haiku-4-5"_s;
    t.maxTokens = 0;
    spec.targets << t << t;
    spec.targets[1].promptVersion = u"v1"_s;
    spec.inputs.filter.promptName = u"ticket_summary"_s;
    spec.inputs.filter.promptVersion = u"v1"_s;
    spec.inputs.limit = 5;
    spec.options.budgetUsd = 2.0;
    spec.options.noCache = true; // fresh answers, whatever an earlier run left in the database
    auto plan = planReplay(spec, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    QVERIFY2(plan.ok(), qPrintable(plan.error()));
    ReplayRunStore store(*m_session->workspace());
    auto run = store.createRun(spec, *plan, u"demo"_s, u"tester"_s);
    QVERIFY2(run.ok(), qPrintable(run.error()));
    auto info = store.run(*run);
    QVERIFY2(info.ok(), qPrintable(info.error()));
    QVERIFY(info->createdAt.isValid());
    QCOMPARE(info->spec.targets, plan->targets);
    QCOMPARE(info->spec.options.budgetUsd, std::optional<double>(2.0));

    auto log = std::make_shared<test::FakeBackendLog>();
    ReplayRunStatus status = ReplayRunStatus::Running;
    QCOMPARE(runToEnd(*run, log, status), *run);
    QCOMPARE(status, ReplayRunStatus::Done);
    auto tally = store.tally(*run);
    QVERIFY2(tally.ok(), qPrintable(tally.error()));
    QCOMPARE(tally->calls, qint64(10));
    QCOMPARE(tally->renderErrors, qint64(5)); // v3 needs variables v1's inputs lack
    QCOMPARE(tally->ok, qint64(5));
    QVERIFY(tally->spentUsd > 0);
    int rows = 0;
    QVERIFY(store.forEachResult(*run, [&](const ReplayResult &r) {
                     ++rows;
                     if (r.status == ReplayResultStatus::Ok)
                         [&] {
                             QVERIFY(r.completedAt.isValid());
                             QVERIFY(r.costUsd && *r.costUsd > 0);
                             QCOMPARE(r.outputTokens, qint64(20));
                         }();
                     return true;
                 }).ok());
    QCOMPARE(rows, 10);
    QCOMPARE(store.run(*run)->status, ReplayRunStatus::Done);

    // A repeat is answered by the cache in the shared workspace.
    spec.options.noCache = false;
    auto again = store.createRun(spec, *plan, u"demo"_s, u"tester"_s);
    QVERIFY(again.ok());
    auto none = std::make_shared<test::FakeBackendLog>();
    QCOMPARE(runToEnd(*again, none, status), *again);
    QCOMPARE(status, ReplayRunStatus::Done);
    QCOMPARE(none->calls.size(), 0);
    QCOMPARE(store.tally(*again)->fromCache, qint64(5));
    QCOMPARE(store.tally(*again)->spentUsd, 0.0);
    auto runs = store.runs();
    QVERIFY(runs.ok());
    QCOMPARE(runs->first().id, *again);
}

void TestReplayPg::datasetsAreFrozen()
{
    ReplayDatasets sets(*m_session->workspace());
    const QString name = u"pg-set-%1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    QVERIFY(sets.create(name, {u"3"_s, u"1"_s, u"2"_s}, u"tester"_s).ok());
    QVERIFY(!sets.create(name, {u"4"_s}, u"tester"_s).ok());
    auto keys = sets.outputKeys(name);
    QVERIFY2(keys.ok(), qPrintable(keys.error()));
    QCOMPARE(*keys, (QStringList{u"3"_s, u"1"_s, u"2"_s}));
}

QTEST_GUILESS_MAIN(TestReplayPg)
#include "tst_replay_pg.moc"

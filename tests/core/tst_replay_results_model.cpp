// The results model of a replay: a run loaded beside its baseline (the logged outputs), checked
// by QAbstractItemModelTester; texts, statuses and token / cost / latency deltas per target, and
// live updates as results come in.

#include "FakeReplayBackend.h"
#include "DemoLogSession.h"
#include "TestSupport.h"

#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "prompts/PromptRegistry.h"
#include "replay/ReplayComparison.h"
#include "replay/ReplayEngine.h"
#include "replay/ReplayPlan.h"
#include "replay/ReplayResultsModel.h"
#include "replay/ReplayRunStore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace assay;

class TestReplayResultsModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void completedRunBesideItsBaseline();
    void pendingAndRenderErrors();
    void liveUpdates();

private:
    qint64 createRun(const QStringList &prompts, const QString &fromVersion, qint64 limit);
    bool runToEnd(qint64 runId);

    std::unique_ptr<test::ScopedWorkspaceDir> m_wsDir;
    QTemporaryDir m_dir;
    QString m_log;
    QString m_ws;
    std::unique_ptr<LogSession> m_session;
    std::unique_ptr<PromptRegistry> m_registry;
    PriceTable m_prices = PriceTable::withDefaults();
};

void TestReplayResultsModel::initTestCase()
{
    m_wsDir = std::make_unique<test::ScopedWorkspaceDir>();
    QVERIFY(m_dir.isValid());
    m_log = m_dir.filePath(u"demo.sqlite"_s);
    m_ws = m_dir.filePath(u"ws.sqlite"_s);
    auto opened = test::openDemoLogSession(m_log, 400, m_ws);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    m_session = std::move(opened->session);
    m_registry = std::move(opened->registry);
}

void TestReplayResultsModel::cleanupTestCase()
{
    m_registry.reset();
    m_session.reset();
    m_wsDir.reset();
}

qint64 TestReplayResultsModel::createRun(const QStringList &prompts, const QString &fromVersion, qint64 limit)
{
    ReplaySpec spec;
    for (const QString &p : prompts) {
        ReplayTarget t;
        t.promptName = p.section(u'@', 0, 0);
        t.promptVersion = p.section(u'@', 1);
        t.provider = u"anthropic"_s;
        t.model = u"claude-haiku-4-5"_s;
        t.maxTokens = 2000;
        spec.targets << t;
    }
    spec.inputs.filter.promptName = spec.targets.first().promptName;
    spec.inputs.filter.promptVersion = fromVersion;
    spec.inputs.limit = limit;
    spec.options.noCache = true;
    auto plan = planReplay(spec, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    if (!plan)
        return -1;
    auto id = ReplayRunStore(*m_session->workspace()).createRun(spec, *plan, u"demo"_s, u"tester"_s);
    return id ? *id : -1;
}

bool TestReplayResultsModel::runToEnd(qint64 runId)
{
    auto log = std::make_shared<test::FakeBackendLog>();
    ReplayEngineConfig config{test::sqliteSource(m_log), m_ws, runId, m_prices,
                              [log](const ReplayTarget &, const ReplayOptions &) -> Result<std::unique_ptr<ReplayBackend>> {
                                  return std::unique_ptr<ReplayBackend>(new test::FakeReplayBackend(log, 2, 0));
                              },
                              std::nullopt};
    ReplayEngine engine(std::move(config));
    bool finished = false;
    connect(&engine, &ReplayEngine::finished, this, [&finished] { finished = true; });
    engine.start();
    QDeadlineTimer deadline(20000);
    while (!finished && !deadline.hasExpired())
        QTest::qWait(10);
    return finished;
}

void TestReplayResultsModel::completedRunBesideItsBaseline()
{
    const qint64 run = createRun({u"doc_answer@v2"_s, u"doc_answer@v1"_s}, u"v2"_s, 4);
    QVERIFY(run > 0);
    QVERIFY(runToEnd(run));
    ReplayRunStore store(*m_session->workspace());
    auto comparison = loadReplayComparison(store, m_session->outputs(), m_prices, run);
    QVERIFY2(comparison.ok(), qPrintable(comparison.error()));

    ReplayResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setComparison(*comparison);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), ReplayResultsModel::fixedColumns + 2 * ReplayResultsModel::columnsPerTarget);
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), u"Output id"_s);
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), u"Baseline"_s);
    QCOMPARE(model.headerData(model.column(0, ReplayResultsModel::TargetColumn::Output), Qt::Horizontal).toString(),
             u"doc_answer@v2"_s);
    QCOMPARE(model.headerData(model.column(1, ReplayResultsModel::TargetColumn::Output), Qt::Horizontal, Qt::ToolTipRole)
                 .toString(),
             u"doc_answer@v1 anthropic/claude-haiku-4-5"_s);

    for (int row = 0; row < model.rowCount(); ++row) {
        const QString key = model.data(model.index(row, 0)).toString();
        QSqlQuery q(m_session->connection().db());
        q.prepare(u"SELECT input, output, output_tokens, cost_usd, latency_ms FROM ai_outputs WHERE id = ?"_s);
        q.addBindValue(key.toLongLong());
        QVERIFY(q.exec() && q.next());
        QCOMPARE(model.data(model.index(row, 1), ReplayResultsModel::SortRole).toString(), q.value(0).toString());
        QCOMPARE(model.data(model.index(row, 2), Qt::ToolTipRole).toString(), q.value(1).toString());
        QVERIFY(!model.data(model.index(row, 2)).toString().contains(u'\n'));
        const ReplayComparisonRow &data = comparison->rows.at(row);
        for (int t = 0; t < 2; ++t) {
            const ReplayResult &r = data.results.at(t);
            QCOMPARE(r.status, ReplayResultStatus::Ok);
            QCOMPARE(model.data(model.index(row, model.column(t, ReplayResultsModel::TargetColumn::Output)), Qt::ToolTipRole)
                         .toString(),
                     r.output);
            QCOMPARE(model.data(model.index(row, model.column(t, ReplayResultsModel::TargetColumn::Status))).toString(), u"ok"_s);
            const auto tokens = model.data(model.index(row, model.column(t, ReplayResultsModel::TargetColumn::OutputTokensDelta)),
                                           ReplayResultsModel::SortRole);
            QCOMPARE(tokens.toLongLong(), 20 - q.value(2).toLongLong());
            const double cost = model.data(model.index(row, model.column(t, ReplayResultsModel::TargetColumn::CostDelta)),
                                           ReplayResultsModel::SortRole).toDouble();
            QVERIFY(std::abs(cost - (*r.costUsd - q.value(3).toDouble())) < 1e-12);
            QVERIFY(cost < 0); // 20 haiku tokens cost less than the logged answer
            QVERIFY(model.data(model.index(row, model.column(t, ReplayResultsModel::TargetColumn::CostDelta))).toString()
                        .startsWith(u"-$"_s));
            const qint64 latency = model.data(model.index(row, model.column(t, ReplayResultsModel::TargetColumn::LatencyDelta)),
                                              ReplayResultsModel::SortRole).toLongLong();
            QCOMPARE(latency, 5 - q.value(4).toLongLong());
            QVERIFY(model.data(model.index(row, model.column(t, ReplayResultsModel::TargetColumn::LatencyDelta))).toString()
                        .endsWith(u" ms"_s));
        }
    }
}

void TestReplayResultsModel::pendingAndRenderErrors()
{
    // ticket_summary@v3 cannot render v1's inputs; v1 can, but the run has not been started.
    const qint64 run = createRun({u"ticket_summary@v3"_s, u"ticket_summary@v1"_s}, u"v1"_s, 3);
    QVERIFY(run > 0);
    ReplayRunStore store(*m_session->workspace());
    auto comparison = loadReplayComparison(store, m_session->outputs(), m_prices, run);
    QVERIFY2(comparison.ok(), qPrintable(comparison.error()));
    ReplayResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setComparison(*comparison);
    QCOMPARE(model.rowCount(), 3);
    for (int row = 0; row < 3; ++row) {
        const QModelIndex error = model.index(row, model.column(0, ReplayResultsModel::TargetColumn::Output));
        QVERIFY(model.data(error, Qt::ToolTipRole).toString().contains(u"customer_tier"_s));
        QCOMPARE(model.data(model.index(row, model.column(0, ReplayResultsModel::TargetColumn::Status))).toString(),
                 u"render_error"_s);
        QCOMPARE(model.data(model.index(row, model.column(1, ReplayResultsModel::TargetColumn::Status)),
                            ReplayResultsModel::StatusRole).toString(),
                 u"pending"_s);
        // No deltas for what did not run.
        for (int t = 0; t < 2; ++t)
            QVERIFY(!model.data(model.index(row, model.column(t, ReplayResultsModel::TargetColumn::CostDelta))).isValid());
    }
    QVERIFY(!loadReplayComparison(store, m_session->outputs(), m_prices, run + 1000).ok());
}

void TestReplayResultsModel::liveUpdates()
{
    const qint64 run = createRun({u"lead_score@v2"_s}, u"v2"_s, 3);
    QVERIFY(run > 0);
    ReplayRunStore store(*m_session->workspace());
    auto comparison = loadReplayComparison(store, m_session->outputs(), m_prices, run);
    QVERIFY(comparison.ok());
    ReplayResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setComparison(*comparison);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    ReplayResult r = comparison->rows.at(1).results.at(0);
    r.status = ReplayResultStatus::Ok;
    r.output = u"a new answer"_s;
    r.outputTokens = 7;
    model.updateResult(r);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    QCOMPARE(model.data(model.index(1, model.column(0, ReplayResultsModel::TargetColumn::Output))).toString(),
             u"a new answer"_s);
    // A result for a case the model does not hold changes nothing.
    r.caseNo = 999;
    model.updateResult(r);
    QCOMPARE(changed.size(), 1);
}

QTEST_GUILESS_MAIN(TestReplayResultsModel)
#include "tst_replay_results_model.moc"

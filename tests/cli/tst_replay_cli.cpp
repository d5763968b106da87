// `assay replay` as a script would use it: the dry-run estimate (equal to the core's plan, and
// nothing stored), bad arguments (exit 2 with a one-line reason), and `runs`, `results` and
// `resume` on a workspace the test fills through the core API with the fake backend.

#include "FakeReplayBackend.h"
#include "DemoLogSession.h"
#include "TestSupport.h"

#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "prompts/PromptRegistry.h"
#include "replay/ReplayEngine.h"
#include "replay/ReplayPlan.h"
#include "replay/ReplayRunStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace assay;

class TestReplayCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void dryRunPrintsTheEstimate();
    void dryRunNamesRenderErrors();
    void badArguments_data();
    void badArguments();
    void runsAndResults();
    void resumeOfACompleteRun();
    void datasetsAndIds();

private:
    std::tuple<int, QString, QString> run(const QStringList &args);
    qint64 fillRun(const QStringList &prompts, const QString &fromVersion, qint64 limit, ReplayPlan &plan);

    std::unique_ptr<test::ScopedWorkspaceDir> m_wsDir;
    QTemporaryDir m_dir;
    QString m_log;
    QString m_ws;
    std::unique_ptr<LogSession> m_session;
    std::unique_ptr<PromptRegistry> m_registry;
    PriceTable m_prices = PriceTable::withDefaults();
};

void TestReplayCli::initTestCase()
{
    m_wsDir = std::make_unique<test::ScopedWorkspaceDir>();
    QVERIFY(m_dir.isValid());
    m_log = m_dir.filePath(u"demo.sqlite"_s);
    m_ws = m_dir.filePath(u"ws.sqlite"_s);
    auto opened = test::openDemoLogSession(m_log, 500, m_ws);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    m_session = std::move(opened->session);
    m_registry = std::move(opened->registry);
}

void TestReplayCli::cleanupTestCase()
{
    m_registry.reset();
    m_session.reset();
    m_wsDir.reset();
}

std::tuple<int, QString, QString> TestReplayCli::run(const QStringList &args)
{
    QProcess p;
    p.start(qEnvironmentVariable("ASSAY_BINARY"), args);
    if (!p.waitForFinished(60000))
        return {-1, {}, {}};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

qint64 TestReplayCli::fillRun(const QStringList &prompts, const QString &fromVersion, qint64 limit, ReplayPlan &plan)
{
    ReplaySpec spec;
    for (const QString &p : prompts) {
        ReplayTarget t;
        t.promptName = p.section(u'@', 0, 0);
        t.promptVersion = p.section(u'@', 1);
        t.provider = u"anthropic"_s;
        t.model = u"claude-haiku-4-5"_s;
        t.maxTokens = 0;
        spec.targets << t;
    }
    spec.inputs.filter.promptName = spec.targets.first().promptName;
    spec.inputs.filter.promptVersion = fromVersion;
    spec.inputs.limit = limit;
    spec.options.noCache = true;
    auto planned = planReplay(spec, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    if (!planned)
        return -1;
    plan = *planned;
    auto id = ReplayRunStore(*m_session->workspace()).createRun(spec, plan, m_log, u"tester"_s);
    if (!id)
        return -1;
    auto log = std::make_shared<test::FakeBackendLog>();
    ReplayEngineConfig config{test::sqliteSource(m_log), m_ws, *id, m_prices,
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
    return finished ? *id : -1;
}

void TestReplayCli::dryRunPrintsTheEstimate()
{
    const auto [code, out, err] = run({u"replay"_s, m_log, u"--workspace"_s, m_ws, u"--prompt"_s, u"ticket_summary@v3"_s,
                                       u"--provider"_s, u"anthropic"_s, u"--model"_s, u"claude-haiku-4-5"_s, u"--from-prompt"_s,
                                       u"ticket_summary@v3"_s, u"--limit"_s, u"6"_s, u"--dry-run"_s, u"--format"_s, u"json"_s});
    QVERIFY2(code == 0, qPrintable(err));
    const QJsonObject e = QJsonDocument::fromJson(out.toUtf8()).object().value(u"estimate"_s).toObject();
    QCOMPARE(e.value(u"cases"_s).toInt(), 6);
    QCOMPARE(e.value(u"calls"_s).toInt(), 6);
    QCOMPARE(e.value(u"render_errors"_s).toInt(), 0);
    QCOMPARE(e.value(u"tokens_per_char"_s).toDouble(), 0.25);
    QCOMPARE(e.value(u"targets"_s).toArray().first().toObject().value(u"prompt_version"_s).toString(), u"v3"_s);

    // The same numbers as the core's plan for that spec.
    ReplaySpec spec;
    ReplayTarget t;
    t.promptName = u"ticket_summary"_s;
    t.promptVersion = u"v3"_s;
    t.provider = u"anthropic"_s;
    t.model = u"claude-haiku-4-5"_s;
    t.maxTokens = 0;
    spec.targets << t;
    spec.inputs.filter.promptName = u"ticket_summary"_s;
    spec.inputs.filter.promptVersion = u"v3"_s;
    spec.inputs.limit = 6;
    auto plan = planReplay(spec, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    QVERIFY(plan.ok());
    QCOMPARE(e.value(u"input_tokens"_s).toInteger(), plan->estimate.inputTokens);
    QCOMPARE(e.value(u"output_tokens"_s).toInteger(), plan->estimate.outputTokens);
    QVERIFY(std::abs(e.value(u"cost_usd"_s).toDouble() - plan->estimate.costUsd) < 1e-12);
    QVERIFY(plan->estimate.costUsd > 0);

    // Nothing was sent or stored.
    auto runs = ReplayRunStore(*m_session->workspace()).runs();
    QVERIFY(runs.ok());
    QVERIFY(runs->isEmpty());

    // The table names the heuristic and the totals.
    const auto table = run({u"replay"_s, m_log, u"--workspace"_s, m_ws, u"--prompt"_s, u"ticket_summary@v3"_s,
                            u"--provider"_s, u"anthropic"_s, u"--limit"_s, u"3"_s, u"--dry-run"_s});
    QCOMPARE(std::get<0>(table), 0);
    QVERIFY(std::get<1>(table).contains(u"characters / 4"_s));
    QVERIFY(std::get<1>(table).contains(u"ticket_summary@v3 anthropic/claude-sonnet-4-5"_s)); // v3's own model
    QVERIFY(std::get<1>(table).contains(u"cases         3"_s));
}

void TestReplayCli::dryRunNamesRenderErrors()
{
    const auto [code, out, err] = run({u"replay"_s, m_log, u"--workspace"_s, m_ws, u"--prompt"_s, u"ticket_summary@v3"_s,
                                       u"--provider"_s, u"anthropic"_s, u"--from-prompt"_s, u"ticket_summary@v1"_s,
                                       u"--limit"_s, u"4"_s, u"--dry-run"_s, u"--format"_s, u"json"_s});
    QVERIFY2(code == 0, qPrintable(err));
    const QJsonObject e = QJsonDocument::fromJson(out.toUtf8()).object().value(u"estimate"_s).toObject();
    QCOMPARE(e.value(u"cases"_s).toInt(), 4);
    QCOMPARE(e.value(u"render_errors"_s).toInt(), 4);
    QCOMPARE(e.value(u"calls"_s).toInt(), 0);
}

void TestReplayCli::badArguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("reason");
    const QStringList base{u"--prompt"_s, u"ticket_summary@v3"_s, u"--provider"_s, u"anthropic"_s, u"--dry-run"_s};
    QTest::newRow("no prompt") << QStringList{u"--provider"_s, u"anthropic"_s} << u"--prompt"_s;
    QTest::newRow("no provider") << QStringList{u"--prompt"_s, u"ticket_summary@v3"_s} << u"--provider"_s;
    QTest::newRow("unknown provider") << QStringList{u"--prompt"_s, u"ticket_summary@v3"_s, u"--provider"_s, u"acme"_s}
                                      << u"acme"_s;
    QTest::newRow("limit 0") << (base + QStringList{u"--limit"_s, u"0"_s}) << u"--limit"_s;
    QTest::newRow("limit text") << (base + QStringList{u"--limit"_s, u"many"_s}) << u"many"_s;
    QTest::newRow("negative budget") << (base + QStringList{u"--budget"_s, u"-1"_s}) << u"--budget"_s;
    QTest::newRow("concurrency 0") << (base + QStringList{u"--concurrency"_s, u"0"_s}) << u"--concurrency"_s;
    QTest::newRow("temperature 3") << (base + QStringList{u"--temperature"_s, u"3"_s}) << u"--temperature"_s;
    QTest::newRow("max tokens 0") << (base + QStringList{u"--max-tokens"_s, u"0"_s}) << u"--max-tokens"_s;
    QTest::newRow("format xml") << (base + QStringList{u"--format"_s, u"xml"_s}) << u"--format"_s;
    QTest::newRow("unknown version") << QStringList{u"--prompt"_s, u"ticket_summary@v99"_s, u"--provider"_s,
                                                    u"anthropic"_s, u"--dry-run"_s}
                                     << u"v99"_s;
    QTest::newRow("bad since") << (base + QStringList{u"--since"_s, u"yesterdayish"_s}) << u"--since"_s;
    QTest::newRow("no matching outputs") << (base + QStringList{u"--feature"_s, u"no_such_feature"_s}) << u"no logged outputs"_s;
    QTest::newRow("budget without a price") << (base + QStringList{u"--model"_s, u"house-model-9"_s, u"--budget"_s, u"5"_s})
                                            << u"house-model-9"_s;
    QTest::newRow("base url with a password") << (base + QStringList{u"--base-url"_s, u"https://me:s3cret@proxy.example/v1"_s})
                                              << u"credentials"_s;
    QTest::newRow("base url with a key") << (base + QStringList{u"--base-url"_s, u"https://proxy.example/v1?key=abc"_s})
                                         << u"credentials"_s;
    QTest::newRow("base url not http") << (base + QStringList{u"--base-url"_s, u"ftp://proxy.example"_s}) << u"--base-url"_s;
    QTest::newRow("unknown action") << QStringList{u"rerun"_s, u"1"_s} << u"rerun"_s;
    QTest::newRow("results without id") << QStringList{u"results"_s} << u"results"_s;
    QTest::newRow("results text id") << QStringList{u"results"_s, u"first"_s} << u"first"_s;
    QTest::newRow("results unknown run") << QStringList{u"results"_s, u"4242"_s} << u"4242"_s;
    QTest::newRow("results as xml") << QStringList{u"results"_s, u"1"_s, u"--format"_s, u"xml"_s} << u"--format"_s;
    QTest::newRow("resume unknown run") << QStringList{u"resume"_s, u"4242"_s} << u"4242"_s;
    QTest::newRow("unknown option") << QStringList{u"runs"_s, u"--frobnicate"_s} << u"frobnicate"_s;
}

void TestReplayCli::badArguments()
{
    QFETCH(QStringList, args);
    QFETCH(QString, reason);
    QStringList all{u"replay"_s, m_log, u"--workspace"_s, m_ws};
    all << args;
    const auto [code, out, err] = run(all);
    QCOMPARE(code, 2);
    QVERIFY2(err.startsWith(u"assay: "_s), qPrintable(err));
    QVERIFY2(err.contains(reason), qPrintable(err));
    QCOMPARE(err.count(u'\n'), 1); // one line
    const auto noSource = run({u"replay"_s});
    QCOMPARE(std::get<0>(noSource), 2);
}

void TestReplayCli::runsAndResults()
{
    ReplayPlan plan;
    // Two targets over v1's inputs: v3 cannot be rendered (render errors), v1 can.
    const qint64 id = fillRun({u"ticket_summary@v3"_s, u"ticket_summary@v1"_s}, u"v1"_s, 5, plan);
    QVERIFY(id > 0);
    const int cases = static_cast<int>(plan.cases.size());
    QCOMPARE(cases, 5);

    const auto [code, out, err] = run({u"replay"_s, m_log, u"--workspace"_s, m_ws, u"runs"_s, u"--format"_s, u"json"_s});
    QVERIFY2(code == 0, qPrintable(err));
    const QJsonArray runs = QJsonDocument::fromJson(out.toUtf8()).array();
    QVERIFY(!runs.isEmpty());
    const QJsonObject newest = runs.first().toObject();
    QCOMPARE(newest.value(u"id"_s).toInteger(), id);
    QCOMPARE(newest.value(u"status"_s).toString(), u"done"_s);
    QCOMPARE(newest.value(u"calls"_s).toInt(), 2 * cases);
    QCOMPARE(newest.value(u"ok"_s).toInt(), cases);
    QCOMPARE(newest.value(u"render_errors"_s).toInt(), cases);
    QCOMPARE(newest.value(u"pending"_s).toInt(), 0);
    QCOMPARE(newest.value(u"targets"_s).toArray().size(), 2);
    const auto table = run({u"replay"_s, m_log, u"--workspace"_s, m_ws, u"runs"_s});
    QCOMPARE(std::get<0>(table), 0);
    QVERIFY(std::get<1>(table).startsWith(u"id"_s));
    QVERIFY(std::get<1>(table).contains(u"ticket_summary@v1 anthropic/claude-haiku-4-5"_s));

    const auto jsonl = run({u"replay"_s, m_log, u"--workspace"_s, m_ws, u"results"_s, QString::number(id)});
    QVERIFY2(std::get<0>(jsonl) == 0, qPrintable(std::get<2>(jsonl)));
    const QStringList lines = std::get<1>(jsonl).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2 * cases);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QJsonObject o = QJsonDocument::fromJson(lines.at(i).toUtf8()).object();
        for (const QString &key : {u"output_id"_s, u"target"_s, u"status"_s, u"output"_s, u"input_tokens"_s,
                                   u"output_tokens"_s, u"cost"_s, u"latency_ms"_s, u"attempts"_s, u"error"_s})
            QVERIFY2(o.contains(key), qPrintable(key));
        const PlannedCase &c = plan.cases.at(i / 2);
        QCOMPARE(o.value(u"output_id"_s).toString(), c.outputKey);
        if (i % 2 == 0) {
            QCOMPARE(o.value(u"target"_s).toString(), u"ticket_summary@v3 anthropic/claude-haiku-4-5"_s);
            QCOMPARE(o.value(u"status"_s).toString(), u"render_error"_s);
            QVERIFY(o.value(u"error"_s).toString().contains(u"customer_tier"_s));
            QVERIFY(o.value(u"output"_s).isNull());
        } else {
            QCOMPARE(o.value(u"status"_s).toString(), u"ok"_s);
            QCOMPARE(o.value(u"output"_s).toString(), u"answer to "_s + c.calls.at(1).prompt.left(30));
            QCOMPARE(o.value(u"output_tokens"_s).toInt(), 20);
            QCOMPARE(o.value(u"attempts"_s).toInt(), 1);
            QVERIFY(o.value(u"cost"_s).toDouble() > 0);
            QVERIFY(o.value(u"error"_s).isNull());
        }
    }

    const auto csv = run({u"replay"_s, m_log, u"--workspace"_s, m_ws, u"results"_s, QString::number(id), u"--format"_s, u"csv"_s});
    QCOMPARE(std::get<0>(csv), 0);
    const QString csvText = std::get<1>(csv);
    QVERIFY(csvText.startsWith(u"output_id,target,status,output,input_tokens,output_tokens,cost,latency_ms,attempts,error,"
                               "from_cache,request_id\r\n"_s));
    // Outputs may hold line breaks inside quotes; the demo's echoes do not.
    QCOMPARE(csvText.count(u"\r\n"_s), 1 + 2 * cases);
}

void TestReplayCli::resumeOfACompleteRun()
{
    ReplayPlan plan;
    const qint64 id = fillRun({u"lead_score@v2"_s}, u"v2"_s, 3, plan);
    QVERIFY(id > 0);
    // Every case is recorded: resume needs no provider and reports the run done.
    const auto [code, out, err] = run({u"replay"_s, m_log, u"--workspace"_s, m_ws, u"resume"_s, QString::number(id),
                                       u"--format"_s, u"json"_s});
    QVERIFY2(code == 0, qPrintable(err));
    const QJsonObject summary = QJsonDocument::fromJson(out.toUtf8()).object().value(u"run"_s).toObject();
    QCOMPARE(summary.value(u"run_id"_s).toInteger(), id);
    QCOMPARE(summary.value(u"status"_s).toString(), u"done"_s);
    QCOMPARE(summary.value(u"ok"_s).toInt(), 3);
    QCOMPARE(summary.value(u"pending"_s).toInt(), 0);
    // Nothing failed, so --retry-failed has nothing to send either.
    const auto retry = run({u"replay"_s, m_log, u"--workspace"_s, m_ws, u"resume"_s, QString::number(id), u"--retry-failed"_s});
    QVERIFY2(std::get<0>(retry) == 0, qPrintable(std::get<2>(retry)));
    QVERIFY(std::get<1>(retry).contains(u": done"_s));
}

void TestReplayCli::datasetsAndIds()
{
    const QStringList base{u"replay"_s, m_log, u"--workspace"_s, m_ws, u"--provider"_s, u"anthropic"_s, u"--dry-run"_s,
                           u"--format"_s, u"json"_s};
    const auto estimateOf = [](const QString &out) {
        return QJsonDocument::fromJson(out.toUtf8()).object().value(u"estimate"_s).toObject();
    };
    // Freeze the chosen outputs (a dry run is enough), then replay exactly those with another version.
    const auto [code, out, err] = run(base + QStringList{u"--prompt"_s, u"churn_risk@v2"_s, u"--from-prompt"_s,
                                                         u"churn_risk@v2"_s, u"--limit"_s, u"3"_s, u"--save-dataset"_s,
                                                         u"churn-3"_s});
    QVERIFY2(code == 0, qPrintable(err));
    QVERIFY2(err.contains(u"churn-3"_s) && err.contains(u"3 outputs"_s), qPrintable(err));
    const auto listed = run({u"replay"_s, m_log, u"--workspace"_s, m_ws, u"datasets"_s});
    QCOMPARE(std::get<0>(listed), 0);
    QVERIFY(std::get<1>(listed).contains(u"churn-3\t3\n"_s));
    const auto replayed = run(base + QStringList{u"--prompt"_s, u"churn_risk@v1"_s, u"--dataset"_s, u"churn-3"_s});
    QVERIFY2(std::get<0>(replayed) == 0, qPrintable(std::get<2>(replayed)));
    QCOMPARE(estimateOf(std::get<1>(replayed)).value(u"cases"_s).toInt(), 3);
    // Frozen: the name cannot be saved again; filters do not mix with a dataset or ids.
    const auto again = run(base + QStringList{u"--prompt"_s, u"churn_risk@v2"_s, u"--save-dataset"_s, u"churn-3"_s});
    QCOMPARE(std::get<0>(again), 2);
    QVERIFY(std::get<2>(again).contains(u"churn-3"_s));
    const auto mixed = run(base + QStringList{u"--prompt"_s, u"churn_risk@v1"_s, u"--dataset"_s, u"churn-3"_s,
                                              u"--feature"_s, u"churn_risk"_s});
    QCOMPARE(std::get<0>(mixed), 2);
    QVERIFY(std::get<2>(mixed).contains(u"--feature"_s));
    const auto both = run(base + QStringList{u"--prompt"_s, u"churn_risk@v1"_s, u"--dataset"_s, u"churn-3"_s,
                                             u"--ids"_s, u"1"_s});
    QCOMPARE(std::get<0>(both), 2);
    const auto unknown = run(base + QStringList{u"--prompt"_s, u"churn_risk@v1"_s, u"--dataset"_s, u"no-such-set"_s});
    QCOMPARE(std::get<0>(unknown), 2);
    QVERIFY(std::get<2>(unknown).contains(u"no-such-set"_s));

    // Ids: an id that is not in the log, or not a number, is a case with that error.
    QSqlQuery q(m_session->connection().db());
    QVERIFY(q.exec(u"SELECT id FROM ai_outputs WHERE prompt_name = 'churn_risk' AND prompt_version = 'v2' LIMIT 1"_s)
            && q.next());
    const QString id = q.value(0).toString();
    const auto ids = run(base + QStringList{u"--prompt"_s, u"churn_risk@v2"_s, u"--ids"_s, id + u",abc,99999999"_s});
    QVERIFY2(std::get<0>(ids) == 0, qPrintable(std::get<2>(ids)));
    const QJsonObject e = estimateOf(std::get<1>(ids));
    QCOMPARE(e.value(u"cases"_s).toInt(), 3);
    QCOMPARE(e.value(u"calls"_s).toInt(), 1);
    QCOMPARE(e.value(u"render_errors"_s).toInt(), 2);
}

QTEST_GUILESS_MAIN(TestReplayCli)
#include "tst_replay_cli.moc"

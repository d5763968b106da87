// `assay replay` end to end: the real provider backend (HTTP, retries, keys) against the local fake
// provider server, driven as a user would drive the command. Runs, results, the cache, the budget,
// a missing key, a retried 429, a kill -9 in the middle of a run and its resume, and the key never
// leaving the environment. No test touches the internet: every base URL is 127.0.0.1.

#include "FakeProviderServer.h"
#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

const QString secretKey = u"sk-ant-FAKE-test-do-not-leak-7f3c"_s;

struct RunOutput {
    int code = -1;
    QString out;
    QString err;
};

} // namespace

class TestReplayLive : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void runCallsTheProviderAndStoresEveryResult();
    void repeatIsServedFromTheCache();
    void retriedRateLimitIsOneResult();
    void budgetStopsTheRun();
    void missingKeyStopsBeforeAnythingIsStored();
    void killedRunResumesWithoutRepeatingCompletedCases();
    void keyNeverReachesDiskOrOutput();

private:
    QStringList baseArgs(const QString &workspace) const;
    // Runs the command while this thread's event loop keeps serving the fake provider.
    RunOutput run(const QStringList &args, const QProcessEnvironment &env, int timeoutMs = 60000);
    QProcessEnvironment envWithKey() const;
    QJsonObject summary(const QString &out) const;
    QList<QJsonObject> results(const QString &workspace, qint64 runId);

    std::unique_ptr<test::ScopedWorkspaceDir> m_wsDir;
    QTemporaryDir m_dir;
    QString m_log;
    std::unique_ptr<test::FakeProviderServer> m_server;
    int m_workspaces = 0;
};

void TestReplayLive::initTestCase()
{
    m_wsDir = std::make_unique<test::ScopedWorkspaceDir>();
    QVERIFY(m_dir.isValid());
    m_log = m_dir.filePath(u"demo.sqlite"_s);
    const QString error = test::writeDemoLogFixture(m_log, 400);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestReplayLive::init()
{
    m_server = std::make_unique<test::FakeProviderServer>();
    QVERIFY(m_server->listen());
    m_server->setDefaultText(u"A replayed summary."_s);
}

QStringList TestReplayLive::baseArgs(const QString &workspace) const
{
    return {u"replay"_s,       m_log,
            u"--workspace"_s,  workspace,
            u"--prompt"_s,     u"ticket_summary@v3"_s,
            u"--provider"_s,   u"anthropic"_s,
            u"--model"_s,      u"claude-haiku-4-5"_s,
            u"--base-url"_s,   m_server->baseUrl(test::FakeWire::Anthropic).toString(),
            u"--format"_s,     u"json"_s};
}

QProcessEnvironment TestReplayLive::envWithKey() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"ANTHROPIC_API_KEY"_s, secretKey);
    env.insert(u"ASSAY_PRICES"_s, m_dir.filePath(u"no-user-prices.json"_s)); // absent: list prices only
    return env;
}

RunOutput TestReplayLive::run(const QStringList &args, const QProcessEnvironment &env, int timeoutMs)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(qEnvironmentVariable("ASSAY_BINARY"), args);
    if (!p.waitForStarted(10000))
        return {};
    // Not waitForFinished(): it would block the event loop the fake server answers from.
    QDeadlineTimer deadline(timeoutMs);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(5);
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished(5000);
        return {};
    }
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

QJsonObject TestReplayLive::summary(const QString &out) const
{
    return QJsonDocument::fromJson(out.toUtf8()).object().value(u"run"_s).toObject();
}

QList<QJsonObject> TestReplayLive::results(const QString &workspace, qint64 runId)
{
    const RunOutput r = run({u"replay"_s, m_log, u"--workspace"_s, workspace, u"results"_s, QString::number(runId),
                             u"--format"_s, u"jsonl"_s},
                            envWithKey());
    QList<QJsonObject> records;
    if (r.code != 0) {
        qWarning("results failed: %s", qPrintable(r.err));
        return records;
    }
    for (const QString &line : r.out.split(u'\n', Qt::SkipEmptyParts))
        records << QJsonDocument::fromJson(line.toUtf8()).object();
    return records;
}

void TestReplayLive::runCallsTheProviderAndStoresEveryResult()
{
    const QString ws = m_dir.filePath(u"ws-run.sqlite"_s);
    const RunOutput r = run(baseArgs(ws) << u"--limit"_s << u"5"_s, envWithKey());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject s = summary(r.out);
    QCOMPARE(s.value(u"status"_s).toString(), u"done"_s);
    QCOMPARE(s.value(u"ok"_s).toInt(), 5);
    QCOMPARE(s.value(u"failed"_s).toInt(), 0);
    QVERIFY(s.value(u"cost_usd"_s).toDouble() > 0);

    // Five requests in Anthropic's wire format, each carrying the key in its header.
    const QList<test::FakeRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 5);
    for (const test::FakeRequest &request : requests) {
        QVERIFY(request.target.endsWith("/v1/messages"));
        QCOMPARE(request.header("x-api-key"), secretKey.toUtf8());
        QVERIFY(!request.header("anthropic-version").isEmpty());
        const QJsonObject body = request.json();
        QCOMPARE(body.value(u"model"_s).toString(), u"claude-haiku-4-5"_s);
        const QString prompt = body.value(u"messages"_s).toArray().first().toObject().value(u"content"_s).toVariant().toString();
        QVERIFY2(!prompt.contains(u"{{"_s), "the prompt was sent rendered");
    }

    const QList<QJsonObject> records = results(ws, s.value(u"run_id"_s).toInteger());
    QCOMPARE(records.size(), 5);
    for (const QJsonObject &record : records) {
        QCOMPARE(record.value(u"status"_s).toString(), u"ok"_s);
        QCOMPARE(record.value(u"output"_s).toString(), u"A replayed summary."_s);
        QCOMPARE(record.value(u"attempts"_s).toInt(), 1);
        QVERIFY(record.value(u"output_tokens"_s).toInt() > 0);
        QVERIFY(!record.value(u"output_id"_s).toString().isEmpty());
    }
}

void TestReplayLive::repeatIsServedFromTheCache()
{
    const QString ws = m_dir.filePath(u"ws-cache.sqlite"_s);
    const QStringList args = baseArgs(ws) << u"--limit"_s << u"4"_s;
    const RunOutput first = run(args, envWithKey());
    QVERIFY2(first.code == 0, qPrintable(first.err));
    QCOMPARE(m_server->requestCount(), 4);

    const RunOutput again = run(args, envWithKey());
    QVERIFY2(again.code == 0, qPrintable(again.err));
    QCOMPARE(m_server->requestCount(), 4); // nothing sent
    const QJsonObject s = summary(again.out);
    QCOMPARE(s.value(u"ok"_s).toInt(), 4);
    QCOMPARE(s.value(u"from_cache"_s).toInt(), 4);
    QCOMPARE(s.value(u"spent_usd"_s).toDouble(), 0.0);

    const RunOutput fresh = run(QStringList(args) << u"--no-cache"_s, envWithKey());
    QVERIFY2(fresh.code == 0, qPrintable(fresh.err));
    QCOMPARE(m_server->requestCount(), 8);
}

void TestReplayLive::retriedRateLimitIsOneResult()
{
    const QString ws = m_dir.filePath(u"ws-429.sqlite"_s);
    m_server->enqueue(test::FakeResponse::providerError(429, u"rate_limit_error"_s, u"slow down"_s,
                                                        {{"retry-after-ms", "50"}}));
    const RunOutput r = run(baseArgs(ws) << u"--limit"_s << u"1"_s, envWithKey());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(m_server->requestCount(), 2);
    const QList<QJsonObject> records = results(ws, summary(r.out).value(u"run_id"_s).toInteger());
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.first().value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(records.first().value(u"attempts"_s).toInt(), 2);
}

void TestReplayLive::budgetStopsTheRun()
{
    const QString ws = m_dir.filePath(u"ws-budget.sqlite"_s);
    // The cap holds real spend plus the estimates of calls in flight. The fake server's answers
    // cost far less than the estimate (which expects the logged output length), so a cap a little
    // above one call's estimate lets a few calls through, then stops the run.
    const RunOutput dry = run(baseArgs(ws) << u"--limit"_s << u"20"_s << u"--dry-run"_s, envWithKey());
    QVERIFY2(dry.code == 0, qPrintable(dry.err));
    const double estimate = QJsonDocument::fromJson(dry.out.toUtf8()).object().value(u"estimate"_s).toObject()
                                .value(u"cost_usd"_s).toDouble();
    QVERIFY2(estimate > 0, qPrintable(dry.out));
    const double budget = estimate / 20 * 1.2;
    const RunOutput r = run(baseArgs(ws) << u"--limit"_s << u"20"_s << u"--budget"_s << QString::number(budget, 'f', 8)
                                         << u"--concurrency"_s << u"1"_s,
                            envWithKey());
    QCOMPARE(r.code, 3);
    const QJsonObject s = summary(r.out);
    QCOMPARE(s.value(u"status"_s).toString(), u"budget"_s);
    QVERIFY(s.value(u"ok"_s).toInt() > 0);
    QVERIFY(s.value(u"ok"_s).toInt() < 20);
    QVERIFY2(s.value(u"spent_usd"_s).toDouble() <= budget * 1.0000001, qPrintable(r.out));
    QCOMPARE(m_server->requestCount(), s.value(u"ok"_s).toInt());
}

void TestReplayLive::missingKeyStopsBeforeAnythingIsStored()
{
    const QString ws = m_dir.filePath(u"ws-nokey.sqlite"_s);
    QProcessEnvironment env = envWithKey();
    env.remove(u"ANTHROPIC_API_KEY"_s);
    env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s); // no keychain to ask either
    const RunOutput r = run(baseArgs(ws) << u"--limit"_s << u"3"_s, env);
    QVERIFY2(r.code == 2 || r.code == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"ANTHROPIC_API_KEY"_s), qPrintable(r.err));
    QCOMPARE(m_server->requestCount(), 0);
    const RunOutput runs = run({u"replay"_s, m_log, u"--workspace"_s, ws, u"runs"_s, u"--format"_s, u"json"_s}, env);
    QVERIFY2(runs.code == 0, qPrintable(runs.err));
    QVERIFY2(!runs.out.contains(u"\"id\""_s), qPrintable(runs.out));
}

void TestReplayLive::killedRunResumesWithoutRepeatingCompletedCases()
{
    const QString ws = m_dir.filePath(u"ws-kill.sqlite"_s);
    m_server->setDefaultLatencyMs(150);
    QProcess p;
    p.setProcessEnvironment(envWithKey());
    p.start(qEnvironmentVariable("ASSAY_BINARY"), baseArgs(ws) << u"--limit"_s << u"12"_s << u"--concurrency"_s << u"1"_s);
    QVERIFY(p.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount() >= 5, 30000);
    ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 10000);
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    const int sentBeforeKill = m_server->requestCount();

    // The run is in the workspace; what completed is stored, the rest is pending.
    const RunOutput runs = run({u"replay"_s, m_log, u"--workspace"_s, ws, u"runs"_s, u"--format"_s, u"json"_s}, envWithKey());
    QVERIFY2(runs.code == 0, qPrintable(runs.err));
    const QJsonArray list = QJsonDocument::fromJson(runs.out.toUtf8()).array();
    QVERIFY2(list.size() == 1, qPrintable(runs.out));
    const qint64 runId = list.first().toObject().value(u"id"_s).toInteger();
    int storedBefore = 0;
    for (const QJsonObject &record : results(ws, runId))
        storedBefore += record.value(u"status"_s).toString() == u"ok"_s ? 1 : 0;
    QVERIFY(storedBefore >= 3);
    QVERIFY(storedBefore <= sentBeforeKill);

    m_server->setDefaultLatencyMs(0);
    const RunOutput resumed = run({u"replay"_s, m_log, u"--workspace"_s, ws, u"resume"_s, QString::number(runId),
                                   u"--format"_s, u"json"_s},
                                  envWithKey());
    QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
    QCOMPARE(summary(resumed.out).value(u"ok"_s).toInt(), 12);
    // Only the cases without a stored result were sent again.
    QCOMPARE(m_server->requestCount() - sentBeforeKill, 12 - storedBefore);
}

void TestReplayLive::keyNeverReachesDiskOrOutput()
{
    const QString ws = m_dir.filePath(u"ws-secret.sqlite"_s);
    m_server->enqueue(test::FakeResponse::providerError(401, u"authentication_error"_s,
                                                        u"invalid x-api-key "_s + secretKey));
    const RunOutput r = run(baseArgs(ws) << u"--limit"_s << u"3"_s, envWithKey());
    QVERIFY(!r.out.contains(secretKey));
    QVERIFY(!r.err.contains(secretKey));
    const QList<QJsonObject> records = results(ws, summary(r.out).value(u"run_id"_s).toInteger());
    QCOMPARE(records.size(), 3);
    bool sawFailure = false;
    for (const QJsonObject &record : records) {
        QVERIFY(!QJsonDocument(record).toJson().contains(secretKey.toUtf8()));
        sawFailure = sawFailure || record.value(u"status"_s).toString() == u"failed"_s;
    }
    QVERIFY(sawFailure);
    for (const QString &file : {ws, ws + u"-wal"_s}) {
        QFile f(file);
        if (f.open(QIODevice::ReadOnly))
            QVERIFY2(!f.readAll().contains(secretKey.toUtf8()), qPrintable(file));
    }
}

QTEST_MAIN(TestReplayLive)
#include "tst_replay_live.moc"

// `assay checks` end to end, through the real executable: a log with its own column names
// (mapped), invalid JSON, failed calls and a megabyte output; counts against an independent
// reading of the rows the test wrote (QJsonDocument, not the checks' nlohmann); stored results
// reused on a re-run; the default set from a folder registry or the workspace; a replay run's
// baseline and targets; bad input with exit 2 and the reason.

#include "FakeReplayBackend.h"
#include "DemoLogSession.h"
#include "TestSupport.h"

#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "prompts/PromptRegistry.h"
#include "replay/ReplayEngine.h"
#include "replay/ReplayPlan.h"
#include "replay/ReplayRunStore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
    QString describe() const { return u"exit %1; stderr: %2; stdout: %3"_s.arg(code).arg(err, out.left(1500)); }
};

Run assayRun(const QStringList &args)
{
    QProcess p;
    p.start(qEnvironmentVariable("ASSAY_BINARY"), args);
    Run run;
    if (!p.waitForFinished(120000))
        return run;
    run.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = QString::fromUtf8(p.readAllStandardOutput());
    run.err = QString::fromUtf8(p.readAllStandardError()).trimmed();
    return run;
}

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(path));
    f.write(content);
}

const QByteArray checksJson = R"([
  {"type": "is-json", "value": {"type": "object", "required": ["risk_score"],
                                "properties": {"risk_score": {"type": "number", "minimum": 0, "maximum": 1}}}},
  {"type": "json-field", "path": "/risk_score", "min": 0, "max": 1, "metric": "risk in range"},
  {"type": "not-icontains", "value": "as an AI"},
  {"type": "latency", "threshold": 2000},
  {"type": "contains", "value": "{{customer}}"}
])";

// What the test expects of one logged row, worked out without the code under test.
struct Expect {
    bool error = false;
    bool isJsonInRange = false; // is-json with the schema, and json-field: the same condition here
    bool mentionsAi = false;
    bool fast = false;
    bool namesCustomer = false;
};

} // namespace

class TestChecksCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void countsOverLoggedOutputs();
    void jsonlGivesEveryOutput();
    void storedResultsAreReused();
    void outputsFailingACheck();
    void defaultSetFromRegistryOrWorkspace();
    void replayRunPerSide();
    void badInput_data();
    void badInput();

private:
    QStringList base() const { return {u"checks"_s, m_log, u"--mapping"_s, m_mapping, u"--workspace"_s, m_ws}; }

    std::unique_ptr<test::ScopedWorkspaceDir> m_wsDir;
    QTemporaryDir m_dir;
    QString m_log;
    QString m_mapping;
    QString m_ws;
    QString m_checks;
    QList<Expect> m_expected;
};

void TestChecksCli::initTestCase()
{
    QVERIFY(!qEnvironmentVariable("ASSAY_BINARY").isEmpty());
    m_wsDir = std::make_unique<test::ScopedWorkspaceDir>();
    QVERIFY(m_dir.isValid());
    const QStringList columns{u"call_id INTEGER PRIMARY KEY"_s, u"logged TEXT"_s,     u"kind TEXT"_s,
                              u"answer_text TEXT"_s,            u"engine TEXT"_s,     u"vars TEXT"_s,
                              u"took_ms INTEGER"_s,             u"toks INTEGER"_s,    u"state TEXT"_s,
                              u"prompt_key TEXT"_s};
    QList<QVariantList> rows;
    const QStringList customers{u"Ada"_s, u"Grace"_s, u"Linus"_s};
    for (int i = 1; i <= 60; ++i) {
        const QString customer = customers.at(i % 3);
        QString output;
        switch (i % 5) {
        case 0: output = u"{\"risk_score\": 0.5, \"customer\": \"%1\""_s.arg(customer); break; // truncated: not JSON
        case 1: output = u"{\"risk_score\": 0.2, \"note\": \"call %1\"}"_s.arg(customer); break;
        case 2: output = u"{\"risk_score\": 1.7}"_s; break;
        case 3: output = u"Sorry, as an AI I cannot rate %1."_s.arg(i % 2 ? customer : u"them"_s); break;
        default: output = u"{\"risk_score\": \"0.9\", \"who\": \"%1\"}"_s.arg(customer); break; // a string, not a number
        }
        if (i == 17) // a megabyte of valid JSON
            output = u"{\"risk_score\": 0.4, \"customer\": \"%1\", \"notes\": \"%2\"}"_s.arg(customer, QString(1024 * 1024, u'x'));
        const bool failed = i == 9 || i == 33;
        rows << QVariantList{i,
                             u"2026-11-01T%1:00:00Z"_s.arg(i % 24, 2, 10, QChar(u'0')),
                             i % 2 ? u"churn_risk"_s : u"lead_score"_s,
                             failed ? QVariant() : QVariant(output),
                             u"m-1"_s,
                             u"{\"customer\": \"%1\"}"_s.arg(customer),
                             500 * (i % 6),
                             40 + i,
                             failed ? u"error"_s : u"ok"_s,
                             u"churn"_s};
        Expect e;
        e.error = failed;
        if (!failed) {
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(output.toUtf8(), &pe);
            const QJsonValue risk = doc.object().value(u"risk_score"_s);
            e.isJsonInRange = pe.error == QJsonParseError::NoError && risk.isDouble() && risk.toDouble() >= 0
                && risk.toDouble() <= 1;
            e.mentionsAi = output.toLower().contains(u"as an ai"_s);
            e.fast = 500 * (i % 6) <= 2000;
            e.namesCustomer = output.contains(customer);
        }
        m_expected << e;
    }
    m_log = test::TestLog::create(m_dir, columns, rows, test::TestLogOptions{u"llm_calls"_s, u"calls.sqlite"_s, false, {}});
    m_mapping = m_dir.filePath(u"mapping.json"_s);
    writeFile(m_mapping, R"({"table": "llm_calls", "columns": {"id": "call_id", "created_at": "logged", "feature": "kind",
        "output": "answer_text", "model": "engine", "input": "vars", "latency_ms": "took_ms", "output_tokens": "toks",
        "status": "state", "prompt_name": "prompt_key"}})");
    m_ws = m_dir.filePath(u"ws.sqlite"_s);
    m_checks = m_dir.filePath(u"checks.json"_s);
    writeFile(m_checks, checksJson);
}

void TestChecksCli::cleanupTestCase()
{
    m_wsDir.reset();
}

void TestChecksCli::countsOverLoggedOutputs()
{
    const QString before = QString::fromLatin1(test::fileSha256(m_log));
    const Run run = assayRun(base() << u"--checks"_s << m_checks << u"--format"_s << u"json"_s << u"--no-store"_s);
    QVERIFY2(run.code == 0, qPrintable(run.describe()));
    const QJsonObject o = QJsonDocument::fromJson(run.out.toUtf8()).object();
    qint64 errors = 0, jsonOk = 0, ai = 0, fast = 0, customer = 0, checked = 0;
    for (const Expect &e : std::as_const(m_expected)) {
        if (e.error) {
            ++errors;
            continue;
        }
        ++checked;
        jsonOk += e.isJsonInRange;
        ai += e.mentionsAi;
        fast += e.fast;
        customer += e.namesCustomer;
    }
    QCOMPARE(o.value(u"errors"_s).toInteger(), errors);
    QCOMPARE(o.value(u"outputs"_s).toInteger(), checked);
    const QJsonArray checks = o.value(u"checks"_s).toArray();
    QCOMPARE(checks.size(), 5);
    const QList<qint64> passed{jsonOk, jsonOk, checked - ai, fast, customer};
    for (qsizetype c = 0; c < checks.size(); ++c) {
        const QJsonObject check = checks.at(c).toObject();
        QVERIFY(!check.value(u"name"_s).toString().isEmpty());
        QCOMPARE(check.value(u"passed"_s).toInteger(), passed.at(c));
        QCOMPARE(check.value(u"failed"_s).toInteger(), checked - passed.at(c));
        QCOMPARE(check.value(u"not_applicable"_s).toInteger(), 0);
    }
    QCOMPARE(checks.at(1).toObject().value(u"name"_s).toString(), u"risk in range"_s);
    const Run table = assayRun(base() << u"--checks"_s << m_checks << u"--no-store"_s);
    QVERIFY2(table.code == 0 && table.out.contains(u"risk in range"_s) && table.out.contains(u"%1 failed calls"_s.arg(errors)),
             qPrintable(table.describe()));
    // Filters narrow the outputs as they do for `assay outputs`.
    const Run churn = assayRun(base() << u"--checks"_s << m_checks << u"--no-store"_s << u"--feature"_s << u"churn_risk"_s
                                      << u"--format"_s << u"json"_s);
    QVERIFY2(churn.code == 0, qPrintable(churn.describe()));
    const QJsonObject c = QJsonDocument::fromJson(churn.out.toUtf8()).object();
    QCOMPARE(c.value(u"outputs"_s).toInteger() + c.value(u"errors"_s).toInteger(), 30);
    QCOMPARE(QString::fromLatin1(test::fileSha256(m_log)), before); // the log is never written
}

void TestChecksCli::jsonlGivesEveryOutput()
{
    const Run run = assayRun(base() << u"--checks"_s << m_checks << u"--format"_s << u"jsonl"_s << u"--no-store"_s);
    QVERIFY2(run.code == 0, qPrintable(run.describe()));
    const QStringList lines = run.out.trimmed().split(u'\n');
    QCOMPARE(lines.size(), m_expected.size());
    int errors = 0;
    for (const QString &line : lines) {
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
        const qint64 id = o.value(u"output_id"_s).toString().toLongLong();
        QVERIFY(id >= 1 && id <= m_expected.size());
        const Expect &e = m_expected.at(id - 1);
        if (e.error) {
            ++errors;
            QVERIFY(!o.value(u"error"_s).toString().isEmpty());
            continue;
        }
        const QJsonArray checks = o.value(u"checks"_s).toArray();
        QCOMPARE(checks.size(), 5);
        QCOMPARE(checks.at(0).toObject().value(u"passed"_s).toBool(), e.isJsonInRange);
        for (const QJsonValue &c : checks)
            QVERIFY(!c.toObject().value(u"reason"_s).toString().isEmpty());
        QCOMPARE(o.value(u"passed"_s).toBool(), e.isJsonInRange && !e.mentionsAi && e.fast && e.namesCustomer);
        if (id % 5 == 0 && id != 17)
            QVERIFY2(checks.at(0).toObject().value(u"reason"_s).toString().contains(u"not JSON"_s), qPrintable(line));
    }
    QCOMPARE(errors, 2);
}

void TestChecksCli::storedResultsAreReused()
{
    const QStringList args = base() << u"--checks"_s << m_checks << u"--format"_s << u"json"_s;
    const Run first = assayRun(args);
    QVERIFY2(first.code == 0, qPrintable(first.describe()));
    const QJsonObject a = QJsonDocument::fromJson(first.out.toUtf8()).object();
    QCOMPARE(a.value(u"reused"_s).toInteger(), 0);
    const Run second = assayRun(args);
    const QJsonObject b = QJsonDocument::fromJson(second.out.toUtf8()).object();
    QCOMPARE(b.value(u"reused"_s).toInteger(), a.value(u"outputs"_s).toInteger());
    QCOMPARE(b.value(u"checks"_s), a.value(u"checks"_s)); // the same figures, from the store
    // A changed set is a different fingerprint: everything is recomputed.
    const QString changed = m_dir.filePath(u"changed.json"_s);
    writeFile(changed, QByteArray(checksJson).replace("2000", "2500"));
    const Run third = assayRun(base() << u"--checks"_s << changed << u"--format"_s << u"json"_s);
    const QJsonObject c = QJsonDocument::fromJson(third.out.toUtf8()).object();
    QCOMPARE(c.value(u"reused"_s).toInteger(), 0);
    QVERIFY(c.value(u"fingerprint"_s).toString() != a.value(u"fingerprint"_s).toString());
}

void TestChecksCli::outputsFailingACheck()
{
    // The stored results (from storedResultsAreReused) filter `assay outputs` like any filter.
    const Run run = assayRun({u"outputs"_s, m_log, u"--mapping"_s, m_mapping, u"--workspace"_s, m_ws, u"--fails-check"_s,
                              u"risk in range"_s, u"--format"_s, u"jsonl"_s});
    QVERIFY2(run.code == 0, qPrintable(run.describe()));
    QSet<qint64> listed;
    for (const QString &line : run.out.trimmed().split(u'\n', Qt::SkipEmptyParts))
        listed.insert(QJsonDocument::fromJson(line.toUtf8()).object().value(u"id"_s).toInteger());
    QSet<qint64> expected;
    for (qsizetype i = 0; i < m_expected.size(); ++i) {
        if (!m_expected.at(i).error && !m_expected.at(i).isJsonInRange)
            expected.insert(i + 1);
    }
    QVERIFY(!expected.isEmpty());
    QCOMPARE(listed, expected);
    // With other filters, and a name no check has: nothing.
    const Run none = assayRun({u"outputs"_s, m_log, u"--mapping"_s, m_mapping, u"--workspace"_s, m_ws, u"--fails-check"_s,
                               u"no such check"_s, u"--format"_s, u"jsonl"_s});
    QVERIFY2(none.code == 0 && none.out.trimmed().isEmpty(), qPrintable(none.describe()));
}

void TestChecksCli::defaultSetFromRegistryOrWorkspace()
{
    // Prompts as code: NAME/checks.json beside the prompt's version files.
    const QString registry = m_dir.filePath(u"prompts"_s);
    writeFile(registry + u"/churn/v1.prompt"_s, "Rate {{customer}}.\n");
    writeFile(registry + u"/churn/checks.json"_s, R"([{"type": "contains", "value": "risk_score"}])");
    const Run run = assayRun(base() << u"--registry"_s << registry << u"--prompt"_s << u"churn"_s << u"--format"_s << u"json"_s);
    QVERIFY2(run.code == 0, qPrintable(run.describe()));
    const QJsonObject o = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QVERIFY2(o.value(u"checks_from"_s).toString().endsWith(u"churn/checks.json"_s), qPrintable(run.out));
    QCOMPARE(o.value(u"checks"_s).toArray().size(), 1);
    // The workspace's set for a feature.
    const Run saved = assayRun(base() << u"--checks"_s << m_checks << u"--save-set"_s << u"feature:lead_score"_s);
    QVERIFY2(saved.code == 0 && saved.out.contains(u"feature:lead_score"_s), qPrintable(saved.describe()));
    const Run byFeature = assayRun(base() << u"--feature"_s << u"lead_score"_s << u"--format"_s << u"json"_s);
    QVERIFY2(byFeature.code == 0, qPrintable(byFeature.describe()));
    const QJsonObject f = QJsonDocument::fromJson(byFeature.out.toUtf8()).object();
    QVERIFY2(f.value(u"checks_from"_s).toString().contains(u"feature:lead_score"_s), qPrintable(byFeature.out));
    QCOMPARE(f.value(u"checks"_s).toArray().size(), 5);
    const Run bad = assayRun(base() << u"--checks"_s << m_checks << u"--save-set"_s << u"team:x"_s);
    QCOMPARE(bad.code, 2);
}

void TestChecksCli::replayRunPerSide()
{
    QTemporaryDir dir;
    const QString log = dir.filePath(u"demo.sqlite"_s);
    const QString ws = dir.filePath(u"ws.sqlite"_s);
    auto opened = test::openDemoLogSession(log, 300, ws);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    PriceTable prices = PriceTable::withDefaults();
    ReplaySpec spec;
    for (const QString &version : {u"v2"_s, u"v3"_s}) {
        ReplayTarget t;
        t.promptName = u"ticket_summary"_s;
        t.promptVersion = version;
        t.provider = u"anthropic"_s;
        t.model = u"claude-haiku-4-5"_s;
        spec.targets << t;
    }
    spec.inputs.filter.promptName = u"ticket_summary"_s;
    spec.inputs.limit = 8;
    spec.options.noCache = true;
    auto planned = planReplay(spec, opened->session->outputs(), *opened->registry, prices, opened->session->workspace());
    QVERIFY2(planned, qPrintable(planned.error()));
    auto id = ReplayRunStore(*opened->session->workspace()).createRun(spec, *planned, log, u"tester"_s);
    QVERIFY2(id, qPrintable(id.error()));
    auto backendLog = std::make_shared<test::FakeBackendLog>();
    ReplayEngineConfig config{test::sqliteSource(log), ws, *id, prices,
                              [backendLog](const ReplayTarget &, const ReplayOptions &) -> Result<std::unique_ptr<ReplayBackend>> {
                                  return std::unique_ptr<ReplayBackend>(new test::FakeReplayBackend(backendLog, 2, 0));
                              },
                              std::nullopt};
    ReplayEngine engine(std::move(config));
    bool finished = false;
    connect(&engine, &ReplayEngine::finished, this, [&finished] { finished = true; });
    engine.start();
    QDeadlineTimer deadline(30000);
    while (!finished && !deadline.hasExpired())
        QTest::qWait(10);
    QVERIFY(finished);
    // Independent expectations: the fake backend answers "answer to <prompt>"; the logged
    // ticket summaries are Markdown bullets.
    qint64 resultsOk = 0, startsAnswer = 0;
    auto walked = ReplayRunStore(*opened->session->workspace()).forEachResult(*id, [&](const ReplayResult &r) {
        if (r.status == ReplayResultStatus::Ok) {
            ++resultsOk;
            startsAnswer += r.output.startsWith(u"answer to"_s);
        }
        return true;
    });
    QVERIFY(walked);
    QCOMPARE(resultsOk, 16);
    const QString checks = dir.filePath(u"run-checks.json"_s);
    writeFile(checks, R"([{"type": "starts-with", "value": "answer to"}, {"type": "not-is-json"}])");
    const Run run = assayRun({u"checks"_s, log, u"--workspace"_s, ws, u"--run"_s, QString::number(*id), u"--checks"_s, checks,
                              u"--format"_s, u"json"_s});
    QVERIFY2(run.code == 0, qPrintable(run.describe()));
    const QJsonObject o = QJsonDocument::fromJson(run.out.toUtf8()).object();
    const QJsonArray sides = o.value(u"sides"_s).toArray();
    QCOMPARE(sides.size(), 3);
    QCOMPARE(sides.at(0).toObject().value(u"side"_s).toString(), u"baseline"_s);
    QCOMPARE(sides.at(0).toObject().value(u"outputs"_s).toInteger(), 8);
    QCOMPARE(sides.at(1).toObject().value(u"outputs"_s).toInteger() + sides.at(2).toObject().value(u"outputs"_s).toInteger(),
             resultsOk);
    const QJsonObject starts = o.value(u"checks"_s).toArray().at(0).toObject();
    QCOMPARE(starts.value(u"passed"_s).toInteger(), startsAnswer); // the targets' results
    const QJsonObject baselineStarts = starts.value(u"sides"_s).toArray().at(0).toObject();
    QCOMPARE(baselineStarts.value(u"passed"_s).toInteger(), 0);
    QCOMPARE(baselineStarts.value(u"failed"_s).toInteger(), 8);
    const Run table = assayRun({u"checks"_s, log, u"--workspace"_s, ws, u"--run"_s, QString::number(*id), u"--checks"_s, checks});
    QVERIFY2(table.code == 0 && table.out.contains(u"baseline"_s), qPrintable(table.describe()));
    const Run missing = assayRun({u"checks"_s, log, u"--workspace"_s, ws, u"--run"_s, u"999"_s, u"--checks"_s, checks});
    QCOMPARE(missing.code, 2);
    QVERIFY2(!missing.err.isEmpty(), qPrintable(missing.describe()));
    opened->registry.reset();
    opened->session.reset();
}

void TestChecksCli::badInput_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("invalid regex") << QByteArray("[\n {\"type\": \"is-json\"},\n {\"type\": \"regex\", \"value\": \"[a-\"}\n]")
                                   << QStringList{} << QStringList{u"line 3"_s, u"regex"_s};
    QTest::newRow("invalid schema") << QByteArray("[{\"type\": \"is-json\", \"value\": {\"type\": 7}}]") << QStringList{}
                                    << QStringList{u"is-json"_s, u"schema"_s};
    QTest::newRow("not json") << QByteArray("[\n {\"type\": \"is-json\"}\n {\"type\": \"contains\", \"value\": \"a\"}\n]")
                              << QStringList{} << QStringList{u"line 3"_s};
    QTest::newRow("empty set") << QByteArray("[]") << QStringList{} << QStringList{u"no checks"_s};
    QTest::newRow("format") << QByteArray("[{\"type\": \"is-json\"}]") << QStringList{u"--format"_s, u"xml"_s}
                            << QStringList{u"--format"_s};
    QTest::newRow("filters with run") << QByteArray("[{\"type\": \"is-json\"}]")
                                      << QStringList{u"--run"_s, u"1"_s, u"--feature"_s, u"x"_s} << QStringList{u"run"_s};
    QTest::newRow("run id") << QByteArray("[{\"type\": \"is-json\"}]") << QStringList{u"--run"_s, u"abc"_s}
                            << QStringList{u"abc"_s};
}

void TestChecksCli::badInput()
{
    QFETCH(QByteArray, file);
    QFETCH(QStringList, extra);
    QFETCH(QStringList, mentions);
    const QString path = m_dir.filePath(u"bad.json"_s);
    writeFile(path, file);
    const Run run = assayRun(base() << u"--checks"_s << path << extra);
    QCOMPARE(run.code, 2);
    QVERIFY(run.out.isEmpty());
    for (const QString &m : mentions)
        QVERIFY2(run.err.contains(m), qPrintable(run.describe()));
    const Run none = assayRun(base() << u"--feature"_s << u"nothing-saved"_s);
    QCOMPARE(none.code, 2);
    QVERIFY2(none.err.contains(u"--checks"_s), qPrintable(none.describe()));
}

QTEST_GUILESS_MAIN(TestChecksCli)
#include "tst_checks_cli.moc"

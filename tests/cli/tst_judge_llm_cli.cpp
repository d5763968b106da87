// `assay judge SOURCE NAME --llm` end to end: the real executable and the real provider backend
// against the local fake provider server, whose judge reads the prompt it was sent and answers
// by a rule this test knows, so every figure is counted here from the pairs `judge new` printed,
// not taken from Assay. Covers the swap (order 1 shows A first, order 2 shows B first), a judge
// that always picks the first response (position-inconsistent: a tie), ties, invalid replies,
// calls that fail, the estimate of --dry-run, a rerun that sends nothing, kill -9 and resume,
// bad input, and `compare --judge llm`.

#include "FakeProviderServer.h"
#include "ReplayRunFixture.h"
#include "TestSupport.h"

#include "eval/CaseVerdicts.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

constexpr int kCases = 40;

struct Run {
    int code = -1;
    QString out;
    QString err;
    QString describe() const { return u"exit %1; stderr: %2"_s.arg(code).arg(err.left(2000)); }
};

// What the fake judge does with the pair whose B output is "B-output n".
enum class Behaviour { PrefersB, Invalid, FailsWhenBFirst, AlwaysFirst, Tie };
Behaviour behaviourOf(int n)
{
    if (n % 7 == 0)
        return Behaviour::Invalid;
    if (n % 13 == 0)
        return Behaviour::FailsWhenBFirst;
    if (n % 5 == 0)
        return Behaviour::AlwaysFirst;
    if (n % 11 == 0)
        return Behaviour::Tie;
    return Behaviour::PrefersB;
}

int bNumber(const QString &text)
{
    static const QRegularExpression re(u"B-output (\\d+)"_s);
    const auto m = re.match(text);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

QString between(const QString &text, const QString &open, const QString &close)
{
    const qsizetype from = text.indexOf(open);
    const qsizetype to = text.indexOf(close, from);
    return from < 0 || to < 0 ? QString() : text.mid(from + open.size(), to - from - open.size());
}

struct Expected {
    int pairs = 0, consistent = 0, inconsistent = 0, excluded = 0, invalidOrders = 0, failedOrders = 0;
    int wins = 0, ties = 0; // of B, as compare --judge llm counts them
};

Expected expectedFor(const QList<int> &numbers)
{
    Expected e;
    e.pairs = int(numbers.size());
    for (int n : numbers) {
        switch (behaviourOf(n)) {
        case Behaviour::PrefersB:
            ++e.consistent;
            ++e.wins;
            break;
        case Behaviour::Tie:
            ++e.consistent;
            ++e.ties;
            break;
        case Behaviour::AlwaysFirst:
            ++e.inconsistent;
            ++e.ties;
            break;
        case Behaviour::Invalid:
            ++e.excluded;
            e.invalidOrders += 2;
            break;
        case Behaviour::FailsWhenBFirst:
            ++e.excluded;
            ++e.failedOrders;
            break;
        }
    }
    return e;
}

} // namespace

class TestJudgeLlmCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void dryRunPrintsTheEstimateAndSendsNothing();
    void everyPairTwiceWithPositionsSwapped();
    void compareCountsTheModelsVotes();
    void rerunSendsNothing();
    void killedJudgeRunResumes();
    void badInputExitsTwo_data();
    void badInputExitsTwo();

private:
    Run assay(const QStringList &args, const QProcessEnvironment &env);
    Run assay(const QStringList &args) { return assay(args, envWithKey()); }
    QProcessEnvironment envWithKey() const;
    QStringList llmArgs(const QString &session) const;
    QList<int> newSession(const QString &name, int size, int seed);
    void checkCounts(const QJsonObject &o, const Expected &e);

    test::ScopedWorkspaceDir m_wsDir;
    QTemporaryDir m_dir;
    QString m_log;
    QString m_runId;
    std::unique_ptr<test::FakeProviderServer> m_server;
    QList<int> m_numbers; // B numbers of the main session's pairs
};

void TestJudgeLlmCli::initTestCase()
{
    QVERIFY(QFile::exists(qEnvironmentVariable("ASSAY_BINARY")));
    m_log = test::TestLog::create(m_dir, test::TestLog::standardColumns(), test::TestLog::standardRows(kCases));
    auto ws = Workspace::open(test::sqliteSource(m_log));
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    QList<test::FixtureCase> cases;
    for (int i = 0; i < kCases; ++i) {
        test::FixtureCase c;
        c.outputKey = QString::number(i + 1);
        c.outcomes = {test::FixtureOutcome{i == 2 ? ReplayResultStatus::Failed : ReplayResultStatus::Ok,
                                           u"B-output %1"_s.arg(i + 1), 0.002, 300, 25}};
        cases << c;
    }
    QString error;
    const qint64 id = test::writeReplayRun(**ws, m_log, {test::fixtureTarget(u"summ@v2"_s)}, cases, &error);
    QVERIFY2(id > 0, qPrintable(error));
    m_runId = QString::number(id);

    m_server = std::make_unique<test::FakeProviderServer>();
    QVERIFY(m_server->listen());
    m_server->setResponder([](const test::FakeRequest &request) -> std::optional<test::FakeResponse> {
        const QString prompt = request.json().value(u"messages"_s).toArray().first().toObject().value(u"content"_s).toString();
        const QString first = between(prompt, u"<response_1>"_s, u"</response_1>"_s);
        const int n = bNumber(prompt);
        const bool bFirst = first.contains(u"B-output"_s);
        switch (behaviourOf(n)) {
        case Behaviour::Invalid:
            return test::FakeResponse::success(u"Response 1 is better."_s);
        case Behaviour::FailsWhenBFirst:
            if (bFirst)
                return test::FakeResponse::providerError(400, u"invalid_request_error"_s, u"prompt refused"_s);
            return test::FakeResponse::success(u"```json\n{\"winner\": \"2\", \"reason\": \"B\"}\n```"_s);
        case Behaviour::AlwaysFirst:
            return test::FakeResponse::success(u"{\"winner\": \"1\", \"reason\": \"the first one\"}"_s);
        case Behaviour::Tie:
            return test::FakeResponse::success(u"Verdict: {\"winner\": \"tie\", \"reason\": \"alike\"}"_s);
        case Behaviour::PrefersB:
            break;
        }
        return test::FakeResponse::success(u"{\"winner\": \"%1\", \"reason\": \"B is better\"}"_s.arg(bFirst ? 1 : 2));
    });
    m_numbers = newSession(u"panel"_s, 30, 7);
    QCOMPARE(m_numbers.size(), 30);
}

QProcessEnvironment TestJudgeLlmCli::envWithKey() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"ANTHROPIC_API_KEY"_s, u"placeholder-not-a-key-judge"_s);
    env.insert(u"ASSAY_PRICES"_s, m_dir.filePath(u"no-user-prices.json"_s));
    return env;
}

QStringList TestJudgeLlmCli::llmArgs(const QString &session) const
{
    return {u"judge"_s, m_log, session, u"--llm"_s, u"--provider"_s, u"anthropic"_s, u"--model"_s,
            u"claude-haiku-4-5"_s, u"--base-url"_s, m_server->baseUrl(test::FakeWire::Anthropic).toString(),
            u"--format"_s, u"json"_s};
}

Run TestJudgeLlmCli::assay(const QStringList &args, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(qEnvironmentVariable("ASSAY_BINARY"), args);
    Run r;
    if (!p.waitForStarted(10000))
        return r;
    p.closeWriteChannel();
    // Not waitForFinished(): this thread's event loop serves the fake provider.
    QDeadlineTimer deadline(120000);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(5);
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished(5000);
        return r;
    }
    r.code = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QList<int> TestJudgeLlmCli::newSession(const QString &name, int size, int seed)
{
    const Run r = assay({u"judge"_s, m_log, u"new"_s, u"--run"_s, m_runId, u"--a"_s, u"baseline"_s, u"--b"_s, u"1"_s,
                         u"--size"_s, QString::number(size), u"--seed"_s, QString::number(seed), u"--name"_s, name});
    if (r.code != 0)
        qWarning("%s", qPrintable(r.describe()));
    QList<int> numbers;
    for (const QString &line : r.out.split(u'\n', Qt::SkipEmptyParts)) {
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
        numbers << bNumber(o.value(u"left"_s).toString() + o.value(u"right"_s).toString());
    }
    return numbers;
}

void TestJudgeLlmCli::checkCounts(const QJsonObject &o, const Expected &e)
{
    QCOMPARE(o.value(u"pairs"_s).toInt(), e.pairs);
    QCOMPARE(o.value(u"consistent"_s).toInt(), e.consistent);
    QCOMPARE(o.value(u"inconsistent"_s).toInt(), e.inconsistent);
    QCOMPARE(o.value(u"excluded"_s).toInt(), e.excluded);
    QCOMPARE(o.value(u"invalid_orders"_s).toInt(), e.invalidOrders);
    QCOMPARE(o.value(u"failed_orders"_s).toInt(), e.failedOrders);
    QCOMPARE(o.value(u"pending_orders"_s).toInt(), 0);
    QCOMPARE(o.value(u"not_decided"_s).toArray().size(), e.invalidOrders + e.failedOrders);
}

void TestJudgeLlmCli::dryRunPrintsTheEstimateAndSendsNothing()
{
    const Run r = assay(llmArgs(u"panel"_s) << u"--dry-run"_s);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QJsonObject e = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"estimate"_s).toObject();
    QCOMPARE(e.value(u"pairs"_s).toInt(), 30);
    QCOMPARE(e.value(u"calls"_s).toInt(), 60);
    QCOMPARE(e.value(u"render_errors"_s).toInt(), 0);
    QVERIFY(e.value(u"cost_usd"_s).toDouble() > 0);
    QCOMPARE(m_server->requestCount(), 0);
    auto ws = Workspace::open(test::sqliteSource(m_log));
    QVERIFY(ws.ok());
    QSqlQuery q((*ws)->db());
    QVERIFY(q.exec(u"SELECT count(*) FROM judge_runs"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

void TestJudgeLlmCli::everyPairTwiceWithPositionsSwapped()
{
    const Run r = assay(llmArgs(u"panel"_s));
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(u"judge"_s).toString(), u"llm:claude-haiku-4-5"_s);
    const Expected e = expectedFor(m_numbers);
    qInfo("expected: %d consistent (%d ties), %d inconsistent, %d invalid orders, %d failed orders", e.consistent,
          e.ties - e.inconsistent, e.inconsistent, e.invalidOrders, e.failedOrders);
    // The drawn pairs exercise every behaviour of the fake judge.
    QVERIFY(e.wins > 0 && e.ties > e.inconsistent && e.inconsistent > 0 && e.invalidOrders > 0 && e.failedOrders > 0);
    checkCounts(o, e);
    // Each pair was sent twice, once with each side first; a 400 is not retried.
    const QList<test::FakeRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 60);
    QHash<int, QPair<int, int>> shown; // n -> (A first, B first)
    for (const test::FakeRequest &req : requests) {
        const QString prompt = req.json().value(u"messages"_s).toArray().first().toObject().value(u"content"_s).toString();
        const QString first = between(prompt, u"<response_1>"_s, u"</response_1>"_s);
        const QString second = between(prompt, u"<response_2>"_s, u"</response_2>"_s);
        QVERIFY(first.contains(u"B-output"_s) != second.contains(u"B-output"_s));
        QVERIFY(first.contains(u"output number"_s) != second.contains(u"output number"_s));
        QVERIFY(prompt.contains(u"\"text\""_s) || prompt.contains(u"input"_s)); // the logged input is shown
        QCOMPARE(req.json().value(u"temperature"_s).toDouble(-1), 0.0);
        auto &s = shown[bNumber(prompt)];
        (first.contains(u"B-output"_s) ? s.second : s.first) += 1;
    }
    QCOMPARE(shown.size(), 30);
    for (auto it = shown.cbegin(); it != shown.cend(); ++it) {
        QVERIFY2(m_numbers.contains(it.key()), qPrintable(QString::number(it.key())));
        QCOMPARE(it.value(), qMakePair(1, 1));
    }
    // Invalid replies are kept whole with what was wrong.
    for (const QJsonValue &v : o.value(u"not_decided"_s).toArray()) {
        const QJsonObject bad = v.toObject();
        if (bad.value(u"status"_s).toString() == "invalid"_L1) {
            QCOMPARE(bad.value(u"raw"_s).toString(), u"Response 1 is better."_s);
            QVERIFY(!bad.value(u"problem"_s).toString().isEmpty());
        } else {
            QCOMPARE(bad.value(u"status"_s).toString(), u"failed"_s);
            QVERIFY2(bad.value(u"problem"_s).toString().contains(u"400"_s), qPrintable(bad.value(u"problem"_s).toString()));
            QCOMPARE(bad.value(u"order"_s).toInt(), 2); // B shown first
        }
    }
}

void TestJudgeLlmCli::compareCountsTheModelsVotes()
{
    const Expected e = expectedFor(m_numbers);
    const Run r = assay({u"compare"_s, m_log, u"panel"_s, u"--judge"_s, u"llm"_s, u"--format"_s, u"json"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(u"wins"_s).toInt(), e.wins);
    QCOMPARE(o.value(u"losses"_s).toInt(), 0);
    QCOMPARE(o.value(u"ties"_s).toInt(), e.ties);
    const QJsonObject model = o.value(u"judge_model"_s).toObject();
    QCOMPARE(model.value(u"pairs"_s).toInt(), e.consistent + e.inconsistent);
    QCOMPARE(model.value(u"position_consistent"_s).toInt(), e.consistent);
    // People have given no verdict: their tally is empty, the model's votes are not theirs.
    const Run people = assay({u"compare"_s, m_log, u"panel"_s, u"--format"_s, u"json"_s});
    QVERIFY2(people.code == 0, qPrintable(people.describe()));
    const QJsonObject p = QJsonDocument::fromJson(people.out.toUtf8()).object();
    QCOMPARE(p.value(u"wins"_s).toInt() + p.value(u"losses"_s).toInt() + p.value(u"ties"_s).toInt(), 0);
    // The pair view's verdict list gives the model's reasons per order, or why it cast no vote.
    {
        auto ws = Workspace::open(test::sqliteSource(m_log));
        QVERIFY2(ws.ok(), qPrintable(ws.error()));
        for (int n : std::as_const(m_numbers)) {
            auto lines = verdictsOnCase(**ws, m_runId.toLongLong(), u"baseline"_s, u"target:1"_s, n - 1);
            QVERIFY2(lines.ok(), qPrintable(lines.error()));
            QCOMPARE(lines->size(), 1);
            const PairVerdictLine &l = lines->first();
            QVERIFY(l.isModel);
            QCOMPARE(l.judge, u"llm:claude-haiku-4-5"_s);
            const auto says = [&l](const QString &text) { return l.note.contains(text); };
            switch (behaviourOf(n)) {
            case Behaviour::PrefersB:
                QVERIFY2(l.counted && l.winner == PairWinner::B && says(u"A shown first: B is better"_s), qPrintable(l.note));
                break;
            case Behaviour::Tie:
                QVERIFY2(l.counted && l.winner == PairWinner::Tie && says(u"alike"_s), qPrintable(l.note));
                break;
            case Behaviour::AlwaysFirst:
                QVERIFY2(l.counted && l.winner == PairWinner::Tie && says(u"position-inconsistent"_s) && says(u"the first one"_s),
                         qPrintable(l.note));
                break;
            case Behaviour::Invalid:
                QVERIFY2(!l.counted && says(u"invalid reply"_s), qPrintable(l.note));
                break;
            case Behaviour::FailsWhenBFirst:
                QVERIFY2(!l.counted && says(u"B shown first: failed"_s) && says(u"400"_s), qPrintable(l.note));
                break;
            }
        }
    }
    // The judge run itself is no comparison: its cases are judge prompts, not logged outputs.
    const qint64 judgeRun = QJsonDocument::fromJson(assay(llmArgs(u"panel"_s)).out.toUtf8()).object().value(u"run_id"_s).toInteger();
    QVERIFY(judgeRun > 0);
    const Run refused = assay({u"compare"_s, m_log, QString::number(judgeRun)});
    QCOMPARE(refused.code, 2);
    QVERIFY2(refused.err.contains(u"judge model's run"_s), qPrintable(refused.err));
}

void TestJudgeLlmCli::rerunSendsNothing()
{
    const int before = m_server->requestCount();
    const Run r = assay(llmArgs(u"panel"_s));
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QCOMPARE(m_server->requestCount(), before);
    checkCounts(QJsonDocument::fromJson(r.out.toUtf8()).object(), expectedFor(m_numbers));
}

void TestJudgeLlmCli::killedJudgeRunResumes()
{
    const QList<int> numbers = newSession(u"kill"_s, 20, 3);
    QCOMPARE(numbers.size(), 20);
    // Other criteria: other prompts, so the response cache cannot answer them.
    const QStringList args = llmArgs(u"kill"_s) << u"--criteria"_s << u"Which is kinder?"_s << u"--concurrency"_s << u"1"_s;
    m_server->setDefaultLatencyMs(100);
    const int before = m_server->requestCount();
    QProcess p;
    p.setProcessEnvironment(envWithKey());
    p.start(qEnvironmentVariable("ASSAY_BINARY"), args);
    QVERIFY(p.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount() - before >= 8, 30000);
    ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 10000);
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    const int sentBeforeKill = m_server->requestCount() - before;
    QVERIFY(sentBeforeKill < 40);

    m_server->setDefaultLatencyMs(0);
    const Run resumed = assay(args);
    m_server->setDefaultLatencyMs(0);
    QVERIFY2(resumed.code == 0, qPrintable(resumed.describe()));
    QVERIFY2(resumed.err.contains(u"resuming"_s), qPrintable(resumed.err));
    checkCounts(QJsonDocument::fromJson(resumed.out.toUtf8()).object(), expectedFor(numbers));
    // Nothing stored before the kill was sent again: at most the one call in flight repeats.
    const int total = m_server->requestCount() - before;
    QVERIFY2(total >= 40 && total <= 41, qPrintable(QString::number(total)));
}

void TestJudgeLlmCli::badInputExitsTwo_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("said");
    QTemporaryDir *dir = new QTemporaryDir; // lives as long as the test data
    dir->setAutoRemove(true);
    const QString rubric = dir->filePath(u"typo.txt"_s);
    QFile f(rubric);
    if (f.open(QIODevice::WriteOnly))
        f.write("{{input}} {{response1}} {{response_2}}");
    f.close();
    QTest::newRow("rubric typo") << QStringList{u"--rubric"_s, rubric} << u"{{response1}}"_s;
    QTest::newRow("rubric missing") << QStringList{u"--rubric"_s, dir->filePath(u"none.txt"_s)} << u"none.txt"_s;
    QTest::newRow("bad budget") << QStringList{u"--budget"_s, u"-1"_s} << u"--budget"_s;
    QTest::newRow("infinite budget") << QStringList{u"--budget"_s, u"inf"_s} << u"--budget"_s;
    QTest::newRow("nan budget") << QStringList{u"--budget"_s, u"nan"_s} << u"--budget"_s;
    QTest::newRow("unpriced budget") << QStringList{u"--model"_s, u"no-such-model"_s, u"--budget"_s, u"1"_s} << u"price"_s;
    QTest::newRow("secret in URL") << QStringList{u"--base-url"_s, u"http://user:pw@127.0.0.1:9/"_s} << u"credentials"_s;
    QTest::newRow("llm and stdin") << QStringList{u"--stdin"_s} << u"--stdin"_s;
}

void TestJudgeLlmCli::badInputExitsTwo()
{
    QFETCH(QStringList, extra);
    QFETCH(QString, said);
    const int before = m_server->requestCount();
    const Run r = assay(llmArgs(u"panel"_s) << extra);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(said), qPrintable(r.err));
    QCOMPARE(m_server->requestCount(), before);
    // No model, no provider, an unknown session.
    const Run noModel = assay({u"judge"_s, m_log, u"panel"_s, u"--llm"_s, u"--provider"_s, u"anthropic"_s});
    QCOMPARE(noModel.code, 2);
    QVERIFY2(noModel.err.contains(u"--model"_s), qPrintable(noModel.err));
    const Run unknown = assay(llmArgs(u"no-such-session"_s));
    QCOMPARE(unknown.code, 2);
}

QTEST_GUILESS_MAIN(TestJudgeLlmCli)
#include "tst_judge_llm_cli.moc"

// `assay judge` and `assay compare` as the acceptance checks use them, end to end through the
// real executable: a run written into the workspace, a blind session drawn (nothing in what it
// prints tells A from B), verdicts fed on stdin, and the verdict with its figures, each
// expected figure counted by this test from what it sent, not taken from Assay.

#include "ReplayRunFixture.h"
#include "TestSupport.h"

#include "eval/JudgingStore.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QDeadlineTimer>
#include <QFile>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <cmath>

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

} // namespace

class TestJudgeCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void newPrintsBlindReproduciblePairs();
    void verdictsOnStdinDecideTheComparison();
    void requireBetterGatesAndJUnit();
    void everyTargetAgainstTheBaselineIsHolmAdjusted();
    void checksOnBothSidesGateTheChange();
    void badInputExitsTwo_data();
    void badInputExitsTwo();
    void badVerdictLinesAreSkippedAndReported();
    void ackedVerdictsSurviveKill9();
    void twoRunsOverOneDatasetCompare();

private:
    Run assay(const QStringList &args, const QByteArray &stdinData = {});
    QList<QJsonObject> newSession(const QString &name, int size, const QString &b = u"1"_s);

    test::ScopedWorkspaceDir m_wsDir;
    QTemporaryDir m_dir;
    QString m_log;
    QString m_runId;
};

void TestJudgeCli::initTestCase()
{
    QVERIFY(QFile::exists(qEnvironmentVariable("ASSAY_BINARY")));
    m_log = test::TestLog::create(m_dir, test::TestLog::standardColumns(), test::TestLog::standardRows(kCases));
    auto ws = Workspace::open(test::sqliteSource(m_log));
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    // Target 1 answers every case but one (failed); target 2 cannot render case 5.
    QList<test::FixtureCase> cases;
    for (int i = 0; i < kCases; ++i) {
        test::FixtureCase c;
        c.outputKey = QString::number(i + 1);
        test::FixtureOutcome one{i == 2 ? ReplayResultStatus::Failed : ReplayResultStatus::Ok, u"B-output %1"_s.arg(i + 1),
                                 0.002, 300, 25};
        test::FixtureOutcome two{i == 5 ? ReplayResultStatus::RenderError : ReplayResultStatus::Ok,
                                 u"C-output %1"_s.arg(i + 1), 0.004, 500, 40};
        c.outcomes = {one, two};
        cases << c;
    }
    QString error;
    const qint64 id = test::writeReplayRun(**ws, m_log, {test::fixtureTarget(u"summ@v2"_s), test::fixtureTarget(u"summ@v3"_s)},
                                           cases, &error);
    QVERIFY2(id > 0, qPrintable(error));
    m_runId = QString::number(id);
}

Run TestJudgeCli::assay(const QStringList &args, const QByteArray &stdinData)
{
    QProcess p;
    p.start(qEnvironmentVariable("ASSAY_BINARY"), args);
    Run r;
    if (!p.waitForStarted(10000))
        return r;
    p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000))
        return r;
    r.code = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QList<QJsonObject> TestJudgeCli::newSession(const QString &name, int size, const QString &b)
{
    const Run r = assay({u"judge"_s, m_log, u"new"_s, u"--run"_s, m_runId, u"--a"_s, u"baseline"_s, u"--b"_s, b,
                         u"--size"_s, QString::number(size), u"--seed"_s, u"7"_s, u"--name"_s, name, u"--format"_s, u"jsonl"_s});
    if (r.code != 0)
        qWarning("%s", qPrintable(r.describe()));
    QList<QJsonObject> lines;
    for (const QString &line : r.out.split(u'\n', Qt::SkipEmptyParts))
        lines << QJsonDocument::fromJson(line.toUtf8()).object();
    return lines;
}

void TestJudgeCli::newPrintsBlindReproduciblePairs()
{
    const QList<QJsonObject> pairs = newSession(u"blind"_s, 30);
    QCOMPARE(pairs.size(), 30);
    int bOnLeft = 0;
    QSet<QString> ids;
    for (const QJsonObject &o : pairs) {
        QCOMPARE(o.keys(), (QStringList{u"input"_s, u"left"_s, u"pair_id"_s, u"right"_s}));
        ids.insert(o.value(u"pair_id"_s).toString());
        const QString left = o.value(u"left"_s).toString(), right = o.value(u"right"_s).toString();
        QVERIFY(left.startsWith(u"B-output"_s) != right.startsWith(u"B-output"_s)); // one of each
        QVERIFY(left.startsWith(u"output number"_s) || right.startsWith(u"output number"_s));
        bOnLeft += left.startsWith(u"B-output"_s) ? 1 : 0;
    }
    QCOMPARE(ids.size(), 30);
    QCOMPARE(bOnLeft, 15); // balanced positions
    // What judges see later is what `new` printed.
    const Run again = assay({u"judge"_s, m_log, u"blind"_s});
    QVERIFY2(again.code == 0, qPrintable(again.describe()));
    QStringList printed;
    for (const QJsonObject &o : pairs)
        printed << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
    QCOMPARE(again.out.split(u'\n', Qt::SkipEmptyParts), printed);
}

void TestJudgeCli::verdictsOnStdinDecideTheComparison()
{
    const QList<QJsonObject> pairs = newSession(u"meeting"_s, 30);
    QCOMPARE(pairs.size(), 30);
    // The judge prefers B (the "B-output" text) except on every sixth pair, a tie.
    QByteArray lines;
    int wins = 0, ties = 0, leftChosen = 0;
    for (qsizetype i = 0; i < pairs.size(); ++i) {
        const QJsonObject &o = pairs[i];
        const bool bLeft = o.value(u"left"_s).toString().startsWith(u"B-output"_s);
        QString choice = bLeft ? u"left"_s : u"right"_s;
        if (i % 6 == 0) {
            choice = u"tie"_s;
            ++ties;
        } else {
            ++wins;
            leftChosen += bLeft ? 1 : 0;
        }
        lines += (o.value(u"pair_id"_s).toString() + u' ' + choice + u" looked at it\n"_s).toUtf8();
    }
    const Run judged = assay({u"judge"_s, m_log, u"meeting"_s, u"--stdin"_s, u"--judge"_s, u"alice"_s}, lines);
    QVERIFY2(judged.code == 0, qPrintable(judged.describe()));
    QCOMPARE(judged.out.count(u"saved "_s), 30);

    const Run compared = assay({u"compare"_s, m_log, u"meeting"_s, u"--format"_s, u"json"_s});
    QVERIFY2(compared.code == 0, qPrintable(compared.describe()));
    const QJsonObject o = QJsonDocument::fromJson(compared.out.toUtf8()).object();
    QCOMPARE(o.value(u"wins"_s).toInt(), wins);
    QCOMPARE(o.value(u"losses"_s).toInt(), 0);
    QCOMPARE(o.value(u"ties"_s).toInt(), ties);
    QCOMPARE(o.value(u"pairs"_s).toInt(), kCases - 1); // one failed call
    QCOMPARE(o.value(u"excluded"_s).toObject().value(u"failed"_s).toInt(), 1);
    QVERIFY(std::fabs(o.value(u"win_rate"_s).toDouble() - 1.0) < 1e-12);
    QVERIFY(std::fabs(o.value(u"sign_test_p"_s).toDouble() - 2 * std::pow(0.5, wins)) < 1e-15);
    QVERIFY(o.value(u"ci_low"_s).toDouble() > 0.85 && o.value(u"ci_high"_s).toDouble() > 0.999999);
    QCOMPARE(o.value(u"verdict"_s).toString(), u"B is better"_s);
    QCOMPARE(o.value(u"position"_s).toObject().value(u"left_won"_s).toInt(), leftChosen);
    QVERIFY(o.contains(u"checks"_s));
    // Cost: B 0.002 per call against the log's own costs, both known on every pair.
    QCOMPARE(o.value(u"deltas"_s).toObject().value(u"cost_usd"_s).toObject().value(u"pairs"_s).toInt(), kCases - 1);

    const Run table = assay({u"compare"_s, m_log, u"meeting"_s});
    QVERIFY2(table.code == 0 && table.out.contains(u"B is better"_s), qPrintable(table.describe()));
    const Run md = assay({u"compare"_s, m_log, u"meeting"_s, u"--format"_s, u"md"_s});
    QVERIFY(md.out.contains(u"| all | %1 | 0 | %2 |"_s.arg(wins).arg(ties)));
}

void TestJudgeCli::requireBetterGatesAndJUnit()
{
    const QList<QJsonObject> pairs = newSession(u"gate"_s, 20);
    QByteArray preferA;
    for (const QJsonObject &o : pairs) {
        const bool bLeft = o.value(u"left"_s).toString().startsWith(u"B-output"_s);
        preferA += (o.value(u"pair_id"_s).toString() + (bLeft ? u" right\n"_s : u" left\n"_s)).toUtf8();
    }
    QCOMPARE(assay({u"judge"_s, m_log, u"gate"_s, u"--stdin"_s, u"--judge"_s, u"bob"_s}, preferA).code, 0);
    const Run gated = assay({u"compare"_s, m_log, u"gate"_s, u"--judge"_s, u"bob"_s, u"--require-better"_s,
                             u"--format"_s, u"junit"_s});
    QCOMPARE(gated.code, 5);
    QVERIFY2(gated.out.contains(u"<testsuite"_s) && gated.out.contains(u"B is worse"_s), qPrintable(gated.out));
    // bob judged only this session; alice's earlier session over the same sides counts for her.
    const Run alice = assay({u"compare"_s, m_log, u"gate"_s, u"--judge"_s, u"alice"_s, u"--require-better"_s});
    QVERIFY2(alice.code == 0, qPrintable(alice.describe()));
}

void TestJudgeCli::everyTargetAgainstTheBaselineIsHolmAdjusted()
{
    const Run r = assay({u"compare"_s, m_log, m_runId, u"--format"_s, u"json"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(u"adjustment"_s).toString(), u"holm"_s);
    const QJsonArray all = o.value(u"comparisons"_s).toArray();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all[1].toObject().value(u"excluded"_s).toObject().value(u"render_errors"_s).toInt(), 1);
    QCOMPARE(all[1].toObject().value(u"judged"_s).toInt(), 0); // nobody judged target 2
    QCOMPARE(all[1].toObject().value(u"verdict"_s).toString(), u"not distinguishable yet"_s);
    for (const QJsonValue &c : all)
        QCOMPARE(c.toObject().value(u"family"_s).toInt(), 2);
}

void TestJudgeCli::checksOnBothSidesGateTheChange()
{
    // On alice's "meeting" verdicts B is better (bob, who judged "gate", prefers A); a check only the logged outputs pass makes B
    // significantly worse on it, and --require-better then refuses the change.
    const QString file = m_dir.filePath(u"checks.json"_s);
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"([{"type": "contains", "value": "output", "metric": "mentions output"},
                {"type": "starts-with", "value": "output number", "metric": "logged style"}])");
    f.close();
    const Run r = assay({u"compare"_s, m_log, u"meeting"_s, u"--judge"_s, u"alice"_s, u"--checks"_s, file,
                         u"--format"_s, u"json"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QJsonArray checks = o.value(u"checks"_s).toArray();
    QCOMPARE(checks.size(), 2);
    const int pairs = kCases - 1;
    QCOMPARE(checks[0].toObject().value(u"name"_s).toString(), u"mentions output"_s);
    QCOMPARE(checks[0].toObject().value(u"a_passed"_s).toInt(), pairs);
    QCOMPARE(checks[0].toObject().value(u"b_passed"_s).toInt(), pairs);
    QCOMPARE(checks[0].toObject().value(u"mcnemar_p"_s).toDouble(), 1.0);
    QCOMPARE(checks[1].toObject().value(u"a_passed"_s).toInt(), pairs);
    QCOMPARE(checks[1].toObject().value(u"b_passed"_s).toInt(), 0);
    QVERIFY(std::fabs(checks[1].toObject().value(u"mcnemar_p"_s).toDouble() - 2 * std::pow(0.5, pairs)) < 1e-15);
    QCOMPARE(o.value(u"verdict"_s).toString(), u"B is better"_s);
    const Run gated = assay({u"compare"_s, m_log, u"meeting"_s, u"--judge"_s, u"alice"_s, u"--checks"_s, file,
                             u"--require-better"_s});
    QCOMPARE(gated.code, 5);
    QVERIFY2(gated.out.contains(u"significantly worse"_s), qPrintable(gated.out));
    // A checks file that does not parse names the line; nothing is compared.
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("[\n  {\"type\": \"contains\",\n   \"value\": }\n]");
    f.close();
    const Run broken = assay({u"compare"_s, m_log, u"meeting"_s, u"--checks"_s, file});
    QCOMPARE(broken.code, 2);
    QVERIFY2(broken.err.contains(u"line 3"_s), qPrintable(broken.err));
}

void TestJudgeCli::badInputExitsTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("says");
    const QString run = m_runId;
    QTest::newRow("no such side") << QStringList{u"judge"_s, m_log, u"new"_s, u"--run"_s, run, u"--a"_s, u"baseline"_s,
                                                 u"--b"_s, u"9"_s, u"--size"_s, u"5"_s, u"--name"_s, u"x"_s}
                                  << u"no target 9"_s;
    QTest::newRow("no such run") << QStringList{u"judge"_s, m_log, u"new"_s, u"--run"_s, u"999"_s, u"--a"_s, u"baseline"_s,
                                                u"--b"_s, u"1"_s, u"--size"_s, u"5"_s, u"--name"_s, u"x"_s}
                                 << u"999"_s;
    QTest::newRow("same sides") << QStringList{u"judge"_s, m_log, u"new"_s, u"--run"_s, run, u"--a"_s, u"1"_s, u"--b"_s,
                                               u"1"_s, u"--size"_s, u"5"_s, u"--name"_s, u"x"_s}
                                << u"same side"_s;
    QTest::newRow("missing name") << QStringList{u"judge"_s, m_log, u"new"_s, u"--run"_s, run, u"--a"_s, u"baseline"_s,
                                                 u"--b"_s, u"1"_s, u"--size"_s, u"5"_s}
                                  << u"--name"_s;
    QTest::newRow("unknown session") << QStringList{u"compare"_s, m_log, u"nope"_s} << u"nope"_s;
    QTest::newRow("bad alpha") << QStringList{u"compare"_s, m_log, run, u"--alpha"_s, u"2"_s} << u"--alpha"_s;
    QTest::newRow("bad format") << QStringList{u"compare"_s, m_log, run, u"--format"_s, u"xml"_s} << u"--format"_s;
}

void TestJudgeCli::badInputExitsTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, says);
    const Run r = assay(args);
    QVERIFY2(r.code == 2, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(says), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void TestJudgeCli::badVerdictLinesAreSkippedAndReported()
{
    QCOMPARE(newSession(u"typos"_s, 5).size(), 5);
    // A duplicate name is refused: judges may have seen the pairs.
    const Run duplicate = assay({u"judge"_s, m_log, u"new"_s, u"--run"_s, m_runId, u"--a"_s, u"baseline"_s, u"--b"_s, u"1"_s,
                                 u"--size"_s, u"5"_s, u"--name"_s, u"typos"_s});
    QCOMPARE(duplicate.code, 2);
    const Run r = assay({u"judge"_s, m_log, u"typos"_s, u"--stdin"_s, u"--judge"_s, u"carol"_s},
                        "1 left\n2 sideways\n99 left\nthree\n4 tie fine by me\n");
    QCOMPARE(r.code, 1);
    QCOMPARE(r.out, u"saved 1\nsaved 4\n"_s);
    QVERIFY2(r.err.contains(u"line 2"_s) && r.err.contains(u"line 3"_s) && r.err.contains(u"line 4"_s), qPrintable(r.err));
    auto ws = Workspace::open(test::sqliteSource(m_log));
    QVERIFY(ws.ok());
    auto verdicts = JudgingStore(**ws).currentVerdicts(u"typos"_s);
    QVERIFY(verdicts.ok());
    QCOMPARE(verdicts->size(), 2);
    QCOMPARE(verdicts->at(1).note, u"fine by me"_s);
}

void TestJudgeCli::ackedVerdictsSurviveKill9()
{
    const QList<QJsonObject> pairs = newSession(u"crash"_s, kCases);
    QVERIFY(pairs.size() > 30);
    QProcess p;
    p.start(qEnvironmentVariable("ASSAY_BINARY"), {u"judge"_s, m_log, u"crash"_s, u"--stdin"_s, u"--judge"_s, u"dave"_s});
    QVERIFY(p.waitForStarted(10000));
    QByteArray lines;
    for (const QJsonObject &o : pairs)
        lines += (o.value(u"pair_id"_s).toString() + u" right\n"_s).toUtf8();
    p.write(lines);
    QStringList acked;
    QDeadlineTimer deadline(30000);
    QByteArray buffer;
    while (acked.size() < 10 && !deadline.hasExpired()) {
        p.waitForReadyRead(100);
        buffer += p.readAllStandardOutput();
        while (buffer.contains('\n')) {
            const qsizetype nl = buffer.indexOf('\n');
            acked << QString::fromUtf8(buffer.left(nl)).section(u' ', 1);
            buffer.remove(0, nl + 1);
        }
    }
    p.kill(); // SIGKILL
    p.waitForFinished(5000);
    QVERIFY(acked.size() >= 10);
    auto ws = Workspace::open(test::sqliteSource(m_log));
    QVERIFY(ws.ok());
    auto verdicts = JudgingStore(**ws).currentVerdicts(u"crash"_s);
    QVERIFY(verdicts.ok());
    QSet<QString> stored;
    for (const PairVerdict &v : *verdicts) {
        QCOMPARE(v.choice, PairChoice::Right);
        stored.insert(QString::number(v.pairNo));
    }
    for (const QString &id : acked)
        QVERIFY2(stored.contains(id), qPrintable(id));
}


// Two runs over one saved dataset: run X's target against run Y's, paired through the logged
// output each case replays. X fails case 3; Y fails case 10 and has not reached cases 37..40.
void TestJudgeCli::twoRunsOverOneDatasetCompare()
{
    auto ws = Workspace::open(test::sqliteSource(m_log));
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    QList<test::FixtureCase> xCases, yCases;
    for (int k = 1; k <= kCases; ++k) {
        xCases << test::FixtureCase{QString::number(k), {{k == 3 ? ReplayResultStatus::Failed : ReplayResultStatus::Ok,
                                                          u"X-output %1"_s.arg(k), 0.001, 200, 20}}};
        const ReplayResultStatus y = k == 10 ? ReplayResultStatus::Failed
                                     : k > 36 ? ReplayResultStatus::Pending : ReplayResultStatus::Ok;
        yCases << test::FixtureCase{QString::number(k), {{y, u"Y-output %1"_s.arg(k), 0.003, 400, 30}}};
    }
    // Y lists its cases in another order: pairing goes by output, not by position.
    std::reverse(yCases.begin(), yCases.end());
    QString error;
    const qint64 x = test::writeReplayRun(**ws, m_log, {test::fixtureTarget(u"summ@v5"_s)}, xCases, &error, u"frozen-40"_s);
    QVERIFY2(x > 0, qPrintable(error));
    const qint64 y = test::writeReplayRun(**ws, m_log, {test::fixtureTarget(u"summ@v6"_s)}, yCases, &error, u"frozen-40"_s);
    QVERIFY2(y > 0, qPrintable(error));
    const QString ySide = u"%1:1"_s.arg(y);

    const Run drawn = assay({u"judge"_s, m_log, u"new"_s, u"--run"_s, QString::number(x), u"--a"_s, u"1"_s, u"--b"_s, ySide,
                             u"--size"_s, u"100"_s, u"--name"_s, u"across-runs"_s});
    QVERIFY2(drawn.code == 0, qPrintable(drawn.describe()));
    const QStringList lines = drawn.out.split(u'\n', Qt::SkipEmptyParts);
    const int expectedPairs = kCases - 1 - 1 - 4; // X failed 3, Y failed 10, Y pending 37..40
    QCOMPARE(lines.size(), expectedPairs);
    // The judge prefers Y's output, except where the case number is a multiple of 5 (X's then).
    QByteArray verdicts;
    int wins = 0, losses = 0;
    for (const QString &line : lines) {
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
        const QString left = o.value(u"left"_s).toString();
        const QString right = o.value(u"right"_s).toString();
        QVERIFY2(left.startsWith(u"X-output"_s) != right.startsWith(u"X-output"_s), qPrintable(line));
        const QString yText = left.startsWith(u"Y-output"_s) ? left : right;
        const int k = yText.section(u' ', 1).toInt();
        QCOMPARE(QString(left.startsWith(u"X"_s) ? left : right), u"X-output %1"_s.arg(k)); // the same case on both sides
        const bool preferY = k % 5 != 0;
        (preferY ? wins : losses) += 1;
        const bool yLeft = left == yText;
        verdicts += (o.value(u"pair_id"_s).toString() + (preferY == yLeft ? u" left\n"_s : u" right\n"_s)).toUtf8();
    }
    QCOMPARE(assay({u"judge"_s, m_log, u"across-runs"_s, u"--stdin"_s, u"--judge"_s, u"dana"_s}, verdicts).code, 0);

    const Run compared = assay({u"compare"_s, m_log, u"across-runs"_s, u"--format"_s, u"json"_s});
    QVERIFY2(compared.code == 0, qPrintable(compared.describe()));
    const QJsonObject o = QJsonDocument::fromJson(compared.out.toUtf8()).object();
    QCOMPARE(o.value(u"pairs"_s).toInt(), expectedPairs);
    QCOMPARE(o.value(u"wins"_s).toInt(), wins);
    QCOMPARE(o.value(u"losses"_s).toInt(), losses);
    QCOMPARE(o.value(u"excluded"_s).toObject().value(u"failed"_s).toInt(), 2);
    QCOMPARE(o.value(u"excluded"_s).toObject().value(u"pending"_s).toInt(), 4);
    // The same comparison named by run and sides, without the session.
    const Run direct = assay({u"compare"_s, m_log, QString::number(x), u"--a"_s, u"1"_s, u"--b"_s, ySide, u"--format"_s, u"json"_s});
    QVERIFY2(direct.code == 0, qPrintable(direct.describe()));
    QCOMPARE(QJsonDocument::fromJson(direct.out.toUtf8()).object().value(u"wins"_s).toInt(), wins);
    const QString described = QJsonDocument::fromJson(direct.out.toUtf8()).object().value(u"b"_s).toString();
    QCOMPARE(described, u"run %1: summ@v6 anthropic/claude-haiku-4-5"_s.arg(y));

    // A run over a filter is not over the dataset: refused with the reason.
    const Run filterRun = assay({u"compare"_s, m_log, QString::number(x), u"--a"_s, u"1"_s, u"--b"_s, m_runId + u":1"_s});
    QCOMPARE(filterRun.code, 2);
    QVERIFY2(filterRun.err.contains(u"one saved dataset"_s), qPrintable(filterRun.err));
    const Run noRun = assay({u"compare"_s, m_log, QString::number(x), u"--a"_s, u"1"_s, u"--b"_s, u"999:1"_s});
    QCOMPARE(noRun.code, 2);
    QVERIFY2(noRun.err.contains(u"999"_s), qPrintable(noRun.err));
}

QTEST_GUILESS_MAIN(TestJudgeCli)
#include "tst_judge_cli.moc"

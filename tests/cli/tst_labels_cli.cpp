// `assay label`, `labels export`, `review new|summary|list` and `agreement`, run as the real
// executable (ASSAY_BINARY) on a 3000-row demo log ending 2026-11-20: exit codes, formats,
// reproducible sessions, and that each process sees what the previous one saved.

#include "demo/DemoLogGenerator.h"

#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

struct Run {
    int code = -1;
    QByteArray out;
    QByteArray err;
    QString describe() const { return u"exit %1; stderr: %2; stdout: %3"_s.arg(code).arg(QString::fromUtf8(err), QString::fromUtf8(out.left(1500))); }
    QList<QJsonObject> jsonLines() const
    {
        QList<QJsonObject> lines;
        for (const QByteArray &line : out.split('\n')) {
            if (!line.trimmed().isEmpty())
                lines << QJsonDocument::fromJson(line).object();
        }
        return lines;
    }
};

} // namespace

class TestLabelsCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void labelAndExport();
    void unknownIdNeedsForce();
    void badArguments_data();
    void badArguments();
    void csvExport();
    void reviewSessions();
    void agreementBetweenReviewers();
    void outputsFilteredByReviewerLabels();
    void sessionCommands();
    void badSessionCommands_data();
    void badSessionCommands();
    void outputThatLeftTheLogIsKeptAndFlagged();

private:
    Run assay(const QStringList &args);
    QStringList idsInWeek(int n);
    QTemporaryDir m_dir;
    QString m_binary;
    QString m_log;
};

Run TestLabelsCli::assay(const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"ASSAY_WORKSPACE_DIR"_s, m_dir.filePath(u"workspaces"_s));
    env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"xdg-data"_s));
    env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"xdg-config"_s));
    env.insert(u"USER"_s, u"tester"_s);
    p.setProcessEnvironment(env);
    p.start(m_binary, args);
    Run run;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return run;
    }
    run.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

// The end user's feedback of an output, read straight from the log.
static QString feedbackOf(const QString &log, const QString &id)
{
    QString feedback;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"feedback"_s);
        db.setDatabaseName(log);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            QSqlQuery q(db);
            q.prepare(u"SELECT feedback FROM ai_outputs WHERE id = ?"_s);
            q.addBindValue(id.toLongLong());
            if (q.exec() && q.next())
                feedback = q.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(u"feedback"_s);
    return feedback;
}

QStringList TestLabelsCli::idsInWeek(int n)
{
    QStringList ids;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"direct"_s);
        db.setDatabaseName(m_log);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(u"SELECT id FROM ai_outputs WHERE created_at >= '2026-11-09' ORDER BY id LIMIT %1"_s.arg(n));
            while (q.next())
                ids << q.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(u"direct"_s);
    return ids;
}

void TestLabelsCli::initTestCase()
{
    m_binary = qEnvironmentVariable("ASSAY_BINARY");
    QVERIFY2(QFile::exists(m_binary), "ASSAY_BINARY must name the built assay executable");
    m_log = m_dir.filePath(u"demo.sqlite"_s);
    const QString error = assay::test::writeDemoLogFixture(m_log, 3000);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestLabelsCli::labelAndExport()
{
    const QString id = idsInWeek(1).value(0);
    QVERIFY(!id.isEmpty());
    Run r = assay({u"label"_s, m_log, id, u"positive"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QFile corrected(m_dir.filePath(u"fixed.txt"_s));
    QVERIFY(corrected.open(QIODevice::WriteOnly));
    corrected.write("the corrected answer");
    corrected.close();
    r = assay({u"label"_s, m_log, id, u"edited"_s, u"--note"_s, u"too chatty"_s, u"--tag"_s, u"tone"_s, u"--tag"_s,
               u"length"_s, u"--corrected-file"_s, corrected.fileName()});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));

    r = assay({u"labels"_s, m_log, u"export"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const auto lines = r.jsonLines();
    QCOMPARE(lines.size(), 1); // the current label only
    const QJsonObject o = lines.first();
    QCOMPARE(o.value(u"id"_s).toString(), id);
    QCOMPARE(o.value(u"reviewer"_s).toString(), u"tester"_s);
    QCOMPARE(o.value(u"label"_s).toString(), u"edited"_s);
    QCOMPARE(o.value(u"note"_s).toString(), u"too chatty"_s);
    QCOMPARE(o.value(u"tags"_s).toArray().size(), 2);
    QCOMPARE(o.value(u"corrected_output"_s).toString(), u"the corrected answer"_s);
    QVERIFY(o.value(u"in_log"_s).toBool());
    QVERIFY(o.value(u"labelled_at"_s).toString().endsWith(u'Z'));

    r = assay({u"labels"_s, m_log, u"export"_s, u"--since"_s, u"2099-01-01"_s});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.trimmed().isEmpty());
    r = assay({u"labels"_s, m_log, u"export"_s, u"--reviewer"_s, u"nobody"_s});
    QVERIFY(r.out.trimmed().isEmpty());

    r = assay({u"label"_s, m_log, id, u"clear"_s});
    QCOMPARE(r.code, 0);
    r = assay({u"labels"_s, m_log, u"export"_s});
    QVERIFY2(r.out.trimmed().isEmpty(), qPrintable(r.describe()));
}

void TestLabelsCli::unknownIdNeedsForce()
{
    Run r = assay({u"label"_s, m_log, u"99999999"_s, u"negative"_s});
    QCOMPARE(r.code, 2);
    QVERIFY(QString::fromUtf8(r.err).contains(u"--force"_s));
    r = assay({u"label"_s, m_log, u"99999999"_s, u"negative"_s, u"--force"_s, u"--reviewer"_s, u"ghost"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    r = assay({u"labels"_s, m_log, u"export"_s, u"--reviewer"_s, u"ghost"_s});
    const auto lines = r.jsonLines();
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().value(u"in_log"_s).toBool(true), false); // kept, and flagged
}

void TestLabelsCli::badArguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("label without value") << QStringList{u"label"_s, u"LOG"_s, u"1"_s};
    QTest::newRow("label unknown value") << QStringList{u"label"_s, u"LOG"_s, u"1"_s, u"great"_s};
    QTest::newRow("corrected with positive") << QStringList{u"label"_s, u"LOG"_s, u"1"_s, u"positive"_s, u"--corrected-file"_s, u"x"_s};
    QTest::newRow("missing source") << QStringList{u"label"_s, u"/nonexistent/log.sqlite"_s, u"1"_s, u"positive"_s};
    QTest::newRow("labels bad action") << QStringList{u"labels"_s, u"LOG"_s, u"import"_s};
    QTest::newRow("labels bad format") << QStringList{u"labels"_s, u"LOG"_s, u"export"_s, u"--format"_s, u"xml"_s};
    QTest::newRow("labels bad since") << QStringList{u"labels"_s, u"LOG"_s, u"export"_s, u"--since"_s, u"soon"_s};
    QTest::newRow("review without size") << QStringList{u"review"_s, u"LOG"_s, u"new"_s};
    QTest::newRow("review bad strata") << QStringList{u"review"_s, u"LOG"_s, u"new"_s, u"--size"_s, u"5"_s, u"--per-feature"_s, u"random"_s};
    QTest::newRow("review summary unknown") << QStringList{u"review"_s, u"LOG"_s, u"summary"_s, u"nope"_s};
    QTest::newRow("outputs bad label") << QStringList{u"outputs"_s, u"LOG"_s, u"--label"_s, u"great"_s};
    QTest::newRow("outputs reviewed and unreviewed") << QStringList{u"outputs"_s, u"LOG"_s, u"--reviewed"_s, u"--unreviewed"_s};
    QTest::newRow("agreement bad format") << QStringList{u"agreement"_s, u"LOG"_s, u"--format"_s, u"xml"_s};
}

void TestLabelsCli::badArguments()
{
    QFETCH(QStringList, args);
    args.replaceInStrings(u"LOG"_s, m_log);
    const Run r = assay(args);
    QVERIFY2(r.code == 2, qPrintable(r.describe()));
    QVERIFY(r.err.startsWith("assay: "));
}

void TestLabelsCli::csvExport()
{
    const QString id = idsInWeek(3).value(2);
    QCOMPARE(assay({u"label"_s, m_log, id, u"negative"_s, u"--note"_s, u"wrong, and \"rude\""_s, u"--reviewer"_s, u"csv"_s}).code, 0);
    const Run r = assay({u"labels"_s, m_log, u"export"_s, u"--format"_s, u"csv"_s, u"--reviewer"_s, u"csv"_s});
    QCOMPARE(r.code, 0);
    const QStringList lines = QString::fromUtf8(r.out).split(u"\r\n"_s, Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), u"id,reviewer,label,note,tags,labelled_at,feature,in_log"_s);
    QVERIFY2(lines.at(1).startsWith(id + u",csv,negative,\"wrong, and \"\"rude\"\"\","_s), qPrintable(lines.at(1)));
    QVERIFY(lines.at(1).endsWith(u",true"_s));
}

void TestLabelsCli::reviewSessions()
{
    const QStringList range{u"--since"_s, u"2026-11-09"_s, u"--until"_s, u"2026-11-16"_s, u"--size"_s, u"20"_s,
                            u"--seed"_s, u"7"_s};
    Run a = assay(QStringList{u"review"_s, m_log, u"new"_s, u"--name"_s, u"w1"_s, u"--include-reviewed"_s} + range);
    QVERIFY2(a.code == 0, qPrintable(a.describe()));
    const auto first = a.jsonLines();
    QCOMPARE(first.size(), 20);
    for (const QJsonObject &o : first) {
        QVERIFY(!o.value(u"id"_s).toString().isEmpty());
        QVERIFY(!o.value(u"feature"_s).toString().isEmpty());
    }
    Run b = assay(QStringList{u"review"_s, m_log, u"new"_s, u"--name"_s, u"w2"_s, u"--include-reviewed"_s} + range);
    QCOMPARE(b.code, 0);
    QList<QString> ids1, ids2;
    for (const auto &o : first)
        ids1 << o.value(u"id"_s).toString();
    for (const auto &o : b.jsonLines())
        ids2 << o.value(u"id"_s).toString();
    QCOMPARE(ids2, ids1); // same source, range, size and seed
    QCOMPARE(assay(QStringList{u"review"_s, m_log, u"new"_s, u"--name"_s, u"w1"_s} + range).code, 2); // name taken

    // Label two items, one negative with a note; the summary counts them.
    QCOMPARE(assay({u"label"_s, m_log, ids1.at(0), u"positive"_s}).code, 0);
    QCOMPARE(assay({u"label"_s, m_log, ids1.at(1), u"negative"_s, u"--note"_s, u"invented a refund policy"_s}).code, 0);
    Run md = assay({u"review"_s, m_log, u"summary"_s, u"w1"_s});
    QVERIFY2(md.code == 0, qPrintable(md.describe()));
    QVERIFY(md.out.contains("# Review session w1"));
    QVERIFY(md.out.contains("invented a refund policy"));
    Run json = assay({u"review"_s, m_log, u"summary"_s, u"w1"_s, u"--format"_s, u"json"_s});
    QCOMPARE(json.code, 0);
    const QJsonObject summary = QJsonDocument::fromJson(json.out).object();
    int labels = 0, items = 0;
    for (const QJsonValue &f : summary.value(u"features"_s).toArray()) {
        labels += f.toObject().value(u"labels"_s).toInt();
        items += f.toObject().value(u"items"_s).toInt();
    }
    QCOMPARE(items, 20);
    QCOMPARE(labels, 2);
    QCOMPARE(summary.value(u"negatives"_s).toArray().size(), 1);

    // Without --include-reviewed the two labelled outputs are not drawn again.
    Run c = assay(QStringList{u"review"_s, m_log, u"new"_s, u"--name"_s, u"w3"_s, u"--format"_s, u"jsonl"_s} + range);
    QCOMPARE(c.code, 0);
    QCOMPARE(c.jsonLines().size(), 20);
    for (const auto &o : c.jsonLines()) {
        QVERIFY(o.value(u"id"_s).toString() != ids1.at(0));
        QVERIFY(o.value(u"id"_s).toString() != ids1.at(1));
    }
    Run table = assay(QStringList{u"review"_s, m_log, u"new"_s, u"--name"_s, u"w4"_s, u"--format"_s, u"table"_s} + range);
    QCOMPARE(table.code, 0);
    QVERIFY(table.out.startsWith("session w4: 20 outputs"));
    Run list = assay({u"review"_s, m_log, u"list"_s});
    QCOMPARE(list.code, 0);
    QVERIFY(list.out.contains("w1\n") && list.out.contains("w4\n"));
}

void TestLabelsCli::agreementBetweenReviewers()
{
    const QStringList ids = idsInWeek(12).mid(4);
    for (int i = 0; i < ids.size(); ++i) {
        QCOMPARE(assay({u"label"_s, m_log, ids.at(i), i % 2 ? u"positive"_s : u"negative"_s, u"--reviewer"_s, u"ann"_s}).code, 0);
        const QString bob = i == 0 ? u"positive"_s : (i % 2 ? u"positive"_s : u"negative"_s);
        QCOMPARE(assay({u"label"_s, m_log, ids.at(i), bob, u"--reviewer"_s, u"bob"_s}).code, 0);
    }
    Run r = assay({u"agreement"_s, m_log, u"--format"_s, u"json"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QJsonArray features = QJsonDocument::fromJson(r.out).object().value(u"features"_s).toArray();
    QVERIFY(!features.isEmpty());
    int disagreements = 0;
    QStringList disagreeing;
    for (const QJsonValue &f : features) {
        for (const QJsonValue &d : f.toObject().value(u"disagreements"_s).toArray()) {
            ++disagreements;
            disagreeing << d.toObject().value(u"id"_s).toString();
        }
    }
    QCOMPARE(disagreements, 1);
    QCOMPARE(disagreeing.first(), ids.first());
    Run table = assay({u"agreement"_s, m_log});
    QCOMPARE(table.code, 0);
    QVERIFY(table.out.contains("kappa"));
}

void TestLabelsCli::outputsFilteredByReviewerLabels()
{
    // Three outputs the reviewer "filt" labels: the ids of each filter are checked exactly.
    const QStringList ids = idsInWeek(40).mid(30, 3);
    QCOMPARE(ids.size(), 3);
    QCOMPARE(assay({u"label"_s, m_log, ids.at(0), u"negative"_s, u"--reviewer"_s, u"filt"_s, u"--note"_s, u"wrong"_s,
                    u"--tag"_s, u"facts"_s}).code, 0);
    QCOMPARE(assay({u"label"_s, m_log, ids.at(1), u"positive"_s, u"--reviewer"_s, u"filt"_s}).code, 0);
    QCOMPARE(assay({u"label"_s, m_log, ids.at(2), u"edited"_s, u"--reviewer"_s, u"filt"_s, u"--tag"_s, u"facts"_s}).code, 0);
    const auto idsOf = [&](const QStringList &filters) {
        const Run r = assay(QStringList{u"outputs"_s, m_log, u"--format"_s, u"jsonl"_s} + filters);
        QStringList out;
        if (r.code != 0) {
            qWarning("%s", qPrintable(r.describe()));
            return QStringList{u"failed"_s};
        }
        for (const QJsonObject &o : r.jsonLines())
            out << QString::number(o.value(u"id"_s).toInteger());
        out.sort();
        return out;
    };
    QStringList all = ids;
    all.sort();
    QCOMPARE(idsOf({u"--reviewer"_s, u"filt"_s}), all);
    QCOMPARE(idsOf({u"--reviewer"_s, u"filt"_s, u"--label"_s, u"negative"_s}), QStringList{ids.at(0)});
    QCOMPARE(idsOf({u"--reviewer"_s, u"filt"_s, u"--has-note"_s}), QStringList{ids.at(0)});
    QStringList tagged{ids.at(0), ids.at(2)};
    tagged.sort();
    QCOMPARE(idsOf({u"--tag"_s, u"facts"_s}), tagged);
    QCOMPARE(idsOf({u"--reviewer"_s, u"filt"_s, u"--label"_s, u"positive"_s, u"--label"_s, u"edited"_s, u"--tag"_s, u"facts"_s}),
             QStringList{ids.at(2)});
    QCOMPARE(idsOf({u"--reviewer"_s, u"filt"_s, u"--unreviewed"_s, u"--limit"_s, u"0"_s}), QStringList{});

    // Disagreement: the ids whose end-user feedback is set and differs from filt's label.
    QStringList disagreeing;
    const QStringList labels{u"negative"_s, u"positive"_s, u"edited"_s};
    for (int i = 0; i < 3; ++i) {
        const QString fb = feedbackOf(m_log, ids.at(i));
        if (!fb.isEmpty() && fb != labels.at(i))
            disagreeing << ids.at(i);
    }
    disagreeing.sort();
    QCOMPARE(idsOf({u"--reviewer"_s, u"filt"_s, u"--disagrees"_s}), disagreeing);

    // Not reviewed by filt, in the week: every other output of the week, counted via csv.
    const Run week = assay({u"outputs"_s, m_log, u"--since"_s, u"2026-11-09"_s, u"--until"_s, u"2026-11-16"_s,
                            u"--format"_s, u"csv"_s});
    const Run unreviewed = assay({u"outputs"_s, m_log, u"--since"_s, u"2026-11-09"_s, u"--until"_s, u"2026-11-16"_s,
                                  u"--unreviewed"_s, u"--reviewer"_s, u"filt"_s, u"--format"_s, u"csv"_s});
    QVERIFY2(unreviewed.code == 0, qPrintable(unreviewed.describe()));
    QCOMPARE(unreviewed.out.count("\r\n"), week.out.count("\r\n") - 3);

    // A workspace that cannot be opened: a clear failure, not an empty list.
    const Run broken = assay({u"outputs"_s, m_log, u"--label"_s, u"negative"_s, u"--workspace"_s,
                              m_log + u"/ws.sqlite"_s}); // under a file: cannot exist
    QCOMPARE(broken.code, 1);
    QVERIFY2(broken.err.contains("workspace"), qPrintable(broken.describe()));
}

void TestLabelsCli::sessionCommands()
{
    const QStringList range{u"--since"_s, u"2026-11-09"_s, u"--until"_s, u"2026-11-16"_s, u"--seed"_s, u"3"_s};
    Run r = assay(QStringList{u"review"_s, m_log, u"new"_s, u"--size"_s, u"6"_s, u"--name"_s, u"meet"_s} + range);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const auto items = r.jsonLines();
    QCOMPARE(items.size(), 6);
    const QString first = items.at(0).value(u"id"_s).toString();

    r = assay({u"review"_s, m_log, u"note"_s, u"meet"_s, u"2"_s, u"the tone is off"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    r = assay({u"review"_s, m_log, u"decide"_s, u"meet"_s, u"tighten the prompt"_s, u"--reviewer"_s, u"chair"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QCOMPARE(assay({u"label"_s, m_log, first, u"negative"_s, u"--reviewer"_s, u"meetbob"_s}).code, 0);

    r = assay({u"review"_s, m_log, u"show"_s, u"meet"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const auto shown = r.jsonLines();
    QCOMPARE(shown.size(), 6);
    for (int i = 0; i < 6; ++i) {
        QCOMPARE(shown.at(i).value(u"position"_s).toInt(), i + 1);
        QCOMPARE(shown.at(i).value(u"id"_s).toString(), items.at(i).value(u"id"_s).toString());
        QVERIFY(shown.at(i).value(u"in_log"_s).toBool());
    }
    QCOMPARE(shown.at(1).value(u"note"_s).toString(), u"the tone is off"_s);
    QVERIFY(shown.at(0).value(u"note"_s).isNull());
    QCOMPARE(shown.at(0).value(u"labels"_s).toObject().value(u"meetbob"_s).toString(), u"negative"_s);

    r = assay({u"review"_s, m_log, u"show"_s, u"meet"_s, u"--format"_s, u"table"_s});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.startsWith("session meet (open): 1 / 6 labelled\n"), r.out.constData());
    QVERIFY(r.out.contains("meetbob=negative"));
    QVERIFY(r.out.contains("note: the tone is off"));
    QVERIFY(r.out.contains("decision (chair, "));

    // Closed: readable, but notes and decisions wait until it is reopened.
    QCOMPARE(assay({u"review"_s, m_log, u"close"_s, u"meet"_s}).code, 0);
    QVERIFY(assay({u"review"_s, m_log, u"show"_s, u"meet"_s, u"--format"_s, u"table"_s}).out.startsWith("session meet (closed)"));
    r = assay({u"review"_s, m_log, u"note"_s, u"meet"_s, u"1"_s, u"late"_s});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("reopen"));
    QCOMPARE(assay({u"review"_s, m_log, u"decide"_s, u"meet"_s, u"late"_s}).code, 2);
    QCOMPARE(assay({u"review"_s, m_log, u"reopen"_s, u"meet"_s}).code, 0);
    QCOMPARE(assay({u"review"_s, m_log, u"note"_s, u"meet"_s, u"1"_s, u"resumed"_s}).code, 0);
    const QJsonObject summary = QJsonDocument::fromJson(
        assay({u"review"_s, m_log, u"summary"_s, u"meet"_s, u"--format"_s, u"json"_s}).out).object();
    QCOMPARE(summary.value(u"status"_s).toString(), u"open"_s);
    QCOMPARE(summary.value(u"decisions"_s).toArray().size(), 1);
    QCOMPARE(summary.value(u"negatives"_s).toArray().at(0).toObject().value(u"item_note"_s).toString(), u"resumed"_s);
}

void TestLabelsCli::badSessionCommands_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("show unknown") << QStringList{u"review"_s, u"LOG"_s, u"show"_s, u"nope"_s};
    QTest::newRow("close unknown") << QStringList{u"review"_s, u"LOG"_s, u"close"_s, u"nope"_s};
    QTest::newRow("note position 0") << QStringList{u"review"_s, u"LOG"_s, u"note"_s, u"meet"_s, u"0"_s, u"x"_s};
    QTest::newRow("note position past the end") << QStringList{u"review"_s, u"LOG"_s, u"note"_s, u"meet"_s, u"7"_s, u"x"_s};
    QTest::newRow("note position not a number") << QStringList{u"review"_s, u"LOG"_s, u"note"_s, u"meet"_s, u"two"_s, u"x"_s};
    QTest::newRow("note without text") << QStringList{u"review"_s, u"LOG"_s, u"note"_s, u"meet"_s, u"1"_s};
    QTest::newRow("decide empty") << QStringList{u"review"_s, u"LOG"_s, u"decide"_s, u"meet"_s, u" "_s};
    QTest::newRow("show bad format") << QStringList{u"review"_s, u"LOG"_s, u"show"_s, u"meet"_s, u"--format"_s, u"md"_s};
    QTest::newRow("unknown action") << QStringList{u"review"_s, u"LOG"_s, u"delete"_s, u"meet"_s};
    QTest::newRow("stdin with an id") << QStringList{u"label"_s, u"LOG"_s, u"1"_s, u"--stdin"_s};
    QTest::newRow("stdin with --note") << QStringList{u"label"_s, u"LOG"_s, u"--stdin"_s, u"--note"_s, u"x"_s};
}

void TestLabelsCli::badSessionCommands()
{
    QFETCH(QStringList, args);
    args.replaceInStrings(u"LOG"_s, m_log);
    const Run r = assay(args);
    QVERIFY2(r.code == 2, qPrintable(r.describe()));
    QVERIFY(r.err.startsWith("assay: "));
}

void TestLabelsCli::outputThatLeftTheLogIsKeptAndFlagged()
{
    const QStringList range{u"--since"_s, u"2026-11-09"_s, u"--until"_s, u"2026-11-16"_s, u"--seed"_s, u"99"_s};
    Run r = assay(QStringList{u"review"_s, m_log, u"new"_s, u"--size"_s, u"4"_s, u"--name"_s, u"gone"_s} + range);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QString id = r.jsonLines().value(0).value(u"id"_s).toString();
    QVERIFY(!id.isEmpty());
    QCOMPARE(assay({u"label"_s, m_log, id, u"negative"_s, u"--reviewer"_s, u"goner"_s, u"--note"_s, u"wrong"_s}).code, 0);

    // The product's retention job deletes the row (the test writes the log; Assay never does).
    {
        assay::test::WritableDb db(m_log);
        QVERIFY(db.isOpen());
        QVERIFY2(db.exec(u"DELETE FROM ai_outputs WHERE id = ?"_s, {id.toLongLong()}), qPrintable(db.lastError()));
    }

    r = assay({u"labels"_s, m_log, u"export"_s, u"--reviewer"_s, u"goner"_s});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.jsonLines().size(), 1);
    QCOMPARE(r.jsonLines().first().value(u"id"_s).toString(), id);
    QCOMPARE(r.jsonLines().first().value(u"in_log"_s).toBool(true), false);

    const QJsonObject summary = QJsonDocument::fromJson(
        assay({u"review"_s, m_log, u"summary"_s, u"gone"_s, u"--format"_s, u"json"_s}).out).object();
    QCOMPARE(summary.value(u"not_in_log"_s).toArray(), QJsonArray{id});
    const QJsonObject negative = summary.value(u"negatives"_s).toArray().at(0).toObject();
    QCOMPARE(negative.value(u"id"_s).toString(), id);
    QCOMPARE(negative.value(u"in_log"_s).toBool(true), false);
    int labels = 0;
    for (const QJsonValue &f : summary.value(u"features"_s).toArray())
        labels += f.toObject().value(u"labels"_s).toInt();
    QCOMPARE(labels, 1); // kept and counted

    const Run md = assay({u"review"_s, m_log, u"summary"_s, u"gone"_s});
    QVERIFY(md.out.contains("## No longer in the log"));
    QVERIFY(md.out.contains(", no longer in the log)"));
    r = assay({u"review"_s, m_log, u"show"_s, u"gone"_s, u"--format"_s, u"table"_s});
    QVERIFY(r.out.contains("[no longer in the log]"));
}

QTEST_GUILESS_MAIN(TestLabelsCli)
#include "tst_labels_cli.moc"

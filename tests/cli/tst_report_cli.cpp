// `assay report` as a user runs it: Markdown, HTML and PDF files written from a demo log, charts
// embedded as images, a reviewer's note carried through, the exit codes of bad arguments and
// of files that cannot be written (with nothing left half-written), and a run with no display.
// Also the entry point the GUI calls (writeWeeklyReportInBackground), in process.
#include "analytics/BudgetCheck.h"
#include "browse/LogSession.h"
#include "pricing/UserPrices.h"
#include "replay/ReplayPlan.h"
#include "replay/ReplayRunStore.h"
#include "report/ReportFormat.h"
#include "report/WeeklyReportJob.h"
#include "util/CalendarWeek.h"
#include "util/Money.h"

#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
    // The command's own last word on stderr. (Qt may warn before it, e.g. about a missing
    // XDG_RUNTIME_DIR when a QApplication starts as root.)
    QString lastErrorLine() const { return err.trimmed().section(u'\n', -1); }
};

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestReportCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void markdownHasTheWeeksFigures();
    void markdownToStdout();
    void htmlEmbedsItsCharts();
    void pdfEmbedsItsCharts();
    void runsWithoutADisplay();
    void badArgumentsExitTwo_data();
    void badArgumentsExitTwo();
    void unwritableOutputExitsOne();
    void guiWritesInTheBackground();
    void budgetAndReplaySections(); // last: it sets budgets in the shared workspace

private:
    Run run(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    QString out(const QString &name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    assay::test::ScopedWorkspaceDir m_workspace; // the child processes inherit ASSAY_WORKSPACE_DIR
    QString m_log;
    qint64 m_weekCalls = 0;
    qint64 m_previousCalls = 0;
    QString m_labelledId;
};

// The fixture's log ends on Friday 20 Nov 2026; 2026-W46 (9-15 Nov) is a full week, in UTC here.
void TestReportCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_log = m_dir.filePath(u"demo.sqlite"_s);
    const QString error = assay::test::writeDemoLogFixture(m_log, 4000, 7);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"report-check"_s);
        db.setDatabaseName(m_log);
        QVERIFY(db.open());
        QSqlQuery q(db);
        const QString count = u"SELECT count(*) FROM ai_outputs WHERE created_at >= '%1' AND created_at < '%2'"_s;
        QVERIFY(q.exec(count.arg(u"2026-11-09T00:00:00Z"_s, u"2026-11-16T00:00:00Z"_s)) && q.next());
        m_weekCalls = q.value(0).toLongLong();
        QVERIFY(q.exec(count.arg(u"2026-11-02T00:00:00Z"_s, u"2026-11-09T00:00:00Z"_s)) && q.next());
        m_previousCalls = q.value(0).toLongLong();
        QVERIFY(q.exec(u"SELECT id FROM ai_outputs WHERE created_at >= '2026-11-10' AND created_at < '2026-11-11' "
                       "ORDER BY id LIMIT 1"_s)
                && q.next());
        m_labelledId = q.value(0).toString();
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"report-check"_s);
    QVERIFY(m_weekCalls > 100 && m_previousCalls > 100);
    const Run label = run({u"label"_s, m_log, m_labelledId, u"negative"_s, u"--note"_s, u"cites the wrong plan"_s,
                           u"--reviewer"_s, u"alice"_s});
    QVERIFY2(label.code == 0, qPrintable(label.err));
    const Run markup = run({u"label"_s, m_log, QString::number(m_labelledId.toLongLong() + 1), u"negative"_s, u"--note"_s,
                            u"<b>bold</b> & more"_s, u"--reviewer"_s, u"bob"_s});
    QVERIFY2(markup.code == 0, qPrintable(markup.err));
}

Run TestReportCli::run(const QStringList &args, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(qEnvironmentVariable("ASSAY_BINARY"), args);
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

void TestReportCli::markdownHasTheWeeksFigures()
{
    const Run r = run({u"report"_s, m_log, u"--week"_s, u"2026-W46"_s, u"-o"_s, out(u"r.md"_s)});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.err.contains(u"wrote "_s));
    const QString md = QString::fromUtf8(readAll(out(u"r.md"_s)));
    QVERIFY(md.startsWith(u"# Weekly report 2026-W46 (9–15 Nov 2026, UTC)"_s));
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    const QString calls = u"| Calls | %1 | %2 |"_s.arg(english.toString(m_weekCalls), english.toString(m_previousCalls));
    QVERIFY2(md.contains(calls), qPrintable(calls));
    QVERIFY(md.contains(u"### By feature"_s));
    QVERIFY(md.contains(u"ticket\\_summary"_s));
    QVERIFY(md.contains(u"Positive rate (95% CI)"_s));
    QVERIFY(md.contains(u"**\\#%1** "_s.arg(m_labelledId)));
    QVERIFY(md.contains(u"cites the wrong plan"_s));
    QVERIFY(md.contains(u"## Prompt versions"_s));
    QVERIFY(!md.contains(u"<img"_s));

    // Without --tz the week is the user's (TZ here), as in the window; --tz overrides it.
    QProcessEnvironment berlin = QProcessEnvironment::systemEnvironment();
    berlin.insert(u"TZ"_s, u"Europe/Berlin"_s);
    const Run local = run({u"report"_s, m_log, u"--week"_s, u"2026-W46"_s, u"-o"_s, u"-"_s}, berlin);
    QVERIFY2(local.code == 0, qPrintable(local.err));
    QVERIFY2(local.out.startsWith(u"# Weekly report 2026-W46 (9–15 Nov 2026, Europe/Berlin)"_s), qPrintable(local.out.left(80)));
    const Run forced = run({u"report"_s, m_log, u"--week"_s, u"2026-W46"_s, u"--tz"_s, u"UTC"_s, u"-o"_s, u"-"_s}, berlin);
    QVERIFY2(forced.out.startsWith(u"# Weekly report 2026-W46 (9–15 Nov 2026, UTC)"_s), qPrintable(forced.out.left(80)));
}

void TestReportCli::markdownToStdout()
{
    const Run r = run({u"report"_s, m_log, u"--week"_s, u"2026-W46"_s, u"-o"_s, u"-"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.startsWith(u"# Weekly report 2026-W46"_s));
    // The same text as the file, but for the minute it was generated in.
    static const QRegularExpression generated(u"Generated [0-9: -]+ UTC"_s);
    const Run file = run({u"report"_s, m_log, u"--week"_s, u"2026-W46"_s, u"-o"_s, out(u"stdout.md"_s)});
    QCOMPARE(file.code, 0);
    QCOMPARE(QString(r.out).remove(generated), QString::fromUtf8(readAll(out(u"stdout.md"_s))).remove(generated));
}

void TestReportCli::htmlEmbedsItsCharts()
{
    const Run r = run({u"report"_s, m_log, u"--week"_s, u"2026-W46"_s, u"--tz"_s, u"Europe/Berlin"_s, u"-o"_s,
                       out(u"r.html"_s)});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString html = QString::fromUtf8(readAll(out(u"r.html"_s)));
    QVERIFY(html.startsWith(u"<!DOCTYPE html>"_s));
    QVERIFY(html.contains(u"<title>Weekly report 2026-W46 (9–15 Nov 2026, Europe/Berlin)</title>"_s));
    // Self-contained: two charts as PNG data, nothing fetched from elsewhere.
    static const QRegularExpression image(u"<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\""_s);
    int images = 0;
    for (const auto &match : image.globalMatch(html)) {
        const QImage png = QImage::fromData(QByteArray::fromBase64(match.captured(1).toLatin1()), "PNG");
        QVERIFY(!png.isNull());
        QVERIFY(png.width() >= 900);
        ++images;
    }
    QCOMPARE(images, 2);
    QVERIFY(!html.contains(u"src=\"http"_s));
    QVERIFY(html.contains(u"cites the wrong plan"_s));
    // Text from the log and the labels is escaped, never markup.
    QVERIFY(html.contains(u"&lt;b&gt;bold&lt;/b&gt; &amp; more"_s));
    QVERIFY(!html.contains(u"<b>bold</b>"_s));
}

void TestReportCli::pdfEmbedsItsCharts()
{
    const Run r = run({u"report"_s, m_log, u"--week"_s, u"2026-W46"_s, u"-o"_s, out(u"r.pdf"_s)});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QByteArray pdf = readAll(out(u"r.pdf"_s));
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    // Two image XObjects: the charts really are in the file, not only in the layout.
    QCOMPARE(pdf.count("/Subtype /Image"), 2);
    const QString pdfimages = QStandardPaths::findExecutable(u"pdfimages"_s);
    if (!pdfimages.isEmpty()) { // poppler-utils, when installed, reads the file as a viewer would
        QProcess p;
        p.start(pdfimages, {u"-list"_s, out(u"r.pdf"_s)});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QStringList rows = QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 2 + 2); // two header lines, two images
    }
}

void TestReportCli::runsWithoutADisplay()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        env.remove(name);
    const Run r = run({u"report"_s, m_log, u"--week"_s, u"2026-W46"_s, u"-o"_s, out(u"headless.pdf"_s)}, env);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(readAll(out(u"headless.pdf"_s)).startsWith("%PDF-"));
}

void TestReportCli::badArgumentsExitTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("file"); // must not exist afterwards
    QTest::newRow("week 53 of 2025") << QStringList{u"--week"_s, u"2025-W53"_s, u"-o"_s, u"bad1.md"_s} << u"bad1.md"_s;
    QTest::newRow("not a week") << QStringList{u"--week"_s, u"last week"_s, u"-o"_s, u"bad2.pdf"_s} << u"bad2.pdf"_s;
    QTest::newRow("a date") << QStringList{u"--week"_s, u"2026-11-09"_s, u"-o"_s, u"bad3.html"_s} << u"bad3.html"_s;
    QTest::newRow("unknown zone") << QStringList{u"--tz"_s, u"Mars/Olympus"_s, u"-o"_s, u"bad4.md"_s} << u"bad4.md"_s;
    QTest::newRow("no output") << QStringList{u"--week"_s, u"2026-W46"_s} << QString();
    QTest::newRow("unknown format") << QStringList{u"-o"_s, u"bad5.docx"_s} << u"bad5.docx"_s;
    QTest::newRow("bad examples") << QStringList{u"--examples"_s, u"many"_s, u"-o"_s, u"bad6.md"_s} << u"bad6.md"_s;
}

void TestReportCli::badArgumentsExitTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, file);
    for (QString &a : args) {
        if (a.startsWith(u"bad"_s))
            a = out(a);
    }
    const Run r = run(QStringList{u"report"_s, m_log} + args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.lastErrorLine().startsWith(u"assay: "_s), qPrintable(r.err));
    if (!file.isEmpty())
        QVERIFY(!QFile::exists(out(file)));
    const Run missing = run({u"report"_s, out(u"no-such-log.sqlite"_s), u"-o"_s, out(u"bad7.md"_s)});
    QCOMPARE(missing.code, 2);
    QVERIFY(!QFile::exists(out(u"bad7.md"_s)));
}

void TestReportCli::unwritableOutputExitsOne()
{
    // A folder that does not exist: refused before any work, and not created.
    const Run noFolder = run({u"report"_s, m_log, u"--week"_s, u"2026-W46"_s, u"-o"_s, out(u"missing/r.pdf"_s)});
    QCOMPARE(noFolder.code, 1);
    QVERIFY2(noFolder.lastErrorLine().startsWith(u"assay: cannot write"_s), qPrintable(noFolder.err));
    QVERIFY(!QFileInfo::exists(out(u"missing"_s)));

    // A path that is a folder (root may write anywhere, so permissions would not prove it): the
    // report is rendered, cannot be saved, and nothing is left beside it.
    QDir dir(m_dir.path());
    for (const QString &name : {u"report.pdf"_s, u"report.html"_s, u"report.md"_s}) {
        QVERIFY(dir.mkpath(u"target/"_s + name));
        const Run r = run({u"report"_s, m_log, u"--week"_s, u"2026-W46"_s, u"-o"_s, out(u"target/"_s + name)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.lastErrorLine().startsWith(u"assay: cannot write"_s), qPrintable(r.err));
        QVERIFY(QFileInfo(out(u"target/"_s + name)).isDir());
    }
    QCOMPARE(QDir(out(u"target"_s)).entryList(QDir::Files | QDir::Hidden).size(), 0);
}

void TestReportCli::guiWritesInTheBackground()
{
    assay::SessionSpec spec;
    spec.source = assay::test::sqliteSource(m_log);
    assay::WeeklyReportOptions options;
    options.week = assay::CalendarWeek{QDate(2026, 11, 9), QTimeZone::utc()};
    QObject context;
    std::optional<assay::Result<void>> outcome;
    assay::writeWeeklyReportInBackground(&context, spec, options, out(u"gui.pdf"_s),
                                         [&](const assay::Result<void> &r) { outcome = r; });
    QVERIFY(!outcome); // the data is gathered on a worker thread; the caller returns at once
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 60000);
    QVERIFY2(*outcome, qPrintable(outcome->error()));
    QCOMPARE(readAll(out(u"gui.pdf"_s)).count("/Subtype /Image"), 2);

    // A failure comes back through the same callback: here, a log that is not there.
    QVERIFY(QFile::copy(m_log, out(u"doomed.sqlite"_s)));
    spec.source = assay::test::sqliteSource(out(u"doomed.sqlite"_s));
    QVERIFY(QFile::remove(out(u"doomed.sqlite"_s)));
    outcome.reset();
    assay::writeWeeklyReportInBackground(&context, spec, options, out(u"never.pdf"_s),
                                         [&](const assay::Result<void> &r) { outcome = r; });
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 60000);
    QVERIFY(!*outcome);
    QVERIFY(!outcome->error().isEmpty());
    QVERIFY(!QFile::exists(out(u"never.pdf"_s)));
}

// A QApplication (offscreen in ctest): the in-process GUI entry point draws charts.
void TestReportCli::budgetAndReplaySections()
{
    using namespace assay;
    const Run overall = run({u"budget"_s, m_log, u"set"_s, u"1"_s});
    QVERIFY2(overall.code == 0, qPrintable(overall.err));
    const Run feature = run({u"budget"_s, m_log, u"set"_s, u"100000"_s, u"--feature"_s, u"ticket_summary"_s});
    QVERIFY2(feature.code == 0, qPrintable(feature.err));

    SessionSpec spec;
    spec.source = test::sqliteSource(m_log);
    ReplayTarget target{u"ticket_summary"_s, u"v9"_s, u"anthropic"_s, u"claude-haiku-4-5"_s, {}, 1024, {}};
    qint64 runId = 0;
    {
        auto session = LogSession::open(spec);
        QVERIFY2(session && (*session)->workspace(), "the log opens with its workspace");
        ReplaySpec replay;
        replay.targets = {target};
        ReplayPlan plan;
        plan.targets = {target};
        plan.cases << PlannedCase{m_labelledId, {PlannedCall{u"prompt"_s, {}, 10, 10, {}}}};
        ReplayRunStore store(*(*session)->workspace());
        auto created = store.createRun(replay, plan, u"demo.sqlite"_s, u"carol"_s);
        QVERIFY2(created, qPrintable(created.error()));
        runId = *created;
        ReplayResult result;
        result.outputKey = m_labelledId;
        result.status = ReplayResultStatus::Ok;
        result.output = u"a new answer"_s;
        result.outputTokens = 12;
        result.costUsd = 0.002;
        QVERIFY(store.saveResult(runId, result));
        QVERIFY(store.setStatus(runId, ReplayRunStatus::Done));
        // Runs are stamped with the time they are created: this one moves into 2026-W46.
        QSqlQuery q((*session)->workspace()->db());
        QVERIFY(q.exec(u"UPDATE replay_runs SET created_at = '2026-11-12T08:30:00.000Z' WHERE id = %1"_s.arg(runId)));
    }

    const Run r = run({u"report"_s, m_log, u"--week"_s, u"2026-W46"_s, u"-o"_s, out(u"budgets.md"_s)});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString md = QString::fromUtf8(readAll(out(u"budgets.md"_s)));
    const QString budgets = md.section(u"## Budget status"_s, 1);
    QVERIFY2(!budgets.isEmpty(), qPrintable(md));

    // The figures checkBudgets() gives on the week's Sunday, with the prices the command used.
    auto prices = loadUserPriceTable();
    QVERIFY(prices);
    auto session = LogSession::open(spec);
    QVERIFY(session);
    auto check = checkBudgets(**session, *prices, QDate(2026, 11, 15), QTimeZone::utc());
    QVERIFY2(check, qPrintable(check.error()));
    QCOMPARE(check->statuses.size(), 2);
    for (const BudgetStatus &s : check->statuses) {
        const QString name = s.budget.isOverall() ? u"Overall"_s : u"Feature ticket\\_summary"_s;
        const QString row = u"| %1 | %2 | %3 | %4 | %5 | %6 |"_s.arg(name, formatUsd(s.budget.monthlyUsd),
                                                                   formatUsd(s.monthToDateUsd), formatUsd(s.runRateUsdPerDay),
                                                                   formatUsd(s.projectedUsd), budgetStateName(s.state));
        QVERIFY2(budgets.contains(row), qPrintable(row + u"\nnot in\n"_s + budgets));
    }
    QVERIFY(check->statuses.at(0).monthToDateUsd > 1); // the demo log spends more than $1 by mid-month
    QVERIFY(budgets.contains(u"| over |"_s));

    const QString replays = md.section(u"## Replays run this week"_s, 1).section(u"## "_s, 0, 0);
    QVERIFY2(replays.contains(u"| \\#%1 | 2026-11-12 08:30 by carol | done | ticket\\_summary@v9 anthropic/claude-haiku-4-5 | 1 | "
                              "1 ok | %2 | 1 of 1 (100.0%) |"_s.arg(runId).arg(formatUsd(0.002))),
             qPrintable(replays));

    // The HTML report carries both sections too; another week has no replays.
    const Run html = run({u"report"_s, m_log, u"--week"_s, u"2026-W45"_s, u"-o"_s, out(u"budgets.html"_s)});
    QVERIFY2(html.code == 0, qPrintable(html.err));
    const QString page = QString::fromUtf8(readAll(out(u"budgets.html"_s)));
    QVERIFY(page.contains(u"Budget status"_s));
    QVERIFY(page.contains(u"No replays this week."_s));
}

QTEST_MAIN(TestReportCli)
#include "tst_report_cli.moc"

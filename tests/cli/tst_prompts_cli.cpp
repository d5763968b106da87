// `assay prompts` run as a script would run it (the real binary, ASSAY_BINARY): list, show,
// diff and render against the demo log and a folder of prompt files, with diff(1)'s exit codes,
// errors that name what is wrong, and the log byte-for-byte unchanged afterwards.

#include "prompts/DraftStore.h"
#include "prompts/PromptTemplate.h"
#include "workspace/Workspace.h"

#include "TestSupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

struct Run {
    int code = -1;
    QByteArray out;
    QByteArray err;
    QString describe() const
    {
        return u"exit %1; stderr: %2; stdout: %3"_s.arg(code).arg(QString::fromUtf8(err), QString::fromUtf8(out.left(1500)));
    }
};

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class TestPromptsCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void helpAndUsageErrors();
    void listTable();
    void listJsonl();
    void show();
    void diffExitCodes();
    void diffAppliesWithPatch();
    void diffWordAndWhitespace();
    void diffAgainstADraft();
    void render();
    void renderErrors();
    void folderSource();
    void registryOption();
    void logIsUntouched();

private:
    Run assay(const QStringList &args);
    QString scalar(const QString &sql);
    QString path(const QString &name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    QString m_binary;
    QString m_demo;
    QByteArray m_demoSha;
    QString m_folder;
};

Run TestPromptsCli::assay(const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"ASSAY_WORKSPACE_DIR"_s, path(u"workspaces"_s));
    env.insert(u"XDG_DATA_HOME"_s, path(u"xdg-data"_s));
    env.insert(u"XDG_CONFIG_HOME"_s, path(u"xdg-config"_s));
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(m_dir.path());
    p.start(m_binary, args);
    Run run;
    if (!p.waitForStarted(10000) || !p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        run.err = "did not run: " + args.join(u' ').toUtf8();
        return run;
    }
    run.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

QString TestPromptsCli::scalar(const QString &sql)
{
    // A copy, so the file the commands read is never opened for writing here.
    const QString copy = path(u"direct.sqlite"_s);
    if (!QFile::exists(copy))
        QFile::copy(m_demo, copy);
    test::WritableDb db(copy);
    QSqlQuery q(db.db());
    return q.exec(sql) && q.next() ? q.value(0).toString() : u"<failed: %1>"_s.arg(sql);
}

void TestPromptsCli::initTestCase()
{
    m_binary = qEnvironmentVariable("ASSAY_BINARY");
    QVERIFY2(QFileInfo(m_binary).isExecutable(), "ASSAY_BINARY must name the built assay executable (ctest sets it)");
    QVERIFY(m_dir.isValid());
    m_demo = path(u"demo.sqlite"_s);
    const Run demo = assay({u"demo"_s, u"-o"_s, m_demo, u"--rows"_s, u"2000"_s, u"--seed"_s, u"5"_s, u"--end"_s,
                            u"2026-11-20"_s, u"-q"_s});
    QVERIFY2(demo.code == 0, qPrintable(demo.describe()));
    m_demoSha = test::fileSha256(m_demo);

    m_folder = path(u"prompts"_s);
    QVERIFY(writeFile(m_folder + u"/greeting/v1.prompt"_s,
                      "---\nmodel: m-1\ntemperature: 0.5\nlabels: [production]\n---\nHello {{name}},\n  welcome!\n"));
    QVERIFY(writeFile(m_folder + u"/greeting/v2.prompt"_s, "---\nmodel: m-1\ntemperature: 0.5\n---\nHello {{name}},\nwelcome!  \n"));
    QVERIFY(writeFile(m_folder + u"/greeting/v10.prompt"_s, "Hi {{name}} from {{team}}\n"));
    QVERIFY(writeFile(m_folder + u"/greeting/broken.prompt"_s, "---\nmodel: never closed\n"));
}

void TestPromptsCli::helpAndUsageErrors()
{
    const Run help = assay({u"--help"_s});
    QVERIFY(help.out.contains("prompts"));
    const Run own = assay({u"prompts"_s, u"--help"_s});
    QCOMPARE(own.code, 0);
    QVERIFY(own.out.contains("--registry") && own.out.contains("--output-id") && own.out.contains("--ignore-whitespace"));
    for (const QStringList &args : {QStringList{u"prompts"_s}, QStringList{u"prompts"_s, m_demo},
                                    QStringList{u"prompts"_s, m_demo, u"frobnicate"_s},
                                    QStringList{u"prompts"_s, m_demo, u"diff"_s, u"ticket_summary"_s, u"v1"_s},
                                    QStringList{u"prompts"_s, m_demo, u"show"_s},
                                    QStringList{u"prompts"_s, m_demo, u"list"_s, u"--format"_s, u"xml"_s},
                                    QStringList{u"prompts"_s, m_demo, u"show"_s, u"@v1"_s},
                                    QStringList{u"prompts"_s, path(u"missing.sqlite"_s), u"list"_s}}) {
        const Run r = assay(args);
        QVERIFY2(r.code == 2, qPrintable(args.join(u' ') + u": "_s + r.describe()));
        QVERIFY2(r.err.startsWith("assay: "), qPrintable(r.describe()));
    }
}

void TestPromptsCli::listTable()
{
    const Run r = assay({u"prompts"_s, m_demo, u"list"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QStringList lines = QString::fromUtf8(r.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + scalar(u"SELECT count(*) FROM prompt_versions"_s).toInt());
    QCOMPARE(lines.first().simplified(), u"name version created_at model labels outputs"_s);
    const QStringList v3 = lines.filter(u"ticket_summary     v3"_s);
    QCOMPARE(v3.size(), 1);
    QVERIFY2(v3.first().contains(u"production"_s), qPrintable(v3.first()));
    QCOMPARE(v3.first().simplified().section(u' ', -1),
             scalar(u"SELECT count(*) FROM ai_outputs WHERE prompt_name = 'ticket_summary' AND prompt_version = 'v3'"_s));
    QVERIFY(lines.filter(u"ticket_summary     v4"_s).first().trimmed().endsWith(u" 0"_s)); // staged, never served
}

void TestPromptsCli::listJsonl()
{
    const Run r = assay({u"prompts"_s, m_demo, u"list"_s, u"--format"_s, u"jsonl"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    qint64 outputs = 0;
    int rows = 0;
    for (const QByteArray &line : r.out.split('\n')) {
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        QVERIFY2(!o.isEmpty(), line.constData());
        for (const char *key : {"name", "version", "created_at", "model", "labels", "outputs", "temperature", "max_tokens"})
            QVERIFY2(o.contains(QLatin1StringView(key)), key);
        outputs += o.value(u"outputs"_s).toInteger();
        ++rows;
    }
    QCOMPARE(rows, 13);
    QCOMPARE(outputs, 2000);
}

void TestPromptsCli::show()
{
    const Run latest = assay({u"prompts"_s, m_demo, u"show"_s, u"ticket_summary"_s});
    QVERIFY2(latest.code == 0, qPrintable(latest.describe()));
    QVERIFY(latest.out.startsWith("ticket_summary@v4\n"));
    QVERIFY(latest.out.contains("\nmodel: claude-haiku-4-5\n"));
    QVERIFY(latest.out.contains("\nvariables: {{customer_tier}}, {{product_area}}, {{ticket_subject}}, {{ticket_body}}\n"));
    const Run v1 = assay({u"prompts"_s, m_demo, u"show"_s, u"ticket_summary@v1"_s});
    QVERIFY2(v1.code == 0, qPrintable(v1.describe()));
    QVERIFY(v1.out.contains("\noutputs: "));
    const Run exact = assay({u"prompts"_s, m_demo, u"show"_s, u"ticket_summary@v1"_s, u"--template"_s});
    QCOMPARE(QString::fromUtf8(exact.out),
             scalar(u"SELECT template FROM prompt_versions WHERE name = 'ticket_summary' AND version = 'v1'"_s));
    const Run unknown = assay({u"prompts"_s, m_demo, u"show"_s, u"ticket_summary@v9"_s});
    QCOMPARE(unknown.code, 2);
    QVERIFY2(unknown.err.contains("v9") && unknown.err.contains("v1, v2, v3, v4"), qPrintable(unknown.describe()));
}

void TestPromptsCli::diffExitCodes()
{
    const Run same = assay({u"prompts"_s, m_demo, u"diff"_s, u"ticket_summary"_s, u"v3"_s, u"v3"_s});
    QCOMPARE(same.code, 0);
    QVERIFY(same.out.isEmpty());
    const Run differ = assay({u"prompts"_s, m_demo, u"diff"_s, u"ticket_summary"_s, u"v1"_s, u"v3"_s});
    QVERIFY2(differ.code == 1, qPrintable(differ.describe()));
    QVERIFY(differ.out.contains("\n--- ticket_summary@v1\t"));
    QVERIFY(differ.out.contains("\n+++ ticket_summary@v3\t"));
    QVERIFY(differ.out.contains("\n@@ -"));
    QVERIFY(differ.out.contains("# max_tokens: 400 -> 450\n"));
    QVERIFY(differ.out.contains("# variables added: {{customer_tier}}, {{product_area}}\n"));
    const Run unknown = assay({u"prompts"_s, m_demo, u"diff"_s, u"ticket_summary"_s, u"v1"_s, u"v7"_s});
    QCOMPARE(unknown.code, 2);
    QVERIFY(unknown.err.contains("v7"));
    const Run noName = assay({u"prompts"_s, m_demo, u"diff"_s, u"nope"_s, u"v1"_s, u"v2"_s});
    QCOMPARE(noName.code, 2);
}

void TestPromptsCli::diffAppliesWithPatch()
{
    if (!QFile::exists(u"/usr/bin/patch"_s))
        QSKIP("patch(1) is not installed");
    const Run diff = assay({u"prompts"_s, m_demo, u"diff"_s, u"doc_answer"_s, u"v1"_s, u"v2"_s});
    QCOMPARE(diff.code, 1);
    QVERIFY(writeFile(path(u"v1.txt"_s),
                      scalar(u"SELECT template FROM prompt_versions WHERE name = 'doc_answer' AND version = 'v1'"_s).toUtf8()));
    QVERIFY(writeFile(path(u"v1-v2.diff"_s), diff.out));
    QProcess patch;
    patch.start(u"/usr/bin/patch"_s, {u"-s"_s, u"-o"_s, path(u"v2.txt"_s), path(u"v1.txt"_s), path(u"v1-v2.diff"_s)});
    QVERIFY(patch.waitForFinished(20000));
    QCOMPARE(patch.exitCode(), 0);
    QFile patched(path(u"v2.txt"_s));
    QVERIFY(patched.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(patched.readAll()),
             scalar(u"SELECT template FROM prompt_versions WHERE name = 'doc_answer' AND version = 'v2'"_s));
}

void TestPromptsCli::diffWordAndWhitespace()
{
    const Run word = assay({u"prompts"_s, m_demo, u"diff"_s, u"ticket_summary"_s, u"v1"_s, u"v3"_s, u"--word"_s});
    QCOMPARE(word.code, 1);
    QVERIFY2(word.out.contains("- [-3 or 4 -]Markdown bullets"), qPrintable(word.describe()));
    QVERIFY(word.out.contains("{+- The customer is on the {{customer_tier}} tier"));
    // v1 and v2 of the folder differ only in white space.
    const Run exact = assay({u"prompts"_s, m_folder, u"diff"_s, u"greeting"_s, u"v1"_s, u"v2"_s});
    QVERIFY2(exact.code == 1, qPrintable(exact.describe()));
    const Run loose = assay({u"prompts"_s, m_folder, u"diff"_s, u"greeting"_s, u"v1"_s, u"v2"_s, u"--ignore-whitespace"_s});
    QVERIFY2(loose.code == 0, qPrintable(loose.describe()));
    QVERIFY(loose.out.isEmpty());
    QCOMPARE(assay({u"prompts"_s, m_folder, u"diff"_s, u"greeting"_s, u"v1"_s, u"v2"_s, u"-w"_s}).code, 0);
}

void TestPromptsCli::diffAgainstADraft()
{
    // The draft goes into the workspace the command will open for this source.
    qputenv("ASSAY_WORKSPACE_DIR", path(u"workspaces"_s).toUtf8());
    qint64 id = -1;
    {
        auto ws = Workspace::open(test::sqliteSource(m_demo));
        QVERIFY2(ws.ok(), qPrintable(ws.error()));
        DraftStore drafts(**ws);
        PromptDraft d;
        d.name = u"churn_risk"_s;
        d.baseVersion = u"v2"_s;
        d.template_ = scalar(u"SELECT template FROM prompt_versions WHERE name = 'churn_risk' AND version = 'v2'"_s)
            + u"\nTier: {{tier}}"_s;
        d.model = u"gpt-4.1"_s;
        QVERIFY(drafts.save(d).ok());
        id = d.id;
    }
    const Run r = assay({u"prompts"_s, m_demo, u"diff"_s, u"churn_risk"_s, u"v2"_s, u"draft-%1"_s.arg(id)});
    QVERIFY2(r.code == 1, qPrintable(r.describe()));
    QVERIFY2(r.out.contains("+Tier: {{tier}}"), qPrintable(r.describe()));
    QVERIFY(r.out.contains("# variables added: {{tier}}"));
    QCOMPARE(assay({u"prompts"_s, m_demo, u"diff"_s, u"churn_risk"_s, u"v2"_s, u"draft-999"_s}).code, 2);
}

void TestPromptsCli::render()
{
    const QString id = scalar(u"SELECT min(id) FROM ai_outputs WHERE prompt_name = 'churn_risk' AND prompt_version = 'v2'"_s);
    const Run r = assay({u"prompts"_s, m_demo, u"render"_s, u"churn_risk@v2"_s, u"--output-id"_s, id});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QString tpl = scalar(u"SELECT template FROM prompt_versions WHERE name = 'churn_risk' AND version = 'v2'"_s);
    const QString input = scalar(u"SELECT input FROM ai_outputs WHERE id = %1"_s.arg(id));
    // The expected text comes from the test's own substitution, not from PromptTemplate.
    QStringList missing;
    const QString expected = test::substituteFlatVariables(tpl, QJsonDocument::fromJson(input.toUtf8()).object(), &missing);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", "_s)));
    QCOMPARE(QString::fromUtf8(r.out), expected);
    QVERIFY(!r.out.contains("{{"));
    // Without a version: the one that produced the output.
    const Run implied = assay({u"prompts"_s, m_demo, u"render"_s, u"churn_risk"_s, u"--output-id"_s, id});
    QCOMPARE(implied.out, r.out);
}

void TestPromptsCli::renderErrors()
{
    const QString v1 = scalar(u"SELECT min(id) FROM ai_outputs WHERE prompt_name = 'ticket_summary' AND prompt_version = 'v1'"_s);
    const Run missing = assay({u"prompts"_s, m_demo, u"render"_s, u"ticket_summary@v3"_s, u"--output-id"_s, v1});
    QCOMPARE(missing.code, 2);
    QVERIFY2(missing.err.contains("{{customer_tier}}") && missing.err.contains("{{product_area}}"), qPrintable(missing.describe()));
    QVERIFY(missing.out.isEmpty());
    QCOMPARE(assay({u"prompts"_s, m_demo, u"render"_s, u"ticket_summary@v1"_s, u"--output-id"_s, u"99999999"_s}).code, 2);
    QCOMPARE(assay({u"prompts"_s, m_demo, u"render"_s, u"ticket_summary@v1"_s, u"--output-id"_s, u"x"_s}).code, 2);
    QCOMPARE(assay({u"prompts"_s, m_demo, u"render"_s, u"ticket_summary@v1"_s}).code, 2);
    const Run folder = assay({u"prompts"_s, m_folder, u"render"_s, u"greeting@v1"_s, u"--output-id"_s, u"1"_s});
    QCOMPARE(folder.code, 2);
    QVERIFY(folder.err.contains("log"));
}

void TestPromptsCli::folderSource()
{
    const Run list = assay({u"prompts"_s, m_folder, u"list"_s});
    QVERIFY2(list.code == 0, qPrintable(list.describe()));
    const QStringList lines = QString::fromUtf8(list.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY(lines[1].startsWith(u"greeting  v1 "_s));
    QVERIFY(lines[3].startsWith(u"greeting  v10 "_s)); // natural order
    QVERIFY(lines[1].trimmed().endsWith(u" -"_s));     // no log: usage unknown
    QVERIFY2(list.err.contains("warning: greeting/broken.prompt"), qPrintable(list.describe()));
    const Run latest = assay({u"prompts"_s, m_folder, u"show"_s, u"greeting"_s, u"--template"_s});
    QCOMPARE(latest.out, QByteArray("Hi {{name}} from {{team}}\n"));
    const Run byDate = assay({u"prompts"_s, m_folder, u"list"_s, u"--order"_s, u"created_at"_s});
    QCOMPARE(byDate.code, 0);
}

void TestPromptsCli::registryOption()
{
    const Run folder = assay({u"prompts"_s, m_demo, u"list"_s, u"--registry"_s, m_folder});
    QVERIFY2(folder.code == 0, qPrintable(folder.describe()));
    QVERIFY(folder.out.contains("greeting"));
    QVERIFY(!folder.out.contains("ticket_summary"));
    QVERIFY(folder.out.contains("  0\n")); // the log has no outputs of these prompts
    const Run table = assay({u"prompts"_s, m_demo, u"list"_s, u"--registry"_s, u"prompt_versions"_s});
    QCOMPARE(table.code, 0);
    const Run none = assay({u"prompts"_s, m_demo, u"list"_s, u"--registry"_s, u"no_such_table"_s});
    QCOMPARE(none.code, 2);
    QVERIFY(none.err.contains("no_such_table"));
    const Run notRegistry = assay({u"prompts"_s, m_demo, u"list"_s, u"--registry"_s, u"ai_outputs"_s});
    QCOMPARE(notRegistry.code, 2);
    QVERIFY2(notRegistry.err.contains("never writes to the log"), notRegistry.err.constData());
}

void TestPromptsCli::logIsUntouched()
{
    QCOMPARE(test::fileSha256(m_demo), m_demoSha);
}

QTEST_GUILESS_MAIN(TestPromptsCli)
#include "tst_prompts_cli.moc"

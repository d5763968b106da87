// Runs the real `assay` executable (ASSAY_BINARY, set by ctest) the way a script or CI would: on
// a demo log it writes itself and on small logs made here, checking output formats, filters
// against direct SQL, exit codes and messages, saved views, the search index, and that the log
// file is byte-for-byte unchanged by every read command.

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run {
    int code = -1;
    QByteArray out;
    QByteArray err;

    QString errText() const { return QString::fromUtf8(err).trimmed(); }
    QString describe() const
    {
        return u"exit %1; stderr: %2; stdout: %3"_s.arg(code).arg(QString::fromUtf8(err),
                                                                   QString::fromUtf8(out.left(2000)));
    }
};

QByteArray sha256Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return hash.result().toHex();
}

// RFC 4180: fields separated by commas, records by CRLF (or LF), quoted fields may hold both
// and double their quotes. Returns nothing when the text is malformed.
std::optional<QList<QStringList>> parseCsv(const QString &text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == u'"') {
            if (!field.isEmpty())
                return std::nullopt; // a quote in the middle of an unquoted field
            quoted = true;
            fieldStarted = true;
        } else if (c == u',') {
            record << field;
            field.clear();
            fieldStarted = false;
        } else if (c == u'\r' || c == u'\n') {
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            record << field;
            records << record;
            record.clear();
            field.clear();
            fieldStarted = false;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted)
        return std::nullopt;
    if (fieldStarted || !record.isEmpty()) {
        record << field;
        records << record;
    }
    return records;
}

const QStringList logicalNames{
    u"id"_s,           u"feature"_s,       u"created_at"_s,    u"output"_s,
    u"model"_s,        u"input"_s,         u"input_hash"_s,    u"user_id"_s,
    u"session_id"_s,   u"feedback"_s,      u"prompt_name"_s,   u"prompt_version"_s,
    u"input_tokens"_s, u"output_tokens"_s, u"cache_read_tokens"_s, u"cache_write_tokens"_s,
    u"cost"_s,         u"latency_ms"_s,    u"status"_s,        u"error"_s,
};

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void versionAndHelp();
    void demoIsReproducible();
    void tableFormat();
    void jsonlFormat();
    void csvFormat();
    void outputToFile();
    void filtersMatchDirectSql_data();
    void filtersMatchDirectSql();
    void limitAppliesAfterFilters();
    void exitCodes_data();
    void exitCodes();
    void missingRequiredColumnIsNamed();
    void filterOnAbsentColumnIsRefused();
    void schemaListsTheMapping();
    void mappingFileMapsUnusualColumns();
    void savedViews();
    void indexThenSearch();
    void timeBoundsWithinOneSecond();
    void datesAreReadInTheUserZone();
    void readCommandsLeaveTheLogUntouched();

private:
    Run assay(const QStringList &args, const QProcessEnvironment &extra = {});
    QList<qint64> directIds(const QString &where, int limit = -1);
    QString path(const QString &name) const { return m_dir.filePath(name); }
    bool makeSqlite(const QString &file, const QStringList &statements);
    QList<qint64> jsonlIds(const Run &run, QString *problem = nullptr);

    QTemporaryDir m_dir;
    QString m_binary;
    QString m_demo;
    QByteArray m_demoSha;
    QString m_directName = u"tst-cli-direct"_s;
    int m_connections = 0;
};

Run TestCli::assay(const QStringList &args, const QProcessEnvironment &extra)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(extra);
    // Nothing the commands keep may land in the real home folder.
    env.insert(u"ASSAY_WORKSPACE_DIR"_s, path(u"workspaces"_s));
    env.insert(u"XDG_DATA_HOME"_s, path(u"xdg-data"_s));
    env.insert(u"XDG_CONFIG_HOME"_s, path(u"xdg-config"_s));
    env.insert(u"XDG_CACHE_HOME"_s, path(u"xdg-cache"_s));
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(m_dir.path());
    p.start(m_binary, args);
    Run run;
    if (!p.waitForStarted(10000)) {
        run.err = "could not start " + m_binary.toUtf8();
        return run;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        run.err = "timed out after 60 s: " + args.join(u' ').toUtf8();
        return run;
    }
    run.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

QList<qint64> TestCli::directIds(const QString &where, int limit)
{
    QList<qint64> ids;
    QSqlQuery q(QSqlDatabase::database(m_directName));
    QString sql = u"SELECT id FROM ai_outputs WHERE %1 ORDER BY created_at DESC, id DESC"_s.arg(where);
    if (limit >= 0)
        sql += u" LIMIT %1"_s.arg(limit);
    if (!q.exec(sql)) {
        qWarning("direct SQL failed: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return {-1};
    }
    while (q.next())
        ids << q.value(0).toLongLong();
    return ids;
}

bool TestCli::makeSqlite(const QString &file, const QStringList &statements)
{
    const QString name = u"tst-cli-make-%1"_s.arg(++m_connections);
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(file);
        ok = db.open();
        QSqlQuery q(db);
        for (const QString &sql : statements) {
            if (ok && !q.exec(sql)) {
                qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
                ok = false;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

QList<qint64> TestCli::jsonlIds(const Run &run, QString *problem)
{
    QList<qint64> ids;
    const QList<QByteArray> lines = run.out.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines.at(i).isEmpty()) {
            if (i != lines.size() - 1 && problem)
                *problem = u"empty line %1"_s.arg(i);
            continue;
        }
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(lines.at(i), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            if (problem)
                *problem = u"line %1 is not a JSON object: %2"_s.arg(i).arg(QString::fromUtf8(lines.at(i).left(200)));
            return {};
        }
        ids << doc.object().value(u"id"_s).toInteger(-1);
    }
    return ids;
}

void TestCli::initTestCase()
{
    m_binary = qEnvironmentVariable("ASSAY_BINARY");
    QVERIFY2(!m_binary.isEmpty(), "ASSAY_BINARY must name the built assay executable (ctest sets it)");
    QVERIFY2(QFileInfo(m_binary).isExecutable(), qPrintable(m_binary + u" is not an executable"_s));
    QVERIFY(m_dir.isValid());

    m_demo = path(u"demo.sqlite"_s);
    const Run demo = assay({u"demo"_s, u"-o"_s, m_demo, u"--rows"_s, u"3000"_s, u"--seed"_s, u"7"_s, u"--end"_s,
                            u"2026-11-20"_s, u"-q"_s});
    QVERIFY2(demo.code == 0, qPrintable(demo.describe()));
    QVERIFY2(demo.err.isEmpty(), qPrintable(u"-q is quiet: "_s + demo.errText()));
    QVERIFY(QFileInfo::exists(m_demo));
    m_demoSha = sha256Of(m_demo);
    QVERIFY(!m_demoSha.isEmpty());

    // Direct SQL runs on a copy, so nothing here can touch the file the commands read.
    const QString copy = path(u"direct-copy.sqlite"_s);
    QVERIFY(QFile::copy(m_demo, copy));
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_directName);
    db.setDatabaseName(copy);
    QVERIFY2(db.open(), qPrintable(db.lastError().text()));
    QSqlQuery q(db);
    QVERIFY(q.exec(u"SELECT count(*), min(created_at), max(created_at) FROM ai_outputs"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 3000);
    QVERIFY2(q.value(2).toString() < u"2026-11-20"_s, qPrintable(q.value(2).toString()));
    QVERIFY2(q.value(1).toString() > u"2026-09-01"_s, qPrintable(q.value(1).toString()));
}

void TestCli::versionAndHelp()
{
    const Run version = assay({u"--version"_s});
    QVERIFY2(version.code == 0, qPrintable(version.describe()));
    QVERIFY2(version.out.startsWith("assay ") && version.out.contains(ASSAY_VERSION), version.out.constData());

    const Run help = assay({u"--help"_s});
    QVERIFY2(help.code == 0, qPrintable(help.describe()));
    for (const char *command : {"outputs", "demo", "index", "views", "schema"})
        QVERIFY2(help.out.contains(command), command);

    const Run outputsHelp = assay({u"outputs"_s, u"--help"_s});
    QVERIFY2(outputsHelp.code == 0, qPrintable(outputsHelp.describe()));
    QVERIFY(outputsHelp.out.contains("--feature"));
    QVERIFY(outputsHelp.out.contains("--format"));

    const Run unknown = assay({u"frobnicate"_s});
    QCOMPARE(unknown.code, 2);
    QVERIFY2(unknown.err.contains("frobnicate"), unknown.err.constData());
}

void TestCli::demoIsReproducible()
{
    const QStringList same{u"--rows"_s, u"3000"_s, u"--seed"_s, u"7"_s, u"--end"_s, u"2026-11-20"_s, u"-q"_s};
    const QString again = path(u"demo-again.sqlite"_s);
    const Run second = assay(QStringList{u"demo"_s, u"-o"_s, again} + same);
    QVERIFY2(second.code == 0, qPrintable(second.describe()));
    QCOMPARE(sha256Of(again), m_demoSha);

    const QString other = path(u"demo-other-seed.sqlite"_s);
    const Run third = assay({u"demo"_s, u"-o"_s, other, u"--rows"_s, u"3000"_s, u"--seed"_s, u"8"_s, u"--end"_s,
                             u"2026-11-20"_s, u"-q"_s});
    QVERIFY2(third.code == 0, qPrintable(third.describe()));
    QVERIFY(sha256Of(other) != m_demoSha);

    // An existing file is not replaced without --force; with it, it is.
    const Run refused = assay(QStringList{u"demo"_s, u"-o"_s, other} + same);
    QCOMPARE(refused.code, 2);
    QVERIFY2(refused.err.contains("--force"), refused.err.constData());
    const Run forced = assay(QStringList{u"demo"_s, u"-o"_s, other, u"--force"_s} + same);
    QVERIFY2(forced.code == 0, qPrintable(forced.describe()));
    QCOMPARE(sha256Of(other), m_demoSha);
    QVERIFY(!QFileInfo::exists(other + u".partial"_s));

    QCOMPARE(assay({u"demo"_s, u"--rows"_s, u"10"_s}).code, 2); // no -o
    QCOMPARE(assay({u"demo"_s, u"-o"_s, path(u"x.sqlite"_s), u"--rows"_s, u"zero"_s}).code, 2);
}

void TestCli::tableFormat()
{
    const Run run = assay({u"outputs"_s, m_demo, u"--limit"_s, u"5"_s});
    QVERIFY2(run.code == 0, qPrintable(run.describe()));
    const QStringList lines = QString::fromUtf8(run.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6);
    for (const char *column : {"id", "created_at", "feature", "model", "output"})
        QVERIFY2(lines.first().contains(QLatin1StringView(column)), qPrintable(lines.first()));
    const QList<qint64> expected = directIds(u"1"_s, 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(lines.at(i + 1).section(u' ', 0, 0).toLongLong(), expected.at(i));

    // The table shows 50 rows unless told otherwise.
    const Run standard = assay({u"outputs"_s, m_demo});
    QVERIFY2(standard.code == 0, qPrintable(standard.describe()));
    QCOMPARE(QString::fromUtf8(standard.out).split(u'\n', Qt::SkipEmptyParts).size(), 51);
}

void TestCli::jsonlFormat()
{
    const Run run = assay({u"outputs"_s, m_demo, u"--format"_s, u"jsonl"_s, u"--limit"_s, u"40"_s});
    QVERIFY2(run.code == 0, qPrintable(run.describe()));
    QVERIFY(run.out.endsWith('\n'));
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 40);
    const QSet<QString> allowed(logicalNames.cbegin(), logicalNames.cend());
    QDateTime previous;
    QList<qint64> ids;
    for (const QByteArray &line : lines) {
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(line, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, line.constData());
        for (const QString &key : o.keys())
            QVERIFY2(allowed.contains(key), qPrintable(u"not a logical field name: "_s + key));
        for (const char *required : {"id", "feature", "created_at", "output", "model", "input", "cost", "latency_ms"})
            QVERIFY2(o.contains(QLatin1StringView(required)), required);
        const QString createdAt = o.value(u"created_at"_s).toString();
        QVERIFY2(createdAt.endsWith(u'Z'), qPrintable(createdAt));
        const QDateTime when = QDateTime::fromString(createdAt, Qt::ISODateWithMs);
        QVERIFY2(when.isValid(), qPrintable(createdAt));
        if (previous.isValid())
            QVERIFY2(when <= previous, "newest first");
        previous = when;
        QVERIFY2(o.value(u"input"_s).isObject(), line.constData()); // the demo logs JSON inputs
        QVERIFY(o.value(u"id"_s).isDouble());
        QVERIFY(o.value(u"cost"_s).isDouble());
        ids << o.value(u"id"_s).toInteger();
    }
    QCOMPARE(ids, directIds(u"1"_s, 40));

    // jsonl without a limit writes every row.
    const Run all = assay({u"outputs"_s, m_demo, u"--format"_s, u"jsonl"_s});
    QVERIFY2(all.code == 0, qPrintable(all.describe()));
    QCOMPARE(all.out.count('\n'), 3000);
}

void TestCli::csvFormat()
{
    const Run run = assay({u"outputs"_s, m_demo, u"--format"_s, u"csv"_s, u"--limit"_s, u"60"_s,
                           u"--feature"_s, u"lead_score"_s});
    QVERIFY2(run.code == 0, qPrintable(run.describe()));
    const auto records = parseCsv(QString::fromUtf8(run.out));
    QVERIFY2(records, "the CSV parses");
    QCOMPARE(records->size(), 61);
    const QStringList header = records->first();
    QCOMPARE(header.first(), u"id"_s);
    for (const QString &name : header)
        QVERIFY2(logicalNames.contains(name), qPrintable(name));
    QVERIFY(header.contains(u"created_at"_s) && header.contains(u"output"_s));
    const qsizetype createdAt = header.indexOf(u"created_at"_s);
    const qsizetype feature = header.indexOf(u"feature"_s);
    const qsizetype output = header.indexOf(u"output"_s);
    QList<qint64> ids;
    bool multiLine = false;
    for (qsizetype i = 1; i < records->size(); ++i) {
        const QStringList &r = records->at(i);
        QCOMPARE(r.size(), header.size());
        ids << r.first().toLongLong();
        QCOMPARE(r.at(feature), u"lead_score"_s);
        QVERIFY2(r.at(createdAt).endsWith(u'Z'), qPrintable(r.at(createdAt)));
        multiLine = multiLine || r.at(output).contains(u'\n');
    }
    QCOMPARE(ids, directIds(u"feature = 'lead_score'"_s, 60));
    QVERIFY2(multiLine, "lead_score outputs are multi-line JSON, quoted intact");

    // The output column holds exactly what the log holds.
    QSqlQuery q(QSqlDatabase::database(m_directName));
    QVERIFY(q.exec(u"SELECT output FROM ai_outputs WHERE id = %1"_s.arg(ids.first())) && q.next());
    QCOMPARE(records->at(1).at(output), q.value(0).toString());
}

void TestCli::outputToFile()
{
    const QString file = path(u"export.jsonl"_s);
    const Run run = assay({u"outputs"_s, m_demo, u"--format"_s, u"jsonl"_s, u"--feature"_s, u"churn_risk"_s,
                           u"-o"_s, file});
    QVERIFY2(run.code == 0, qPrintable(run.describe()));
    QVERIFY(run.out.isEmpty());
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    Run fromFile;
    fromFile.out = f.readAll();
    QString problem;
    QCOMPARE(jsonlIds(fromFile, &problem), directIds(u"feature = 'churn_risk'"_s));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // A folder that does not exist: a failure, not a crash, and no half file.
    const Run bad = assay({u"outputs"_s, m_demo, u"--format"_s, u"csv"_s, u"-o"_s, path(u"no/such/dir/x.csv"_s)});
    QCOMPARE(bad.code, 1);
    QVERIFY(!bad.errText().isEmpty());
}

void TestCli::filtersMatchDirectSql_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("where");

    QTest::newRow("feature") << QStringList{u"--feature"_s, u"churn_risk"_s} << u"feature = 'churn_risk'"_s;
    QTest::newRow("two features") << QStringList{u"--feature"_s, u"churn_risk"_s, u"--feature"_s, u"lead_score"_s}
                                  << u"feature IN ('churn_risk', 'lead_score')"_s;
    QTest::newRow("model") << QStringList{u"--model"_s, u"gpt-4.1"_s} << u"model = 'gpt-4.1'"_s;
    QTest::newRow("since a date") << QStringList{u"--since"_s, u"2026-11-01"_s}
                                  << u"julianday(created_at) >= julianday('2026-11-01T00:00:00Z')"_s;
    QTest::newRow("until a date") << QStringList{u"--until"_s, u"2026-10-01"_s}
                                  << u"julianday(created_at) < julianday('2026-10-01T00:00:00Z')"_s;
    QTest::newRow("since and until, ISO times")
        << QStringList{u"--since"_s, u"2026-10-15T06:30:00Z"_s, u"--until"_s, u"2026-10-16T12:00:00Z"_s}
        << u"julianday(created_at) >= julianday('2026-10-15T06:30:00Z') AND julianday(created_at) < julianday('2026-10-16T12:00:00Z')"_s;
    QTest::newRow("feedback none") << QStringList{u"--feedback"_s, u"none"_s} << u"(feedback IS NULL OR feedback = '')"_s;
    QTest::newRow("feedback positive or edited")
        << QStringList{u"--feedback"_s, u"positive"_s, u"--feedback"_s, u"edited"_s}
        << u"feedback IN ('positive', 'edited')"_s;
    QTest::newRow("prompt with version") << QStringList{u"--prompt"_s, u"ticket_summary@v2"_s}
                                         << u"prompt_name = 'ticket_summary' AND prompt_version = 'v2'"_s;
    QTest::newRow("prompt, any version") << QStringList{u"--prompt"_s, u"inline_suggestion"_s}
                                         << u"prompt_name = 'inline_suggestion'"_s;
    QTest::newRow("errors") << QStringList{u"--errors"_s}
                            << u"(status NOT IN ('ok', 'success') OR (error IS NOT NULL AND error <> ''))"_s;
    QTest::newRow("search, any case") << QStringList{u"--search"_s, u"OKTA"_s}
                                      << u"(instr(lower(output), 'okta') > 0 OR instr(lower(input), 'okta') > 0)"_s;
    QTest::newRow("search in the input") << QStringList{u"--search"_s, u"Vertex Manufacturing"_s}
                                         << u"(instr(lower(output), 'vertex manufacturing') > 0 OR instr(lower(input), 'vertex manufacturing') > 0)"_s;
    QTest::newRow("combined")
        << QStringList{u"--feature"_s, u"ticket_summary"_s, u"--model"_s, u"claude-sonnet-4-5"_s, u"--since"_s,
                       u"2026-10-20"_s, u"--feedback"_s, u"none"_s}
        << u"feature = 'ticket_summary' AND model = 'claude-sonnet-4-5' AND julianday(created_at) >= julianday('2026-10-20') "
           "AND (feedback IS NULL OR feedback = '')"_s;
}

void TestCli::filtersMatchDirectSql()
{
    QFETCH(QStringList, flags);
    QFETCH(QString, where);

    const QList<qint64> expected = directIds(where);
    QVERIFY2(!expected.isEmpty() && expected.first() != -1, "the demo data has rows for this filter");
    QVERIFY2(expected.size() < 3000, "the filter leaves rows out");

    const Run run = assay(QStringList{u"outputs"_s, m_demo, u"--format"_s, u"jsonl"_s} + flags);
    QVERIFY2(run.code == 0, qPrintable(run.describe()));
    QString problem;
    const QList<qint64> got = jsonlIds(run, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(got.size(), expected.size());
    QCOMPARE(got, expected);

    // The table format agrees on the first rows.
    const Run table = assay(QStringList{u"outputs"_s, m_demo, u"--limit"_s, u"3"_s} + flags);
    QVERIFY2(table.code == 0, qPrintable(table.describe()));
    const QStringList lines = QString::fromUtf8(table.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + std::min<qsizetype>(3, expected.size()));
    QCOMPARE(lines.at(1).section(u' ', 0, 0).toLongLong(), expected.first());
}

void TestCli::limitAppliesAfterFilters()
{
    const Run run = assay({u"outputs"_s, m_demo, u"--format"_s, u"jsonl"_s, u"--feature"_s, u"doc_answer"_s,
                           u"--limit"_s, u"7"_s});
    QVERIFY2(run.code == 0, qPrintable(run.describe()));
    QCOMPARE(jsonlIds(run), directIds(u"feature = 'doc_answer'"_s, 7));
    const Run none = assay({u"outputs"_s, m_demo, u"--format"_s, u"csv"_s, u"--feature"_s, u"no_such_feature"_s});
    QVERIFY2(none.code == 0, qPrintable(none.describe()));
    const auto records = parseCsv(QString::fromUtf8(none.out));
    QVERIFY(records);
    QCOMPARE(records->size(), 1); // the header alone
}

void TestCli::exitCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("mentions");

    const QString demo = path(u"demo.sqlite"_s);
    QFile text(path(u"notes.txt"_s));
    if (text.open(QIODevice::WriteOnly))
        text.write("these are notes, not a database\n");
    text.close();
    QFile empty(path(u"empty.sqlite"_s));
    if (empty.open(QIODevice::WriteOnly))
        empty.close();

    QTest::newRow("unknown flag") << QStringList{u"outputs"_s, demo, u"--colour"_s} << 2 << u"colour"_s;
    QTest::newRow("missing source file") << QStringList{u"outputs"_s, path(u"missing.sqlite"_s)} << 2
                                         << u"missing.sqlite"_s;
    QTest::newRow("not a SQLite file") << QStringList{u"outputs"_s, path(u"notes.txt"_s)} << 2 << u"not a SQLite"_s;
    QTest::newRow("empty file") << QStringList{u"outputs"_s, path(u"empty.sqlite"_s)} << 2 << u"empty"_s;
    QTest::newRow("a folder") << QStringList{u"outputs"_s, m_dir.path()} << 2 << u"folder"_s;
    QTest::newRow("bad --since") << QStringList{u"outputs"_s, demo, u"--since"_s, u"last tuesday"_s} << 2
                                 << u"--since"_s;
    QTest::newRow("bad --until") << QStringList{u"outputs"_s, demo, u"--until"_s, u"2026-13-45"_s} << 2
                                 << u"--until"_s;
    QTest::newRow("bad --format") << QStringList{u"outputs"_s, demo, u"--format"_s, u"bogus"_s} << 2 << u"--format"_s;
    QTest::newRow("bad --feedback") << QStringList{u"outputs"_s, demo, u"--feedback"_s, u"meh"_s} << 2 << u"meh"_s;
    QTest::newRow("bad --limit") << QStringList{u"outputs"_s, demo, u"--limit"_s, u"-3"_s} << 2 << u"--limit"_s;
    QTest::newRow("bad --prompt") << QStringList{u"outputs"_s, demo, u"--prompt"_s, u"@v2"_s} << 2 << u"--prompt"_s;
    QTest::newRow("no source") << QStringList{u"outputs"_s} << 2 << u"SOURCE"_s;
    QTest::newRow("two sources") << QStringList{u"outputs"_s, demo, demo} << 2 << u"SOURCE"_s;
    QTest::newRow("bad URL parameter") << QStringList{u"outputs"_s, u"postgresql://u@127.0.0.1:1/db?colour=red"_s}
                                       << 2 << u"colour"_s;
    QTest::newRow("missing mapping file") << QStringList{u"outputs"_s, demo, u"--mapping"_s, path(u"nope.json"_s)}
                                          << 2 << u"nope.json"_s;
    QTest::newRow("schema of a missing file") << QStringList{u"schema"_s, path(u"missing.sqlite"_s)} << 2
                                              << u"missing.sqlite"_s;
    QTest::newRow("views without a name") << QStringList{u"views"_s, demo, u"save"_s} << 2 << u"NAME"_s;
    QTest::newRow("unknown views action") << QStringList{u"views"_s, demo, u"rename"_s, u"x"_s} << 2 << u"rename"_s;
}

void TestCli::exitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, mentions);

    const Run run = assay(args);
    QVERIFY2(run.code == code, qPrintable(run.describe()));
    QVERIFY2(run.out.isEmpty(), qPrintable(run.describe()));
    const QString err = run.errText();
    QVERIFY2(!err.isEmpty(), "a failure says why");
    QVERIFY2(!err.contains(u'\n'), qPrintable(u"one line on stderr, got: "_s + err));
    QVERIFY2(err.startsWith(u"assay: "_s), qPrintable(err));
    QVERIFY2(err.contains(mentions, Qt::CaseInsensitive), qPrintable(u"\""_s + mentions + u"\" not in: "_s + err));
}

void TestCli::missingRequiredColumnIsNamed()
{
    const QString file = path(u"no-output.sqlite"_s);
    QVERIFY(makeSqlite(file, {u"CREATE TABLE ai_outputs (id INTEGER PRIMARY KEY, feature TEXT, created_at TEXT, model TEXT)"_s,
                              u"INSERT INTO ai_outputs (feature, created_at, model) VALUES ('f', '2026-11-01T10:00:00Z', 'm')"_s}));
    const Run run = assay({u"outputs"_s, file});
    QVERIFY2(run.code == 2, qPrintable(run.describe()));
    const QString err = run.errText();
    QVERIFY2(!err.contains(u'\n'), qPrintable(err));
    QVERIFY2(err.contains(u"output"_s) && err.contains(u"ai_outputs"_s), qPrintable(err));
    QVERIFY2(err.contains(u"--mapping"_s), qPrintable(err)); // and says how to fix it

    const QString noTime = path(u"no-time.sqlite"_s);
    QVERIFY(makeSqlite(noTime, {u"CREATE TABLE ai_outputs (id INTEGER PRIMARY KEY, feature TEXT, output TEXT)"_s}));
    const Run schema = assay({u"schema"_s, noTime});
    QCOMPARE(schema.code, 2);
    QVERIFY2(schema.errText().contains(u"created_at"_s), qPrintable(schema.errText()));

    const QString noLog = path(u"no-log.sqlite"_s);
    QVERIFY(makeSqlite(noLog, {u"CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)"_s}));
    const Run none = assay({u"outputs"_s, noLog});
    QCOMPARE(none.code, 2);
    QVERIFY2(none.errText().contains(u"no AI output log"_s) && none.errText().contains(u"users"_s), qPrintable(none.errText()));
}

void TestCli::filterOnAbsentColumnIsRefused()
{
    // The minimal log of log-schema.md, without model or feedback columns.
    const QString file = path(u"minimal.sqlite"_s);
    QVERIFY(makeSqlite(file, {u"CREATE TABLE ai_outputs (id INTEGER PRIMARY KEY, feature TEXT, input_hash TEXT, output TEXT, "
                              "user_id TEXT, session_id TEXT, created_at TEXT)"_s,
                              u"INSERT INTO ai_outputs (feature, output, created_at) VALUES ('a', 'x', '2026-11-01 10:00:00')"_s,
                              u"INSERT INTO ai_outputs (feature, output, created_at) VALUES ('b', 'y', '2026-11-01 11:00:00')"_s}));
    const Run model = assay({u"outputs"_s, file, u"--model"_s, u"gpt-4o"_s});
    QVERIFY2(model.code == 2, qPrintable(model.describe()));
    QVERIFY2(model.errText().contains(u"model"_s) && !model.errText().contains(u'\n'), qPrintable(model.errText()));
    QVERIFY(model.out.isEmpty());

    const Run feedback = assay({u"outputs"_s, file, u"--feedback"_s, u"none"_s});
    QCOMPARE(feedback.code, 2);
    QVERIFY2(feedback.errText().contains(u"feedback"_s), qPrintable(feedback.errText()));

    // Hostile magnitudes are a usage error with a reason, never a crash (this one was exit 139).
    for (const QString &since : {u"99999999999999w"_s, u"99999999999999999999999d"_s, u"99999-01-01T00:00:00Z"_s}) {
        const Run huge = assay({u"outputs"_s, file, u"--since"_s, since});
        QVERIFY2(huge.code == 2, qPrintable(huge.describe()));
        QVERIFY2(huge.errText().startsWith(u"--since"_s) || huge.errText().contains(u"--since"_s), qPrintable(huge.errText()));
    }

    // What it does have still works, times printed as UTC with a Z.
    const Run all = assay({u"outputs"_s, file, u"--format"_s, u"jsonl"_s});
    QVERIFY2(all.code == 0, qPrintable(all.describe()));
    const QList<QByteArray> lines = all.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject newest = QJsonDocument::fromJson(lines.first()).object();
    QCOMPARE(newest.value(u"feature"_s).toString(), u"b"_s);
    QCOMPARE(newest.value(u"created_at"_s).toString(), u"2026-11-01T11:00:00Z"_s);
    QVERIFY(!newest.contains(u"model"_s));
}

void TestCli::schemaListsTheMapping()
{
    const Run run = assay({u"schema"_s, m_demo});
    QVERIFY2(run.code == 0, qPrintable(run.describe()));
    const QString out = QString::fromUtf8(run.out);
    QVERIFY2(out.contains(u"table: \"ai_outputs\""_s), qPrintable(out));
    QVERIFY2(out.contains(u"ISO-8601"_s), qPrintable(out));
    const QStringList lines = out.split(u'\n');
    const auto columnOf = [&](const QString &field) {
        for (const QString &line : lines) {
            const QStringList parts = line.simplified().split(u' ');
            if (parts.size() == 2 && parts.first() == field)
                return parts.at(1);
        }
        return QString();
    };
    QCOMPARE(columnOf(u"feature"_s), u"feature"_s);
    QCOMPARE(columnOf(u"created_at"_s), u"created_at"_s);
    QCOMPARE(columnOf(u"cost"_s), u"cost_usd"_s);
    QCOMPARE(columnOf(u"latency_ms"_s), u"latency_ms"_s);

    // --write-mapping writes a file that reads back in.
    const QString mapping = path(u"written-mapping.json"_s);
    const Run write = assay({u"schema"_s, m_demo, u"--write-mapping"_s, mapping});
    QVERIFY2(write.code == 0, qPrintable(write.describe()));
    QFile f(mapping);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(json.value(u"table"_s).toString(), u"ai_outputs"_s);
    QCOMPARE(json.value(u"columns"_s).toObject().value(u"cost"_s).toString(), u"cost_usd"_s);
    const Run reuse = assay({u"outputs"_s, m_demo, u"--mapping"_s, mapping, u"--limit"_s, u"2"_s, u"--format"_s, u"jsonl"_s});
    QVERIFY2(reuse.code == 0, qPrintable(reuse.describe()));
    QCOMPARE(jsonlIds(reuse), directIds(u"1"_s, 2));
}

void TestCli::mappingFileMapsUnusualColumns()
{
    // Epoch milliseconds under names no synonym covers, beside a table that is not the log.
    const QString file = path(u"unusual.sqlite"_s);
    QStringList statements{
        u"CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)"_s,
        u"CREATE TABLE llm_calls (call_id INTEGER PRIMARY KEY, kind TEXT, logged INTEGER, answer_text TEXT, engine TEXT, "
        "thumbs TEXT)"_s,
    };
    // 2026-11-01T00:00:00Z is 1793491200000 ms; one call an hour.
    for (int i = 0; i < 48; ++i) {
        statements << u"INSERT INTO llm_calls VALUES (%1, '%2', %3, 'answer %1', '%4', %5)"_s
                          .arg(i + 1)
                          .arg(i % 2 ? u"search"_s : u"summarize"_s)
                          .arg(1793491200000LL + qint64(i) * 3600000 + 250)
                          .arg(i % 3 ? u"small-model"_s : u"big-model"_s)
                          .arg(i % 4 ? u"NULL"_s : u"'up'"_s);
    }
    QVERIFY(makeSqlite(file, statements));
    const QString before = QString::fromLatin1(sha256Of(file));

    const Run detected = assay({u"outputs"_s, file});
    QCOMPARE(detected.code, 2);
    QVERIFY2(detected.errText().contains(u"--mapping"_s), qPrintable(detected.errText()));

    const QString mapping = path(u"unusual-mapping.json"_s);
    QFile m(mapping);
    QVERIFY(m.open(QIODevice::WriteOnly));
    m.write(R"({"table": "llm_calls",
                "columns": {"id": "call_id", "feature": "kind", "created_at": "logged",
                            "output": "answer_text", "model": "engine", "feedback": "thumbs"},
                "timestamp": "epoch_ms"})");
    m.close();

    const Run schema = assay({u"schema"_s, file, u"--mapping"_s, mapping});
    QVERIFY2(schema.code == 0, qPrintable(schema.describe()));
    QVERIFY2(schema.out.contains("llm_calls") && schema.out.contains("answer_text") && schema.out.contains("epoch milliseconds"),
             schema.out.constData());

    const Run run = assay({u"outputs"_s, file, u"--mapping"_s, mapping, u"--format"_s, u"jsonl"_s, u"--model"_s,
                           u"big-model"_s, u"--since"_s, u"2026-11-02"_s});
    QVERIFY2(run.code == 0, qPrintable(run.describe()));
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    // Hours 24..47 of the big model: i % 3 == 0, so i = 24, 27, ..., 45.
    QCOMPARE(lines.size(), 8);
    const QJsonObject newest = QJsonDocument::fromJson(lines.first()).object();
    QCOMPARE(newest.value(u"id"_s).toInteger(), 46);
    QCOMPARE(newest.value(u"created_at"_s).toString(), u"2026-11-02T21:00:00.250Z"_s);
    QCOMPARE(newest.value(u"output"_s).toString(), u"answer 46"_s);
    QCOMPARE(newest.value(u"feature"_s).toString(), u"search"_s);
    QCOMPARE(newest.value(u"model"_s).toString(), u"big-model"_s);
    const QJsonObject oldest = QJsonDocument::fromJson(lines.last()).object();
    QCOMPARE(oldest.value(u"created_at"_s).toString(), u"2026-11-02T00:00:00.250Z"_s);

    const Run liked = assay({u"outputs"_s, file, u"--mapping"_s, mapping, u"--format"_s, u"csv"_s, u"--feedback"_s,
                             u"none"_s});
    QVERIFY2(liked.code == 0, qPrintable(liked.describe()));
    const auto records = parseCsv(QString::fromUtf8(liked.out));
    QVERIFY(records);
    QCOMPARE(records->size(), 1 + 36);

    // A mapping naming a column the table lacks is refused, naming it.
    QVERIFY(m.open(QIODevice::WriteOnly | QIODevice::Truncate));
    m.write(R"({"table": "llm_calls", "columns": {"output": "reply"}})");
    m.close();
    const Run wrong = assay({u"outputs"_s, file, u"--mapping"_s, mapping});
    QCOMPARE(wrong.code, 2);
    QVERIFY2(wrong.errText().contains(u"reply"_s), qPrintable(wrong.errText()));

    QCOMPARE(QString::fromLatin1(sha256Of(file)), before);
}

void TestCli::savedViews()
{
    const Run empty = assay({u"views"_s, m_demo, u"list"_s});
    QVERIFY2(empty.code == 0, qPrintable(empty.describe()));
    QVERIFY2(empty.out.trimmed().isEmpty(), empty.out.constData());

    const Run save = assay({u"views"_s, m_demo, u"save"_s, u"weekly churn"_s, u"--feature"_s, u"churn_risk"_s,
                            u"--feedback"_s, u"negative"_s});
    QVERIFY2(save.code == 0, qPrintable(save.describe()));
    const Run second = assay({u"views"_s, m_demo, u"save"_s, u"errors"_s, u"--errors"_s});
    QVERIFY2(second.code == 0, qPrintable(second.describe()));

    const Run list = assay({u"views"_s, m_demo, u"list"_s});
    QVERIFY2(list.code == 0, qPrintable(list.describe()));
    const QStringList lines = QString::fromUtf8(list.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    const QString churn = lines.at(1);
    QVERIFY2(churn.startsWith(u"weekly churn\t"_s), qPrintable(churn));
    const QJsonObject filter = QJsonDocument::fromJson(churn.section(u'\t', 1).toUtf8()).object();
    QCOMPARE(filter.value(u"features"_s).toVariant().toStringList(), QStringList{u"churn_risk"_s});
    QCOMPARE(filter.value(u"feedback"_s).toVariant().toStringList(), QStringList{u"negative"_s});
    QVERIFY2(lines.at(0).startsWith(u"errors\t"_s), qPrintable(lines.at(0)));

    // The workspace went where ASSAY_WORKSPACE_DIR says.
    const QStringList workspaces = QDir(path(u"workspaces"_s)).entryList({u"*.sqlite"_s}, QDir::Files);
    QCOMPARE(workspaces.size(), 1);

    const Run removed = assay({u"views"_s, m_demo, u"delete"_s, u"errors"_s});
    QVERIFY2(removed.code == 0, qPrintable(removed.describe()));
    const Run after = assay({u"views"_s, m_demo});
    QVERIFY2(after.code == 0, qPrintable(after.describe()));
    QVERIFY(!after.out.contains("errors\t"));
    QVERIFY(after.out.contains("weekly churn\t"));
}

void TestCli::indexThenSearch()
{
    const Run index = assay({u"index"_s, m_demo, u"-q"_s});
    QVERIFY2(index.code == 0, qPrintable(index.describe()));
    QVERIFY2(index.out.contains("indexed 3000 new rows"), index.out.constData());
    QVERIFY(index.err.isEmpty());

    const auto contains = [](const QString &needle) {
        return u"(instr(lower(output), '%1') > 0 OR instr(lower(input), '%1') > 0)"_s.arg(needle);
    };
    for (const QString &term : {u"Okta"_s, u"vertex manufacturing"_s, u"ok"_s /* too short for trigrams: scans */}) {
        const QList<qint64> expected = directIds(contains(term.toLower()));
        QVERIFY(!expected.isEmpty());
        const Run search = assay({u"outputs"_s, m_demo, u"--search"_s, term, u"--format"_s, u"jsonl"_s});
        QVERIFY2(search.code == 0, qPrintable(search.describe()));
        QCOMPARE(jsonlIds(search), expected);
    }
    const Run nothing = assay({u"outputs"_s, m_demo, u"--search"_s, u"zzq-not-in-the-log"_s, u"--format"_s, u"jsonl"_s});
    QVERIFY2(nothing.code == 0, qPrintable(nothing.describe()));
    QVERIFY(nothing.out.isEmpty());

    // A second pass has nothing new to add.
    const Run again = assay({u"index"_s, m_demo, u"-q"_s});
    QVERIFY2(again.code == 0, qPrintable(again.describe()));
    QVERIFY2(again.out.contains("indexed 0 new rows"), again.out.constData());
}

void TestCli::timeBoundsWithinOneSecond()
{
    // ISO text with milliseconds and a Z, as the demo (and many products) write it. --since and
    // --until must compare instants, also within the second of the bound.
    const QString file = path(u"edges.sqlite"_s);
    QVERIFY(makeSqlite(file, {
        u"CREATE TABLE ai_outputs (id INTEGER PRIMARY KEY, feature TEXT, created_at TEXT, output TEXT)"_s,
        u"INSERT INTO ai_outputs VALUES (1, 'f', '2026-10-31T23:59:59.900Z', 'a')"_s,
        u"INSERT INTO ai_outputs VALUES (2, 'f', '2026-11-01T00:00:00.000Z', 'b')"_s,
        u"INSERT INTO ai_outputs VALUES (3, 'f', '2026-11-01T00:00:00.500Z', 'c')"_s,
        u"INSERT INTO ai_outputs VALUES (4, 'f', '2026-11-01T00:00:01.000Z', 'd')"_s,
    }));
    const Run since = assay({u"outputs"_s, file, u"--since"_s, u"2026-11-01"_s, u"--format"_s, u"jsonl"_s});
    QVERIFY2(since.code == 0, qPrintable(since.describe()));
    const Run until = assay({u"outputs"_s, file, u"--until"_s, u"2026-11-01"_s, u"--format"_s, u"jsonl"_s});
    QVERIFY2(until.code == 0, qPrintable(until.describe()));
    QCOMPARE(jsonlIds(since), (QList<qint64>{4, 3, 2}));
    QCOMPARE(jsonlIds(until), (QList<qint64>{1}));
}

void TestCli::datesAreReadInTheUserZone()
{
    // Assay's one time-zone rule: --since 2026-11-01 is that midnight in the user's zone (TZ, or
    // --tz). Midnight of 1 Nov in Berlin (CET) is 31 Oct 23:00 UTC, worked out by hand.
    const QString file = path(u"zones.sqlite"_s);
    QVERIFY(makeSqlite(file, {
        u"CREATE TABLE ai_outputs (id INTEGER PRIMARY KEY, feature TEXT, created_at TEXT, output TEXT)"_s,
        u"INSERT INTO ai_outputs VALUES (1, 'f', '2026-10-31T22:30:00Z', 'a')"_s,
        u"INSERT INTO ai_outputs VALUES (2, 'f', '2026-10-31T23:30:00Z', 'b')"_s,
        u"INSERT INTO ai_outputs VALUES (3, 'f', '2026-11-01T00:30:00Z', 'c')"_s,
    }));
    const QStringList since{u"outputs"_s, file, u"--since"_s, u"2026-11-01"_s, u"--format"_s, u"jsonl"_s};
    QProcessEnvironment utcEnv;
    utcEnv.insert(u"TZ"_s, u"UTC"_s);
    QProcessEnvironment berlinEnv;
    berlinEnv.insert(u"TZ"_s, u"Europe/Berlin"_s);

    const Run inUtc = assay(since, utcEnv);
    QVERIFY2(inUtc.code == 0, qPrintable(inUtc.describe()));
    QCOMPARE(jsonlIds(inUtc), (QList<qint64>{3}));
    const Run inBerlin = assay(since, berlinEnv);
    QVERIFY2(inBerlin.code == 0, qPrintable(inBerlin.describe()));
    QCOMPARE(jsonlIds(inBerlin), (QList<qint64>{3, 2}));
    const Run overridden = assay(since + QStringList{u"--tz"_s, u"UTC"_s}, berlinEnv);
    QVERIFY2(overridden.code == 0, qPrintable(overridden.describe()));
    QCOMPARE(jsonlIds(overridden), (QList<qint64>{3}));
    const Run named = assay(since + QStringList{u"--tz"_s, u"Europe/Berlin"_s}, utcEnv);
    QCOMPARE(jsonlIds(named), (QList<qint64>{3, 2}));
    // A time with its own offset is that instant, whatever the zone.
    const Run exact = assay({u"outputs"_s, file, u"--since"_s, u"2026-10-31T23:00:00Z"_s, u"--format"_s, u"jsonl"_s},
                            berlinEnv);
    QCOMPARE(jsonlIds(exact), (QList<qint64>{3, 2}));

    const Run unknown = assay(since + QStringList{u"--tz"_s, u"Mars/Olympus"_s});
    QCOMPARE(unknown.code, 2);
    QVERIFY2(unknown.errText().contains(u"--tz"_s) && unknown.errText().contains(u"Mars/Olympus"_s),
             qPrintable(unknown.errText()));
}

void TestCli::readCommandsLeaveTheLogUntouched()
{
    // Every command above that read the demo log (outputs, schema, views, index) left its bytes alone.
    QCOMPARE(sha256Of(m_demo), m_demoSha);
    QSqlDatabase::database(m_directName).close();
    QSqlDatabase::removeDatabase(m_directName);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

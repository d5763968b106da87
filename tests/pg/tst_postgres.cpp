// PostgreSQL integration tests against a real server. ctest starts a throwaway one (pg-server.sh,
// see CMakeLists.txt) and passes ASSAY_TEST_PG_URL; without it every test skips and says why.
//
// The log table deliberately uses other column names than ai_outputs (use_case, ts, response,
// model_name, input_data, ...), timestamptz values with microseconds and exact ties, NULL
// timestamps, jsonb inputs and ids that do not follow time order. The server's own time zone is
// not UTC (pg-server.sh sets Asia/Kolkata), so any zone slip shows up as wrong timestamps.

#include "browse/LogSession.h"
#include "export/OutputExport.h"
#include "prompts/PromptRegistry.h"
#include "query/FilterSql.h"
#include "search/SearchIndexer.h"
#include "schema/SchemaDetector.h"
#include "source/SourceConnection.h"
#include "workspace/Workspace.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>

#include <memory>

Q_DECLARE_METATYPE(assay::SortField)

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

constexpr int logRows = 3000;
const QString skipTag = u"ASSAY_PG_TESTS_SKIPPED: "_s;

// The rows of llm_log, made by the server. g runs 1..3000; p = g * 7919 mod 3001 is a permutation
// of it, so time order and id order disagree. Rows come in groups of three with the very same ts
// (microseconds included), and neighbouring groups differ by a single microsecond, which a
// millisecond round-trip would merge. Every 401st row has no timestamp at all.
const QString createLogSql = uR"(
CREATE TABLE public.llm_log (
    id bigserial PRIMARY KEY,
    use_case text NOT NULL,
    ts timestamptz,
    response text,
    model_name text,
    input_data jsonb,
    prompt_tokens int,
    completion_tokens int,
    duration_ms int,
    user_feedback text,
    status text
))"_s;

const QString fillLogSql = uR"(
INSERT INTO public.llm_log (use_case, ts, response, model_name, input_data, prompt_tokens,
                            completion_tokens, duration_ms, user_feedback, status)
SELECT (ARRAY['ticket_summary', 'churn_risk', 'reply_draft', 'tagging'])[1 + g % 4],
       CASE WHEN g % 401 = 0 THEN NULL
            ELSE timestamptz '2026-10-01 00:00:00+00'
                 + ((p / 3) / 2) * interval '47 minutes'
                 + ((p / 3) % 2) * interval '1 microsecond'
                 + interval '0.123456 seconds' END,
       CASE WHEN g % 97 = 0 THEN NULL
            ELSE 'Answer ' || g || CASE g % 10 WHEN 0 THEN ': save 50% off today'
                                               WHEN 1 THEN ': save 500 off today'
                                               WHEN 2 THEN ': the Refund NEEDLE is here'
                                               WHEN 3 THEN ': snake_case_word'
                                               WHEN 4 THEN ': one cent more'
                                               ELSE ': plain text, "quoted"' || chr(10) || 'second line' END
       END,
       CASE WHEN g % 11 = 0 THEN NULL ELSE (ARRAY['claude-opus-4-6', 'gpt-4o', 'gemini-2.5-pro'])[1 + g % 3] END,
       jsonb_build_object('customer', 'Acme-' || (g % 13), 'ticket', g,
                          'note', CASE WHEN g % 29 = 0 THEN 'needle in the input' ELSE 'x' END),
       100 + g % 900,
       20 + g % 300,
       CASE WHEN g % 53 = 0 THEN NULL ELSE 200 + (g * 37) % 1500 END,
       CASE g % 7 WHEN 0 THEN 'positive' WHEN 1 THEN 'negative' WHEN 2 THEN 'edited' WHEN 3 THEN '' ELSE NULL END,
       CASE WHEN g % 23 = 0 THEN 'error' WHEN g % 31 = 0 THEN 'timeout' WHEN g % 37 = 0 THEN NULL ELSE 'success' END
FROM generate_series(1, 3000) AS g, LATERAL (SELECT (g * 7919) % 3001 AS p) AS perm
ORDER BY g)"_s;

const QString checksumSql = u"SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY id), '')) "
                            "FROM public.llm_log t"_s;

QString firstLine(const QString &text)
{
    return text.section(u'\n', 0, 0).trimmed();
}

QDateTime utc(const char *iso)
{
    QDateTime dt = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
    dt.setTimeZone(QTimeZone::utc());
    return dt;
}

struct ProcessResult {
    int exitCode = -1;
    QString output;
};

ProcessResult runScript(const QStringList &args, int timeoutMs = 120000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(u"sh"_s, QStringList{qEnvironmentVariable("ASSAY_TEST_PG_SCRIPT")} + args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, u"timed out: "_s + QString::fromLocal8Bit(p.readAll())};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromLocal8Bit(p.readAll())};
}

} // namespace

class TestPostgres : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void detectsSynonymsAndSqlTimestamps();
    void keysetPagingVisitsEveryRowOnce_data();
    void keysetPagingVisitsEveryRowOnce();
    void pagingFromAnAnchorAndBackwards();
    void filtersMatchDirectSql_data();
    void filtersMatchDirectSql();
    void unsupportedFiltersAreNamed();
    void fetchRecordReadsTheWholeRow();
    void distinctValuesAndEstimate();
    void exportsJsonl();
    void sessionIsReadOnly();
    void passwordInUrlWorks();
    void connectionErrorsAreClear_data();
    void connectionErrorsAreClear();
    void unresponsiveServerTimesOut();
    void terminatedBackendFailsCleanly();
    void interruptCancelsARunningQuery();
    void searchThroughTheWorkspaceIndex();
    void promptRegistryTable();
    void stoppedServerFailsCleanly();
    void postgresWorkspace();

private:
    QSqlDatabase admin() { return QSqlDatabase::database(m_adminName); }
    QVariant scalar(const QString &sql);
    QList<qint64> ids(const QString &sql);
    QString url(const QString &userInfo = {}, int port = -1, const QString &database = {},
                const QString &query = {}) const;
    Result<std::unique_ptr<LogSession>> openSession(const QString &sourceUrl, const QString &workspace = {});

    SourceLocation m_location;
    QString m_url;
    QString m_adminName = u"tst-postgres-admin"_s;
    QString m_checksum;
    QTemporaryDir m_workspaceDir;
};

QVariant TestPostgres::scalar(const QString &sql)
{
    QSqlQuery q(admin());
    if (!q.exec(sql) || !q.next()) {
        qWarning("direct SQL failed: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return {};
    }
    return q.value(0);
}

QList<qint64> TestPostgres::ids(const QString &sql)
{
    QList<qint64> out;
    QSqlQuery q(admin());
    if (!q.exec(sql)) {
        qWarning("direct SQL failed: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return out;
    }
    while (q.next())
        out << q.value(0).toLongLong();
    return out;
}

QString TestPostgres::url(const QString &userInfo, int port, const QString &database, const QString &query) const
{
    QString text = u"postgresql://%1@%2:%3/%4"_s.arg(userInfo.isEmpty() ? m_location.user : userInfo, m_location.host)
                       .arg(port < 0 ? m_location.port : port)
                       .arg(database.isEmpty() ? m_location.database : database);
    if (!query.isEmpty())
        text += u'?' + query;
    return text;
}

Result<std::unique_ptr<LogSession>> TestPostgres::openSession(const QString &sourceUrl, const QString &workspace)
{
    auto location = SourceLocation::parse(sourceUrl);
    if (!location)
        return fail(location.error());
    SessionSpec spec;
    spec.source = *location;
    spec.workspace = workspace;
    spec.useWorkspace = !workspace.isEmpty();
    return LogSession::open(spec);
}

void TestPostgres::initTestCase()
{
    if (const QString reason = qEnvironmentVariable("ASSAY_TEST_PG_SKIP"); !reason.isEmpty())
        QSKIP(qPrintable(skipTag + reason));
    m_url = qEnvironmentVariable("ASSAY_TEST_PG_URL");
    if (m_url.isEmpty())
        QSKIP(qPrintable(skipTag + u"ASSAY_TEST_PG_URL is not set; run these tests through ctest, which starts "
                                   "a PostgreSQL server for them"_s));
    QVERIFY2(QSqlDatabase::isDriverAvailable(u"QPSQL"_s),
             "the Qt PostgreSQL driver (Debian: libqt6sql6-psql) is not installed");
    QVERIFY(m_workspaceDir.isValid());
    qputenv("ASSAY_WORKSPACE_DIR", QFile::encodeName(m_workspaceDir.path()));

    auto location = SourceLocation::parse(m_url);
    QVERIFY2(location, qPrintable(location.error()));
    m_location = *location;
    QVERIFY(m_location.isPostgres());
    QVERIFY(!m_location.option(u"connect_timeout"_s).isEmpty());

    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_adminName);
    db.setHostName(m_location.host);
    db.setPort(m_location.port);
    db.setDatabaseName(m_location.database);
    db.setUserName(m_location.user);
    db.setConnectOptions(u"connect_timeout=10"_s);
    QVERIFY2(db.open(), qPrintable(u"cannot reach the test server at %1: %2"_s.arg(m_url, db.lastError().text())));

    QSqlQuery q(db);
    const QStringList setup{
        u"SET client_min_messages = warning"_s,
        u"DROP SCHEMA IF EXISTS assay CASCADE"_s,
        u"DROP TABLE IF EXISTS public.llm_log, public.audit_events"_s,
        createLogSql,
        fillLogSql,
        u"CREATE INDEX llm_log_ts_id ON public.llm_log (ts, id)"_s,
        // A decoy with a feature-like and a time column but no output: detection must not pick it.
        u"CREATE TABLE public.audit_events (id bigserial PRIMARY KEY, task text, created_at timestamptz, payload text)"_s,
        u"INSERT INTO public.audit_events (task, created_at, payload) "
        "SELECT 'login', now(), 'x' FROM generate_series(1, 10)"_s,
        u"GRANT SELECT ON public.llm_log TO assay_pw"_s,
        u"ANALYZE public.llm_log"_s,
    };
    for (const QString &sql : setup)
        QVERIFY2(q.exec(sql), qPrintable(firstLine(sql) + u": "_s + q.lastError().text()));

    QCOMPARE(scalar(u"SELECT count(*) FROM public.llm_log"_s).toLongLong(), qint64(logRows));
    // The data has what the tests rely on: exact ties, one-microsecond neighbours, NULL times.
    QVERIFY(scalar(u"SELECT count(*) FROM (SELECT ts FROM public.llm_log WHERE ts IS NOT NULL GROUP BY ts "
                   "HAVING count(*) = 3) t"_s).toInt() > 900);
    QVERIFY(scalar(u"SELECT count(*) FROM public.llm_log a JOIN public.llm_log b "
                   "ON b.ts = a.ts + interval '1 microsecond'"_s).toInt() > 1000);
    QCOMPARE(scalar(u"SELECT count(*) FROM public.llm_log WHERE ts IS NULL"_s).toInt(), 7);
    m_checksum = scalar(checksumSql).toString();
    QVERIFY(!m_checksum.isEmpty());
}

void TestPostgres::cleanupTestCase()
{
    if (!QSqlDatabase::contains(m_adminName))
        return;
    // Nothing Assay did in any test changed the team's table.
    if (!m_checksum.isEmpty())
        QCOMPARE(scalar(checksumSql).toString(), m_checksum);
    QSqlDatabase::database(m_adminName).close();
    QSqlDatabase::removeDatabase(m_adminName);
}

void TestPostgres::detectsSynonymsAndSqlTimestamps()
{
    auto session = openSession(m_url);
    QVERIFY2(session, qPrintable(session.error()));
    const LogSchema &schema = (*session)->schema();
    QCOMPARE(schema.dialect, SqlDialect::PostgreSQL);
    QCOMPARE(schema.schemaName, u"public"_s);
    QCOMPARE(schema.table, u"llm_log"_s);
    QCOMPARE(schema.qualifiedTable(), u"\"public\".\"llm_log\""_s);

    const QList<std::pair<LogField, QString>> expected{
        {LogField::Id, u"id"_s},
        {LogField::Feature, u"use_case"_s},
        {LogField::CreatedAt, u"ts"_s},
        {LogField::Output, u"response"_s},
        {LogField::Model, u"model_name"_s},
        {LogField::Input, u"input_data"_s},
        {LogField::InputTokens, u"prompt_tokens"_s},
        {LogField::OutputTokens, u"completion_tokens"_s},
        {LogField::LatencyMs, u"duration_ms"_s},
        {LogField::Feedback, u"user_feedback"_s},
        {LogField::Status, u"status"_s},
    };
    for (const auto &[field, column] : expected) {
        QVERIFY2(schema.has(field), qPrintable(logFieldName(field)));
        QCOMPARE(schema.column(field), column);
    }
    for (LogField absent : {LogField::UserId, LogField::SessionId, LogField::PromptName, LogField::Cost,
                            LogField::Error, LogField::InputHash})
        QVERIFY2(!schema.has(absent), qPrintable(logFieldName(absent)));
    QCOMPARE(schema.timestamps.kind, TimestampKind::SqlTimestamp);
    QVERIFY(!schema.idIsRowid);
    QVERIFY(schema.idIsInteger);

    // The catalogue listing sees both tables, with the declared types.
    auto tables = listTables((*session)->connection());
    QVERIFY2(tables, qPrintable(tables.error()));
    bool sawLog = false;
    for (const TableInfo &t : *tables) {
        QVERIFY(t.schemaName != "assay"_L1);
        if (t.table == "llm_log"_L1) {
            sawLog = true;
            for (const ColumnInfo &c : t.columns) {
                if (c.name == "ts"_L1)
                    QCOMPARE(c.type, u"timestamp with time zone"_s);
            }
        }
    }
    QVERIFY(sawLog);

    // A mapping may override detection: the decoy table, mapped explicitly, lacks an output.
    auto loc = SourceLocation::parse(m_url);
    SessionSpec spec{*loc, {}, {}, false};
    spec.mapping.table = u"audit_events"_s;
    auto decoy = LogSession::open(spec);
    QVERIFY(!decoy);
    QVERIFY2(decoy.error().contains(u"output"_s) && decoy.error().contains(u"audit_events"_s), qPrintable(decoy.error()));
}

void TestPostgres::keysetPagingVisitsEveryRowOnce_data()
{
    QTest::addColumn<SortField>("field");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<QString>("directOrder");

    // Assay sorts NULLs as the smallest values and breaks ties by id in the same direction.
    const QString byTimeDesc = u"ts DESC NULLS LAST, id DESC"_s;
    const QString byTimeAsc = u"ts ASC NULLS FIRST, id ASC"_s;
    QTest::newRow("newest first, pages of 7") << SortField::CreatedAt << true << 7 << byTimeDesc;
    QTest::newRow("oldest first, pages of 7") << SortField::CreatedAt << false << 7 << byTimeAsc;
    QTest::newRow("newest first, pages of 250") << SortField::CreatedAt << true << 250 << byTimeDesc;
    QTest::newRow("oldest first, pages of 250") << SortField::CreatedAt << false << 250 << byTimeAsc;
    QTest::newRow("slowest first") << SortField::LatencyMs << true << 64 << u"duration_ms DESC NULLS LAST, id DESC"_s;
    QTest::newRow("fastest first") << SortField::LatencyMs << false << 64 << u"duration_ms ASC NULLS FIRST, id ASC"_s;
}

void TestPostgres::keysetPagingVisitsEveryRowOnce()
{
    QFETCH(SortField, field);
    QFETCH(bool, descending);
    QFETCH(int, pageSize);
    QFETCH(QString, directOrder);

    auto session = openSession(m_url);
    QVERIFY2(session, qPrintable(session.error()));
    OutputsRepository &repo = (*session)->outputs();

    const QList<qint64> expected = ids(u"SELECT id FROM public.llm_log ORDER BY "_s + directOrder);
    QCOMPARE(expected.size(), logRows);

    PageRequest request;
    request.order = SortOrder{field, descending};
    request.limit = pageSize;
    QList<qint64> walked;
    QDateTime previous;
    for (int guard = 0; guard < logRows + 10; ++guard) {
        auto page = repo.fetchPage(request);
        QVERIFY2(page, qPrintable(page.error()));
        QVERIFY(page->size() <= pageSize);
        for (const OutputRecord &r : *page) {
            walked << r.key.toLongLong();
            // Preview rows: output cut short, no input.
            QVERIFY(r.value(LogField::Output).toString().size() <= OutputsRepository::previewChars);
            QVERIFY(!r.has(LogField::Input));
            if (field == SortField::CreatedAt && r.createdAt.isValid() && previous.isValid())
                QVERIFY2(descending ? r.createdAt <= previous : r.createdAt >= previous,
                         qPrintable(r.createdAt.toString(Qt::ISODateWithMs)));
            if (r.createdAt.isValid())
                previous = r.createdAt;
        }
        if (page->size() < pageSize)
            break;
        request.start = PageKey{page->last().sortValue, page->last().key};
        request.includeStart = false;
    }
    QCOMPARE(walked.size(), expected.size());
    QCOMPARE(QSet<qint64>(walked.cbegin(), walked.cend()).size(), logRows);
    QCOMPARE(walked, expected);

    // forEachKey walks the same order in one go.
    QList<qint64> keys;
    auto visited = repo.forEachKey(OutputFilter{}, request.order, [&](const PageKey &k) {
        keys << k.key.toLongLong();
        return true;
    });
    QVERIFY2(visited, qPrintable(visited.error()));
    QCOMPARE(keys, expected);
}

void TestPostgres::pagingFromAnAnchorAndBackwards()
{
    auto session = openSession(m_url);
    QVERIFY2(session, qPrintable(session.error()));
    OutputsRepository &repo = (*session)->outputs();
    const QList<qint64> expected = ids(u"SELECT id FROM public.llm_log ORDER BY ts DESC NULLS LAST, id DESC"_s);
    QCOMPARE(expected.size(), logRows);

    // Every key of the walk, with its exact sort value.
    QList<PageKey> keys;
    auto visited = repo.forEachKey(OutputFilter{}, SortOrder{}, [&](const PageKey &k) {
        keys << k;
        return true;
    });
    QVERIFY2(visited, qPrintable(visited.error()));
    QCOMPARE(keys.size(), logRows);
    // The sort value keeps the microseconds the database has.
    QVERIFY2(keys.first().sortValue.toString().contains(u".123457"_s) || keys.first().sortValue.toString().contains(u".123456"_s),
             qPrintable(keys.first().sortValue.toString()));

    // Anchors in the middle of a tie group, on its edges, and in the NULL tail.
    for (int anchor : {1500, 1501, 1502, 1503, logRows - 3}) {
        PageRequest request;
        request.start = keys.at(anchor);
        request.includeStart = true;
        request.limit = 10;
        auto page = repo.fetchPage(request);
        QVERIFY2(page, qPrintable(page.error()));
        QList<qint64> got;
        for (const OutputRecord &r : *page)
            got << r.key.toLongLong();
        QCOMPARE(got, expected.mid(anchor, 10));

        request.includeStart = false;
        request.reverse = true;
        auto back = repo.fetchPage(request);
        QVERIFY2(back, qPrintable(back.error()));
        QList<qint64> before;
        for (const OutputRecord &r : *back)
            before.prepend(r.key.toLongLong());
        QCOMPARE(before, expected.mid(anchor - 10, 10));
    }

    // The last page: the order walked backwards from its end.
    PageRequest last;
    last.reverse = true;
    last.limit = 20;
    auto tail = repo.fetchPage(last);
    QVERIFY2(tail, qPrintable(tail.error()));
    QList<qint64> got;
    for (const OutputRecord &r : *tail)
        got.prepend(r.key.toLongLong());
    QCOMPARE(got, expected.mid(logRows - 20));
}

void TestPostgres::filtersMatchDirectSql_data()
{
    QTest::addColumn<OutputFilter>("filter");
    QTest::addColumn<QString>("where");

    const auto row = [](const char *name, OutputFilter f, const QString &where) {
        QTest::newRow(name) << f << where;
    };
    row("everything", {}, u"TRUE"_s);
    {
        OutputFilter f;
        f.features = {u"churn_risk"_s};
        row("feature", f, u"use_case = 'churn_risk'"_s);
        f.features << u"tagging"_s;
        row("two features", f, u"use_case IN ('churn_risk', 'tagging')"_s);
    }
    {
        OutputFilter f;
        f.models = {u"gpt-4o"_s};
        row("model", f, u"model_name = 'gpt-4o'"_s);
    }
    {
        OutputFilter f;
        f.since = utc("2026-10-10T00:00:00");
        row("since", f, u"ts >= '2026-10-10 00:00:00+00'"_s);
    }
    {
        OutputFilter f;
        f.until = utc("2026-10-20T12:34:56.789");
        row("until (exclusive)", f, u"ts < '2026-10-20 12:34:56.789+00'"_s);
        f.since = utc("2026-10-05T06:00:00");
        row("since and until", f, u"ts >= '2026-10-05 06:00:00+00' AND ts < '2026-10-20 12:34:56.789+00'"_s);
    }
    {
        // since on the exact millisecond of a group: rows at .123456 are after .123.
        OutputFilter f;
        f.since = utc("2026-10-01T00:47:00.123");
        f.until = utc("2026-10-01T02:21:00.124");
        row("millisecond bounds", f, u"ts >= '2026-10-01 00:47:00.123+00' AND ts < '2026-10-01 02:21:00.124+00'"_s);
    }
    {
        OutputFilter f;
        f.feedback = {FeedbackFilter::None};
        row("feedback none", f, u"(user_feedback IS NULL OR user_feedback = '')"_s);
        f.feedback << FeedbackFilter::Positive;
        row("feedback none or positive", f, u"(user_feedback IS NULL OR user_feedback IN ('', 'positive'))"_s);
    }
    {
        OutputFilter f;
        f.feedback = {FeedbackFilter::Negative, FeedbackFilter::Edited};
        row("feedback negative or edited", f, u"user_feedback IN ('negative', 'edited')"_s);
    }
    {
        OutputFilter f;
        f.errorsOnly = true;
        // A NULL status records no outcome: not an error.
        row("errors", f, u"status IN ('error', 'timeout')"_s);
    }
    const auto contains = [](const QString &needle) {
        return u"(strpos(lower(coalesce(response, '')), '%1') > 0 OR strpos(lower(input_data::text), '%1') > 0)"_s.arg(needle);
    };
    {
        OutputFilter f;
        f.search = u"needle"_s;
        row("search, any case, output and input", f, contains(u"needle"_s));
        f.search = u"NeEdLe In"_s;
        row("search, input only", f, contains(u"needle in"_s));
        f.search = u"50%"_s;
        row("search with a percent sign", f, contains(u"50%"_s));
        f.search = u"e_c"_s;
        row("search with an underscore", f, contains(u"e_c"_s));
        f.search = u"acme-12"_s;
        row("search in jsonb", f, contains(u"acme-12"_s));
        f.search = u"\"quoted\""_s;
        row("search with quotes", f, contains(u"\"quoted\""_s));
        f.search = u"o'brien \\ nowhere"_s;
        row("search with nothing to find", f, u"FALSE"_s);
    }
    {
        OutputFilter f;
        f.features = {u"reply_draft"_s, u"ticket_summary"_s};
        f.models = {u"claude-opus-4-6"_s, u"gemini-2.5-pro"_s};
        f.feedback = {FeedbackFilter::None, FeedbackFilter::Negative};
        f.since = utc("2026-10-03T00:00:00");
        f.search = u"answer 1"_s;
        row("combined", f,
            u"use_case IN ('reply_draft', 'ticket_summary') AND model_name IN ('claude-opus-4-6', 'gemini-2.5-pro') "
            "AND (user_feedback IS NULL OR user_feedback IN ('', 'negative')) AND ts >= '2026-10-03 00:00:00+00' AND "_s
                + contains(u"answer 1"_s));
    }
}

void TestPostgres::filtersMatchDirectSql()
{
    QFETCH(OutputFilter, filter);
    QFETCH(QString, where);

    auto session = openSession(m_url);
    QVERIFY2(session, qPrintable(session.error()));
    OutputsRepository &repo = (*session)->outputs();
    QVERIFY(unsupportedFilters(repo.schema(), filter).isEmpty());

    const QList<qint64> expected =
        ids(u"SELECT id FROM public.llm_log WHERE %1 ORDER BY ts DESC NULLS LAST, id DESC"_s.arg(where));
    const qint64 direct = scalar(u"SELECT count(*) FROM public.llm_log WHERE "_s + where).toLongLong();
    QCOMPARE(qint64(expected.size()), direct);
    if (where != "FALSE"_L1)
        QVERIFY2(direct > 0, "the filter should select something in the test data");
    if (where != "TRUE"_L1)
        QVERIFY2(direct < logRows, "the filter should leave something out");

    auto counted = repo.count(filter);
    QVERIFY2(counted, qPrintable(counted.error()));
    QCOMPARE(*counted, direct);

    // The rows, in order, paging through them.
    QList<qint64> walked;
    auto visited = repo.forEachRecord(filter, SortOrder{}, -1, [&](const OutputRecord &r) {
        walked << r.key.toLongLong();
        return true;
    });
    QVERIFY2(visited, qPrintable(visited.error()));
    QCOMPARE(walked, expected);
}

void TestPostgres::unsupportedFiltersAreNamed()
{
    auto session = openSession(m_url);
    QVERIFY2(session, qPrintable(session.error()));
    OutputFilter f;
    f.userId = u"u1"_s;
    f.promptName = u"summary"_s;
    const QStringList why = unsupportedFilters((*session)->schema(), f);
    QCOMPARE(why.size(), 2);
    QVERIFY2(why.join(u' ').contains(u"user_id"_s) && why.join(u' ').contains(u"prompt_name"_s), qPrintable(why.join(u' ')));
}

void TestPostgres::fetchRecordReadsTheWholeRow()
{
    auto session = openSession(m_url);
    QVERIFY2(session, qPrintable(session.error()));
    OutputsRepository &repo = (*session)->outputs();

    const qint64 id = scalar(u"SELECT id FROM public.llm_log WHERE response LIKE '%second line%' ORDER BY id LIMIT 1"_s).toLongLong();
    QVERIFY(id > 0);
    auto record = repo.fetchRecord(QVariant(id), -1);
    QVERIFY2(record, qPrintable(record.error()));
    QCOMPARE(record->key.toLongLong(), id);
    QCOMPARE(record->value(LogField::Output).toString(),
             scalar(u"SELECT response FROM public.llm_log WHERE id = %1"_s.arg(id)).toString());
    QCOMPARE(record->value(LogField::Feature).toString(),
             scalar(u"SELECT use_case FROM public.llm_log WHERE id = %1"_s.arg(id)).toString());
    QVERIFY(!record->outputTruncated);
    QCOMPARE(record->outputBytes, scalar(u"SELECT octet_length(response) FROM public.llm_log WHERE id = %1"_s.arg(id)).toLongLong());
    const QJsonObject input = QJsonDocument::fromJson(record->value(LogField::Input).toString().toUtf8()).object();
    QCOMPARE(input.value(u"ticket"_s).toInteger(), scalar(u"SELECT (input_data->>'ticket')::int FROM public.llm_log WHERE id = %1"_s.arg(id)).toLongLong());
    // created_at decodes to the right instant whatever the server's time zone.
    const QString expectedIso = scalar(u"SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS') FROM public.llm_log WHERE id = %1"_s.arg(id)).toString();
    QCOMPARE(record->createdAt.toUTC().toString(u"yyyy-MM-dd'T'HH:mm:ss.zzz"_s), expectedIso);

    auto cut = repo.fetchRecord(QVariant(id), 10);
    QVERIFY2(cut, qPrintable(cut.error()));
    QCOMPARE(cut->value(LogField::Output).toString().size(), 10);
    QVERIFY(cut->outputTruncated);

    auto missing = repo.fetchRecord(QVariant(qint64(987654321)));
    QVERIFY(!missing);
    QVERIFY2(missing.error().contains(u"987654321"_s), qPrintable(missing.error()));
}

void TestPostgres::distinctValuesAndEstimate()
{
    auto session = openSession(m_url);
    QVERIFY2(session, qPrintable(session.error()));
    OutputsRepository &repo = (*session)->outputs();
    auto models = repo.distinctValues(LogField::Model);
    QVERIFY2(models, qPrintable(models.error()));
    QStringList sorted = *models;
    sorted.sort();
    QCOMPARE(sorted, (QStringList{u"claude-opus-4-6"_s, u"gemini-2.5-pro"_s, u"gpt-4o"_s}));
    auto features = repo.distinctValues(LogField::Feature, 2);
    QVERIFY2(features, qPrintable(features.error()));
    QCOMPARE(features->size(), 2);

    auto estimate = repo.estimateTotal();
    QVERIFY2(estimate, qPrintable(estimate.error()));
    QVERIFY2(*estimate > logRows * 0.8 && *estimate < logRows * 1.2, qPrintable(QString::number(*estimate)));
}

void TestPostgres::exportsJsonl()
{
    auto session = openSession(m_url);
    QVERIFY2(session, qPrintable(session.error()));
    OutputFilter filter;
    filter.features = {u"tagging"_s};
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    qint64 lastProgress = -1;
    auto written = exportOutputs((*session)->outputs(), filter, SortOrder{}, ExportFormat::Jsonl, buffer, -1,
                                 [&](const ExportProgress &p) { lastProgress = p.written; });
    QVERIFY2(written, qPrintable(written.error()));
    buffer.close();

    const QString where = u"use_case = 'tagging'"_s;
    const QList<qint64> expected = ids(u"SELECT id FROM public.llm_log WHERE %1 ORDER BY ts DESC NULLS LAST, id DESC"_s.arg(where));
    QCOMPARE(*written, qint64(expected.size()));
    QCOMPARE(lastProgress, *written);

    const QList<QByteArray> lines = buffer.data().split('\n');
    QCOMPARE(lines.size(), expected.size() + 1); // a newline ends the last line
    QVERIFY(lines.last().isEmpty());

    const QSet<QString> keys{u"id"_s, u"feature"_s, u"created_at"_s, u"output"_s, u"model"_s, u"input"_s,
                             u"input_tokens"_s, u"output_tokens"_s, u"latency_ms"_s, u"feedback"_s, u"status"_s};
    QSqlQuery direct(admin());
    QVERIFY(direct.exec(u"SELECT id, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), response, "
                        "model_name, input_data->>'customer', prompt_tokens, duration_ms, user_feedback, status "
                        "FROM public.llm_log WHERE %1 ORDER BY ts DESC NULLS LAST, id DESC"_s.arg(where)));
    int nullTimes = 0;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(lines.at(i), &error);
        QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(), lines.at(i).constData());
        const QJsonObject o = doc.object();
        const QStringList objectKeys = o.keys();
        QCOMPARE(QSet<QString>(objectKeys.cbegin(), objectKeys.cend()), keys);
        QVERIFY(direct.next());
        QCOMPARE(o.value(u"id"_s).toInteger(), direct.value(0).toLongLong());
        if (direct.value(1).isNull()) {
            QVERIFY(o.value(u"created_at"_s).isNull());
            ++nullTimes;
        } else {
            QCOMPARE(o.value(u"created_at"_s).toString(), direct.value(1).toString());
        }
        QCOMPARE(o.value(u"feature"_s).toString(), u"tagging"_s);
        if (direct.value(2).isNull())
            QVERIFY(o.value(u"output"_s).isNull());
        else
            QCOMPARE(o.value(u"output"_s).toString(), direct.value(2).toString()); // whole, not a preview
        if (direct.value(3).isNull())
            QVERIFY(o.value(u"model"_s).isNull());
        else
            QCOMPARE(o.value(u"model"_s).toString(), direct.value(3).toString());
        QVERIFY2(o.value(u"input"_s).isObject(), lines.at(i).constData());
        QCOMPARE(o.value(u"input"_s).toObject().value(u"customer"_s).toString(), direct.value(4).toString());
        QVERIFY(o.value(u"input_tokens"_s).isDouble());
        QCOMPARE(o.value(u"input_tokens"_s).toInteger(), direct.value(5).toLongLong());
        if (direct.value(6).isNull())
            QVERIFY(o.value(u"latency_ms"_s).isNull());
        else
            QCOMPARE(o.value(u"latency_ms"_s).toInteger(), direct.value(6).toLongLong());
        QCOMPARE(o.value(u"feedback"_s).isNull(), direct.value(7).isNull());
        QCOMPARE(o.value(u"status"_s).isNull(), direct.value(8).isNull());
    }
    QVERIFY(!direct.next());
    QVERIFY(nullTimes > 0); // tagging rows include some without a timestamp, listed last

    // A limit stops early; CSV has a header and one line per row.
    QBuffer csv;
    QVERIFY(csv.open(QIODevice::WriteOnly));
    auto some = exportOutputs((*session)->outputs(), filter, SortOrder{}, ExportFormat::Csv, csv, 25);
    QVERIFY2(some, qPrintable(some.error()));
    QCOMPARE(*some, qint64(25));
    QVERIFY(csv.data().startsWith("id,feature,created_at,output,"));
}

void TestPostgres::sessionIsReadOnly()
{
    auto session = openSession(m_url);
    QVERIFY2(session, qPrintable(session.error()));
    QSqlDatabase &db = (*session)->connection().db();

    const QStringList writes{
        u"INSERT INTO public.llm_log (use_case, response) VALUES ('evil', 'written by assay')"_s,
        u"UPDATE public.llm_log SET response = 'changed' WHERE id = 1"_s,
        u"DELETE FROM public.llm_log WHERE id = 2"_s,
        u"CREATE TABLE public.assay_probe (x int)"_s,
        u"TRUNCATE public.llm_log"_s,
    };
    for (const QString &sql : writes) {
        QSqlQuery q(db);
        QVERIFY2(!q.exec(sql), qPrintable(u"the source connection accepted: "_s + sql));
        QVERIFY2(q.lastError().text().contains(u"read-only transaction"_s), qPrintable(q.lastError().text()));
    }
    // Inside an explicit transaction too.
    QVERIFY(db.transaction());
    {
        QSqlQuery q(db);
        QVERIFY(!q.exec(u"INSERT INTO public.llm_log (use_case, response) VALUES ('evil', 'in a transaction')"_s));
        QVERIFY2(q.lastError().text().contains(u"read-only transaction"_s), qPrintable(q.lastError().text()));
    }
    db.rollback();
    {
        QSqlQuery q(db);
        QVERIFY(q.exec(u"SHOW default_transaction_read_only"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"on"_s);
    }
    // Reads still work after the refusals.
    auto counted = (*session)->outputs().count({});
    QVERIFY2(counted, qPrintable(counted.error()));
    QCOMPARE(*counted, qint64(logRows));

    QCOMPARE(scalar(checksumSql).toString(), m_checksum);
    QCOMPARE(scalar(u"SELECT count(*) FROM pg_tables WHERE tablename = 'assay_probe'"_s).toInt(), 0);
}

void TestPostgres::passwordInUrlWorks()
{
    auto session = openSession(url(u"assay_pw:right"_s));
    QVERIFY2(session, qPrintable(session.error()));
    QCOMPARE((*session)->schema().table, u"llm_log"_s);
    auto counted = (*session)->outputs().count({});
    QVERIFY2(counted, qPrintable(counted.error()));
    QCOMPARE(*counted, qint64(logRows));
    // The password never shows in what Assay displays or keys a workspace on.
    QVERIFY(!(*session)->connection().location().displayName().contains(u"right"_s));
    QVERIFY(!(*session)->connection().location().identity().contains(u"right"_s));
}

void TestPostgres::connectionErrorsAreClear_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("mentions");
    QTest::addColumn<QString>("secret");

    QTest::newRow("bad password") << url(u"assay_pw:Wr0ng-s3cret"_s)
                                  << QStringList{u"cannot connect"_s, u"password authentication failed"_s, u"assay_pw"_s}
                                  << u"Wr0ng-s3cret"_s;
    QTest::newRow("unknown database") << url({}, -1, u"no_such_db"_s)
                                      << QStringList{u"cannot connect"_s, u"no_such_db"_s, u"does not exist"_s} << QString();
    // A port that was just free: nothing listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const int closedPort = probe.serverPort();
    probe.close();
    QTest::newRow("closed port") << url({}, closedPort)
                                 << QStringList{u"cannot connect"_s, QString::number(closedPort), u"refused"_s} << QString();
}

void TestPostgres::connectionErrorsAreClear()
{
    QFETCH(QString, source);
    QFETCH(QStringList, mentions);
    QFETCH(QString, secret);

    QElapsedTimer clock;
    clock.start();
    auto session = openSession(source);
    QVERIFY(!session);
    QVERIFY2(clock.elapsed() < 15000, "a failed connection must not hang");
    const QString error = session.error();
    for (const QString &m : mentions)
        QVERIFY2(error.contains(m, Qt::CaseInsensitive), qPrintable(u"\""_s + m + u"\" not in: "_s + error));
    QVERIFY2(!error.contains(u'\n'), qPrintable(error));
    if (!secret.isEmpty())
        QVERIFY2(!error.contains(secret), qPrintable(error));
}

void TestPostgres::unresponsiveServerTimesOut()
{
    // Something accepts the TCP connection (the kernel's backlog does) but never answers.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    QElapsedTimer clock;
    clock.start();
    auto session = openSession(url({}, silent.serverPort(), {}, u"connect_timeout=2"_s));
    const qint64 elapsed = clock.elapsed();
    QVERIFY(!session);
    QVERIFY2(elapsed < 15000, qPrintable(u"took %1 ms"_s.arg(elapsed)));
    QVERIFY2(session.error().contains(u"cannot connect"_s), qPrintable(session.error()));
    QVERIFY2(session.error().contains(u"timeout"_s, Qt::CaseInsensitive), qPrintable(session.error()));
}

// A PostgreSQL log is indexed into the (SQLite) workspace by its integer id; searches then
// fetch the matching ids from the index and pass them as one bound array, and rows logged
// after the index was built are scanned. Either way the answer equals SQL over the log.
void TestPostgres::searchThroughTheWorkspaceIndex()
{
    const QString workspace = m_workspaceDir.filePath(u"pg-search.sqlite"_s);
    auto session = openSession(m_url, workspace);
    QVERIFY2(session, qPrintable(session.error()));
    QVERIFY((*session)->workspace());
    QVERIFY(SearchIndexer::supports((*session)->schema(), *(*session)->workspace()));
    SearchIndexer indexer((*session)->connection(), *(*session)->workspace(), (*session)->schema());
    auto added = indexer.catchUp();
    QVERIFY2(added, qPrintable(added.error()));
    QCOMPARE(*added, scalar(u"SELECT count(*) FROM public.llm_log"_s).toLongLong());
    (*session)->refreshSearchSupport();
    OutputsRepository &repo = (*session)->outputs();
    QVERIFY(repo.searchSupport().matchIds);
    QVERIFY(repo.searchSupport().coversAll);

    const auto contains = [](const QString &needle) {
        return u"(strpos(lower(coalesce(response, '')), '%1') > 0 OR strpos(lower(input_data::text), '%1') > 0)"_s.arg(needle);
    };
    const auto check = [&](const QString &text) {
        OutputFilter f;
        f.search = text;
        const QList<qint64> expected = ids(u"SELECT id FROM public.llm_log WHERE %1 ORDER BY ts DESC NULLS LAST, id DESC"_s.arg(
            contains(text.toLower())));
        auto counted = repo.count(f);
        QVERIFY2(counted, qPrintable(counted.error()));
        QCOMPARE(*counted, qint64(expected.size()));
        QList<qint64> walked;
        auto visited = repo.forEachRecord(f, SortOrder{}, -1, [&](const OutputRecord &r) {
            walked << r.key.toLongLong();
            return true;
        });
        QVERIFY2(visited, qPrintable(visited.error()));
        QCOMPARE(walked, expected);
    };
    for (const QString &text : {u"needle"_s, u"NeEdLe In"_s, u"acme-12"_s, u"\"quoted\""_s, u"50%"_s, u"answer 1"_s})
        check(text);

    // Logged after the index was built: found by the scan of ids above the index.
    QSqlQuery insert(admin());
    QVERIFY(insert.exec(u"INSERT INTO public.llm_log (use_case, ts, response) VALUES ('late', now(), 'a late needle')"_s));
    const auto cleanup = qScopeGuard([this] { QSqlQuery(admin()).exec(u"DELETE FROM public.llm_log WHERE use_case = 'late'"_s); });
    (*session)->refreshSearchSupport();
    QVERIFY(!repo.searchSupport().coversAll);
    check(u"needle"_s);
    check(u"late needle"_s);
}

// A prompt registry kept in the team's PostgreSQL database: read through the read-only source
// connection; a new version is one INSERT through a separate connection, refused when the
// version exists or the role may not write.
void TestPostgres::promptRegistryTable()
{
    QSqlQuery q(admin());
    const auto drop = qScopeGuard([this] { QSqlQuery(admin()).exec(u"DROP TABLE IF EXISTS public.prompt_versions"_s); });
    for (const QString &sql : {
             u"DROP TABLE IF EXISTS public.prompt_versions"_s,
             u"CREATE TABLE public.prompt_versions (name text, version text, template text, model text, temperature real, "
             "max_tokens int, labels jsonb, author text, note text, created_at timestamptz, PRIMARY KEY (name, version))"_s,
             u"INSERT INTO public.prompt_versions VALUES "
             "('greet', 'v1', 'Hello {{name}}', 'gpt-4o-mini', 0.2, 100, '[]', 'ana', 'first', '2026-10-01T00:00:00Z'), "
             "('greet', 'v2', 'Hello {{name}} from {{company}}', 'gpt-4o', 0.3, 120, '[\"production\"]', 'ana', 'adds company', "
             "'2026-11-01T00:00:00Z')"_s,
             u"GRANT SELECT ON public.prompt_versions TO assay_pw"_s}) {
        QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
    }

    auto session = openSession(m_url);
    QVERIFY2(session, qPrintable(session.error()));
    auto registry = openPromptRegistry(&(*session)->connection());
    QVERIFY2(registry, qPrintable(registry.error()));
    auto all = (*registry)->loadAll();
    QVERIFY2(all, qPrintable(all.error()));
    QCOMPARE(all->size(), 2);
    auto latest = (*registry)->find(u"greet"_s);
    QVERIFY2(latest, qPrintable(latest.error()));
    QCOMPARE(latest->version, u"v2"_s);
    QCOMPARE(latest->labels, QStringList{u"production"_s});
    QCOMPARE(latest->maxTokens, std::optional<int>(120));

    PromptVersion next = *latest;
    next.version = u"v3"_s;
    next.template_ = u"Hi {{name}}"_s;
    next.note = u"shorter"_s;
    auto saved = (*registry)->saveNew(next);
    QVERIFY2(saved, qPrintable(saved.error()));
    QCOMPARE(scalar(u"SELECT count(*) FROM public.prompt_versions"_s).toLongLong(), qint64(3));
    QCOMPARE(scalar(u"SELECT template FROM public.prompt_versions WHERE version = 'v3'"_s).toString(), u"Hi {{name}}"_s);
    QVERIFY(!(*registry)->saveNew(next).ok()); // never overwritten
    // The session it read through is still read-only.
    QSqlQuery write((*session)->connection().db());
    QVERIFY(!write.exec(u"DELETE FROM public.prompt_versions"_s));

    auto readOnlyRole = openSession(url(u"assay_pw:right"_s));
    QVERIFY2(readOnlyRole, qPrintable(readOnlyRole.error()));
    auto theirs = openPromptRegistry(&(*readOnlyRole)->connection());
    QVERIFY2(theirs, qPrintable(theirs.error()));
    next.version = u"v4"_s;
    auto refused = (*theirs)->saveNew(next);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(u"permission denied"_s), qPrintable(refused.error()));
    QCOMPARE(scalar(u"SELECT count(*) FROM public.prompt_versions"_s).toLongLong(), qint64(3));
}

// The browser interrupts a superseded query from another thread (PQcancel); the running
// statement must fail quickly with a recognisable message and the connection stay usable.
void TestPostgres::interruptCancelsARunningQuery()
{
    auto session = openSession(m_url);
    QVERIFY2(session, qPrintable(session.error()));
    SourceConnection &connection = (*session)->connection();
    std::unique_ptr<QThread> canceller(QThread::create([&connection] {
        QThread::msleep(300);
        connection.interrupt();
    }));
    QElapsedTimer clock;
    clock.start();
    canceller->start();
    QSqlQuery q(connection.db());
    QVERIFY(!q.exec(u"SELECT pg_sleep(20)"_s));
    canceller->wait();
    QVERIFY2(clock.elapsed() < 5000, "the query stopped long before its 20 s");
    QVERIFY2(q.lastError().text().contains(u"canceling statement due to user request"_s), qPrintable(q.lastError().text()));
    QSqlQuery again(connection.db());
    QVERIFY(again.exec(u"SELECT 1"_s) && again.next());
    QCOMPARE(again.value(0).toInt(), 1);
}

void TestPostgres::terminatedBackendFailsCleanly()
{
    auto session = openSession(m_url);
    QVERIFY2(session, qPrintable(session.error()));
    OutputsRepository &repo = (*session)->outputs();
    PageRequest request;
    request.limit = 50;
    auto first = repo.fetchPage(request);
    QVERIFY2(first, qPrintable(first.error()));
    QCOMPARE(first->size(), 50);

    qint64 pid = 0;
    {
        QSqlQuery q((*session)->connection().db());
        QVERIFY(q.exec(u"SELECT pg_backend_pid()"_s) && q.next());
        pid = q.value(0).toLongLong();
    }
    QVERIFY(pid > 0);
    QVERIFY(scalar(u"SELECT pg_terminate_backend(%1)"_s.arg(pid)).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(scalar(u"SELECT count(*) FROM pg_stat_activity WHERE pid = %1"_s.arg(pid)).toInt() == 0, 10000);

    request.start = PageKey{first->last().sortValue, first->last().key};
    auto next = repo.fetchPage(request);
    QVERIFY(!next);
    QVERIFY2(!next.error().isEmpty(), "a failure says what went wrong");
    qDebug("after the backend was terminated: %s", qPrintable(next.error()));
    // And again, and through every other read: failures, not crashes or hangs.
    QVERIFY(!repo.fetchPage(request));
    QVERIFY(!repo.count({}));
    QVERIFY(!repo.fetchRecord(first->first().key));
    QVERIFY(!repo.distinctValues(LogField::Model));
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY(!exportOutputs(repo, {}, SortOrder{}, ExportFormat::Jsonl, buffer));
    QVERIFY(!repo.forEachKey({}, SortOrder{}, [](const PageKey &) { return true; }));

    // A fresh session works: the server itself is fine.
    auto again = openSession(m_url);
    QVERIFY2(again, qPrintable(again.error()));
    QVERIFY((*again)->outputs().count({}));
}

void TestPostgres::stoppedServerFailsCleanly()
{
    const QString scratch = qEnvironmentVariable("ASSAY_TEST_PG_SCRATCH");
    const int port = qEnvironmentVariableIntValue("ASSAY_TEST_PG_PORT2");
    if (scratch.isEmpty() || port <= 0 || qEnvironmentVariable("ASSAY_TEST_PG_SCRIPT").isEmpty())
        QSKIP("ASSAY_TEST_PG_SCRIPT, ASSAY_TEST_PG_SCRATCH and ASSAY_TEST_PG_PORT2 are set by ctest");

    const ProcessResult started = runScript({u"start"_s, scratch, QString::number(port)});
    QVERIFY2(started.exitCode == 0, qPrintable(u"cannot start a second server: "_s + started.output));
    // Whatever happens below, the second server does not outlive the test.
    const auto stop = qScopeGuard([&] { runScript({u"stop"_s, scratch, u"immediate"_s}); });

    const QString source = url({}, port);
    {
        const QString name = u"tst-postgres-second"_s;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
            db.setHostName(m_location.host);
            db.setPort(port);
            db.setDatabaseName(m_location.database);
            db.setUserName(m_location.user);
            QVERIFY2(db.open(), qPrintable(db.lastError().text()));
            QSqlQuery q(db);
            QVERIFY2(q.exec(u"CREATE TABLE ai_outputs (id bigserial PRIMARY KEY, feature text, created_at timestamptz, "
                             "output text)"_s),
                     qPrintable(q.lastError().text()));
            QVERIFY2(q.exec(u"INSERT INTO ai_outputs (feature, created_at, output) SELECT 'f' || (g % 3), "
                             "now() - g * interval '1 minute', 'text ' || g FROM generate_series(1, 500) g"_s),
                     qPrintable(q.lastError().text()));
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }

    auto session = openSession(source);
    QVERIFY2(session, qPrintable(session.error()));
    OutputsRepository &repo = (*session)->outputs();
    QCOMPARE(repo.schema().table, u"ai_outputs"_s);
    PageRequest request;
    request.limit = 100;
    auto first = repo.fetchPage(request);
    QVERIFY2(first, qPrintable(first.error()));
    QCOMPARE(first->size(), 100);

    const ProcessResult stopped = runScript({u"stop"_s, scratch, u"immediate"_s});
    QVERIFY2(stopped.exitCode == 0, qPrintable(stopped.output));

    QElapsedTimer clock;
    clock.start();
    request.start = PageKey{first->last().sortValue, first->last().key};
    auto next = repo.fetchPage(request);
    QVERIFY(!next);
    QVERIFY(!next.error().isEmpty());
    qDebug("after the server stopped: %s", qPrintable(next.error()));
    QVERIFY(!repo.count({}));
    QVERIFY(!repo.fetchRecord(first->first().key));
    QVERIFY2(clock.elapsed() < 15000, "a dead server must not hang the reads");

    // Opening it now fails plainly and promptly.
    clock.restart();
    auto reopened = openSession(source);
    QVERIFY(!reopened);
    QVERIFY2(reopened.error().contains(u"cannot connect"_s), qPrintable(reopened.error()));
    QVERIFY(clock.elapsed() < 15000);
}

void TestPostgres::postgresWorkspace()
{
    const QString where = m_url;
    QVERIFY(scalar(u"SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'assay'"_s).toInt() == 0
            || scalar(u"SELECT count(*) FROM assay.saved_views"_s).isValid());

    OutputFilter churn;
    churn.features = {u"churn_risk"_s};
    churn.feedback = {FeedbackFilter::Negative, FeedbackFilter::None};
    churn.since = utc("2026-10-05T00:00:00");
    churn.search = u"refund"_s;
    OutputFilter models;
    models.models = {u"gpt-4o"_s};
    models.errorsOnly = true;

    int versionRows = 0;
    {
        auto ws = Workspace::open(m_location, where);
        QVERIFY2(ws, qPrintable(ws.error()));
        QCOMPARE((*ws)->dialect(), SqlDialect::PostgreSQL);
        QCOMPARE((*ws)->schemaVersion(), Workspace::latestSchemaVersion());
        QVERIFY((*ws)->filePath().isEmpty());
        QVERIFY((*ws)->location().startsWith(u"postgresql://"_s));
        QCOMPARE(scalar(u"SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'assay'"_s).toInt(), 1);
        QCOMPARE(scalar(u"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'assay' "
                        "AND table_name = 'saved_views'"_s).toInt(), 1);
        versionRows = scalar(u"SELECT count(*) FROM assay.schema_version"_s).toInt();
        QVERIFY(versionRows >= 1);
        QCOMPARE(scalar(u"SELECT max(version) FROM assay.schema_version"_s).toInt(), Workspace::latestSchemaVersion());

        QVERIFY2((*ws)->saveView(u"weekly churn"_s, models), "first save");
        auto saved = (*ws)->saveView(u"weekly churn"_s, churn); // same name: replaced
        QVERIFY2(saved, qPrintable(saved.error()));
        saved = (*ws)->saveView(u"gpt errors"_s, models);
        QVERIFY2(saved, qPrintable(saved.error()));
        saved = (*ws)->saveView(u"scratch"_s, {});
        QVERIFY2(saved, qPrintable(saved.error()));
        auto removed = (*ws)->deleteView(u"scratch"_s);
        QVERIFY2(removed, qPrintable(removed.error()));
        QVERIFY(!(*ws)->saveView(u"  "_s, {}));

        auto views = (*ws)->savedViews();
        QVERIFY2(views, qPrintable(views.error()));
        QCOMPARE(views->size(), 2);
        QCOMPARE(views->at(0).name, u"gpt errors"_s);
        QCOMPARE(views->at(0).filter, models);
        QCOMPARE(views->at(1).name, u"weekly churn"_s);
        QCOMPARE(views->at(1).filter, churn);
        QVERIFY2(views->at(1).updatedAt.isValid(), "updated_at reads back");
        QVERIFY(qAbs(views->at(1).updatedAt.secsTo(QDateTime::currentDateTimeUtc())) < 600);

        // A search index is a SQLite-workspace thing: a PostgreSQL one says it has none.
        auto state = (*ws)->searchIndexState();
        QVERIFY2(state, qPrintable(state.error()));
        QVERIFY(!state->available);
    }

    // Reopening is idempotent: nothing migrates twice, the views are still there.
    for (int i = 0; i < 2; ++i) {
        auto ws = Workspace::open(m_location, where);
        QVERIFY2(ws, qPrintable(ws.error()));
        QCOMPARE((*ws)->schemaVersion(), Workspace::latestSchemaVersion());
        QCOMPARE(scalar(u"SELECT count(*) FROM assay.schema_version"_s).toInt(), versionRows);
        auto views = (*ws)->savedViews();
        QVERIFY2(views, qPrintable(views.error()));
        QCOMPARE(views->size(), 2);
    }

    // Two at once (two Assays sharing the workspace).
    auto a = Workspace::open(m_location, where);
    auto b = Workspace::open(m_location, where);
    QVERIFY2(a && b, qPrintable(a.error() + b.error()));
    QVERIFY((*a)->saveView(u"from a"_s, churn));
    auto fromB = (*b)->savedViews();
    QVERIFY2(fromB, qPrintable(fromB.error()));
    QCOMPARE(fromB->size(), 3);
    QVERIFY((*b)->deleteView(u"from a"_s));

    // A session on the log with its workspace in the same database: the assay schema is not
    // mistaken for the log, and the log is still read-only.
    auto session = openSession(m_url, where);
    QVERIFY2(session, qPrintable(session.error()));
    QVERIFY2((*session)->workspace(), qPrintable((*session)->workspaceError()));
    QCOMPARE((*session)->workspace()->dialect(), SqlDialect::PostgreSQL);
    QCOMPARE((*session)->schema().table, u"llm_log"_s);
    QVERIFY(!(*session)->outputs().searchSupport().indexAttached);
    OutputFilter search;
    search.search = u"needle"_s;
    auto found = (*session)->outputs().count(search);
    QVERIFY2(found, qPrintable(found.error()));
    QVERIFY(*found > 0);

    // A workspace URL that cannot be reached fails clearly, without a password in the text.
    auto unreachable = Workspace::open(m_location, url(u"assay_pw:Wr0ng-s3cret"_s));
    QVERIFY(!unreachable);
    QVERIFY2(unreachable.error().contains(u"workspace"_s), qPrintable(unreachable.error()));
    QVERIFY2(!unreachable.error().contains(u"Wr0ng-s3cret"_s), qPrintable(unreachable.error()));

    QCOMPARE(scalar(checksumSql).toString(), m_checksum);
}

QTEST_GUILESS_MAIN(TestPostgres)
#include "tst_postgres.moc"

// Filters to SQL: every user value is a bound parameter, never SQL text; and the conditions
// mean what they say when a real SQLite database runs them.

#include "query/FilterSql.h"
#include "schema/CallOutcome.h"
#include "query/OutputFilter.h"
#include "schema/LogSchema.h"

#include "TestSupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace assay;


namespace {

LogSchema fullSchema(SqlDialect dialect = SqlDialect::SQLite)
{
    LogSchema s;
    s.dialect = dialect;
    s.table = u"ai_outputs"_s;
    if (dialect == SqlDialect::PostgreSQL)
        s.schemaName = u"public"_s;
    for (LogField f : allLogFields)
        s.columns.insert(f, logFieldName(f));
    return s;
}

LogSchema minimalSchema()
{
    LogSchema s;
    s.table = u"ai_outputs"_s;
    s.columns = {
        {LogField::Feature, u"feature"_s}, {LogField::CreatedAt, u"created_at"_s}, {LogField::Output, u"output"_s}};
    s.idIsRowid = true;
    return s;
}

int placeholderCount(const SqlConditions &c)
{
    int n = 0;
    for (const QString &clause : c.clauses)
        n += static_cast<int>(clause.count(u'?'));
    return n;
}

const QString evil = u"x' OR 1=1 --"_s;

// An in-memory table with the standard columns, for running generated conditions for real.
class MemoryLog {
public:
    MemoryLog() : m_name(test::uniqueConnectionName(u"filtersql"_s))
    {
        m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        m_db.setDatabaseName(u":memory:"_s);
        if (!m_db.open())
            qFatal("cannot open an in-memory database");
        QSqlQuery q(m_db);
        if (!q.exec(u"CREATE TABLE ai_outputs (%1)"_s.arg(test::TestLog::standardColumns().join(u", "_s))))
            qFatal("cannot create the table: %s", qPrintable(q.lastError().text()));
    }
    ~MemoryLog()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    void insert(qint64 id, const QHash<QString, QVariant> &values)
    {
        QVariantList row = test::TestLog::standardRow(id, u"summarize"_s, u"2026-11-20T09:00:00Z"_s, u"plain"_s);
        const QStringList cols = test::TestLog::standardColumns();
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            for (int i = 0; i < cols.size(); ++i) {
                if (test::columnNameOf(cols.at(i)) == it.key())
                    row[i] = it.value();
            }
        }
        QSqlQuery q(m_db);
        q.prepare(u"INSERT INTO ai_outputs VALUES (%1)"_s.arg(QStringList(row.size(), u"?"_s).join(u", "_s)));
        for (const QVariant &v : row)
            q.addBindValue(v);
        if (!q.exec())
            qFatal("insert failed: %s", qPrintable(q.lastError().text()));
    }
    // The ids the conditions select, ascending; {-1} when the SQL fails.
    QList<qint64> ids(const SqlConditions &c)
    {
        QSqlQuery q(m_db);
        q.prepare(u"SELECT id FROM ai_outputs"_s + c.whereClause() + u" ORDER BY id"_s);
        for (const QVariant &v : c.binds)
            q.addBindValue(v);
        if (!q.exec()) {
            qWarning("query failed: %s", qPrintable(q.lastError().text()));
            return {-1};
        }
        QList<qint64> out;
        while (q.next())
            out << q.value(0).toLongLong();
        return out;
    }

private:
    QString m_name;
    QSqlDatabase m_db;
};

} // namespace

class TestFilterSql : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void emptyFilter();
    void everyFilterIsBound_data();
    void everyFilterIsBound();
    void combinedFilters();
    void timeBoundsUseTheLogsRepresentation();
    void feedback();
    void errorsOnly();
    void promptVersionNeedsPromptName();
    void likePattern_data();
    void likePattern();
    void fts5PhraseQuoting();
    void trigramLength();
    void searchScansWithoutIndex();
    void searchUsesIndexWhenAttached();
    void shortSearchScansEvenWithIndex();
    void postgresDialect();
    void missingColumnsAreSkippedAndReported();
    void runsForReal();
    void searchEscapingRunsForReal();
    void filterJsonRoundTrip();
    void feedbackNames();
    void reviewLabelValuesAreBound();
    void reviewLabelKeyListsAreBound();
    void reviewLabelKeyListsRunForReal();
    void reviewLabelsWithoutWorkspaceFailLoudly();
};

void TestFilterSql::emptyFilter()
{
    const SqlConditions c = filterConditions(fullSchema(), OutputFilter{});
    QVERIFY(c.clauses.isEmpty());
    QVERIFY(c.binds.isEmpty());
    QCOMPARE(c.whereClause(), QString());
    QVERIFY(OutputFilter{}.isEmpty());
    OutputFilter f;
    f.search = u"x"_s;
    QVERIFY(!f.isEmpty());
}

void TestFilterSql::everyFilterIsBound_data()
{
    QTest::addColumn<OutputFilter>("filter");
    QTest::addColumn<int>("expectedBinds");

    OutputFilter f;
    f.features = {evil, u"summarize"_s};
    QTest::newRow("features") << f << 2;
    f = {};
    f.models = {evil};
    QTest::newRow("models") << f << 1;
    f = {};
    f.userId = evil;
    QTest::newRow("user") << f << 1;
    f = {};
    f.sessionId = evil;
    QTest::newRow("session") << f << 1;
    f = {};
    f.promptName = evil;
    f.promptVersion = evil;
    QTest::newRow("prompt and version") << f << 2;
    f = {};
    f.search = evil;
    QTest::newRow("search") << f << 2; // output and input
    f = {};
    f.search = u"100%_\\"_s + evil;
    QTest::newRow("search with wildcards") << f << 2;
}

void TestFilterSql::everyFilterIsBound()
{
    QFETCH(OutputFilter, filter);
    QFETCH(int, expectedBinds);
    const SqlConditions c = filterConditions(fullSchema(), filter);
    QVERIFY(!c.clauses.isEmpty());
    QCOMPARE(c.binds.size(), expectedBinds);
    QCOMPARE(placeholderCount(c), expectedBinds);
    const QString where = c.whereClause();
    QVERIFY2(!where.contains(u"1=1"_s), qPrintable(where));
    QVERIFY2(!where.contains(u"x'"_s), qPrintable(where));
    QVERIFY2(!where.contains(u"--"_s), qPrintable(where));
    bool valueBound = false;
    for (const QVariant &v : c.binds)
        valueBound = valueBound || v.toString().contains(evil);
    QVERIFY(valueBound);
}

void TestFilterSql::combinedFilters()
{
    OutputFilter f;
    f.features = {u"summarize"_s, u"classify"_s};
    f.models = {u"gpt-4o"_s};
    f.since = QDateTime(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc());
    f.until = QDateTime(QDate(2026, 11, 8), QTime(0, 0), QTimeZone::utc());
    f.userId = u"u1"_s;
    f.sessionId = u"s1"_s;
    f.feedback = {FeedbackFilter::Negative, FeedbackFilter::None};
    f.promptName = u"p"_s;
    f.promptVersion = u"3"_s;
    f.errorsOnly = true;
    f.search = u"refund"_s;
    const SqlConditions c = filterConditions(fullSchema(), f);
    QCOMPARE(c.clauses.size(), 11);
    QCOMPARE(placeholderCount(c), c.binds.size());
    // Binds follow the placeholders in order.
    const QVariantList expected{u"summarize"_s,
                                u"classify"_s,
                                u"gpt-4o"_s,
                                u"2026-11-01T00:00:00"_s,
                                u"2026-11-08T00:00:00"_s,
                                u"u1"_s,
                                u"s1"_s,
                                u"negative"_s,
                                u"p"_s,
                                u"3"_s,
                                u"%refund%"_s,
                                u"%refund%"_s};
    QCOMPARE(c.binds.size(), expected.size());
    for (int i = 0; i < expected.size(); ++i) {
        if (i == 3 || i == 4) // encoded by the codec: compare the date part only
            QVERIFY2(c.binds.at(i).toString().startsWith(expected.at(i).toString()),
                     qPrintable(c.binds.at(i).toString()));
        else
            QCOMPARE(c.binds.at(i).toString(), expected.at(i).toString());
    }
    QVERIFY(c.whereClause().startsWith(u" WHERE "_s));
    QCOMPARE(c.whereClause().count(u" AND "_s), 10); // 11 clauses
}

void TestFilterSql::timeBoundsUseTheLogsRepresentation()
{
    const QDateTime since(QDate(2026, 11, 1), QTime(6, 30), QTimeZone::utc());
    OutputFilter f;
    f.since = since;
    f.until = since.addDays(1);

    LogSchema s = fullSchema();
    s.timestamps.kind = TimestampKind::EpochMillis;
    SqlConditions c = filterConditions(s, f);
    QCOMPARE(c.clauses, (QStringList{u"\"created_at\" >= ?"_s, u"\"created_at\" < ?"_s}));
    QCOMPARE(c.binds.at(0).toLongLong(), since.toMSecsSinceEpoch());
    QCOMPARE(c.binds.at(1).toLongLong(), since.addDays(1).toMSecsSinceEpoch());

    s.timestamps.kind = TimestampKind::EpochSeconds;
    c = filterConditions(s, f);
    QCOMPARE(c.binds.at(0).toLongLong(), since.toSecsSinceEpoch());

    s.timestamps = TimestampCodec{};
    s.timestamps.separator = u' ';
    c = filterConditions(s, f);
    QVERIFY2(c.binds.at(0).toString().startsWith(u"2026-11-01 06:30:00"_s), qPrintable(c.binds.at(0).toString()));
}

void TestFilterSql::feedback()
{
    const LogSchema s = fullSchema();
    OutputFilter f;
    f.feedback = {FeedbackFilter::None};
    SqlConditions c = filterConditions(s, f);
    QCOMPARE(c.clauses, QStringList{u"(\"feedback\" IS NULL OR \"feedback\" = '')"_s});
    QVERIFY(c.binds.isEmpty());

    f.feedback = {FeedbackFilter::Positive, FeedbackFilter::Edited};
    c = filterConditions(s, f);
    QCOMPARE(c.clauses, QStringList{u"(\"feedback\" IN (?, ?))"_s});
    QCOMPARE(c.binds, (QVariantList{u"positive"_s, u"edited"_s}));

    f.feedback = {FeedbackFilter::Negative, FeedbackFilter::None};
    c = filterConditions(s, f);
    QCOMPARE(c.clauses, QStringList{u"(\"feedback\" IN (?) OR \"feedback\" IS NULL OR \"feedback\" = '')"_s});
    QCOMPARE(c.binds, QVariantList{u"negative"_s});
}

void TestFilterSql::errorsOnly()
{
    OutputFilter f;
    f.errorsOnly = true;

    LogSchema both = fullSchema();
    SqlConditions c = filterConditions(both, f);
    QCOMPARE(c.clauses.size(), 1);
    // CallOutcome's rule: tested value by value in tst_calloutcome.
    QCOMPARE(c.clauses.at(0), failedCallSql(u"\"status\""_s, u"\"error\""_s));
    QVERIFY(c.clauses.at(0).contains(u" OR "_s));

    LogSchema statusOnly = fullSchema();
    statusOnly.columns.remove(LogField::Error);
    c = filterConditions(statusOnly, f);
    QVERIFY(c.clauses.at(0).contains(u"\"status\""_s));
    QVERIFY(!c.clauses.at(0).contains(u"\"error\""_s));

    LogSchema errorOnly = fullSchema();
    errorOnly.columns.remove(LogField::Status);
    c = filterConditions(errorOnly, f);
    QVERIFY(!c.clauses.at(0).contains(u"\"status\""_s));
    QVERIFY(c.clauses.at(0).contains(u"\"error\""_s));

    // No outcome recorded: no errors to show, rather than everything.
    c = filterConditions(minimalSchema(), f);
    QCOMPARE(c.clauses, QStringList{failedCallSql({}, {})});
    QCOMPARE(unsupportedFilters(minimalSchema(), f),
             QStringList{u"this log has no status or error column, so it cannot show errors only"_s});
    QVERIFY(unsupportedFilters(statusOnly, f).isEmpty());
    QVERIFY(unsupportedFilters(errorOnly, f).isEmpty());
}

void TestFilterSql::promptVersionNeedsPromptName()
{
    OutputFilter f;
    f.promptVersion = u"3"_s;
    QVERIFY(filterConditions(fullSchema(), f).clauses.isEmpty());
    f.promptName = u"p"_s;
    QCOMPARE(filterConditions(fullSchema(), f).clauses.size(), 2);
}

void TestFilterSql::likePattern_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("pattern");
    QTest::newRow("plain") << u"refund"_s << u"%refund%"_s;
    QTest::newRow("percent") << u"50% off"_s << u"%50\\% off%"_s;
    QTest::newRow("underscore") << u"user_id"_s << u"%user\\_id%"_s;
    QTest::newRow("backslash") << u"C:\\temp"_s << u"%C:\\\\temp%"_s;
    QTest::newRow("all") << u"%_\\"_s << u"%\\%\\_\\\\%"_s;
    QTest::newRow("quote untouched") << u"it's"_s << u"%it's%"_s;
    QTest::newRow("empty") << QString() << u"%%"_s;
}

void TestFilterSql::likePattern()
{
    QFETCH(QString, text);
    QFETCH(QString, pattern);
    QCOMPARE(likeContainsPattern(text), pattern);
}

void TestFilterSql::fts5PhraseQuoting()
{
    QCOMPARE(fts5Phrase(u"refund"_s), u"\"refund\""_s);
    QCOMPARE(fts5Phrase(u"it\"s"_s), u"\"it\"\"s\""_s);
    QCOMPARE(fts5Phrase(u"a OR b* NEAR(c)"_s), u"\"a OR b* NEAR(c)\""_s);
    QCOMPARE(fts5Phrase(u"\"\""_s), u"\"\"\"\"\"\""_s);
}

void TestFilterSql::trigramLength()
{
    QVERIFY(!searchCanUseTrigramIndex(QString()));
    QVERIFY(!searchCanUseTrigramIndex(u"ab"_s));
    QVERIFY(searchCanUseTrigramIndex(u"abc"_s));
    QVERIFY(searchCanUseTrigramIndex(u"été"_s));
    // Two emoji are four UTF-16 units but two characters.
    QVERIFY(!searchCanUseTrigramIndex(u"\U0001F600\U0001F600"_s));
    QVERIFY(searchCanUseTrigramIndex(u"\U0001F600\U0001F600\U0001F600"_s));
}

void TestFilterSql::searchScansWithoutIndex()
{
    OutputFilter f;
    f.search = u"Refund"_s;
    SqlConditions c = filterConditions(fullSchema(), f);
    QCOMPARE(c.clauses, QStringList{u"(CAST(\"output\" AS TEXT) LIKE ? ESCAPE '\\' OR CAST(\"input\" AS TEXT) LIKE ? ESCAPE '\\')"_s});
    QCOMPARE(c.binds, (QVariantList{u"%Refund%"_s, u"%Refund%"_s}));

    c = filterConditions(minimalSchema(), f);
    QCOMPARE(c.clauses, QStringList{u"(CAST(\"output\" AS TEXT) LIKE ? ESCAPE '\\')"_s});
    QCOMPARE(c.binds, QVariantList{u"%Refund%"_s});
}

void TestFilterSql::searchUsesIndexWhenAttached()
{
    OutputFilter f;
    f.search = u"say \"hi\""_s;
    SearchSupport support;
    support.indexAttached = true;
    support.indexedThroughRowid = 1234;
    const SqlConditions c = filterConditions(fullSchema(), f, support);
    QCOMPARE(c.clauses.size(), 1);
    const QString clause = c.clauses.at(0);
    QVERIFY2(clause.contains(u"ws.output_search"_s), qPrintable(clause));
    QVERIFY2(clause.contains(u"MATCH ?"_s), qPrintable(clause));
    QVERIFY2(clause.contains(u"rowid > ?"_s), qPrintable(clause));
    QVERIFY2(!clause.contains(u"hi"_s), qPrintable(clause));
    QCOMPARE(placeholderCount(c), c.binds.size());
    QCOMPARE(c.binds, (QVariantList{u"\"say \"\"hi\"\"\""_s, qint64(1234), u"%say \"hi\"%"_s, u"%say \"hi\"%"_s}));

    support.indexAlias = u"idx"_s;
    QVERIFY(filterConditions(fullSchema(), f, support).clauses.at(0).contains(u"idx.output_search"_s));
}

void TestFilterSql::shortSearchScansEvenWithIndex()
{
    OutputFilter f;
    f.search = u"ok"_s;
    SearchSupport support;
    support.indexAttached = true;
    support.indexedThroughRowid = 10;
    const SqlConditions c = filterConditions(fullSchema(), f, support);
    QVERIFY(!c.clauses.at(0).contains(u"MATCH"_s));
    QCOMPARE(c.binds, (QVariantList{u"%ok%"_s, u"%ok%"_s}));
}

void TestFilterSql::postgresDialect()
{
    OutputFilter f;
    f.search = u"refund"_s;
    f.userId = u"u1"_s;
    f.errorsOnly = true;
    SearchSupport support;
    support.indexAttached = true; // never used on PostgreSQL
    const SqlConditions c = filterConditions(fullSchema(SqlDialect::PostgreSQL), f, support);
    const QString where = c.whereClause();
    QVERIFY2(where.contains(u"\"user_id\"::text = ?"_s), qPrintable(where));
    QVERIFY2(where.contains(u"\"output\"::text ILIKE ?"_s), qPrintable(where));
    QVERIFY2(where.contains(u"\"input\"::text ILIKE ?"_s), qPrintable(where));
    QVERIFY2(where.contains(u"lower(trim(\"status\"::text))"_s), qPrintable(where));
    QVERIFY2(!where.contains(u"MATCH"_s) && !where.contains(u"rowid"_s), qPrintable(where));
    QCOMPARE(placeholderCount(c), c.binds.size());
}

void TestFilterSql::missingColumnsAreSkippedAndReported()
{
    OutputFilter f;
    f.models = {u"m"_s};
    f.userId = u"u"_s;
    f.sessionId = u"s"_s;
    f.feedback = {FeedbackFilter::Positive};
    f.promptName = u"p"_s;
    f.promptVersion = u"1"_s;
    const QStringList unsupported = unsupportedFilters(minimalSchema(), f);
    QCOMPARE(unsupported.size(), 6);
    QVERIFY(unsupported.contains(u"this log has no model column, so it cannot be filtered by model"_s));
    QVERIFY(unsupported.contains(u"this log has no user_id column, so it cannot be filtered by user"_s));
    QVERIFY(unsupported.contains(u"this log has no feedback column, so it cannot be filtered by feedback"_s));
    QVERIFY(unsupportedFilters(fullSchema(), f).isEmpty());
    // Conditions on absent columns are never emitted (callers refuse using unsupportedFilters).
    QVERIFY(filterConditions(minimalSchema(), f).clauses.isEmpty());

    OutputFilter supported;
    supported.features = {u"a"_s};
    supported.search = u"abc"_s;
    supported.since = QDateTime::currentDateTimeUtc();
    QVERIFY(unsupportedFilters(minimalSchema(), supported).isEmpty());
}

void TestFilterSql::runsForReal()
{
    MemoryLog log;
    log.insert(1, {{u"feature"_s, u"summarize"_s}, {u"feedback"_s, u"positive"_s}, {u"status"_s, u"ok"_s}});
    log.insert(2, {{u"feature"_s, evil}, {u"feedback"_s, QVariant()}, {u"status"_s, u"error"_s}});
    log.insert(3,
               {{u"feature"_s, u"classify"_s},
                {u"feedback"_s, u""_s},
                {u"status"_s, u"SUCCESS"_s},
                {u"error"_s, u"timeout"_s}});
    log.insert(4,
               {{u"feature"_s, u"classify"_s},
                {u"feedback"_s, u"negative"_s},
                {u"status"_s, QVariant()},
                {u"user_id"_s, evil}});
    log.insert(5,
               {{u"feature"_s, u"summarize"_s},
                {u"feedback"_s, u"edited"_s},
                {u"status"_s, u"200"_s},
                {u"error"_s, u""_s},
                {u"created_at"_s, u"2026-11-21T10:00:00Z"_s}});

    const LogSchema s = fullSchema();
    OutputFilter f;
    f.features = {evil};
    QCOMPARE(log.ids(filterConditions(s, f)), QList<qint64>{2}); // matched as a value, not as SQL
    f.features = {u"classify"_s, u"summarize"_s};
    QCOMPARE(log.ids(filterConditions(s, f)), (QList<qint64>{1, 3, 4, 5}));

    f = {};
    f.userId = evil;
    QCOMPARE(log.ids(filterConditions(s, f)), QList<qint64>{4});
    f.userId = u"' OR ''='"_s;
    QCOMPARE(log.ids(filterConditions(s, f)), QList<qint64>{});

    f = {};
    f.feedback = {FeedbackFilter::None};
    QCOMPARE(log.ids(filterConditions(s, f)), (QList<qint64>{2, 3}));
    f.feedback = {FeedbackFilter::None, FeedbackFilter::Positive};
    QCOMPARE(log.ids(filterConditions(s, f)), (QList<qint64>{1, 2, 3}));

    f = {};
    f.errorsOnly = true;
    QCOMPARE(log.ids(filterConditions(s, f)), (QList<qint64>{2, 3}));

    f = {};
    f.since = QDateTime(QDate(2026, 11, 21), QTime(0, 0), QTimeZone::utc());
    QCOMPARE(log.ids(filterConditions(s, f)), QList<qint64>{5});
    f.since.reset();
    f.until = QDateTime(QDate(2026, 11, 21), QTime(10, 0), QTimeZone::utc());
    QCOMPARE(log.ids(filterConditions(s, f)), (QList<qint64>{1, 2, 3, 4})); // until is exclusive

    f = {};
    f.features = {u"classify"_s};
    f.feedback = {FeedbackFilter::Negative};
    QCOMPARE(log.ids(filterConditions(s, f)), QList<qint64>{4});
}

void TestFilterSql::searchEscapingRunsForReal()
{
    MemoryLog log;
    log.insert(1, {{u"output"_s, u"50% off today"_s}});
    log.insert(2, {{u"output"_s, u"500 off today"_s}});
    log.insert(3, {{u"output"_s, u"user_id is required"_s}});
    log.insert(4, {{u"output"_s, u"userXid is required"_s}});
    log.insert(5, {{u"output"_s, u"path C:\\temp\\x"_s}});
    log.insert(6, {{u"output"_s, u"The REFUND was issued"_s}, {u"input"_s, QVariant()}});
    log.insert(7, {{u"output"_s, u"nothing"_s}, {u"input"_s, u"{\"note\": \"refund please\"}"_s}});
    log.insert(8, {{u"output"_s, u"it's \"quoted\""_s}});

    const LogSchema s = fullSchema();
    const auto search = [&](const QString &text) {
        OutputFilter f;
        f.search = text;
        return log.ids(filterConditions(s, f));
    };
    QCOMPARE(search(u"50%"_s), QList<qint64>{1});
    QCOMPARE(search(u"user_id"_s), QList<qint64>{3});
    QCOMPARE(search(u"C:\\temp"_s), QList<qint64>{5});
    QCOMPARE(search(u"refund"_s), (QList<qint64>{6, 7})); // case-insensitive, output or input
    QCOMPARE(search(u"FUN"_s), (QList<qint64>{6, 7}));    // inside words
    QCOMPARE(search(u"it's \"quoted\""_s), QList<qint64>{8});
    QCOMPARE(search(u"%"_s), QList<qint64>{1});
    QCOMPARE(search(u"_"_s), QList<qint64>{3});
}

void TestFilterSql::filterJsonRoundTrip()
{
    OutputFilter f;
    f.features = {u"a"_s, u"b"_s};
    f.models = {u"m"_s};
    f.since = QDateTime(QDate(2026, 11, 1), QTime(6, 30, 0, 250), QTimeZone::utc());
    f.until = QDateTime(QDate(2026, 11, 8), QTime(0, 0), QTimeZone::utc());
    f.userId = u"u"_s;
    f.sessionId = u"s"_s;
    f.feedback = {FeedbackFilter::Edited, FeedbackFilter::None};
    f.promptName = u"p"_s;
    f.promptVersion = u"2"_s;
    f.errorsOnly = true;
    f.search = u"x' OR 1=1"_s;
    const OutputFilter back = OutputFilter::fromJson(f.toJson());
    QCOMPARE(back.features, f.features);
    QCOMPARE(back.models, f.models);
    QCOMPARE(back.since->toMSecsSinceEpoch(), f.since->toMSecsSinceEpoch());
    QCOMPARE(back.until->toMSecsSinceEpoch(), f.until->toMSecsSinceEpoch());
    QCOMPARE(back.feedback, f.feedback);
    QCOMPARE(back.search, f.search);
    QVERIFY(back.errorsOnly);
    QVERIFY(back == f);
    QVERIFY(OutputFilter::fromJson(OutputFilter{}.toJson()).isEmpty());
    QCOMPARE(OutputFilter{}.toJson(), QJsonObject());
}

void TestFilterSql::feedbackNames()
{
    for (auto fb : {FeedbackFilter::Positive, FeedbackFilter::Negative, FeedbackFilter::Edited, FeedbackFilter::None})
        QCOMPARE(OutputFilter::feedbackFromName(OutputFilter::feedbackName(fb)), std::optional<FeedbackFilter>(fb));
    QCOMPARE(OutputFilter::feedbackFromName(u"NEGATIVE"), std::optional<FeedbackFilter>(FeedbackFilter::Negative));
    QVERIFY(!OutputFilter::feedbackFromName(u"meh"));
}

void TestFilterSql::reviewLabelValuesAreBound()
{
    OutputFilter f;
    f.reviewLabels = {u"negative"_s};
    f.reviewer = evil;
    f.tag = evil;
    f.hasNote = true;
    f.disagreesWithUser = true;
    SearchSupport support;
    support.labelsAttached = true;
    const SqlConditions c = filterConditions(fullSchema(), f, support);
    QVERIFY(c.error.isEmpty());
    const QString where = c.whereClause();
    QCOMPARE(placeholderCount(c), c.binds.size());
    QVERIFY2(!where.contains(u"x'"_s) && !where.contains(u"1=1"_s), qPrintable(where));
    QVERIFY2(where.contains(u"ws.label_events"_s), qPrintable(where));
    QCOMPARE(c.binds.count(QVariant(evil)), 2); // reviewer and tag
    // The end user said one of the other two labels.
    QVERIFY(c.binds.contains(QVariant(u"positive"_s)) && c.binds.contains(QVariant(u"edited"_s)));
}

void TestFilterSql::reviewLabelKeyListsAreBound()
{
    QList<LabelCriteria> asked;
    SearchSupport support;
    support.labelledKeys = [&](const LabelCriteria &c) -> Result<QStringList> {
        asked << c;
        return QStringList{u"12"_s, evil, u"7"_s};
    };
    OutputFilter f;
    f.reviewed = ReviewedFilter::Unreviewed;
    f.reviewer = u"bob"_s;

    // PostgreSQL, integer ids: a bigint array literal; the key that cannot be an id is dropped.
    SqlConditions c = filterConditions(fullSchema(SqlDialect::PostgreSQL), f, support);
    QVERIFY(c.error.isEmpty());
    QVERIFY2(c.whereClause().contains(u"NOT (\"id\" = ANY(CAST(? AS bigint[])))"_s), qPrintable(c.whereClause()));
    QCOMPARE(c.binds, QVariantList{u"{12,7}"_s});
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first().reviewer, u"bob"_s); // whose review is missing

    // Text ids: every key, quoted for the array literal.
    LogSchema textIds = fullSchema(SqlDialect::PostgreSQL);
    textIds.idIsInteger = false;
    c = filterConditions(textIds, f, support);
    QVERIFY2(c.whereClause().contains(u"\"id\"::text = ANY(CAST(? AS text[]))"_s), qPrintable(c.whereClause()));
    QCOMPARE(c.binds, QVariantList{u"{\"12\",\"x' OR 1=1 --\",\"7\"}"_s});

    // SQLite: one JSON array expanded by json_each.
    c = filterConditions(fullSchema(), f, support);
    QVERIFY2(c.whereClause().contains(u"NOT IN (SELECT value FROM json_each(?))"_s), qPrintable(c.whereClause()));
    QCOMPARE(c.binds, QVariantList{u"[12,7]"_s});
    QCOMPARE(placeholderCount(c), 1);
}

void TestFilterSql::reviewLabelKeyListsRunForReal()
{
    MemoryLog log;
    log.insert(1, {{u"feedback"_s, u"positive"_s}});
    log.insert(2, {{u"feedback"_s, u"negative"_s}});
    log.insert(3, {{u"feedback"_s, QVariant()}});
    log.insert(4, {{u"feedback"_s, u"edited"_s}});
    // Reviewer labels: 1 negative, 2 negative, 3 positive; 4 unlabelled.
    const QHash<QString, QString> labels{{u"1"_s, u"negative"_s}, {u"2"_s, u"negative"_s}, {u"3"_s, u"positive"_s}};
    SearchSupport support;
    support.labelledKeys = [&](const LabelCriteria &c) -> Result<QStringList> {
        QStringList keys;
        for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
            if (c.labels.isEmpty() || c.labels.contains(it.value()))
                keys << it.key();
        }
        return keys;
    };
    const LogSchema s = fullSchema();
    OutputFilter negative;
    negative.reviewLabels = {u"negative"_s};
    QCOMPARE(log.ids(filterConditions(s, negative, support)), (QList<qint64>{1, 2}));
    OutputFilter unreviewed;
    unreviewed.reviewed = ReviewedFilter::Unreviewed;
    QCOMPARE(log.ids(filterConditions(s, unreviewed, support)), QList<qint64>{4});
    OutputFilter disagrees; // 1: user positive, reviewer negative. 3: no user feedback.
    disagrees.disagreesWithUser = true;
    QCOMPARE(log.ids(filterConditions(s, disagrees, support)), QList<qint64>{1});
    OutputFilter reviewed;
    reviewed.reviewed = ReviewedFilter::Reviewed;
    QCOMPARE(log.ids(filterConditions(s, reviewed, support)), (QList<qint64>{1, 2, 3}));
}

void TestFilterSql::reviewLabelsWithoutWorkspaceFailLoudly()
{
    MemoryLog log;
    log.insert(1, {});
    OutputFilter f;
    f.reviewLabels = {u"positive"_s};
    const SqlConditions c = filterConditions(fullSchema(), f);
    QVERIFY(c.error.contains(u"workspace"_s));
    // A caller that ignores `error` gets a failing query, not an empty answer.
    QCOMPARE(log.ids(c), QList<qint64>{-1});

    SearchSupport broken;
    broken.labelledKeys = [](const LabelCriteria &) -> Result<QStringList> { return fail(u"cannot read labels"_s); };
    const SqlConditions d = filterConditions(fullSchema(), f, broken);
    QCOMPARE(d.error, u"cannot read labels"_s);
    QCOMPARE(log.ids(d), QList<qint64>{-1});
    // Filters without reviewer labels never ask.
    QVERIFY(filterConditions(fullSchema(), OutputFilter{}, broken).error.isEmpty());
}

QTEST_GUILESS_MAIN(TestFilterSql)
#include "tst_filtersql.moc"

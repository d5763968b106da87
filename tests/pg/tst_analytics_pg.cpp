// UsageAggregator on a real PostgreSQL server (pushed down to SQL) against the same rows in a
// SQLite file (aggregated by the scan): both paths must give the same buckets, in UTC and
// across Berlin's October DST change. ctest starts the server (see CMakeLists.txt) and passes
// ASSAY_TEST_PG_URL; without it every test skips and says why.

#include "analytics/UsageAggregator.h"
#include "browse/LogSession.h"

#include "TestSupport.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

Q_DECLARE_METATYPE(assay::UsagePeriod)
Q_DECLARE_METATYPE(assay::UsageGroupBy)

namespace {

const QString skipTag = u"ASSAY_PG_TESTS_SKIPPED: "_s;
const QStringList columnNames{u"feature"_s, u"created_at"_s, u"output"_s, u"model"_s, u"user_id"_s, u"feedback"_s,
                              u"prompt_name"_s, u"prompt_version"_s, u"input_tokens"_s, u"output_tokens"_s,
                              u"cache_read_tokens"_s, u"cache_write_tokens"_s, u"cost_usd"_s, u"latency_ms"_s,
                              u"status"_s, u"error"_s};

QList<QVariantList> makeRows()
{
    QRandomGenerator rng(42);
    const QStringList models{u"gpt-4o"_s, u"claude-sonnet-4-5"_s, u"gemini-2.5-pro"_s, u"mystery-1"_s, QString()};
    const QStringList features{u"chat"_s, u"summary"_s, u"tagging"_s};
    const QStringList feedback{u"positive"_s, u"negative"_s, u"edited"_s, QString()};
    const QDateTime start(QDate(2026, 10, 20), QTime(0, 0), QTimeZone::utc());
    QList<QVariantList> rows;
    for (int i = 0; i < 1500; ++i) {
        auto maybe = [&](int max) { return rng.bounded(8) == 0 ? QVariant() : QVariant(rng.bounded(max)); };
        // Dense around the change (2026-10-25 01:00 UTC), spread over two weeks otherwise.
        const qint64 secs = i % 3 == 0 ? 4 * 86400 + 22 * 3600 + rng.bounded(4 * 3600) : rng.bounded(16 * 86400);
        const QString model = models.at(rng.bounded(models.size()));
        rows << QVariantList{features.at(rng.bounded(features.size())),
                             toIsoUtc(start.addSecs(secs)),
                             u"out"_s,
                             model.isNull() ? QVariant() : QVariant(model),
                             u"u%1"_s.arg(rng.bounded(20)),
                             feedback.at(rng.bounded(feedback.size())),
                             u"reply"_s,
                             rng.bounded(2) ? QVariant(u"v%1"_s.arg(rng.bounded(3))) : QVariant(),
                             rng.bounded(20) == 0 ? QVariant(250'000) : maybe(3000),
                             maybe(800),
                             maybe(600),
                             maybe(300),
                             rng.bounded(3) == 0 ? QVariant(rng.bounded(1000) / 10000.0) : QVariant(),
                             maybe(5000),
                             rng.bounded(10) == 0 ? u"error"_s : u"ok"_s,
                             rng.bounded(20) == 0 ? QVariant(u"boom"_s) : QVariant()};
    }
    return rows;
}

} // namespace

class TestAnalyticsPg : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void sameAsSqliteScan_data();
    void sameAsSqliteScan();

private:
    std::unique_ptr<LogSession> openPg();
    QString m_url;
    QString m_admin = u"tst-analytics-pg-admin"_s;
    QString m_sqlitePath;
    QTemporaryDir m_dir;
};

void TestAnalyticsPg::initTestCase()
{
    if (const QString reason = qEnvironmentVariable("ASSAY_TEST_PG_SKIP"); !reason.isEmpty())
        QSKIP(qPrintable(skipTag + reason));
    m_url = qEnvironmentVariable("ASSAY_TEST_PG_URL");
    if (m_url.isEmpty())
        QSKIP(qPrintable(skipTag + u"ASSAY_TEST_PG_URL is not set; run these tests through ctest, which starts "
                                   "a PostgreSQL server for them"_s));
    QVERIFY(m_dir.isValid());
    qputenv("ASSAY_WORKSPACE_DIR", QFile::encodeName(m_dir.path()));
    auto location = SourceLocation::parse(m_url);
    QVERIFY2(location, qPrintable(location.error()));
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_admin);
    db.setHostName(location->host);
    db.setPort(location->port);
    db.setDatabaseName(location->database);
    db.setUserName(location->user);
    QVERIFY2(db.open(), qPrintable(db.lastError().text()));

    const QList<QVariantList> rows = makeRows();
    QSqlQuery q(db);
    QVERIFY(q.exec(u"DROP TABLE IF EXISTS public.usage_log"_s));
    QVERIFY2(q.exec(u"CREATE TABLE public.usage_log (id bigserial PRIMARY KEY, feature text, created_at timestamptz, "
                    "output text, model text, user_id text, feedback text, prompt_name text, prompt_version text, "
                    "input_tokens int, output_tokens int, cache_read_tokens int, cache_write_tokens int, "
                    "cost_usd float8, latency_ms int, status text, error text)"_s),
             qPrintable(q.lastError().text()));
    QStringList marks(columnNames.size(), u"?"_s);
    marks[1] = u"?::timestamptz"_s;
    QVERIFY(db.transaction());
    QVERIFY(q.prepare(u"INSERT INTO public.usage_log (%1) VALUES (%2)"_s.arg(columnNames.join(u", "_s), marks.join(u", "_s))));
    for (const QVariantList &row : rows) {
        for (int i = 0; i < row.size(); ++i)
            q.bindValue(i, row.at(i));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }
    QVERIFY(db.commit());

    QStringList sqliteColumns{u"id INTEGER PRIMARY KEY"_s};
    for (const QString &c : columnNames)
        sqliteColumns << c;
    QList<QVariantList> sqliteRows;
    qint64 id = 0;
    for (const QVariantList &row : rows)
        sqliteRows << (QVariantList{++id} + row);
    m_sqlitePath = test::TestLog::create(m_dir, sqliteColumns, sqliteRows);
}

void TestAnalyticsPg::cleanupTestCase()
{
    if (!QSqlDatabase::contains(m_admin))
        return;
    QSqlQuery(QSqlDatabase::database(m_admin)).exec(u"DROP TABLE IF EXISTS public.usage_log"_s);
    QSqlDatabase::database(m_admin).close();
    QSqlDatabase::removeDatabase(m_admin);
}

void TestAnalyticsPg::sameAsSqliteScan_data()
{
    QTest::addColumn<UsagePeriod>("period");
    QTest::addColumn<UsageGroupBy>("groupBy");
    QTest::addColumn<QByteArray>("zone");
    QTest::newRow("day/feature/UTC") << UsagePeriod::Day << UsageGroupBy::Feature << QByteArray("UTC");
    QTest::newRow("hour/none/Berlin") << UsagePeriod::Hour << UsageGroupBy::None << QByteArray("Europe/Berlin");
    QTest::newRow("day/model/Berlin") << UsagePeriod::Day << UsageGroupBy::Model << QByteArray("Europe/Berlin");
    QTest::newRow("week/prompt/Berlin") << UsagePeriod::IsoWeek << UsageGroupBy::Prompt << QByteArray("Europe/Berlin");
    QTest::newRow("month/user/Kolkata") << UsagePeriod::Month << UsageGroupBy::User << QByteArray("Asia/Kolkata");
    QTest::newRow("hour/feature/Kolkata") << UsagePeriod::Hour << UsageGroupBy::Feature << QByteArray("Asia/Kolkata");
}

void TestAnalyticsPg::sameAsSqliteScan()
{
    QFETCH(UsagePeriod, period);
    QFETCH(UsageGroupBy, groupBy);
    QFETCH(QByteArray, zone);
    AggregateRequest request;
    request.period = period;
    request.groupBy = groupBy;
    request.timeZone = QTimeZone(zone);
    QVERIFY(request.timeZone.isValid());

    SessionSpec pgSpec;
    pgSpec.source = *SourceLocation::parse(m_url);
    pgSpec.mapping.table = u"usage_log"_s;
    pgSpec.useWorkspace = false;
    auto pg = LogSession::open(pgSpec);
    QVERIFY2(pg, qPrintable(pg.error()));
    QCOMPARE((*pg)->schema().timestamps.kind, TimestampKind::SqlTimestamp);
    SessionSpec liteSpec;
    liteSpec.source = test::sqliteSource(m_sqlitePath);
    liteSpec.useWorkspace = false;
    auto lite = LogSession::open(liteSpec);
    QVERIFY2(lite, qPrintable(lite.error()));

    UsageAggregator pgAggregator(**pg, PriceTable::withDefaults());
    UsageAggregator liteAggregator(**lite, PriceTable::withDefaults());
    auto a = pgAggregator.aggregate(request);
    QVERIFY2(a, qPrintable(a.error()));
    auto b = liteAggregator.aggregate(request);
    QVERIFY2(b, qPrintable(b.error()));
    QCOMPARE(a->size(), b->size());
    QVERIFY(a->size() > 1);
    for (qsizetype i = 0; i < a->size(); ++i) {
        const UsageBucket &x = a->at(i), &y = b->at(i);
        const QByteArray where = (x.periodStart.toString(Qt::ISODate) + u' ' + x.group).toUtf8();
        QCOMPARE(x.periodStart, y.periodStart);
        QCOMPARE(x.group, y.group);
        QVERIFY2(x.calls == y.calls, where.constData());
        QCOMPARE(x.inputTokens, y.inputTokens);
        QCOMPARE(x.outputTokens, y.outputTokens);
        QCOMPARE(x.cacheReadTokens, y.cacheReadTokens);
        QCOMPARE(x.cacheWriteTokens, y.cacheWriteTokens);
        QVERIFY2(qAbs(x.costUsd - y.costUsd) <= 1e-9 * qMax(1.0, y.costUsd), where.constData());
        QCOMPARE(x.loggedCostCalls, y.loggedCostCalls);
        QCOMPARE(x.computedCostCalls, y.computedCostCalls);
        QCOMPARE(x.unpricedCalls, y.unpricedCalls);
        QCOMPARE(x.noUsageCalls, y.noUsageCalls);
        QCOMPARE(x.unpricedModels, y.unpricedModels);
        QCOMPARE(x.latencyCalls, y.latencyCalls);
        QCOMPARE(x.latencyP50Ms.has_value(), y.latencyP50Ms.has_value());
        if (x.latencyP50Ms) {
            QVERIFY2(qAbs(*x.latencyP50Ms - *y.latencyP50Ms) < 1e-6, where.constData());
            QVERIFY2(qAbs(*x.latencyP95Ms - *y.latencyP95Ms) < 1e-6, where.constData());
        }
        QCOMPARE(x.errors, y.errors);
        QCOMPARE(x.feedbackPositive, y.feedbackPositive);
        QCOMPARE(x.feedbackNegative, y.feedbackNegative);
        QCOMPARE(x.feedbackEdited, y.feedbackEdited);
    }
    QCOMPARE(totalOf(*a).calls, 1500);
}

QTEST_GUILESS_MAIN(TestAnalyticsPg)
#include "tst_analytics_pg.moc"

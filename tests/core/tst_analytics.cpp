// UsageAggregator over SQLite logs: totals against direct SQL and costOfRecord() on random
// logs, time-zone and ISO-week bucketing across a DST change, unpriced calls, logged costs and
// exact percentiles. tst_analytics_scan covers the scan's own timestamp parser and timing.

#include "analytics/TimeBuckets.h"
#include "analytics/UsageAggregator.h"
#include "browse/LogSession.h"
#include "pricing/RecordCost.h"

#include "TestSupport.h"

#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

const QStringList columns{
    u"id INTEGER PRIMARY KEY"_s, u"feature TEXT"_s, u"created_at TEXT"_s, u"output TEXT"_s, u"model TEXT"_s,
    u"user_id TEXT"_s, u"feedback TEXT"_s, u"prompt_name TEXT"_s, u"prompt_version TEXT"_s,
    u"input_tokens INTEGER"_s, u"output_tokens INTEGER"_s, u"cache_read_tokens INTEGER"_s,
    u"cache_write_tokens INTEGER"_s, u"cost_usd REAL"_s, u"latency_ms INTEGER"_s, u"status TEXT"_s, u"error TEXT"_s,
};

struct Call {
    QString at; // ISO text as logged
    QString feature = u"chat"_s;
    QVariant model = u"gpt-4o"_s;
    QVariant in = 100, out = 10, read, write, cost, latency = 500;
    QVariant status = u"ok"_s, error, feedback;
    QVariant prompt, version, user;
};

Call call(const QString &at, const QString &feature = u"chat"_s, const QVariant &latency = 500)
{
    Call c;
    c.at = at;
    c.feature = feature;
    c.latency = latency;
    return c;
}

QList<QVariantList> rowsOf(const QList<Call> &calls)
{
    QList<QVariantList> rows;
    qint64 id = 0;
    for (const Call &c : calls)
        rows << QVariantList{++id, c.feature, c.at, u"out"_s, c.model, c.user, c.feedback, c.prompt, c.version,
                             c.in, c.out, c.read, c.write, c.cost, c.latency, c.status, c.error};
    return rows;
}

QDateTime utc(const QString &iso)
{
    QDateTime dt = QDateTime::fromString(iso, Qt::ISODateWithMs);
    dt.setTimeZone(QTimeZone::utc());
    return dt;
}

PriceTable testPrices()
{
    PriceTable prices = PriceTable::withDefaults();
    ModelPrice tiered;
    tiered.pattern = u"tiered-x"_s;
    tiered.input = 1;
    tiered.output = 2;
    tiered.cacheRead = 0.5;
    tiered.tiers = {PriceTier{1500, 3, 4, std::nullopt, std::nullopt}};
    tiered.source = PriceSource::User;
    ModelPrice oldRate;
    oldRate.pattern = u"dated-y"_s;
    oldRate.input = 1;
    oldRate.output = 1;
    oldRate.source = PriceSource::User;
    ModelPrice newRate = oldRate;
    newRate.input = 10;
    newRate.output = 10;
    newRate.effectiveFrom = QDate(2026, 3, 3);
    // Not inside Q_ASSERT, which release builds compile away together with the add().
    for (const ModelPrice &p : {tiered, oldRate, newRate}) {
        if (!prices.add(p).ok())
            qFatal("test price row %s refused", qPrintable(p.pattern));
    }
    return prices;
}

} // namespace

class TestAnalytics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void totalsMatchDirectSql();
    void dayWeekMonthAcrossDst();
    void hoursAcrossDstAreDistinct();
    void isoWeek53();
    void unpricedCallsAreCounted();
    void loggedCostWins();
    void percentiles();
    void groupsByPromptAndFilters();

private:
    std::unique_ptr<LogSession> open(const QList<Call> &calls);
    QList<UsageBucket> run(const QList<Call> &calls, AggregateRequest request);
    QTemporaryDir m_dir;
    int m_logs = 0;
};

std::unique_ptr<LogSession> TestAnalytics::open(const QList<Call> &calls)
{
    test::TestLogOptions options;
    options.fileName = u"log-%1.sqlite"_s.arg(++m_logs);
    const QString path = test::TestLog::create(m_dir, columns, rowsOf(calls), options);
    SessionSpec spec;
    spec.source = test::sqliteSource(path);
    spec.useWorkspace = false;
    auto session = LogSession::open(spec);
    if (!session) {
        qWarning("%s", qPrintable(session.error()));
        return nullptr;
    }
    return std::move(*session);
}

QList<UsageBucket> TestAnalytics::run(const QList<Call> &calls, AggregateRequest request)
{
    auto session = open(calls);
    if (!session)
        return {};
    UsageAggregator aggregator(*session, testPrices());
    auto result = aggregator.aggregate(request);
    if (!result) {
        qWarning("%s", qPrintable(result.error()));
        return {};
    }
    return *result;
}

void TestAnalytics::totalsMatchDirectSql()
{
    const QStringList models{u"gpt-4o"_s, u"claude-sonnet-4-5"_s, u"tiered-x"_s, u"dated-y"_s, u"mystery-1"_s, QString()};
    const QStringList features{u"chat"_s, u"summary"_s, u"tagging"_s};
    for (quint32 seed : {1u, 2u, 3u}) {
        QRandomGenerator rng(seed);
        QList<Call> calls;
        const QDateTime start = utc(u"2026-03-01T00:00:00"_s);
        for (int i = 0; i < 400; ++i) {
            Call c;
            c.at = toIsoUtc(start.addSecs(rng.bounded(6 * 86400)));
            c.feature = features.at(rng.bounded(features.size()));
            const QString model = models.at(rng.bounded(models.size()));
            c.model = model.isNull() ? QVariant() : QVariant(model);
            auto maybe = [&](int max) { return rng.bounded(8) == 0 ? QVariant() : QVariant(rng.bounded(max)); };
            c.in = maybe(3000);
            c.out = maybe(800);
            c.read = maybe(600);
            c.write = maybe(300);
            c.cost = rng.bounded(3) == 0 ? QVariant(rng.bounded(1000) / 10000.0) : QVariant();
            c.latency = maybe(5000);
            c.status = rng.bounded(10) == 0 ? u"error"_s : u"ok"_s;
            c.error = rng.bounded(20) == 0 ? QVariant(u"boom"_s) : QVariant();
            const QStringList fb{u"positive"_s, u"negative"_s, u"edited"_s, QString()};
            c.feedback = fb.at(rng.bounded(fb.size()));
            calls << c;
        }
        auto session = open(calls);
        QVERIFY(session);
        UsageAggregator aggregator(*session, testPrices());
        AggregateRequest request;
        request.groupBy = UsageGroupBy::Feature;
        auto buckets = aggregator.aggregate(request);
        QVERIFY2(buckets, qPrintable(buckets.error()));
        QCOMPARE(aggregator.lastUndatedRows(), 0);

        // The same figures straight from SQL (UTC days are the first ten characters here).
        QSqlQuery q(session->connection().db());
        QVERIFY(q.exec(u"SELECT substr(created_at, 1, 10), feature, count(*), total(input_tokens), total(output_tokens), "
                       "total(cache_read_tokens), total(cache_write_tokens), total(cost_usd), count(cost_usd), "
                       "sum(status <> 'ok' OR coalesce(error, '') <> ''), sum(feedback = 'positive'), "
                       "sum(feedback = 'negative'), sum(feedback = 'edited') FROM ai_outputs GROUP BY 1, 2 ORDER BY 1, 2"_s));
        // Computed costs: costOfRecord over every row, the per-row definition the cells must equal.
        QMap<std::pair<QString, QString>, CostTally> tallies;
        const PriceTable prices = testPrices();
        auto walked = session->outputs().forEachRecord({}, {}, -1, [&](const OutputRecord &r) {
            tallies[{toIsoUtc(r.createdAt).left(10), r.value(LogField::Feature).toString()}].add(costOfRecord(r, prices));
            return true;
        });
        QVERIFY2(walked, qPrintable(walked.error()));

        int i = 0;
        while (q.next()) {
            QVERIFY(i < buckets->size());
            const UsageBucket &b = buckets->at(i++);
            QCOMPARE(b.periodStart.date().toString(Qt::ISODate), q.value(0).toString());
            QCOMPARE(b.periodStart.timeZone(), QTimeZone::utc());
            QCOMPARE(b.group, q.value(1).toString());
            QCOMPARE(b.calls, q.value(2).toLongLong());
            QCOMPARE(b.inputTokens, q.value(3).toLongLong());
            QCOMPARE(b.outputTokens, q.value(4).toLongLong());
            QCOMPARE(b.cacheReadTokens, q.value(5).toLongLong());
            QCOMPARE(b.cacheWriteTokens, q.value(6).toLongLong());
            QCOMPARE(b.loggedCostCalls, q.value(8).toLongLong());
            QCOMPARE(b.errors, q.value(9).toLongLong());
            QCOMPARE(b.feedbackPositive, q.value(10).toLongLong());
            QCOMPARE(b.feedbackNegative, q.value(11).toLongLong());
            QCOMPARE(b.feedbackEdited, q.value(12).toLongLong());
            const CostTally &t = tallies[{q.value(0).toString(), q.value(1).toString()}];
            QCOMPARE(b.calls, t.calls);
            QCOMPARE(b.unpricedCalls, t.unpriced);
            QCOMPARE(b.noUsageCalls, t.noUsage);
            QCOMPARE(b.computedCostCalls, t.computed);
            QCOMPARE(b.unpricedModels, t.unpricedModels);
            QVERIFY2(qAbs(b.costUsd - t.usd) <= 1e-9 * qMax(1.0, t.usd), qPrintable(u"%1 vs %2"_s.arg(b.costUsd).arg(t.usd)));
        }
        QCOMPARE(i, buckets->size());
        const UsageBucket total = totalOf(*buckets);
        QCOMPARE(total.calls, 400);
        QVERIFY(total.unpricedCalls > 0 && total.computedCostCalls > 0 && total.loggedCostCalls > 0);
    }
}

void TestAnalytics::dayWeekMonthAcrossDst()
{
    // Berlin leaves summer time on Sunday 2026-10-25 at 01:00 UTC: that local day is 25 hours.
    const QTimeZone berlin("Europe/Berlin");
    QVERIFY(berlin.isValid());
    QList<Call> calls;
    for (const QString &at : {u"2026-10-24T21:59:59Z"_s, u"2026-10-24T22:00:00Z"_s, u"2026-10-25T22:59:59Z"_s,
                              u"2026-10-25T23:00:00Z"_s, u"2026-10-31T22:30:00Z"_s, u"2026-10-31T23:00:00Z"_s})
        calls << call(at);
    AggregateRequest request;
    request.timeZone = berlin;

    request.period = UsagePeriod::Day;
    auto days = run(calls, request);
    QCOMPARE(days.size(), 5);
    QCOMPARE(days.at(0).periodStart, QDateTime(QDate(2026, 10, 24), QTime(0, 0), berlin));
    QCOMPARE(days.at(1).periodStart, QDateTime(QDate(2026, 10, 25), QTime(0, 0), berlin));
    QCOMPARE(days.at(1).periodStart.toUTC(), utc(u"2026-10-24T22:00:00"_s));
    QCOMPARE(days.at(1).calls, 2); // 22:00Z on the 24th to 22:59:59Z on the 25th: 25 hours
    QCOMPARE(days.at(2).periodStart.toUTC(), utc(u"2026-10-25T23:00:00"_s));
    QCOMPARE(days.at(2).calls, 1);
    QCOMPARE(days.at(3).periodStart.date(), QDate(2026, 10, 31));
    QCOMPARE(days.at(4).periodStart.date(), QDate(2026, 11, 1));

    request.period = UsagePeriod::IsoWeek;
    auto weeks = run(calls, request);
    QCOMPARE(weeks.size(), 2);
    QCOMPARE(QDate(2026, 10, 25).dayOfWeek(), 7);
    QCOMPARE(weeks.at(0).periodStart, QDateTime(QDate(2026, 10, 19), QTime(0, 0), berlin));
    QCOMPARE(weeks.at(0).periodStart.toUTC(), utc(u"2026-10-18T22:00:00"_s)); // a summer-time Monday
    QCOMPARE(weeks.at(0).calls, 3);
    QCOMPARE(weeks.at(1).periodStart.toUTC(), utc(u"2026-10-25T23:00:00"_s)); // a winter-time Monday
    QCOMPARE(weeks.at(1).calls, 3);
    QCOMPARE(isoWeekLabel(weeks.at(1).periodStart.date()), u"2026-W44"_s);

    request.period = UsagePeriod::Month;
    auto months = run(calls, request);
    QCOMPARE(months.size(), 2);
    QCOMPARE(months.at(0).periodStart.toUTC(), utc(u"2026-09-30T22:00:00"_s)); // summer time
    QCOMPARE(months.at(0).calls, 5);
    QCOMPARE(months.at(1).periodStart.toUTC(), utc(u"2026-10-31T23:00:00"_s)); // winter time
    QCOMPARE(months.at(1).calls, 1);
}

void TestAnalytics::hoursAcrossDstAreDistinct()
{
    const QTimeZone berlin("Europe/Berlin");
    QList<Call> calls{call(u"2026-10-25T00:30:00Z"_s), call(u"2026-10-25T01:30:00Z"_s), call(u"2026-10-25T01:45:00Z"_s)};
    AggregateRequest request;
    request.timeZone = berlin;
    request.period = UsagePeriod::Hour;
    auto hours = run(calls, request);
    QCOMPARE(hours.size(), 2); // both read 02:xx on the wall, an hour apart
    QCOMPARE(hours.at(0).periodStart.toUTC(), utc(u"2026-10-25T00:00:00"_s));
    QCOMPARE(hours.at(0).periodStart.time(), QTime(2, 0));
    QCOMPARE(hours.at(0).calls, 1);
    QCOMPARE(hours.at(1).periodStart.toUTC(), utc(u"2026-10-25T01:00:00"_s));
    QCOMPARE(hours.at(1).periodStart.time(), QTime(2, 0));
    QCOMPARE(hours.at(1).calls, 2);
}

void TestAnalytics::isoWeek53()
{
    // 2026 starts on a Thursday, so it has an ISO week 53: Monday 2026-12-28 to Sunday 2027-01-03.
    int year = 0;
    QCOMPARE(QDate(2026, 12, 28).weekNumber(&year), 53);
    QCOMPARE(year, 2026);
    QCOMPARE(QDate(2027, 1, 3).weekNumber(&year), 53);
    QCOMPARE(QDate(2027, 1, 4).weekNumber(&year), 1);
    QList<Call> calls{call(u"2026-12-27T23:59:59Z"_s), call(u"2026-12-28T00:00:00Z"_s), call(u"2027-01-01T12:00:00Z"_s),
                      call(u"2027-01-03T23:59:59Z"_s), call(u"2027-01-04T00:00:00Z"_s)};
    AggregateRequest request;
    request.period = UsagePeriod::IsoWeek;
    auto weeks = run(calls, request);
    QCOMPARE(weeks.size(), 3);
    QCOMPARE(isoWeekLabel(weeks.at(0).periodStart.date()), u"2026-W52"_s);
    QCOMPARE(isoWeekLabel(weeks.at(1).periodStart.date()), u"2026-W53"_s);
    QCOMPARE(weeks.at(1).periodStart.date(), QDate(2026, 12, 28));
    QCOMPARE(weeks.at(1).calls, 3);
    QCOMPARE(isoWeekLabel(weeks.at(2).periodStart.date()), u"2027-W01"_s);

    request.period = UsagePeriod::Month;
    auto months = run(calls, request);
    QCOMPARE(months.size(), 2);
    QCOMPARE(months.at(0).calls, 2);
    QCOMPARE(months.at(1).periodStart, QDateTime(QDate(2027, 1, 1), QTime(0, 0), QTimeZone::utc()));
}

void TestAnalytics::unpricedCallsAreCounted()
{
    Call known = call(u"2026-05-01T10:00:00Z"_s);
    known.in = 1'000'000;
    known.out = 0;
    Call unknown = call(u"2026-05-01T11:00:00Z"_s);
    unknown.model = u"mystery-1"_s;
    Call noModel = call(u"2026-05-01T12:00:00Z"_s);
    noModel.model = QVariant();
    Call noUsage = call(u"2026-05-01T13:00:00Z"_s);
    noUsage.in = noUsage.out = QVariant();
    auto buckets = run({known, unknown, noModel, unknown, noUsage}, {});
    QCOMPARE(buckets.size(), 1);
    const UsageBucket &b = buckets.first();
    QCOMPARE(b.calls, 5);
    QCOMPARE(b.unpricedCalls, 3);
    QCOMPARE(b.unpricedModels.value(u"mystery-1"_s), 2);
    QCOMPARE(b.unpricedModels.value(u"(no model)"_s), 1);
    QCOMPARE(b.noUsageCalls, 1);
    QCOMPARE(b.computedCostCalls, 1);
    QCOMPARE(b.costUsd, 2.5); // a million gpt-4o input tokens at $2.50 per million
    QCOMPARE(b.unpricedShare(), 0.8);
}

void TestAnalytics::loggedCostWins()
{
    Call logged = call(u"2026-05-01T10:00:00Z"_s);
    logged.in = 1'000'000;
    logged.cost = 0.125;
    Call unknownButLogged = call(u"2026-05-01T11:00:00Z"_s);
    unknownButLogged.model = u"mystery-1"_s;
    unknownButLogged.cost = 0.5;
    auto buckets = run({logged, unknownButLogged}, {});
    QCOMPARE(buckets.size(), 1);
    QCOMPARE(buckets.first().costUsd, 0.625);
    QCOMPARE(buckets.first().loggedCostCalls, 2);
    QCOMPARE(buckets.first().unpricedCalls, 0);
}

void TestAnalytics::percentiles()
{
    QList<Call> calls;
    for (int ms : {1000, 100, 400, 300, 200})
        calls << call(u"2026-05-01T10:00:00Z"_s, u"a"_s, ms);
    for (int ms : {40, 10, 30, 20})
        calls << call(u"2026-05-01T10:00:00Z"_s, u"b"_s, ms);
    calls << call(u"2026-05-01T10:00:00Z"_s, u"b"_s, QVariant());
    calls << call(u"2026-05-01T10:00:00Z"_s, u"c"_s, QVariant());
    AggregateRequest request;
    request.groupBy = UsageGroupBy::Feature;
    auto buckets = run(calls, request);
    QCOMPARE(buckets.size(), 3);
    // a: sorted 100 200 300 400 1000; p95 at rank 3.8 = 400 + 0.8 * 600.
    QCOMPARE(buckets.at(0).latencyP50Ms, 300.0);
    QVERIFY(qAbs(*buckets.at(0).latencyP95Ms - 880.0) < 1e-9);
    // b: 10 20 30 40 (the NULL is not a zero); p50 at rank 1.5, p95 at rank 2.85.
    QCOMPARE(buckets.at(1).latencyCalls, 4);
    QCOMPARE(buckets.at(1).latencyP50Ms, 25.0);
    QVERIFY(qAbs(*buckets.at(1).latencyP95Ms - 38.5) < 1e-9);
    QCOMPARE(buckets.at(2).latencyCalls, 0);
    QVERIFY(!buckets.at(2).latencyP50Ms);
}

void TestAnalytics::groupsByPromptAndFilters()
{
    Call a = call(u"2026-05-01T10:00:00Z"_s);
    a.prompt = u"reply"_s;
    a.version = u"v2"_s;
    Call b = a;
    b.version = QVariant();
    Call c = a;
    c.feature = u"other"_s;
    AggregateRequest request;
    request.groupBy = UsageGroupBy::Prompt;
    request.filter.features = {u"chat"_s};
    auto buckets = run({a, b, c, a}, request);
    QCOMPARE(buckets.size(), 2);
    QCOMPARE(buckets.at(0).group, u"reply"_s);
    QCOMPARE(buckets.at(0).calls, 1);
    QCOMPARE(buckets.at(1).group, u"reply@v2"_s);
    QCOMPARE(buckets.at(1).calls, 2);
}

QTEST_GUILESS_MAIN(TestAnalytics)
#include "tst_analytics.moc"

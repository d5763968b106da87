// Usage rollups (issue 6): on random logs the rollups give what UsageAggregator gives directly
// (calls, tokens and cost equal; p50/p95 within the histogram's stated error), across a DST
// change; an incremental refresh reads only appended rows; a replaced log is rebuilt; a price
// change needs no rebuild; requests rollups cannot answer fall back to the scan and say why.

#include "analytics/LatencyHistogram.h"
#include "analytics/UsageAggregator.h"
#include "analytics/UsageCells.h"
#include "analytics/UsageQuery.h"
#include "browse/LogSession.h"

#include "TestSupport.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

const QStringList columns{
    u"id INTEGER PRIMARY KEY"_s, u"feature TEXT"_s, u"created_at TEXT"_s, u"output TEXT"_s, u"model TEXT"_s,
    u"user_id TEXT"_s, u"feedback TEXT"_s, u"prompt_name TEXT"_s, u"prompt_version TEXT"_s,
    u"input_tokens INTEGER"_s, u"output_tokens INTEGER"_s, u"cache_read_tokens INTEGER"_s,
    u"cache_write_tokens INTEGER"_s, u"cost_usd REAL"_s, u"latency_ms REAL"_s, u"status TEXT"_s, u"error TEXT"_s,
};

QStringList columnNames()
{
    QStringList names;
    for (const QString &c : columns)
        names << test::columnNameOf(c);
    return names;
}

QDateTime utc(const QString &iso)
{
    QDateTime dt = QDateTime::fromString(iso, Qt::ISODate);
    dt.setTimeZone(QTimeZone::utc());
    return dt;
}

// Random calls from `start` over `days`, with ids from firstId: every kind of row the pricing
// and counting distinguish (logged cost, tiers, dated prices, unpriced and unnamed models, no
// tokens, cache tokens, errors, feedback, NULL prompt versions, padded names, no latency).
QList<QVariantList> randomRows(quint32 seed, int n, qint64 firstId, const QDateTime &start, int days)
{
    const QStringList models{u"gpt-4o"_s, u"claude-sonnet-4-5"_s, u"tiered-x"_s, u"dated-y"_s, u"mystery-1"_s,
                             u" gpt-4o"_s, QString()};
    const QStringList features{u"chat"_s, u"summary"_s, u"tagging"_s, u"chat "_s};
    const QStringList prompts{u"greet"_s, u"sum"_s, QString()};
    const QStringList versions{u"v1"_s, u"v2"_s, QString()};
    const QStringList feedback{u"positive"_s, u"negative"_s, u"edited"_s, QString()};
    QRandomGenerator rng(seed);
    QList<QVariantList> rows;
    for (int i = 0; i < n; ++i) {
        auto maybe = [&](int max) { return rng.bounded(8) == 0 ? QVariant() : QVariant(rng.bounded(max)); };
        auto pick = [&](const QStringList &from) {
            const QString v = from.at(rng.bounded(from.size()));
            return v.isNull() ? QVariant() : QVariant(v);
        };
        const QString at = toIsoUtc(start.addMSecs(qint64(rng.bounded(days * 86400)) * 1000 + rng.bounded(1000)));
        // Lognormal-ish latencies from 5 ms to a minute, a few missing.
        const QVariant latency = rng.bounded(10) == 0 ? QVariant() : QVariant(std::exp(1.6 + rng.bounded(9.4)));
        rows << QVariantList{firstId + i, pick(features), at, u"out"_s, pick(models), u"u%1"_s.arg(rng.bounded(5)),
                             pick(feedback), pick(prompts), pick(versions), maybe(3000), maybe(800), maybe(600),
                             maybe(300), rng.bounded(3) == 0 ? QVariant(rng.bounded(1000) / 10000.0) : QVariant(),
                             latency, rng.bounded(10) == 0 ? u"error"_s : u"ok"_s,
                             rng.bounded(20) == 0 ? QVariant(u"boom"_s) : QVariant()};
    }
    return rows;
}

PriceTable testPrices(double tieredInput = 1)
{
    PriceTable prices = PriceTable::withDefaults();
    ModelPrice tiered;
    tiered.pattern = u"tiered-x"_s;
    tiered.input = tieredInput;
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
    newRate.effectiveFrom = QDate(2026, 10, 26);
    for (const ModelPrice &p : {tiered, oldRate, newRate})
        Q_ASSERT(prices.add(p).ok());
    return prices;
}

bool within(double a, double b, double relative)
{
    return std::fabs(a - b) <= relative * std::max(std::fabs(a), std::fabs(b)) + 1e-12;
}

} // namespace

class TestRollups : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void histogramPercentilesWithinStatedError();
    void rollupsEqualDirectOnRandomLogs_data();
    void rollupsEqualDirectOnRandomLogs();
    void incrementalRefreshReadsOnlyNewRows();
    void replacedLogIsRebuilt();
    void priceChangeNeedsNoRebuild();
    void newTierThresholdRebuilds();
    void fallbacksSayWhy();
    void batchRefreshesOnce();

private:
    QString writeLog(const QList<QVariantList> &rows);
    std::unique_ptr<LogSession> open(const QString &path, bool workspace = true);
    void compareWithDirect(LogSession &session, const AggregateRequest &request, const PriceTable &prices,
                           UsageSourceInfo *how = nullptr);

    QTemporaryDir m_dir;
    test::ScopedWorkspaceDir m_workspaces;
    int m_logs = 0;
    const QDateTime m_start = utc(u"2026-10-20T00:00:00"_s); // the Berlin and New York DST changes fall inside
};

QString TestRollups::writeLog(const QList<QVariantList> &rows)
{
    test::TestLogOptions options;
    options.fileName = u"log-%1.sqlite"_s.arg(++m_logs);
    return test::TestLog::create(m_dir, columns, rows, options);
}

std::unique_ptr<LogSession> TestRollups::open(const QString &path, bool workspace)
{
    SessionSpec spec;
    spec.source = test::sqliteSource(path);
    spec.useWorkspace = workspace;
    auto session = LogSession::open(spec);
    if (!session) {
        qWarning("%s", qPrintable(session.error()));
        return nullptr;
    }
    return std::move(*session);
}

void TestRollups::compareWithDirect(LogSession &session, const AggregateRequest &request, const PriceTable &prices,
                                    UsageSourceInfo *how)
{
    UsageSourceInfo info;
    auto viaRollups = queryUsage(session, prices, request, &info);
    QVERIFY2(viaRollups, qPrintable(viaRollups.error()));
    QVERIFY2(info.path == UsagePath::Rollups, qPrintable(info.fallbackReason));
    QVERIFY(info.fallbackReason.isEmpty());
    if (how)
        *how = info;

    UsageAggregator aggregator(session, prices);
    auto direct = aggregator.aggregate(request);
    QVERIFY2(direct, qPrintable(direct.error()));
    // Rows whose time cannot be read belong to no bucket either way; the rollups count them only
    // for requests without a time range (a range compares the log's text, which they do not keep).
    if (!request.filter.since && !request.filter.until)
        QCOMPARE(info.undatedRows, aggregator.lastUndatedRows());
    QCOMPARE(viaRollups->size(), direct->size());
    QVERIFY(!direct->isEmpty());
    for (qsizetype i = 0; i < direct->size(); ++i) {
        const UsageBucket &r = viaRollups->at(i);
        const UsageBucket &d = direct->at(i);
        QCOMPARE(r.periodStart, d.periodStart);
        QCOMPARE(r.group, d.group);
        QCOMPARE(r.calls, d.calls);
        QCOMPARE(r.inputTokens, d.inputTokens);
        QCOMPARE(r.outputTokens, d.outputTokens);
        QCOMPARE(r.cacheReadTokens, d.cacheReadTokens);
        QCOMPARE(r.cacheWriteTokens, d.cacheWriteTokens);
        QCOMPARE(r.loggedCostCalls, d.loggedCostCalls);
        QCOMPARE(r.computedCostCalls, d.computedCostCalls);
        QCOMPARE(r.unpricedCalls, d.unpricedCalls);
        QCOMPARE(r.noUsageCalls, d.noUsageCalls);
        QCOMPARE(r.unpricedModels, d.unpricedModels);
        // Equal up to the order in which doubles are added (the direct scan's own order is a hash's).
        QVERIFY2(within(r.costUsd, d.costUsd, 1e-12), qPrintable(u"%1 vs %2"_s.arg(r.costUsd, 0, 'g', 17).arg(d.costUsd, 0, 'g', 17)));
        QCOMPARE(r.errors, d.errors);
        QCOMPARE(r.feedbackPositive, d.feedbackPositive);
        QCOMPARE(r.feedbackNegative, d.feedbackNegative);
        QCOMPARE(r.feedbackEdited, d.feedbackEdited);
        QCOMPARE(r.latencyCalls, d.latencyCalls);
        QCOMPARE(r.latencyP50Ms.has_value(), d.latencyP50Ms.has_value());
        if (d.latencyP50Ms) {
            QVERIFY2(within(*r.latencyP50Ms, *d.latencyP50Ms, LatencyHistogram::relativeError),
                     qPrintable(u"p50 %1 vs %2"_s.arg(*r.latencyP50Ms).arg(*d.latencyP50Ms)));
            QVERIFY2(within(*r.latencyP95Ms, *d.latencyP95Ms, LatencyHistogram::relativeError),
                     qPrintable(u"p95 %1 vs %2"_s.arg(*r.latencyP95Ms).arg(*d.latencyP95Ms)));
        }
    }
}

void TestRollups::histogramPercentilesWithinStatedError()
{
    QRandomGenerator rng(7);
    for (int round = 0; round < 50; ++round) {
        std::vector<double> values;
        LatencyHistogram h;
        const int n = 1 + int(rng.bounded(400));
        for (int i = 0; i < n; ++i) {
            const double v = round == 0 && i < 3 ? 0.0 : std::exp(-6.0 + rng.bounded(26.0));
            values.push_back(v);
            h.add(v);
        }
        const LatencyHistogram back = LatencyHistogram::decode(h.encode());
        QCOMPARE(back.count(), qint64(n));
        for (double fraction : {0.0, 0.25, 0.5, 0.95, 0.99, 1.0}) {
            std::vector<double> copy = values;
            const double exact = *percentileCont(copy, fraction);
            const double estimate = *back.percentile(fraction);
            QVERIFY2(within(estimate, exact, LatencyHistogram::relativeError),
                     qPrintable(u"n=%1 q=%2: %3 vs %4"_s.arg(n).arg(fraction).arg(estimate).arg(exact)));
        }
    }
    QVERIFY(!LatencyHistogram().percentile(0.5));
    // The stated bound is the bucket width's: a looser histogram would fail the checks above.
    QVERIFY(std::sqrt(1.04) - 1 <= LatencyHistogram::relativeError);
    QCOMPARE(LatencyHistogram::bucketOf(-5.0), -LatencyHistogram::bucketOf(5.0));
}

void TestRollups::rollupsEqualDirectOnRandomLogs_data()
{
    QTest::addColumn<int>("period");
    QTest::addColumn<int>("group");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<OutputFilter>("filter");
    const OutputFilter all;
    OutputFilter some;
    some.features = {u"chat"_s, u"summary"_s};
    some.models = {u"tiered-x"_s, u"dated-y"_s, u"gpt-4o"_s, u"mystery-1"_s};
    some.since = utc(u"2026-10-22T05:00:00"_s);
    some.until = utc(u"2026-10-30T17:00:00"_s);
    OutputFilter partHours = some; // starts and ends inside an hour: the part hours come from the log
    partHours.since = utc(u"2026-10-22T05:17:33.250"_s);
    partHours.until = utc(u"2026-10-30T17:45:10"_s);
    OutputFilter sameHour;
    sameHour.since = utc(u"2026-10-24T10:05:00"_s);
    sameHour.until = utc(u"2026-10-24T10:55:00"_s);
    OutputFilter nextHour;
    nextHour.since = utc(u"2026-10-24T10:05:00"_s);
    nextHour.until = utc(u"2026-10-24T11:55:00"_s);
    OutputFilter openEnded;
    openEnded.since = utc(u"2026-10-25T00:59:59"_s);
    OutputFilter untilOnly;
    untilOnly.until = utc(u"2026-10-26T01:30:00"_s);
    OutputFilter prompt;
    prompt.promptName = u"greet"_s;
    OutputFilter promptVersion = prompt;
    promptVersion.promptVersion = u"v2"_s;
    QTest::newRow("day, none, UTC") << int(UsagePeriod::Day) << int(UsageGroupBy::None) << u"UTC"_s << all;
    QTest::newRow("hour, feature, UTC") << int(UsagePeriod::Hour) << int(UsageGroupBy::Feature) << u"UTC"_s << all;
    QTest::newRow("day, model, Berlin (DST)") << int(UsagePeriod::Day) << int(UsageGroupBy::Model)
                                              << u"Europe/Berlin"_s << all;
    QTest::newRow("hour, none, Berlin (DST)") << int(UsagePeriod::Hour) << int(UsageGroupBy::None)
                                              << u"Europe/Berlin"_s << all;
    QTest::newRow("week, prompt, New York (DST)") << int(UsagePeriod::IsoWeek) << int(UsageGroupBy::Prompt)
                                                  << u"America/New_York"_s << all;
    QTest::newRow("month, feature, Tokyo") << int(UsagePeriod::Month) << int(UsageGroupBy::Feature)
                                           << u"Asia/Tokyo"_s << all;
    QTest::newRow("day, feature, filtered") << int(UsagePeriod::Day) << int(UsageGroupBy::Feature) << u"UTC"_s << some;
    QTest::newRow("hour, model, part hours at both ends") << int(UsagePeriod::Hour) << int(UsageGroupBy::Model)
                                                         << u"UTC"_s << partHours;
    QTest::newRow("day, feature, Berlin, part hours") << int(UsagePeriod::Day) << int(UsageGroupBy::Feature)
                                                      << u"Europe/Berlin"_s << partHours;
    QTest::newRow("within one hour") << int(UsagePeriod::Hour) << int(UsageGroupBy::None) << u"UTC"_s << sameHour;
    QTest::newRow("into the next hour") << int(UsagePeriod::Hour) << int(UsageGroupBy::Feature) << u"UTC"_s
                                        << nextHour;
    QTest::newRow("since only, Berlin DST night") << int(UsagePeriod::Hour) << int(UsageGroupBy::Prompt)
                                                  << u"Europe/Berlin"_s << openEnded;
    QTest::newRow("until only") << int(UsagePeriod::Day) << int(UsageGroupBy::Model) << u"UTC"_s << untilOnly;
    QTest::newRow("day, model, prompt") << int(UsagePeriod::Day) << int(UsageGroupBy::Model) << u"UTC"_s << prompt;
    QTest::newRow("hour, prompt, prompt@version") << int(UsagePeriod::Hour) << int(UsageGroupBy::Prompt) << u"UTC"_s
                                                  << promptVersion;
}

void TestRollups::rollupsEqualDirectOnRandomLogs()
{
    QFETCH(int, period);
    QFETCH(int, group);
    QFETCH(QString, zone);
    QFETCH(OutputFilter, filter);
    for (quint32 seed : {11u, 12u}) {
        QList<QVariantList> rows = randomRows(seed, 1500, 1, m_start, 14);
        rows << QVariantList{5000, u"chat"_s, u"not a time"_s, u"out"_s, u"gpt-4o"_s, u"u1"_s, QVariant(), QVariant(),
                             QVariant(), 10, 10, QVariant(), QVariant(), QVariant(), 100.0, u"ok"_s, QVariant()};
        const QString path = writeLog(rows);
        auto session = open(path);
        QVERIFY(session);
        AggregateRequest request;
        request.period = UsagePeriod(period);
        request.groupBy = UsageGroupBy(group);
        request.timeZone = zone == "UTC"_L1 ? QTimeZone::utc() : QTimeZone(zone.toUtf8());
        request.filter = filter;
        UsageSourceInfo info;
        compareWithDirect(*session, request, testPrices(), &info);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(info.refresh.rebuilt);
        QCOMPARE(info.refresh.rebuildReason, u"first build"_s);
        QCOMPARE(info.refresh.rowsRead, 1501);
        QVERIFY(info.approximatePercentiles);
    }
}

void TestRollups::incrementalRefreshReadsOnlyNewRows()
{
    const QString path = writeLog(randomRows(21, 800, 1, m_start, 10));
    auto session = open(path);
    QVERIFY(session);
    AggregateRequest request;
    request.groupBy = UsageGroupBy::Feature;
    UsageSourceInfo first;
    compareWithDirect(*session, request, testPrices(), &first);
    QVERIFY(first.refresh.rebuilt);
    QCOMPARE(first.refresh.watermarkRowid, 800);

    // Nothing new: nothing read.
    UsageSourceInfo idle;
    compareWithDirect(*session, request, testPrices(), &idle);
    QVERIFY(!idle.refresh.rebuilt);
    QCOMPARE(idle.refresh.rowsRead, 0);

    // The product logs more while Assay has the log open; some land in hours already rolled up.
    {
        test::WritableDb writer(path);
        QVERIFY(writer.isOpen());
        QVERIFY2(writer.insertRows(u"ai_outputs"_s, columnNames(), randomRows(22, 300, 801, m_start.addDays(8), 4)),
                 qPrintable(writer.lastError()));
    }
    UsageSourceInfo after;
    compareWithDirect(*session, request, testPrices(), &after);
    QVERIFY(!after.refresh.rebuilt);
    QCOMPARE(after.refresh.rowsRead, 300);
    QCOMPARE(after.refresh.watermarkRowid, 1100);
    request.period = UsagePeriod::Hour;
    compareWithDirect(*session, request, testPrices());

    // A second session (another process, say) sees the same rollups and reads nothing again.
    auto other = open(path);
    QVERIFY(other);
    UsageSourceInfo second;
    compareWithDirect(*other, request, testPrices(), &second);
    QVERIFY(!second.refresh.rebuilt);
    QCOMPARE(second.refresh.rowsRead, 0);
}

void TestRollups::replacedLogIsRebuilt()
{
    const QString path = writeLog(randomRows(31, 600, 1, m_start, 6));
    {
        auto session = open(path);
        QVERIFY(session);
        compareWithDirect(*session, AggregateRequest{}, testPrices());
    }
    // The same file, written again with fewer rows (a log rotated or rebuilt from a backup).
    QVERIFY(QFile::remove(path));
    QCOMPARE(test::TestLog::create(path, columns, randomRows(32, 400, 1, m_start, 6)), path);
    {
        auto session = open(path);
        QVERIFY(session);
        UsageSourceInfo info;
        compareWithDirect(*session, AggregateRequest{}, testPrices(), &info);
        QVERIFY(info.refresh.rebuilt);
        QCOMPARE(info.refresh.rebuildReason, u"the log was replaced or shrank"_s);
        QCOMPARE(info.refresh.rowsRead, 400);
    }
    // Replaced by as many rows as before, but different ones: the watermark row tells.
    QVERIFY(QFile::remove(path));
    QCOMPARE(test::TestLog::create(path, columns, randomRows(33, 400, 1, m_start.addDays(1), 6)), path);
    auto session = open(path);
    QVERIFY(session);
    UsageSourceInfo info;
    compareWithDirect(*session, AggregateRequest{}, testPrices(), &info);
    QVERIFY(info.refresh.rebuilt);
}

void TestRollups::priceChangeNeedsNoRebuild()
{
    const QString path = writeLog(randomRows(41, 700, 1, m_start, 8));
    auto session = open(path);
    QVERIFY(session);
    AggregateRequest request;
    request.groupBy = UsageGroupBy::Model;
    compareWithDirect(*session, request, testPrices(1));
    UsageSourceInfo info;
    compareWithDirect(*session, request, testPrices(7), &info);
    QVERIFY(!info.refresh.rebuilt);
    QCOMPARE(info.refresh.rowsRead, 0);
    // Dropping the tiered row (its threshold with it) needs no rebuild either.
    compareWithDirect(*session, request, PriceTable::withDefaults(), &info);
    QVERIFY(!info.refresh.rebuilt);
}

void TestRollups::newTierThresholdRebuilds()
{
    const QString path = writeLog(randomRows(51, 500, 1, m_start, 5));
    auto session = open(path);
    QVERIFY(session);
    compareWithDirect(*session, AggregateRequest{}, testPrices());
    PriceTable prices = testPrices();
    ModelPrice tiered;
    tiered.pattern = u"gpt-4o"_s;
    tiered.input = 2.5;
    tiered.output = 10;
    tiered.tiers = {PriceTier{900, 5, 20, std::nullopt, std::nullopt}};
    tiered.source = PriceSource::User;
    QVERIFY(prices.add(tiered).ok());
    UsageSourceInfo info;
    compareWithDirect(*session, AggregateRequest{}, prices, &info);
    QVERIFY(info.refresh.rebuilt);
    QCOMPARE(info.refresh.rebuildReason, u"the price table has a new tier threshold"_s);
    // Both thresholds are kept, so going back to the first table does not rebuild.
    compareWithDirect(*session, AggregateRequest{}, testPrices(), &info);
    QVERIFY(!info.refresh.rebuilt);
}

void TestRollups::fallbacksSayWhy()
{
    const QString path = writeLog(randomRows(61, 300, 1, m_start, 3));
    auto session = open(path);
    QVERIFY(session);
    const PriceTable prices = testPrices();
    auto expectScan = [&](const AggregateRequest &request, const QString &reasonPart) {
        UsageSourceInfo info;
        auto buckets = queryUsage(*session, prices, request, &info);
        QVERIFY2(buckets, qPrintable(buckets.error()));
        QCOMPARE(info.path, UsagePath::SqliteScan);
        QVERIFY2(info.fallbackReason.contains(reasonPart), qPrintable(info.fallbackReason));
        UsageAggregator aggregator(*session, prices);
        auto direct = aggregator.aggregate(request);
        QVERIFY(direct);
        QCOMPARE(buckets->size(), direct->size());
        QCOMPARE(totalOf(*buckets).calls, totalOf(*direct).calls);
        QVERIFY(!info.approximatePercentiles);
    };
    AggregateRequest byUser;
    byUser.groupBy = UsageGroupBy::User;
    expectScan(byUser, u"users"_s);
    AggregateRequest india;
    india.timeZone = QTimeZone("Asia/Kolkata");
    expectScan(india, u"time zone"_s);
    AggregateRequest errors;
    errors.filter.errorsOnly = true;
    expectScan(errors, u"feature, model and prompt only"_s);
    AggregateRequest convention;
    convention.inputConvention = InputTokens::ExcludeCache;
    expectScan(convention, u"convention"_s);

    auto noWorkspace = open(path, false);
    QVERIFY(noWorkspace);
    UsageSourceInfo info;
    auto buckets = queryUsage(*noWorkspace, prices, AggregateRequest{}, &info);
    QVERIFY(buckets);
    QCOMPARE(info.path, UsagePath::SqliteScan);
    QVERIFY2(info.fallbackReason.contains(u"workspace"_s), qPrintable(info.fallbackReason));

    // A log that is a view has no rowids to keep a watermark with (SQLite reads them as NULL):
    // scanned, and said why, rather than rolled up from no rows.
    {
        test::TestLogOptions options;
        options.fileName = u"view-log.sqlite"_s;
        options.extraSql = {u"CREATE VIEW recent_calls AS SELECT DISTINCT * FROM ai_outputs"_s};
        const QString viewLog = test::TestLog::create(m_dir, columns, randomRows(62, 100, 1, m_start, 2), options);
        SessionSpec spec;
        spec.source = test::sqliteSource(viewLog);
        spec.mapping.table = u"recent_calls"_s;
        auto viewSession = LogSession::open(spec);
        QVERIFY2(viewSession, qPrintable(viewSession.error()));
        QCOMPARE((*viewSession)->schema().table, u"recent_calls"_s);
        UsageSourceInfo viewInfo;
        auto viewBuckets = queryUsage(**viewSession, prices, AggregateRequest{}, &viewInfo);
        QVERIFY2(viewBuckets, qPrintable(viewBuckets.error()));
        QCOMPARE(viewInfo.path, UsagePath::SqliteScan);
        QVERIFY2(viewInfo.fallbackReason.contains(u"recent_calls is a view"_s), qPrintable(viewInfo.fallbackReason));
        QCOMPARE(totalOf(*viewBuckets).calls, 100);
    }

    // A bad request fails the same way on either path.
    AggregateRequest badZone;
    badZone.timeZone = QTimeZone("Nowhere/Atlantis");
    QVERIFY(!queryUsage(*session, prices, badZone, &info));
}

void TestRollups::batchRefreshesOnce()
{
    const QString path = writeLog(randomRows(71, 400, 1, m_start, 4));
    auto session = open(path);
    QVERIFY(session);
    AggregateRequest byFeature;
    byFeature.groupBy = UsageGroupBy::Feature;
    AggregateRequest byUser; // not from rollups: scanned, in the same batch
    byUser.groupBy = UsageGroupBy::User;
    AggregateRequest byModel;
    byModel.groupBy = UsageGroupBy::Model;
    byModel.period = UsagePeriod::Hour;
    QList<UsageSourceInfo> how;
    auto batch = queryUsageBatch(*session, testPrices(), {byFeature, byUser, byModel}, &how);
    QVERIFY2(batch, qPrintable(batch.error()));
    QCOMPARE(batch->size(), 3);
    QCOMPARE(how.size(), 3);
    QCOMPARE(how[0].path, UsagePath::Rollups);
    QCOMPARE(how[1].path, UsagePath::SqliteScan);
    QCOMPARE(how[2].path, UsagePath::Rollups);
    QVERIFY(how[0].refresh.rebuilt);
    QCOMPARE(how[2].refresh.rowsRead, how[0].refresh.rowsRead); // the one refresh, reported to both
    const QList<AggregateRequest> requests{byFeature, byUser, byModel};
    for (int i = 0; i < 3; ++i) {
        auto single = queryUsage(*session, testPrices(), requests[i]);
        QVERIFY(single);
        QCOMPARE(single->size(), batch->at(i).size());
        QCOMPARE(totalOf(*single).calls, totalOf(batch->at(i)).calls);
        QCOMPARE(totalOf(*single).costUsd, totalOf(batch->at(i)).costUsd);
    }
    AggregateRequest bad;
    bad.timeZone = QTimeZone("Nowhere/Atlantis");
    QVERIFY(!queryUsageBatch(*session, testPrices(), {byFeature, bad}));
}

QTEST_GUILESS_MAIN(TestRollups)
#include "tst_rollups.moc"

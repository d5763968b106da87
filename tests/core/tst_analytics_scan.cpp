// The SQLite scan behind UsageAggregator: its fast ISO-8601 reader must agree with
// TimestampCodec, and with ASSAY_BENCH_LOG=/path/to/1M.sqlite it times whole-log aggregations
// (compare with the sqlite3 GROUP BY in the report; the target is within 1.2x).

#include "analytics/SqliteUsageScan.h"
#include "analytics/UsageAggregator.h"
#include "browse/LogSession.h"

#include "TestSupport.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

class TestAnalyticsScan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void isoParserAgreesWithCodec();
    void benchmarkMillionRows();
};

void TestAnalyticsScan::isoParserAgreesWithCodec()
{
    const QStringList samples{u"2026-11-20T09:15:02Z"_s, u"2026-11-20 09:15:02.123"_s, u"2026-11-20T09:15:02.5+01:00"_s,
                              u"2026-11-20T09:15:02-0530"_s, u"2026-11-20T09:15:02.123456Z"_s, u"2026-11-20"_s,
                              u"1969-12-31T23:59:59Z"_s, u"2026-02-28T23:59:59+02"_s};
    for (const QString &s : samples) {
        const QByteArray utf8 = s.toUtf8();
        const auto ms = parseIsoUtcMs(utf8.constData(), utf8.size());
        QVERIFY2(ms, qPrintable(s));
        QCOMPARE(*ms, TimestampCodec::parseAny(s).toMSecsSinceEpoch());
    }
    for (const char *bad : {"yesterday", "2026-13-01T00:00:00Z", "2026-11-20T09:15:02 UTC", "2026-11-20X09"})
        QVERIFY2(!parseIsoUtcMs(bad, qsizetype(qstrlen(bad))), bad);
}

void TestAnalyticsScan::benchmarkMillionRows()
{
    const QString path = qEnvironmentVariable("ASSAY_BENCH_LOG");
    if (path.isEmpty())
        QSKIP("set ASSAY_BENCH_LOG to a large demo log to time the aggregation");
    SessionSpec spec;
    spec.source = test::sqliteSource(path);
    spec.useWorkspace = false;
    auto session = LogSession::open(spec);
    QVERIFY2(session, qPrintable(session.error()));
    UsageAggregator aggregator(**session, PriceTable::withDefaults());
    for (const auto &[period, group, zone] :
         {std::tuple{UsagePeriod::Day, UsageGroupBy::Feature, QTimeZone::utc()},
          std::tuple{UsagePeriod::Day, UsageGroupBy::Model, QTimeZone("Europe/Berlin")},
          std::tuple{UsagePeriod::IsoWeek, UsageGroupBy::User, QTimeZone("America/New_York")}}) {
        AggregateRequest request;
        request.period = period;
        request.groupBy = group;
        request.timeZone = zone;
        QElapsedTimer timer;
        timer.start();
        auto buckets = aggregator.aggregate(request);
        QVERIFY2(buckets, qPrintable(buckets.error()));
        qInfo("%s by %s in %s: %lld buckets, %lld calls, $%.2f, %lld ms", qPrintable(usagePeriodName(period)),
              qPrintable(usageGroupByName(group)), zone.id().constData(), qint64(buckets->size()),
              totalOf(*buckets).calls, totalOf(*buckets).costUsd, timer.elapsed());
    }
}

QTEST_GUILESS_MAIN(TestAnalyticsScan)
#include "tst_analytics_scan.moc"

// The SQLite scan behind UsageAggregator: its fast ISO-8601 reader must agree with
// TimestampCodec. (Its speed is measured by tests/benchmarks/bench_costs, not here.)

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

QTEST_GUILESS_MAIN(TestAnalyticsScan)
#include "tst_analytics_scan.moc"

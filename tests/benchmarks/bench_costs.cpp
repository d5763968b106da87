// bench_costs: whole-log cost aggregations (issue 6) beside the sqlite3 shell's GROUP BY on the
// same file. A program, not a test: run it by hand on a big demo log.
//
//   bench_costs [/tmp/assay-bench-1M.sqlite]     (make one with bench_browse or `assay demo`)

#include "BenchStats.h"

#include "analytics/UsageAggregator.h"
#include "browse/LogSession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTextStream>

#include <tuple>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

// The sqlite3 shell's own "Run Time: real" for the query, in ms (-1 when it cannot run).
double sqlite3Ms(const QString &path, const QString &sql)
{
    QProcess p;
    p.start(u"sqlite3"_s, {u"-readonly"_s, path});
    if (!p.waitForStarted())
        return -1;
    p.write((u".timer on\n.output /dev/null\n"_s + sql + u";\n"_s).toUtf8());
    p.closeWriteChannel();
    p.waitForFinished(600000);
    const QString out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    const auto m = QRegularExpression(u"Run Time: real ([0-9.]+)"_s).match(out);
    return m.hasMatch() ? m.captured(1).toDouble() * 1000.0 : -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QString path = app.arguments().value(1, u"/tmp/assay-bench-1M.sqlite"_s);
    SessionSpec spec;
    spec.source = SourceLocation::parse(path).value();
    spec.useWorkspace = false;
    auto session = LogSession::open(spec);
    if (!session) {
        QTextStream(stderr) << "bench_costs: " << session.error() << Qt::endl;
        return 2;
    }
    UsageAggregator aggregator(**session, PriceTable::withDefaults());
    const QString groupBy = u"SELECT substr(created_at, 1, 10), feature, count(*), total(input_tokens), "
                            "total(output_tokens), total(cost_usd), avg(latency_ms) FROM ai_outputs GROUP BY 1, 2"_s;
    out << "| aggregation (median of 3 after a warm-up) | Assay | sqlite3 GROUP BY (day x feature, no percentiles) |\n"
        << "|---|---|---|\n";
    const double baseline = sqlite3Ms(path, groupBy);
    for (const auto &[period, group, zone] :
         {std::tuple{UsagePeriod::Day, UsageGroupBy::Feature, QTimeZone::utc()},
          std::tuple{UsagePeriod::Day, UsageGroupBy::Model, QTimeZone("Europe/Berlin")},
          std::tuple{UsagePeriod::IsoWeek, UsageGroupBy::User, QTimeZone("America/New_York")}}) {
        AggregateRequest request;
        request.period = period;
        request.groupBy = group;
        request.timeZone = zone;
        QList<double> times;
        qint64 buckets = 0;
        for (int run = 0; run < 4; ++run) {
            QElapsedTimer timer;
            timer.start();
            auto result = aggregator.aggregate(request);
            const double ms = timer.nsecsElapsed() / 1e6;
            if (!result) {
                QTextStream(stderr) << "bench_costs: " << result.error() << Qt::endl;
                return 1;
            }
            buckets = result->size();
            if (run > 0)
                times << ms;
        }
        std::sort(times.begin(), times.end());
        out << "| " << usagePeriodName(period) << " by " << usageGroupByName(group) << " in "
            << QString::fromUtf8(zone.id()) << " (" << buckets << " buckets, with p50/p95) | "
            << QString::number(times[1], 'f', 0) << " ms | " << QString::number(baseline, 'f', 0) << " ms |\n";
    }
    return 0;
}

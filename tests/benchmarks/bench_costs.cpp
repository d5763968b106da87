// bench_costs: cost aggregations (issue 6) beside the sqlite3 shell's GROUP BY on the same file.
// A program, not a test: run it by hand on a big demo log.
//
//   bench_costs [LOG] [--skip-append]     LOG defaults to /tmp/assay-bench-1M.sqlite (make one with
//                                         `assay demo -o LOG --rows 1000000`)
//
// 1. Direct aggregation (UsageAggregator, one scan) for three period x group x zone requests.
// 2. Rollups: their first build (UsageRollups::refresh into a fresh workspace) against the
//    sqlite3 shell running the equivalent hour x feature x model x prompt GROUP BY; a dashboard
//    refresh from them (the last 30 days by day x feature and by day x model: cost, calls,
//    tokens, p95); and, on a copy of the log (unless --skip-append), the incremental refresh
//    after appending 10,000 rows.

#include "BenchStats.h"

#include "analytics/UsageAggregator.h"
#include "analytics/UsageQuery.h"
#include "analytics/UsageRollups.h"
#include "browse/LogSession.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

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

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? -1 : (v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2);
}

QString ms(double v)
{
    return v < 0 ? u"n/a"_s : bench::formatMs(v);
}

std::unique_ptr<LogSession> openWith(const QString &log, const QString &workspace)
{
    SessionSpec spec;
    spec.source = SourceLocation::parse(log).value();
    spec.workspace = workspace;
    auto session = LogSession::open(spec);
    if (!session) {
        QTextStream(stderr) << "bench_costs: " << session.error() << Qt::endl;
        return nullptr;
    }
    return std::move(*session);
}

// The equivalent of a rollup build for the sqlite3 shell: the same grain and sums (without the
// latency histogram, which SQL cannot build).
const QString rollupGroupBy = u"SELECT substr(created_at, 1, 13), feature, model, prompt_name, prompt_version, "
                              "count(*), total(input_tokens), total(output_tokens), total(cache_read_tokens), "
                              "total(cache_write_tokens), total(cost_usd), count(cost_usd), total(latency_ms), "
                              "sum(status <> 'ok' OR error IS NOT NULL), sum(feedback = 'positive'), "
                              "sum(feedback = 'negative'), sum(feedback = 'edited') FROM ai_outputs "
                              "GROUP BY 1, 2, 3, 4, 5"_s;

int benchRollups(const QString &path, bool append, QTextStream &out)
{
    QTemporaryDir dir;
    const PriceTable prices = PriceTable::withDefaults();
    const PricingPlan plan(prices);
    out << "\n| rollups (median of 3 after a warm-up) | Assay | sqlite3 | target |\n|---|---|---|---|\n";

    // 1. First build, each run into a fresh workspace file.
    QList<double> builds, shell;
    RollupRefresh built;
    for (int run = 0; run < 4; ++run) {
        auto session = openWith(path, dir.filePath(u"build-%1.sqlite"_s.arg(run)));
        if (!session)
            return 1;
        QElapsedTimer timer;
        timer.start();
        auto refreshed = UsageRollups(*session).refresh(plan);
        const double took = bench::elapsedMs(timer);
        if (!refreshed) {
            QTextStream(stderr) << "bench_costs: " << refreshed.error() << Qt::endl;
            return 1;
        }
        built = *refreshed;
        if (run > 0) {
            builds << took;
            shell << sqlite3Ms(path, rollupGroupBy);
        }
    }
    const double ratio = median(shell) > 0 ? median(builds) / median(shell) : -1;
    out << "| first build (" << built.rowsRead << " rows -> " << built.rollupRows << " rollup rows) vs the "
        << "equivalent hour x feature x model x prompt GROUP BY | " << ms(median(builds)) << " | " << ms(median(shell))
        << " (ratio " << QString::number(ratio, 'f', 2) << ") | <= 1.2x |\n";

    // 2. Dashboard refresh from the rollups: the last 30 days up to the log's newest row.
    auto session = openWith(path, dir.filePath(u"build-1.sqlite"_s));
    if (!session)
        return 1;
    QSqlQuery last(session->connection().db());
    if (!last.exec(u"SELECT max(created_at) FROM ai_outputs"_s) || !last.next())
        return 1;
    const QDateTime end = TimestampCodec::parseAny(last.value(0));
    last.finish();
    // "The last 30 days" up to the newest row: both ends inside an hour, so the part hours are
    // read from the log and the whole ones from the rollups.
    const QDateTime until = end.addMSecs(1);
    AggregateRequest byFeature;
    byFeature.period = UsagePeriod::Day;
    byFeature.groupBy = UsageGroupBy::Feature;
    byFeature.filter.since = until.addDays(-30);
    byFeature.filter.until = until;
    AggregateRequest byModel = byFeature;
    byModel.groupBy = UsageGroupBy::Model;
    QList<double> dashboard, scanned;
    qint64 buckets = 0;
    for (int run = 0; run < 6; ++run) {
        QElapsedTimer timer;
        timer.start();
        qint64 n = 0;
        QList<UsageSourceInfo> how;
        auto results = queryUsageBatch(*session, prices, {byFeature, byModel}, &how);
        if (!results || how.size() != 2 || how[0].path != UsagePath::Rollups || how[1].path != UsagePath::Rollups) {
            QTextStream(stderr) << "bench_costs: dashboard query not from rollups: "
                                << (results ? how.value(0).fallbackReason : results.error()) << Qt::endl;
            return 1;
        }
        for (const auto &result : *results)
            n += result.size();
        const double took = bench::elapsedMs(timer);
        buckets = n;
        if (run > 0)
            dashboard << took;
        if (run > 0 && run < 4) {
            UsageAggregator direct(*session, prices);
            QElapsedTimer t2;
            t2.start();
            if (!direct.aggregate(byFeature) || !direct.aggregate(byModel))
                return 1;
            scanned << bench::elapsedMs(t2);
        }
    }
    // Where the time goes: the refresh check (nothing new) and the two rollup queries alone.
    QList<double> checks, queries;
    for (int run = 0; run < 6; ++run) {
        UsageRollups rollups(*session);
        QElapsedTimer timer;
        timer.start();
        if (!rollups.refresh(plan))
            return 1;
        const double checked = bench::elapsedMs(timer);
        timer.restart();
        if (!rollups.query(byFeature, plan) || !rollups.query(byModel, plan))
            return 1;
        if (run > 0) {
            checks << checked;
            queries << bench::elapsedMs(timer);
        }
    }
    out << "| dashboard refresh: the last 30 days by day x feature and by day x model (" << buckets
        << " buckets: cost, calls, tokens, p50/p95), one refresh check included (queryUsageBatch) | " << ms(median(dashboard))
        << " | (the same two by scanning the log: " << ms(median(scanned)) << ") | <= 50 ms |\n"
        << "| of which: one refresh check with nothing new / the two rollup queries | " << ms(median(checks)) << " / "
        << ms(median(queries)) << " | | |\n";

    if (!append)
        return 0;
    // 3. Incremental refresh after appending 10,000 rows, on a copy (Assay never writes a log;
    //    the benchmark plays the product logging into it).
    const QString copy = dir.filePath(u"append.sqlite"_s);
    if (!QFile::copy(path, copy)) {
        QTextStream(stderr) << "bench_costs: cannot copy the log to " << copy << Qt::endl;
        return 1;
    }
    auto appended = openWith(copy, dir.filePath(u"append-ws.sqlite"_s));
    if (!appended || !UsageRollups(*appended).refresh(plan))
        return 1;
    QList<double> increments;
    qint64 read = 0;
    {
        QSqlDatabase writer = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"bench-writer"_s);
        writer.setDatabaseName(copy);
        if (!writer.open())
            return 1;
        for (int round = 1; round <= 4; ++round) {
            // The last 10,000 rows again, `round` days later, as if logged since.
            QSqlQuery q(writer);
            const QString columns = u"feature, created_at, model, input, input_hash, output, user_id, session_id, "
                                    "feedback, prompt_name, prompt_version, input_tokens, output_tokens, "
                                    "cache_read_tokens, cache_write_tokens, cost_usd, latency_ms, status, error"_s;
            QString select = columns;
            select.replace(u"created_at"_s, u"strftime('%Y-%m-%dT%H:%M:%fZ', julianday(created_at) + %1)"_s.arg(round));
            if (!q.exec(u"INSERT INTO ai_outputs (%1) SELECT %2 FROM ai_outputs WHERE rowid > "
                        "(SELECT max(rowid) FROM ai_outputs) - 10000 ORDER BY rowid"_s.arg(columns, select))) {
                QTextStream(stderr) << "bench_costs: cannot append: " << q.lastError().text() << Qt::endl;
                return 1;
            }
            QElapsedTimer timer;
            timer.start();
            auto refreshed = UsageRollups(*appended).refresh(plan);
            const double took = bench::elapsedMs(timer);
            if (!refreshed || refreshed->rebuilt) {
                QTextStream(stderr) << "bench_costs: the incremental refresh failed or rebuilt" << Qt::endl;
                return 1;
            }
            read = refreshed->rowsRead;
            if (round > 1)
                increments << took;
        }
        writer.close();
    }
    QSqlDatabase::removeDatabase(u"bench-writer"_s);
    out << "| incremental refresh after appending " << read << " rows (rows above the watermark only) | "
        << ms(median(increments)) << " | | <= 100 ms |\n";
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QStringList args = app.arguments().mid(1);
    const bool append = !args.removeAll(u"--skip-append"_s);
    const QString path = args.value(0, u"/tmp/assay-bench-1M.sqlite"_s);
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
    out.flush();
    return benchRollups(path, append, out);
}

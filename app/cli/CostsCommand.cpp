#include "cli/Commands.h"

#include "analytics/BudgetCheck.h"
#include "analytics/LatencyHistogram.h"
#include "analytics/TimeBuckets.h"
#include "analytics/UsageAggregator.h"
#include "analytics/UsageQuery.h"
#include "export/OutputExport.h"
#include "pricing/UserPrices.h"
#include "query/FilterSql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace assay::cli {

namespace {

QString periodLabel(const QDateTime &start, UsagePeriod period)
{
    switch (period) {
    case UsagePeriod::Hour:
        return start.toString(u"yyyy-MM-dd'T'HH:mm"_s);
    case UsagePeriod::Day:
        return start.date().toString(Qt::ISODate);
    case UsagePeriod::IsoWeek:
        return isoWeekLabel(start.date());
    case UsagePeriod::Month:
        return start.toString(u"yyyy-MM"_s);
    }
    return {};
}

QString optionalMs(const std::optional<double> &ms)
{
    return ms ? QString::number(*ms, 'f', 0) : QString();
}

const QStringList columns{u"period"_s,         u"group"_s,         u"calls"_s,
                          u"input_tokens"_s,   u"output_tokens"_s, u"cost_usd"_s,
                          u"unpriced_calls"_s, u"latency_p50_ms"_s, u"latency_p95_ms"_s};

QStringList cellsOf(const UsageBucket &b, UsagePeriod period)
{
    return {periodLabel(b.periodStart, period),
            b.group,
            QString::number(b.calls),
            QString::number(b.inputTokens),
            QString::number(b.outputTokens),
            QString::number(b.costUsd, 'f', 6),
            QString::number(b.unpricedCalls + b.noUsageCalls),
            optionalMs(b.latencyP50Ms),
            optionalMs(b.latencyP95Ms)};
}


// For cron and CI: a budget projected to be exceeded (distinct from 1, a failure to compute).
constexpr int BudgetExceeded = 4;

QString money(double usd)
{
    return QString::number(usd, 'f', 2);
}

void explainSource(QTextStream &err, const UsageSourceInfo &how)
{
    err << "note: computed by " << usagePathName(how.path);
    if (how.path == UsagePath::Rollups) {
        err << " (" << (how.refresh.rebuilt ? u"built: %1, "_s.arg(how.refresh.rebuildReason) : QString())
            << how.refresh.rowsRead << " new log rows read; p50/p95 within "
            << QString::number(LatencyHistogram::relativeError * 100, 'f', 2) << "%)";
    } else if (!how.fallbackReason.isEmpty()) {
        err << " (not from rollups: " << how.fallbackReason << ")";
    }
    err << Qt::endl;
}

const QStringList budgetColumns{u"budget"_s,         u"monthly_usd"_s,  u"month_to_date_usd"_s, u"run_rate_usd_per_day"_s,
                                u"remaining_days"_s, u"projected_usd"_s, u"status"_s,            u"spikes"_s};

QStringList budgetCells(const BudgetStatus &s)
{
    QStringList spikes;
    for (const SpendSpike &spike : s.spikes)
        spikes << spike.day.toString(Qt::ISODate);
    return {s.budget.isOverall() ? u"(overall)"_s : s.budget.feature,
            money(s.budget.monthlyUsd),
            money(s.monthToDateUsd),
            money(s.runRateUsdPerDay),
            QString::number(s.remainingDays),
            money(s.projectedUsd),
            budgetStateName(s.state),
            spikes.join(u' ')};
}

int checkBudget(LogSession &session, const PriceTable &prices, const QDate &asOf, const QTimeZone &zone,
                const QString &format, bool explain, Io io)
{
    auto check = checkBudgets(session, prices, asOf, zone);
    if (!check)
        return die(io, Failed, check.error());
    if (check->statuses.isEmpty()) {
        io.err << "note: no budgets are set (assay budget SOURCE set [--feature F] USD)" << Qt::endl;
        return Ok;
    }
    if (format == "json"_L1) {
        QJsonArray rows;
        for (const BudgetStatus &s : check->statuses) {
            QJsonObject o;
            o[u"budget"_s] = s.budget.isOverall() ? QJsonValue() : QJsonValue(s.budget.feature);
            o[u"monthly_usd"_s] = s.budget.monthlyUsd;
            o[u"as_of"_s] = s.asOf.toString(Qt::ISODate);
            o[u"month_to_date_usd"_s] = s.monthToDateUsd;
            o[u"run_rate_usd_per_day"_s] = s.runRateUsdPerDay;
            o[u"remaining_days"_s] = s.remainingDays;
            o[u"projected_usd"_s] = s.projectedUsd;
            o[u"status"_s] = budgetStateName(s.state);
            QJsonArray spikes;
            for (const SpendSpike &spike : s.spikes)
                spikes.append(QJsonObject{{u"day"_s, spike.day.toString(Qt::ISODate)}, {u"usd"_s, spike.usd},
                                          {u"trailing_mean_usd"_s, spike.trailingMeanUsd}});
            o[u"spikes"_s] = spikes;
            rows.append(o);
        }
        io.out << QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Indented));
    } else if (format == "csv"_L1) {
        io.out << budgetColumns.join(u',') << "\r\n";
        for (const BudgetStatus &s : check->statuses) {
            QStringList cells = budgetCells(s);
            for (QString &cell : cells)
                cell = csvField(cell);
            io.out << cells.join(u',') << "\r\n";
        }
    } else {
        QList<QStringList> table{budgetColumns};
        for (const BudgetStatus &s : check->statuses)
            table << budgetCells(s);
        printTable(io.out, table, 1);
    }
    io.out.flush();
    if (check->uncostedCalls > 0) {
        QStringList models;
        for (auto it = check->unpricedModels.cbegin(); it != check->unpricedModels.cend(); ++it)
            models << u"%1 (%2)"_s.arg(it.key(), QString::number(it.value()));
        io.err << "note: " << check->uncostedCalls << " calls this month have no known cost and are not in the spend"
               << (models.isEmpty() ? QString() : u" ["_s + models.mid(0, 10).join(u", "_s) + u"]"_s) << Qt::endl;
    }
    if (explain)
        explainSource(io.err, check->source);
    return check->anyExceeds() ? BudgetExceeded : Ok;
}

} // namespace

int runCosts(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Cost, tokens, calls and latency by period and group, computed over the log (SQLite logs: from hourly "
        "rollups kept in the workspace and refreshed with the rows logged since; their p50/p95 are within 1.99% of "
        "the exact figures, --explain says which way was taken). Prices: the built-in list "
        "prices under the user price file (%1; ASSAY_PRICES names another) or --prices FILE."_s.arg(userPriceFilePath()));
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    addSourceOptions(parser);
    addFilterOptions(parser);
    parser.addOption({u"by"_s, u"hour, day, week (ISO) or month (default day)."_s, u"period"_s, u"day"_s});
    parser.addOption({u"group"_s, u"feature, model, prompt, user or none (default none)."_s, u"group"_s, u"none"_s});
    parser.addOption({u"format"_s, u"table, csv or json (default table)."_s, u"format"_s, u"table"_s});
    parser.addOption({u"prices"_s, u"A price file (overrides) layered over the built-in list prices, instead of the user "
                                   "price file named above."_s, u"file"_s});
    parser.addOption({u"check-budget"_s, u"Project this month's spend against the budgets (assay budget) instead; "
                                         "exit 4 when any is projected to be exceeded."_s});
    parser.addOption({u"as-of"_s, u"With --check-budget: the day to project from, YYYY-MM-DD (default today in --tz)."_s,
                      u"date"_s});
    parser.addOption({u"explain"_s, u"Say on stderr how the figures were computed (rollups, scan, PostgreSQL)."_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return die(io, BadUsage, u"costs takes one SOURCE (see assay costs --help)"_s);

    AggregateRequest request;
    const auto period = usagePeriodFromName(parser.value(u"by"_s));
    if (!period)
        return die(io, BadUsage, u"--by must be hour, day, week or month"_s);
    request.period = *period;
    const auto group = usageGroupByFromName(parser.value(u"group"_s));
    if (!group)
        return die(io, BadUsage, u"--group must be feature, model, prompt, user or none"_s);
    request.groupBy = *group;
    const auto zone = zoneFrom(parser); // --tz comes with the filter options
    if (!zone)
        return die(io, BadUsage, zone.error());
    request.timeZone = *zone;
    const QString format = parser.value(u"format"_s);
    if (format != "table"_L1 && format != "csv"_L1 && format != "json"_L1)
        return die(io, BadUsage, u"--format must be table, csv or json"_s);
    auto filter = filterFrom(parser);
    if (!filter)
        return die(io, BadUsage, filter.error());
    request.filter = *filter;

    const bool budgetCheck = parser.isSet(u"check-budget"_s);
    QDate asOf = QDateTime::currentDateTimeUtc().toTimeZone(request.timeZone).date();
    if (parser.isSet(u"as-of"_s)) {
        if (!budgetCheck)
            return die(io, BadUsage, u"--as-of goes with --check-budget"_s);
        asOf = QDate::fromString(parser.value(u"as-of"_s), Qt::ISODate);
        if (!asOf.isValid())
            return die(io, BadUsage, u"--as-of must be a date, YYYY-MM-DD"_s);
    }
    if (budgetCheck && (!filter->isEmpty() || parser.isSet(u"by"_s) || parser.isSet(u"group"_s)))
        return die(io, BadUsage, u"--check-budget takes no filters, --by or --group: budgets are per month and feature"_s);

    auto loadedPrices = pricesFrom(parser);
    if (!loadedPrices)
        return die(io, BadUsage, loadedPrices.error());
    const PriceTable prices = *loadedPrices;
    auto spec = sessionSpecFrom(parser, parser.positionalArguments().first());
    if (!spec)
        return die(io, BadUsage, spec.error());
    // The workspace keeps the rollups and the budgets; without one, costs are scanned.
    spec->useWorkspace = true;
    auto session = LogSession::open(*spec);
    if (!session)
        return die(io, BadUsage, session.error());
    if (const QString problem = (*session)->reviewLabelProblem(*filter); !problem.isEmpty())
        return die(io, Failed, problem);
    if (const QStringList unsupported = unsupportedFilters((*session)->schema(), *filter); !unsupported.isEmpty())
        return die(io, BadUsage, unsupported.join(u"; "_s));
    const bool explain = parser.isSet(u"explain"_s);
    if (budgetCheck)
        return checkBudget(**session, prices, asOf, request.timeZone, format, explain, io);

    UsageSourceInfo how;
    auto buckets = queryUsage(**session, prices, request, &how);
    if (!buckets)
        return die(io, Failed, buckets.error());

    if (format == "json"_L1) {
        QJsonArray rows;
        for (const UsageBucket &b : *buckets) {
            const QStringList cells = cellsOf(b, request.period);
            QJsonObject o;
            o[u"period"_s] = cells[0];
            o[u"group"_s] = b.group;
            o[u"calls"_s] = b.calls;
            o[u"input_tokens"_s] = b.inputTokens;
            o[u"output_tokens"_s] = b.outputTokens;
            o[u"cost_usd"_s] = b.costUsd;
            o[u"unpriced_calls"_s] = b.unpricedCalls + b.noUsageCalls;
            o[u"latency_p50_ms"_s] = b.latencyP50Ms ? QJsonValue(*b.latencyP50Ms) : QJsonValue();
            o[u"latency_p95_ms"_s] = b.latencyP95Ms ? QJsonValue(*b.latencyP95Ms) : QJsonValue();
            rows.append(o);
        }
        io.out << QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Indented));
    } else if (format == "csv"_L1) {
        io.out << columns.join(u',') << "\r\n";
        for (const UsageBucket &b : *buckets) {
            QStringList cells = cellsOf(b, request.period);
            for (QString &cell : cells)
                cell = csvField(cell);
            io.out << cells.join(u',') << "\r\n";
        }
    } else {
        QList<QStringList> table{columns};
        for (const UsageBucket &b : *buckets)
            table << cellsOf(b, request.period);
        printTable(io.out, table, 2);
    }
    io.out.flush();

    // Said on stderr so scripts reading stdout get clean data, and never silently zero.
    const UsageBucket total = totalOf(*buckets);
    if (total.calls > 0 && total.unpricedCalls + total.noUsageCalls > 0) {
        QStringList models;
        for (auto it = total.unpricedModels.cbegin(); it != total.unpricedModels.cend(); ++it)
            models << u"%1 (%2)"_s.arg(it.key().isEmpty() ? u"no model"_s : it.key()).arg(it.value());
        io.err << "note: " << QString::number(100.0 * total.unpricedShare(), 'f', 1)
               << "% of calls have no cost in cost_usd (unpriced_calls): " << total.unpricedCalls
               << " with no price for their model";
        if (!models.isEmpty())
            io.err << " [" << models.mid(0, 10).join(u", "_s) << "]";
        io.err << ", " << total.noUsageCalls << " with neither a logged cost nor token counts; "
               << "add prices with --prices FILE" << Qt::endl;
    }
    if (how.undatedRows > 0)
        io.err << "note: " << how.undatedRows << " rows have no readable time and belong to no period" << Qt::endl;
    if (explain)
        explainSource(io.err, how);
    return Ok;
}

} // namespace assay::cli

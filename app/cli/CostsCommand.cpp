#include "cli/Commands.h"

#include "analytics/TimeBuckets.h"
#include "analytics/UsageAggregator.h"
#include "export/OutputExport.h"
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

} // namespace

int runCosts(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Cost, tokens, calls and latency by period and group, computed over the log."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    addSourceOptions(parser);
    addFilterOptions(parser);
    parser.addOption({u"by"_s, u"hour, day, week (ISO) or month (default day)."_s, u"period"_s, u"day"_s});
    parser.addOption({u"group"_s, u"feature, model, prompt, user or none (default none)."_s, u"group"_s, u"none"_s});
    parser.addOption({u"tz"_s, u"Time zone of the periods, e.g. Europe/Berlin (default UTC)."_s, u"zone"_s, u"UTC"_s});
    parser.addOption({u"format"_s, u"table, csv or json (default table)."_s, u"format"_s, u"table"_s});
    parser.addOption({u"prices"_s, u"A price file (overrides) layered over the built-in list prices."_s, u"file"_s});
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
    const QString zone = parser.value(u"tz"_s);
    request.timeZone = zone.compare(u"UTC"_s, Qt::CaseInsensitive) == 0 ? QTimeZone::utc() : QTimeZone(zone.toUtf8());
    if (!request.timeZone.isValid())
        return die(io, BadUsage, u"--tz: unknown time zone \"%1\" (use an IANA name such as Europe/Berlin)"_s.arg(zone));
    const QString format = parser.value(u"format"_s);
    if (format != "table"_L1 && format != "csv"_L1 && format != "json"_L1)
        return die(io, BadUsage, u"--format must be table, csv or json"_s);
    auto filter = filterFrom(parser);
    if (!filter)
        return die(io, BadUsage, filter.error());
    request.filter = *filter;

    PriceTable prices = PriceTable::withDefaults();
    if (parser.isSet(u"prices"_s)) {
        if (auto loaded = prices.loadOverridesFile(parser.value(u"prices"_s)); !loaded)
            return die(io, BadUsage, loaded.error());
    }
    auto spec = sessionSpecFrom(parser, parser.positionalArguments().first());
    if (!spec)
        return die(io, BadUsage, spec.error());
    spec->useWorkspace = !filter->search.isEmpty();
    auto session = LogSession::open(*spec);
    if (!session)
        return die(io, BadUsage, session.error());
    if (const QStringList unsupported = unsupportedFilters((*session)->schema(), *filter); !unsupported.isEmpty())
        return die(io, BadUsage, unsupported.join(u"; "_s));

    UsageAggregator aggregator(**session, prices);
    auto buckets = aggregator.aggregate(request);
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
        QList<qsizetype> widths(columns.size(), 0);
        for (const QStringList &row : table)
            for (qsizetype i = 0; i < row.size(); ++i)
                widths[i] = std::max(widths[i], row[i].size());
        for (const QStringList &row : table) {
            QStringList padded;
            for (qsizetype i = 0; i < row.size(); ++i)
                padded << (i >= 2 ? row[i].rightJustified(widths[i]) : row[i].leftJustified(widths[i]));
            io.out << padded.join(u"  "_s).trimmed() << "\n";
        }
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
    if (aggregator.lastUndatedRows() > 0)
        io.err << "note: " << aggregator.lastUndatedRows() << " rows have no readable time and belong to no period"
               << Qt::endl;
    return Ok;
}

} // namespace assay::cli

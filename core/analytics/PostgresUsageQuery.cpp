#include "analytics/PostgresUsageQuery.h"

#include "schema/CallOutcome.h"

#include "analytics/TimeBuckets.h"
#include "source/SourceConnection.h"
#include "util/LoggedNumber.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString sqlText(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', u"''"_s);
    return u'\'' + quoted + u'\'';
}

// The log's time as timestamptz, whatever the column holds. Values without a zone are UTC by
// convention (TimestampCodec), so they are read AT TIME ZONE 'UTC' rather than in the
// session's zone.
Result<QString> instantExpr(SourceConnection &connection, const LogSchema &schema)
{
    const QString col = schema.expr(LogField::CreatedAt);
    switch (schema.timestamps.kind) {
    case TimestampKind::EpochSeconds:
        return u"to_timestamp(%1::float8)"_s.arg(col);
    case TimestampKind::EpochMillis:
        return u"to_timestamp(%1::float8 / 1000.0)"_s.arg(col);
    case TimestampKind::IsoText:
        return schema.timestamps.hasZoneSuffix ? u"(%1)::timestamptz"_s.arg(col)
                                               : u"((%1)::timestamp AT TIME ZONE 'UTC')"_s.arg(col);
    case TimestampKind::SqlTimestamp:
        break;
    }
    QSqlQuery q(connection.db());
    q.setForwardOnly(true);
    if (!q.prepare(u"SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                   "WHERE attrelid = ?::regclass AND attname = ?"_s))
        return fail(u"cannot read the type of %1: %2"_s.arg(col, q.lastError().text()));
    q.addBindValue(schema.qualifiedTable());
    q.addBindValue(schema.column(LogField::CreatedAt));
    if (!q.exec() || !q.next())
        return fail(u"cannot read the type of %1: %2"_s.arg(col, q.lastError().text()));
    const QString type = q.value(0).toString();
    if (type.startsWith("timestamp with time zone"_L1))
        return col;
    return u"((%1)::timestamp AT TIME ZONE 'UTC')"_s.arg(col);
}

// The local wall time of `tz` in the zone. Qt's fixed-offset zones ("UTC+01:00") are POSIX
// names with the opposite sign to PostgreSQL, so those are added as an interval instead.
QString localExpr(const QString &tz, const QTimeZone &zone)
{
    const QString id = QString::fromUtf8(zone.id());
    static const QRegularExpression fixed(u"^UTC[+-]"_s);
    if (fixed.match(id).hasMatch() || id.isEmpty())
        return u"((%1 AT TIME ZONE 'UTC') + make_interval(secs => %2))"_s.arg(tz).arg(zone.offsetFromUtc(QDateTime::currentDateTimeUtc()));
    return u"(%1 AT TIME ZONE %2)"_s.arg(tz, sqlText(id));
}

QString truncUnit(UsagePeriod period)
{
    switch (period) {
    case UsagePeriod::Hour: return u"hour"_s;
    case UsagePeriod::Day: return u"day"_s;
    case UsagePeriod::IsoWeek: return u"week"_s; // PostgreSQL's weeks are ISO weeks, from Monday
    case UsagePeriod::Month: return u"month"_s;
    }
    return u"day"_s;
}

QString groupExpr(const LogSchema &schema, UsageGroupBy groupBy)
{
    auto text = [&](LogField f) {
        return schema.has(f) ? u"btrim(%1::text)"_s.arg(schema.expr(f)) : u"NULL::text"_s;
    };
    switch (groupBy) {
    case UsageGroupBy::None: return u"''"_s;
    case UsageGroupBy::Feature: return u"coalesce(%1, '')"_s.arg(text(LogField::Feature));
    case UsageGroupBy::Model: return u"coalesce(%1, '')"_s.arg(text(LogField::Model));
    case UsageGroupBy::User: return u"coalesce(%1, '')"_s.arg(text(LogField::UserId));
    case UsageGroupBy::Prompt:
        return u"coalesce(%1 || '@' || %2, %1, '')"_s.arg(text(LogField::PromptName), text(LogField::PromptVersion));
    }
    return u"''"_s;
}

} // namespace

Result<UsageScan> queryPostgresUsage(SourceConnection &connection, const LogSchema &schema,
                                     const SqlConditions &conditions, const AggregateRequest &request,
                                     const PricingPlan &plan)
{
    const auto tz = instantExpr(connection, schema);
    if (!tz)
        return fail(tz.error());
    auto number = [&](LogField f) { return schema.has(f) ? loggedNumberSql(schema.expr(f)) : u"NULL::float8"_s; };
    auto tokens = [&](LogField f) {
        return schema.has(f) ? loggedTokenCountSql(schema.expr(f)) : u"NULL::bigint"_s;
    };
    auto text = [&](LogField f) { return schema.has(f) ? u"(%1)::text"_s.arg(schema.expr(f)) : u"NULL::text"_s; };

    QString excludes = u"false"_s;
    if (request.inputConvention == InputTokens::ExcludeCache)
        excludes = u"true"_s;
    else if (request.inputConvention == InputTokens::Auto)
        excludes = u"coalesce(model ILIKE '%claude%', false)"_s;

    QString epoch = u"0"_s;
    if (!plan.epochStarts().isEmpty()) {
        epoch = u"CASE"_s;
        for (qsizetype i = plan.epochStarts().size(); i > 0; --i)
            epoch += u" WHEN tz >= '%1T00:00:00Z'::timestamptz THEN %2"_s.arg(plan.epochStarts().at(i - 1).toString(Qt::ISODate)).arg(i);
        epoch += u" ELSE 0 END"_s;
    }
    QString band = u"0"_s;
    if (!plan.thresholds().isEmpty()) {
        band = u"CASE WHEN cost IS NOT NULL THEN 0"_s;
        for (qsizetype i = plan.thresholds().size(); i > 0; --i)
            band += u" WHEN uncached + coalesce(rd, 0) + coalesce(wr, 0) > %1 THEN %2"_s.arg(plan.thresholds().at(i - 1)).arg(i);
        band += u" ELSE 0 END"_s;
    }

    const QString rows =
        u"SELECT %1 AS tz, %2 AS grp, coalesce(btrim(%3), '') AS model, %4 AS inp, %5 AS outp, %6 AS rd, %7 AS wr, "
        "%8 AS cost, %9 AS latency, "
        "%10 AS err, %11 AS fb FROM %12%13"_s
            .arg(*tz, groupExpr(schema, request.groupBy), text(LogField::Model), tokens(LogField::InputTokens),
                 tokens(LogField::OutputTokens), tokens(LogField::CacheReadTokens), tokens(LogField::CacheWriteTokens),
                 number(LogField::Cost), number(LogField::LatencyMs))
            .arg(failedCallSql(text(LogField::Status), text(LogField::Error)), text(LogField::Feedback), schema.qualifiedTable(),
                 conditions.whereClause());
    const QString local = localExpr(u"tz"_s, request.timeZone);
    const bool hourly = request.period == UsagePeriod::Hour;
    const QString cells =
        u"SELECT *, extract(epoch FROM date_trunc('%1', %2))::bigint AS wall, %3 AS off, %4 AS epoch, %5 AS band "
        "FROM (SELECT *, CASE WHEN %6 THEN coalesce(inp, 0) ELSE greatest(coalesce(inp, 0) - coalesce(rd, 0), 0) END "
        "AS uncached FROM (%7) r WHERE tz IS NOT NULL) u"_s
            .arg(truncUnit(request.period), local,
                 hourly ? u"extract(epoch FROM %1 - (tz AT TIME ZONE 'UTC'))::int"_s.arg(local) : u"0"_s, epoch, band,
                 excludes, rows);
    const QString unlogged = u"FILTER (WHERE cost IS NULL)"_s;
    const QString sql =
        u"SELECT grouping(model), wall, off, grp, model, epoch, band, count(*), sum(inp), sum(outp), sum(rd), sum(wr), "
        "sum(cost), count(cost), count(*) %1, "
        "count(*) FILTER (WHERE cost IS NULL AND inp IS NULL AND outp IS NULL AND rd IS NULL AND wr IS NULL), "
        "sum(uncached) %1, sum(outp) %1, sum(rd) %1, sum(wr) %1, count(latency), "
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY latency), percentile_cont(0.95) WITHIN GROUP (ORDER BY latency), "
        "count(*) FILTER (WHERE err), count(*) FILTER (WHERE fb = 'positive'), "
        "count(*) FILTER (WHERE fb = 'negative'), count(*) FILTER (WHERE fb = 'edited') "
        "FROM (%2) c GROUP BY GROUPING SETS ((wall, off, grp, model, epoch, band), (wall, off, grp))"_s
            .arg(unlogged, cells);

    QSqlQuery q(connection.db());
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return fail(u"cannot aggregate %1: %2"_s.arg(schema.table, q.lastError().text()));
    for (const QVariant &v : conditions.binds)
        q.addBindValue(v);
    if (!q.exec())
        return fail(u"cannot aggregate %1: %2"_s.arg(schema.table, q.lastError().text()));

    UsageScan scan;
    while (q.next()) {
        const qint64 wallMs = q.value(1).toLongLong() * 1000;
        qint64 inside = wallMs - qint64(q.value(2).toInt()) * 1000;
        if (!hourly) { // local noon is inside its day, week and month, even on a DST day
            const QDate day = QDateTime::fromMSecsSinceEpoch(wallMs, QTimeZone::utc()).date();
            inside = QDateTime(day, QTime(12, 0), request.timeZone).toMSecsSinceEpoch();
        }
        const qint64 startMs = periodContaining(inside, request.period, request.timeZone).startMs;
        auto i64 = [&](int i) { return q.value(i).toLongLong(); };
        if (q.value(0).toInt() == 0) {
            ModelCell c;
            c.periodStartMs = startMs;
            c.group = q.value(3).toString();
            c.model = q.value(4).toString();
            c.epoch = q.value(5).toInt();
            c.band = q.value(6).toInt();
            c.calls = i64(7);
            c.inputTokens = i64(8);
            c.outputTokens = i64(9);
            c.cacheReadTokens = i64(10);
            c.cacheWriteTokens = i64(11);
            c.loggedUsd = q.value(12).toDouble();
            c.loggedCalls = i64(13);
            c.unloggedCalls = i64(14);
            c.noUsageCalls = i64(15);
            c.pricedInput = i64(16);
            c.pricedOutput = i64(17);
            c.pricedCacheRead = i64(18);
            c.pricedCacheWrite = i64(19);
            scan.cells.append(std::move(c));
        } else {
            GroupCell g;
            g.periodStartMs = startMs;
            g.group = q.value(3).toString();
            g.latencyCalls = i64(20);
            if (!q.value(21).isNull())
                g.p50 = q.value(21).toDouble();
            if (!q.value(22).isNull())
                g.p95 = q.value(22).toDouble();
            g.errors = i64(23);
            g.feedbackPositive = i64(24);
            g.feedbackNegative = i64(25);
            g.feedbackEdited = i64(26);
            scan.groups.append(std::move(g));
        }
    }
    if (q.lastError().isValid())
        return fail(u"reading the aggregate of %1 failed: %2"_s.arg(schema.table, q.lastError().text()));
    return scan;
}

} // namespace assay

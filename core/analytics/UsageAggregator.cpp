#include "analytics/UsageAggregator.h"

#include "analytics/PostgresUsageQuery.h"
#include "analytics/SqliteUsageScan.h"
#include "browse/LogSession.h"

using namespace Qt::StringLiterals;

namespace assay {

QString usagePeriodName(UsagePeriod period)
{
    switch (period) {
    case UsagePeriod::Hour: return u"hour"_s;
    case UsagePeriod::Day: return u"day"_s;
    case UsagePeriod::IsoWeek: return u"week"_s;
    case UsagePeriod::Month: return u"month"_s;
    }
    return {};
}

std::optional<UsagePeriod> usagePeriodFromName(QStringView name)
{
    for (UsagePeriod p : {UsagePeriod::Hour, UsagePeriod::Day, UsagePeriod::IsoWeek, UsagePeriod::Month}) {
        if (name.compare(usagePeriodName(p), Qt::CaseInsensitive) == 0)
            return p;
    }
    return std::nullopt;
}

QString usageGroupByName(UsageGroupBy group)
{
    switch (group) {
    case UsageGroupBy::None: return u"none"_s;
    case UsageGroupBy::Feature: return u"feature"_s;
    case UsageGroupBy::Model: return u"model"_s;
    case UsageGroupBy::Prompt: return u"prompt"_s;
    case UsageGroupBy::User: return u"user"_s;
    }
    return {};
}

std::optional<UsageGroupBy> usageGroupByFromName(QStringView name)
{
    for (UsageGroupBy g : {UsageGroupBy::None, UsageGroupBy::Feature, UsageGroupBy::Model, UsageGroupBy::Prompt,
                           UsageGroupBy::User}) {
        if (name.compare(usageGroupByName(g), Qt::CaseInsensitive) == 0)
            return g;
    }
    return std::nullopt;
}

UsageAggregator::UsageAggregator(SourceConnection &connection, LogSchema schema, PriceTable prices, SearchSupport search)
    : m_connection(connection), m_schema(std::move(schema)), m_prices(std::move(prices)), m_search(search)
{
}

UsageAggregator::UsageAggregator(LogSession &session, PriceTable prices)
    : UsageAggregator(session.connection(), session.schema(), std::move(prices), session.outputs().searchSupport())
{
}

Result<QList<UsageBucket>> UsageAggregator::aggregate(const AggregateRequest &request)
{
    m_undated = 0;
    if (!request.timeZone.isValid())
        return fail(u"the time zone is not valid"_s);
    if (const QStringList unsupported = unsupportedFilters(m_schema, request.filter); !unsupported.isEmpty())
        return fail(unsupported.join(u"; "_s));
    const LogField groupField[] = {LogField::Id, LogField::Feature, LogField::Model, LogField::PromptName, LogField::UserId};
    if (request.groupBy != UsageGroupBy::None && !m_schema.has(groupField[int(request.groupBy)]))
        return fail(u"this log has no %1 column to group by"_s.arg(usageGroupByName(request.groupBy)));

    const SqlConditions conditions = filterConditions(m_schema, request.filter, m_search);
    const PricingPlan plan(m_prices);
    auto scan = m_schema.dialect == SqlDialect::PostgreSQL
                    ? queryPostgresUsage(m_connection, m_schema, conditions, request, plan)
                    : scanSqliteUsage(m_connection, m_schema, conditions, request, plan);
    if (!scan)
        return fail(scan.error());
    m_undated = scan->undatedRows;
    return finishBuckets(scan->cells, scan->groups, plan, request.timeZone);
}

UsageBucket totalOf(const QList<UsageBucket> &buckets)
{
    UsageBucket t;
    for (const UsageBucket &b : buckets) {
        if (!t.periodStart.isValid() || b.periodStart < t.periodStart)
            t.periodStart = b.periodStart;
        t.calls += b.calls;
        t.inputTokens += b.inputTokens;
        t.outputTokens += b.outputTokens;
        t.cacheReadTokens += b.cacheReadTokens;
        t.cacheWriteTokens += b.cacheWriteTokens;
        t.costUsd += b.costUsd;
        t.loggedCostCalls += b.loggedCostCalls;
        t.computedCostCalls += b.computedCostCalls;
        t.unpricedCalls += b.unpricedCalls;
        t.noUsageCalls += b.noUsageCalls;
        for (auto it = b.unpricedModels.cbegin(); it != b.unpricedModels.cend(); ++it)
            t.unpricedModels[it.key()] += it.value();
        t.latencyCalls += b.latencyCalls;
        t.errors += b.errors;
        t.feedbackPositive += b.feedbackPositive;
        t.feedbackNegative += b.feedbackNegative;
        t.feedbackEdited += b.feedbackEdited;
    }
    return t;
}

} // namespace assay

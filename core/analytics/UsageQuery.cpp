#include "analytics/UsageQuery.h"

#include "analytics/UsageAggregator.h"
#include "browse/LogSession.h"
#include "query/FilterSql.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Whether every local period boundary of `zone` between from and to falls on a UTC hour.
bool wholeHourOffsets(const QTimeZone &zone, const QDateTime &from, const QDateTime &to)
{
    if (zone.offsetFromUtc(from) % 3600 != 0)
        return false;
    const auto transitions = zone.transitions(from, to);
    for (const QTimeZone::OffsetData &t : transitions) {
        if (t.offsetFromUtc % 3600 != 0)
            return false;
    }
    return true;
}

} // namespace

QString usagePathName(UsagePath path)
{
    switch (path) {
    case UsagePath::Rollups: return u"rollups"_s;
    case UsagePath::PostgresPushdown: return u"postgresql"_s;
    case UsagePath::SqliteScan: return u"scan"_s;
    }
    return {};
}

QString rollupIneligibility(LogSession &session, const AggregateRequest &request)
{
    if (const QString why = UsageRollups::unavailableReason(session); !why.isEmpty())
        return why;
    const OutputFilter &f = request.filter;
    if (!f.userId.isEmpty() || !f.sessionId.isEmpty() || !f.feedback.isEmpty() || f.errorsOnly || !f.search.isEmpty())
        return u"rollups filter by time, feature, model and prompt only"_s;
    if (f.usesReviewLabels())
        return u"rollups do not keep reviewer labels"_s;
    if (f.usesCheckResults())
        return u"rollups do not keep check results"_s;
    if (request.groupBy == UsageGroupBy::User)
        return u"rollups do not keep users"_s;
    if (request.inputConvention != InputTokens::Auto)
        return u"rollups price input tokens with the automatic convention only"_s;
    if (!request.timeZone.isValid())
        return u"the time zone is not valid"_s;
    // Logs before 1970 are not expected; a zone's local-mean-time past is not our concern.
    const QDateTime from = f.since.value_or(QDateTime::fromMSecsSinceEpoch(0, QTimeZone::utc()));
    const QDateTime to = f.until.value_or(QDateTime::currentDateTimeUtc().addYears(2));
    if (!wholeHourOffsets(request.timeZone, from, to))
        return u"the time zone's offset is not a whole number of hours in this range"_s;
    if (const QStringList unsupported = unsupportedFilters(session.schema(), f); !unsupported.isEmpty())
        return unsupported.join(u"; "_s);
    const LogField groupField[] = {LogField::Id, LogField::Feature, LogField::Model, LogField::PromptName, LogField::UserId};
    if (request.groupBy != UsageGroupBy::None && !session.schema().has(groupField[int(request.groupBy)]))
        return u"this log has no %1 column to group by"_s.arg(usageGroupByName(request.groupBy));
    return {};
}

namespace {

// queryUsage() with the refresh done at most once for all the requests sharing `refreshed`.
Result<QList<UsageBucket>> answer(LogSession &session, const PriceTable &prices, const PricingPlan &plan,
                                  const AggregateRequest &request, std::optional<Result<RollupRefresh>> &refreshed,
                                  UsageSourceInfo *how)
{
    UsageSourceInfo info;
    QString why = rollupIneligibility(session, request);
    if (why.isEmpty()) {
        UsageRollups rollups(session);
        if (!refreshed)
            refreshed = rollups.refresh(plan);
        if (*refreshed) {
            auto scan = rollups.query(request, plan);
            if (scan) {
                info.path = UsagePath::Rollups;
                info.refresh = **refreshed;
                info.undatedRows = scan->undatedRows;
                info.approximatePercentiles = true;
                if (how)
                    *how = info;
                return finishBuckets(scan->cells, scan->groups, plan, request.timeZone);
            }
            why = scan.error();
        } else {
            why = refreshed->error();
        }
    }

    UsageAggregator aggregator(session, prices);
    auto buckets = aggregator.aggregate(request);
    info.path = session.schema().dialect == SqlDialect::PostgreSQL ? UsagePath::PostgresPushdown : UsagePath::SqliteScan;
    info.fallbackReason = info.path == UsagePath::PostgresPushdown ? QString() : why;
    info.undatedRows = aggregator.lastUndatedRows();
    if (how)
        *how = info;
    return buckets;
}

} // namespace

Result<QList<UsageBucket>> queryUsage(LogSession &session, const PriceTable &prices, const AggregateRequest &request,
                                      UsageSourceInfo *how)
{
    const PricingPlan plan(prices);
    std::optional<Result<RollupRefresh>> refreshed;
    return answer(session, prices, plan, request, refreshed, how);
}

Result<QList<QList<UsageBucket>>> queryUsageBatch(LogSession &session, const PriceTable &prices,
                                                  const QList<AggregateRequest> &requests,
                                                  QList<UsageSourceInfo> *how)
{
    const PricingPlan plan(prices);
    std::optional<Result<RollupRefresh>> refreshed;
    QList<QList<UsageBucket>> results;
    if (how)
        how->clear();
    for (const AggregateRequest &request : requests) {
        UsageSourceInfo info;
        auto buckets = answer(session, prices, plan, request, refreshed, &info);
        if (!buckets)
            return fail(buckets.error());
        results << *buckets;
        if (how)
            how->append(info);
    }
    return results;
}

} // namespace assay

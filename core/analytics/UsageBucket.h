#pragma once

#include "pricing/RecordCost.h"
#include "query/OutputFilter.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QTimeZone>

#include <optional>

namespace assay {

enum class UsagePeriod { Hour, Day, IsoWeek, Month };
enum class UsageGroupBy { None, Feature, Model, Prompt, User };

QString usagePeriodName(UsagePeriod period);         // "hour", "day", "week", "month"
std::optional<UsagePeriod> usagePeriodFromName(QStringView name);
QString usageGroupByName(UsageGroupBy group);        // "none", "feature", "model", "prompt", "user"
std::optional<UsageGroupBy> usageGroupByFromName(QStringView name);

struct AggregateRequest {
    OutputFilter filter;
    UsagePeriod period = UsagePeriod::Day;
    UsageGroupBy groupBy = UsageGroupBy::None;
    // Bucket boundaries are local midnights / hours / Mondays / firsts of the month in this
    // zone, so a day across a DST change is 23 or 25 hours long, as the user lives it.
    QTimeZone timeZone = QTimeZone::utc();
    InputTokens inputConvention = InputTokens::Auto;
};

// One period x group of the log. Rows without a readable timestamp belong to no period and
// are left out (UsageAggregator::lastUndatedRows() counts them).
struct UsageBucket {
    QDateTime periodStart; // in the request's time zone
    // The group's value: the feature, the model, "prompt@version" (or "prompt" when the log has
    // no version), the user id; empty for UsageGroupBy::None and for rows without a value.
    QString group;
    qint64 calls = 0;
    qint64 inputTokens = 0; // as logged (conventions differ: see InputTokens)
    qint64 outputTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;

    double costUsd = 0;           // logged cost where present, else tokens x price
    qint64 loggedCostCalls = 0;   // cost from the log's own column
    qint64 computedCostCalls = 0; // cost from the price table
    qint64 unpricedCalls = 0;     // no logged cost and no price for the model: not in costUsd
    qint64 noUsageCalls = 0;      // priced model but neither cost nor tokens logged
    QMap<QString, qint64> unpricedModels; // model -> calls, so the user knows which price to add

    // Exact percentiles with linear interpolation between the closest ranks (PostgreSQL's
    // percentile_cont), over the calls with a logged latency; unset when there are none.
    qint64 latencyCalls = 0;
    std::optional<double> latencyP50Ms;
    std::optional<double> latencyP95Ms;

    qint64 errors = 0; // the errors-only filter's definition (status not ok, or an error text)
    qint64 feedbackPositive = 0;
    qint64 feedbackNegative = 0;
    qint64 feedbackEdited = 0;

    double errorRate() const { return calls ? static_cast<double>(errors) / static_cast<double>(calls) : 0; }
    qint64 feedbackTotal() const { return feedbackPositive + feedbackNegative + feedbackEdited; }
    double unpricedShare() const
    {
        return calls ? static_cast<double>(unpricedCalls + noUsageCalls) / static_cast<double>(calls) : 0;
    }
};

} // namespace assay

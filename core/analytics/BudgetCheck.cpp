#include "analytics/BudgetCheck.h"

#include "analytics/UsageAggregator.h"
#include "browse/LogSession.h"

using namespace Qt::StringLiterals;

namespace assay {

bool BudgetCheck::anyExceeds() const
{
    return std::any_of(statuses.cbegin(), statuses.cend(), [](const BudgetStatus &s) { return s.exceeds(); });
}

Result<BudgetCheck> checkBudgets(LogSession &session, const PriceTable &prices, const QDate &asOf,
                                 const QTimeZone &zone)
{
    if (!asOf.isValid())
        return fail(u"the as-of date is not valid"_s);
    Workspace *ws = session.workspace();
    if (!ws)
        return fail(u"budgets live in the workspace, which did not open: %1"_s.arg(session.workspaceError()));
    auto budgets = listBudgets(*ws);
    if (!budgets)
        return fail(budgets.error());
    BudgetCheck check;
    if (budgets->isEmpty())
        return check;

    // The run rate looks back 7 days, and a spike on the 1st looks back 7 more.
    const QDate monthStart(asOf.year(), asOf.month(), 1);
    const QDate from = std::min(monthStart, asOf.addDays(-6)).addDays(-7);
    AggregateRequest request;
    request.period = UsagePeriod::Day;
    request.groupBy = UsageGroupBy::Feature;
    request.timeZone = zone;
    request.filter.since = QDateTime(from, QTime(0, 0), zone);
    request.filter.until = QDateTime(asOf.addDays(1), QTime(0, 0), zone);
    auto buckets = queryUsage(session, prices, request, &check.source);
    if (!buckets)
        return fail(buckets.error());

    DailySpend overall;
    QMap<QString, DailySpend> byFeature;
    for (const UsageBucket &b : *buckets) {
        const QDate day = b.periodStart.toTimeZone(zone).date();
        overall[day] += b.costUsd;
        byFeature[b.group][day] += b.costUsd;
        if (day >= monthStart) {
            check.uncostedCalls += b.unpricedCalls + b.noUsageCalls;
            for (auto it = b.unpricedModels.cbegin(); it != b.unpricedModels.cend(); ++it)
                check.unpricedModels[it.key()] += it.value();
        }
    }
    for (const Budget &budget : *budgets)
        check.statuses << projectBudget(budget, budget.isOverall() ? overall : byFeature.value(budget.feature), asOf);
    return check;
}

} // namespace assay

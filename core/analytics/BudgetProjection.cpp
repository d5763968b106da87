#include "analytics/BudgetProjection.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

double sumOver(const DailySpend &spend, const QDate &from, const QDate &to)
{
    double total = 0;
    for (auto it = spend.lowerBound(from); it != spend.cend() && it.key() <= to; ++it)
        total += it.value();
    return total;
}

} // namespace

QList<SpendSpike> spendSpikes(const DailySpend &spend, const QDate &from, const QDate &to)
{
    QList<SpendSpike> spikes;
    for (QDate day = from; day <= to; day = day.addDays(1)) {
        const double usd = spend.value(day, 0.0);
        const double mean = sumOver(spend, day.addDays(-7), day.addDays(-1)) / 7.0;
        if (mean > 0 && usd > 2 * mean)
            spikes << SpendSpike{day, usd, mean};
    }
    return spikes;
}

BudgetStatus projectBudget(const Budget &budget, const DailySpend &spend, const QDate &asOf)
{
    BudgetStatus s;
    s.budget = budget;
    s.asOf = asOf;
    const QDate monthStart(asOf.year(), asOf.month(), 1);
    s.monthToDateUsd = sumOver(spend, monthStart, asOf);
    s.runRateUsdPerDay = sumOver(spend, asOf.addDays(-6), asOf) / 7.0;
    s.remainingDays = asOf.daysInMonth() - asOf.day();
    s.projectedUsd = s.monthToDateUsd + s.runRateUsdPerDay * s.remainingDays;
    if (s.monthToDateUsd > budget.monthlyUsd)
        s.state = BudgetStatus::State::Over;
    else if (s.projectedUsd > budget.monthlyUsd)
        s.state = BudgetStatus::State::ProjectedOver;
    s.spikes = spendSpikes(spend, monthStart, asOf);
    return s;
}

QString budgetStateName(BudgetStatus::State state)
{
    switch (state) {
    case BudgetStatus::State::Ok: return u"ok"_s;
    case BudgetStatus::State::ProjectedOver: return u"projected over"_s;
    case BudgetStatus::State::Over: return u"over"_s;
    }
    return {};
}

} // namespace assay

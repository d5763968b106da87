#pragma once

#include "analytics/BudgetStore.h"

#include <QDate>
#include <QList>
#include <QMap>

namespace assay {

// Spend per local day (days without calls may be absent: they count as 0).
using DailySpend = QMap<QDate, double>;

// A day whose spend exceeded twice the mean of the 7 days before it.
struct SpendSpike {
    QDate day;
    double usd = 0;
    double trailingMeanUsd = 0;
};

struct BudgetStatus {
    enum class State {
        Ok,            // the projection stays within the budget
        ProjectedOver, // month-end projection above the budget
        Over,          // month-to-date spend already above it
    };
    Budget budget;
    QDate asOf;
    double monthToDateUsd = 0;  // the 1st of asOf's month through asOf, inclusive
    double runRateUsdPerDay = 0; // spend of the 7 days ending with asOf, divided by 7
    int remainingDays = 0;       // days of the month after asOf
    double projectedUsd = 0;     // monthToDate + runRate x remainingDays
    State state = State::Ok;
    QList<SpendSpike> spikes; // days of the month through asOf

    bool exceeds() const { return state != State::Ok; }
};

// Month-end projection of one budget on `asOf` (a whole day, as if it were over):
//   month_to_date = sum of spend from the 1st of the month through asOf
//   run_rate      = (sum of spend over asOf-6 .. asOf) / 7      (the trailing 7 days, across
//                                                                a month start if need be)
//   projected     = month_to_date + run_rate x (days in month - day of asOf)
// A spike is a day D with spend(D) > 2 x mean(spend(D-7 .. D-1)), when that mean is above 0.
BudgetStatus projectBudget(const Budget &budget, const DailySpend &spend, const QDate &asOf);

// The spikes among the days [from, to].
QList<SpendSpike> spendSpikes(const DailySpend &spend, const QDate &from, const QDate &to);

QString budgetStateName(BudgetStatus::State state); // "ok", "projected over", "over"

} // namespace assay

#include "dashboard/BudgetAlerts.h"

#include <QCoreApplication>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString usd(double amount)
{
    return u"$"_s + QLocale().toString(amount, 'f', 2);
}

QString tr(const char *text)
{
    return QCoreApplication::translate("BudgetAlerts", text);
}

QString scopeOf(const Budget &budget)
{
    return budget.isOverall() ? tr("overall") : tr("for feature %1").arg(budget.feature);
}

} // namespace

QStringList budgetAlerts(const BudgetCheck &check, int spikeDays)
{
    QStringList alerts;
    for (const BudgetStatus &s : check.statuses) {
        if (s.state == BudgetStatus::State::Over)
            alerts << tr("Month-to-date spend %1 already exceeds the %2 budget %3 (projected month-end %4)")
                          .arg(usd(s.monthToDateUsd), usd(s.budget.monthlyUsd), scopeOf(s.budget), usd(s.projectedUsd));
        else if (s.state == BudgetStatus::State::ProjectedOver)
            alerts << tr("Projected month-end spend %1 exceeds the %2 budget %3 (month to date %4)")
                          .arg(usd(s.projectedUsd), usd(s.budget.monthlyUsd), scopeOf(s.budget), usd(s.monthToDateUsd));
    }
    for (const BudgetStatus &s : check.statuses) {
        for (const SpendSpike &spike : s.spikes) {
            if (spike.day <= s.asOf.addDays(-spikeDays))
                continue; // an old spike is history, not news: the budgets dialog lists them all
            const QString ratio = QLocale().toString(spike.usd / spike.trailingMeanUsd, 'f', 1);
            const QString day = QLocale().toString(spike.day, QLocale::ShortFormat);
            alerts << (s.budget.isOverall()
                           ? tr("Spend on %1 was %2, %3x the trailing 7-day mean of %4")
                                 .arg(day, usd(spike.usd), ratio, usd(spike.trailingMeanUsd))
                           : tr("Spend of feature %1 on %2 was %3, %4x the trailing 7-day mean of %5")
                                 .arg(s.budget.feature, day, usd(spike.usd), ratio, usd(spike.trailingMeanUsd)));
        }
    }
    return alerts;
}

} // namespace assay

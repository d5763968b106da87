#include "report/ReportBudgets.h"

#include "analytics/BudgetCheck.h"
#include "browse/LogSession.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QList<SpendSpike> spikesFrom(const BudgetStatus &status, const QDate &from, const QDate &to)
{
    QList<SpendSpike> out;
    for (const SpendSpike &s : status.spikes) {
        if (s.day >= from && s.day <= to)
            out << s;
    }
    return out;
}

} // namespace

void collectBudgetStatus(LogSession &session, const PriceTable &prices, WeeklyReportData &data)
{
    const CalendarWeek &week = data.week;
    const QDate sunday = week.day(6);
    data.budgetsAsOf = sunday;
    if (!session.workspace()) {
        data.budgetsNote = session.workspaceError().isEmpty() ? u"no workspace is open"_s : session.workspaceError();
        return;
    }
    auto check = checkBudgets(session, prices, sunday, week.zone);
    if (!check) {
        data.budgetsNote = check.error();
        return;
    }
    // The days of the week in the month before Sunday's, if any: their spikes are in that month's check.
    std::optional<BudgetCheck> earlier;
    if (week.monday.month() != sunday.month()) {
        auto before = checkBudgets(session, prices, QDate(sunday.year(), sunday.month(), 1).addDays(-1), week.zone);
        if (!before) {
            data.budgetsNote = before.error();
            return;
        }
        earlier = *before;
    }
    data.budgets = check->statuses;
    data.budgetUncostedCalls = check->uncostedCalls;
    for (const BudgetStatus &status : std::as_const(data.budgets)) {
        QList<SpendSpike> spikes;
        if (earlier) {
            for (const BudgetStatus &before : std::as_const(earlier->statuses)) {
                if (before.budget.feature == status.budget.feature)
                    spikes << spikesFrom(before, week.monday, sunday);
            }
        }
        spikes << spikesFrom(status, week.monday, sunday);
        data.weekSpikes << spikes;
    }
    data.budgetsAvailable = true;
}

} // namespace assay

#include "report/ReportBudgetSection.h"

#include "report/ReportBlocks.h"
#include "report/ReportFormat.h"
#include "util/Money.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString spikeText(const SpendSpike &s)
{
    return u"%1: %2 (%3x the trailing mean of %4)"_s.arg(s.day.toString(u"ddd d MMM"_s), formatUsd(s.usd),
                                                         QString::number(s.usd / s.trailingMeanUsd, 'f', 1),
                                                         formatUsd(s.trailingMeanUsd));
}

ReportTable budgetTable(const WeeklyReportData &d)
{
    ReportTable t{{u"Budget"_s, u"Monthly"_s, u"Month to date"_s, u"Run rate / day"_s, u"Projected month-end"_s,
                   u"State"_s, u"Spikes this week"_s},
                  {false, true, true, true, true, false, false},
                  {}};
    for (qsizetype i = 0; i < d.budgets.size(); ++i) {
        const BudgetStatus &s = d.budgets[i];
        QStringList spikes;
        for (const SpendSpike &spike : d.weekSpikes.value(i))
            spikes << spikeText(spike);
        t.rows << QStringList{s.budget.isOverall() ? u"Overall"_s : u"Feature "_s + s.budget.feature,
                              formatUsd(s.budget.monthlyUsd),
                              formatUsd(s.monthToDateUsd),
                              formatUsd(s.runRateUsdPerDay),
                              formatUsd(s.projectedUsd),
                              budgetStateName(s.state),
                              spikes.isEmpty() ? u"none"_s : spikes.join(u"; "_s)};
    }
    return t;
}

} // namespace

void addBudgetSection(QList<ReportBlock> &out, const WeeklyReportData &d)
{
    out << heading(2, u"Budget status"_s);
    if (!d.budgetsAvailable) {
        out << paragraph(u"Budgets are unavailable: %1."_s.arg(d.budgetsNote), true);
        return;
    }
    if (d.budgets.isEmpty()) {
        out << paragraph(u"No budget is set (see assay budget set, or Budgets… on the dashboard)."_s, true);
        return;
    }
    out << paragraph(u"As of %1, the week's last day: month to date from the 1st; the projection adds the "
                     "trailing 7 days' spend per day for each day left in the month. A spike is a day whose spend "
                     "exceeded twice the mean of the 7 days before it."_s.arg(d.budgetsAsOf.toString(u"ddd d MMM yyyy"_s)));
    out << tableBlock(budgetTable(d));
    if (d.budgetUncostedCalls > 0)
        out << paragraph(u"%1 calls of the month to date have no cost and are in no figure above."_s.arg(
                             formatCount(d.budgetUncostedCalls)),
                         true);
}

} // namespace assay

#pragma once

#include "analytics/BudgetCheck.h"

#include <QDate>
#include <QMetaType>
#include <QStringList>

namespace assay {

// What the dashboard's budget banner says about one check: one sentence per budget projected
// (or already) over, and one per spend spike of the last `spikeDays` days through asOf. Empty
// when all is well. Amounts are USD with cents.
QStringList budgetAlerts(const BudgetCheck &check, int spikeDays = 7);

} // namespace assay

// A check travels from the dashboard's worker (and the budgets dialog's) to the UI thread.
Q_DECLARE_METATYPE(assay::BudgetCheck)

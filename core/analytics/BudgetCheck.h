#pragma once

#include "analytics/BudgetProjection.h"
#include "analytics/UsageQuery.h"

#include <QTimeZone>

namespace assay {

class LogSession;

struct BudgetCheck {
    QList<BudgetStatus> statuses; // one per budget in the workspace, overall first
    UsageSourceInfo source;       // how the spend was computed
    // Calls of the month to date whose cost is unknown (no price, or neither cost nor tokens
    // logged): not in any spend figure, so a projection may be low by their cost.
    qint64 uncostedCalls = 0;
    QMap<QString, qint64> unpricedModels;

    bool anyExceeds() const;
};

// Every budget of the session's workspace on `asOf`, with days in `zone` (projectBudget()
// states the arithmetic). Spend is per day and feature over the month and the 14 days before
// asOf, through queryUsage(): from rollups for SQLite logs, pushed down for PostgreSQL.
Result<BudgetCheck> checkBudgets(LogSession &session, const PriceTable &prices, const QDate &asOf,
                                 const QTimeZone &zone);

} // namespace assay

#pragma once

#include "util/Result.h"

#include <QList>
#include <QString>

namespace assay {

class Workspace;

// A monthly spend budget, overall (empty feature) or for one feature, in USD.
struct Budget {
    QString feature;
    double monthlyUsd = 0;

    bool isOverall() const { return feature.isEmpty(); }
};

// Budgets live in the workspace (migration 5; both dialects), one per feature plus the overall one.
Result<QList<Budget>> listBudgets(Workspace &workspace); // the overall budget first, then by feature
// Sets or replaces a budget. Fails for an amount that is not a positive, finite number.
Result<void> setBudget(Workspace &workspace, const Budget &budget);
// Removes one; false when there was none for that feature.
Result<bool> removeBudget(Workspace &workspace, const QString &feature);

} // namespace assay

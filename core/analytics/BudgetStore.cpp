#include "analytics/BudgetStore.h"

#include "util/SqlErrorText.h"

#include "workspace/Workspace.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString budgetsTable(const Workspace &ws)
{
    return ws.table(u"budgets"_s);
}

// '' is the overall budget; a null QString would bind as NULL, which matches nothing.
QString featureKey(const QString &feature)
{
    const QString key = feature.trimmed();
    return key.isEmpty() ? QString(0, QChar()) : key;
}

} // namespace

Result<QList<Budget>> listBudgets(Workspace &workspace)
{
    QSqlQuery q(workspace.db());
    if (!q.exec(u"SELECT feature, monthly_usd FROM %1 ORDER BY feature"_s.arg(budgetsTable(workspace))))
        return fail(u"cannot read the budgets: %1"_s.arg(sqlErrorText(q)));
    QList<Budget> out;
    while (q.next())
        out << Budget{q.value(0).toString(), q.value(1).toDouble()};
    return out; // '' sorts first: the overall budget leads
}

Result<void> setBudget(Workspace &workspace, const Budget &budget)
{
    if (!std::isfinite(budget.monthlyUsd) || budget.monthlyUsd <= 0)
        return fail(u"a budget must be a positive amount of USD"_s);
    QSqlQuery q(workspace.db());
    q.prepare(u"INSERT INTO %1 (feature, monthly_usd, created_at, updated_at) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (feature) DO UPDATE SET monthly_usd = excluded.monthly_usd, updated_at = excluded.updated_at"_s
                  .arg(budgetsTable(workspace)));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    q.addBindValue(featureKey(budget.feature));
    q.addBindValue(budget.monthlyUsd);
    q.addBindValue(now);
    q.addBindValue(now);
    if (!q.exec())
        return fail(u"cannot save the budget: %1"_s.arg(sqlErrorText(q)));
    return {};
}

Result<bool> removeBudget(Workspace &workspace, const QString &feature)
{
    QSqlQuery q(workspace.db());
    q.prepare(u"DELETE FROM %1 WHERE feature = ?"_s.arg(budgetsTable(workspace)));
    q.addBindValue(featureKey(feature));
    if (!q.exec())
        return fail(u"cannot remove the budget: %1"_s.arg(sqlErrorText(q)));
    return q.numRowsAffected() > 0;
}

} // namespace assay

#include "settings/BudgetsDialogWorker.h"

#include "analytics/BudgetStore.h"

namespace assay {

BudgetsDialogWorker::BudgetsDialogWorker(const SessionSpec &spec, const PriceTable &prices, const QDate &asOf,
                                         const QTimeZone &zone)
    : m_spec(spec), m_prices(prices), m_asOf(asOf), m_zone(zone)
{
    m_spec.useWorkspace = true;
}

BudgetsDialogWorker::~BudgetsDialogWorker() = default;

Workspace *BudgetsDialogWorker::workspace()
{
    if (!m_session) {
        auto session = LogSession::open(m_spec);
        if (!session) {
            Q_EMIT failed(session.error());
            return nullptr;
        }
        m_session = std::move(*session);
    }
    if (!m_session->workspace()) {
        Q_EMIT failed(tr("Budgets live in the workspace, which did not open: %1").arg(m_session->workspaceError()));
        return nullptr;
    }
    return m_session->workspace();
}

void BudgetsDialogWorker::reload()
{
    if (!workspace())
        return;
    auto check = checkBudgets(*m_session, m_prices, m_asOf, m_zone);
    if (!check) {
        Q_EMIT failed(check.error());
        return;
    }
    Q_EMIT loaded(*check);
}

void BudgetsDialogWorker::save(const Budget &budget)
{
    Workspace *ws = workspace();
    if (!ws)
        return;
    if (auto saved = setBudget(*ws, budget); !saved) {
        Q_EMIT failed(saved.error());
        return;
    }
    Q_EMIT changed(budget.isOverall() ? tr("Saved the overall budget.")
                                      : tr("Saved the budget of feature %1.").arg(budget.feature.trimmed()));
    reload();
}

void BudgetsDialogWorker::remove(const QString &feature)
{
    Workspace *ws = workspace();
    if (!ws)
        return;
    auto removed = removeBudget(*ws, feature);
    if (!removed) {
        Q_EMIT failed(removed.error());
        return;
    }
    if (*removed)
        Q_EMIT changed(feature.isEmpty() ? tr("Removed the overall budget.")
                                         : tr("Removed the budget of feature %1.").arg(feature));
    else
        Q_EMIT failed(tr("There was no budget to remove for %1.").arg(feature.isEmpty() ? tr("the overall spend") : feature));
    reload();
}

} // namespace assay

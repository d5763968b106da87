#pragma once

#include "browse/BrowseWorker.h" // SessionSpec as a queued argument
#include "browse/InterruptibleSession.h"
#include "browse/LogSession.h"
#include "dashboard/BudgetAlerts.h"
#include "dashboard/DashboardData.h"
#include "prompts/PromptUsage.h"
#include "pricing/PriceTable.h"
#include "settings/PriceTableMetaType.h"
#include "targets/TargetStatus.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

namespace assay {

// The dashboard's database work, on a thread of its own with that thread's own LogSession
// (like PromptsWorker): the page only draws what arrives in ready().
class DashboardWorker : public QObject {
    Q_OBJECT
public:
    // The page stops this worker's statements with it before it waits for the thread.
    std::shared_ptr<ConnectionInterrupter> interrupter() const { return m_interrupter; }
    DashboardWorker();
    ~DashboardWorker() override;

    // Thread-safe, called from the page: a load for an older generation stops between its
    // queries instead of finishing work nobody will look at (a range clicked through quickly).
    void supersede(quint64 latestGeneration) { m_latest.store(latestGeneration); }

public Q_SLOTS:
    void open(const assay::SessionSpec &spec);
    void setPrices(const assay::PriceTable &prices);
    // Computes everything for `query`; ready() or failed() answers with the same generation.
    void load(quint64 generation, const assay::DashboardQuery &query);
    // Every budget of the source's workspace on `asOf` (checkBudgets()); budgetsChecked() or
    // budgetCheckFailed() answers with the same generation.
    void checkBudgets(quint64 generation, const QDate &asOf, const QTimeZone &zone);
    // Every quality target of the workspace over its window ending `now` (checkTargets());
    // targetsChecked() or targetCheckFailed() answers with the same generation.
    void checkTargets(quint64 generation, const QDateTime &now);

Q_SIGNALS:
    void opened(bool postgres);
    void openFailed(const QString &message);
    void ready(quint64 generation, const assay::DashboardData &data);
    void failed(quint64 generation, const QString &message);
    void budgetsChecked(quint64 generation, const assay::BudgetCheck &check);
    void budgetCheckFailed(quint64 generation, const QString &message);
    void targetsChecked(quint64 generation, const QList<assay::TargetStatus> &statuses);
    void targetCheckFailed(quint64 generation, const QString &message);

private:
    Result<QList<UsageBucket>> usage(const DashboardQuery &query, const DayRange &range, UsagePeriod period,
                                     UsageGroupBy group);
    void findRollouts(DashboardData &data);
    void findNewestCall(DashboardData &data);
    // The session with the workspace (budgets, targets), opened on first use.
    Result<LogSession *> workspaceSession();

    bool superseded(quint64 generation) const { return m_latest.load() != generation; }

    std::atomic<quint64> m_latest{0};
    // Before the sessions: they publish their connections to it.
    std::shared_ptr<ConnectionInterrupter> m_interrupter = std::make_shared<ConnectionInterrupter>();
    InterruptibleSession m_session{m_interrupter};
    // Budgets and targets live in the workspace, which the figures above do without: a second
    // session, opened on the first check, reads them (and the rollups it keeps, for SQLite logs).
    SessionSpec m_spec;
    InterruptibleSession m_budgetSession{m_interrupter};
    std::optional<QList<PromptUsage>> m_promptHistory; // first use of every prompt version
    PriceTable m_prices = PriceTable::withDefaults();
};

} // namespace assay

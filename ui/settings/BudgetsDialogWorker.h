#pragma once

#include "analytics/BudgetCheck.h"
#include "browse/InterruptibleSession.h"
#include "browse/LogSession.h"
#include "dashboard/BudgetAlerts.h" // BudgetCheck as a queued argument
#include "pricing/PriceTable.h"

#include <QDate>
#include <QObject>
#include <QTimeZone>

#include <memory>

namespace assay {

// The budgets dialog's database work, on its own thread with that thread's own LogSession (the
// workspace holds the budgets): reading them with their projections, writing and removing them.
class BudgetsDialogWorker : public QObject {
    Q_OBJECT
public:
    // The page stops this worker's statements with it before it waits for the thread.
    std::shared_ptr<ConnectionInterrupter> interrupter() const { return m_interrupter; }
    BudgetsDialogWorker(const SessionSpec &spec, const PriceTable &prices, const QDate &asOf, const QTimeZone &zone);
    ~BudgetsDialogWorker() override;

    // Each answers with loaded() (after a change: changed() first) or failed().
    void reload();
    void save(const Budget &budget);
    void remove(const QString &feature);

Q_SIGNALS:
    void loaded(const assay::BudgetCheck &check);
    void changed(const QString &what);
    void failed(const QString &message);

private:
    Workspace *workspace(); // opens the session on first use; null after failed()

    SessionSpec m_spec;
    PriceTable m_prices;
    QDate m_asOf;
    QTimeZone m_zone;
    // Before the sessions: they publish their connections to it.
    std::shared_ptr<ConnectionInterrupter> m_interrupter = std::make_shared<ConnectionInterrupter>();
    InterruptibleSession m_session{m_interrupter};
};

} // namespace assay

#pragma once

#include "browse/InterruptibleSession.h"
#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "targets/TargetStatus.h"

#include <QDateTime>
#include <QObject>

#include <memory>

namespace assay {

// The targets dialog's database work, on its own thread with that thread's own LogSession (the
// workspace holds the targets): reading them with their status now, writing and removing them.
class TargetsDialogWorker : public QObject {
    Q_OBJECT
public:
    std::shared_ptr<ConnectionInterrupter> interrupter() const { return m_interrupter; }
    TargetsDialogWorker(const SessionSpec &spec, const PriceTable &prices, const QDateTime &now);
    ~TargetsDialogWorker() override;

    // Each answers with loaded() (after a change: changed() first) or failed().
    void reload();
    void save(const assay::QualityTarget &target);
    void remove(const assay::QualityTarget &target);

Q_SIGNALS:
    void loaded(const QList<assay::TargetStatus> &statuses, const QStringList &features);
    void changed(const QString &what);
    void failed(const QString &message);

private:
    Workspace *workspace(); // opens the session on first use; null after failed()

    SessionSpec m_spec;
    PriceTable m_prices;
    QDateTime m_now;
    std::shared_ptr<ConnectionInterrupter> m_interrupter = std::make_shared<ConnectionInterrupter>();
    InterruptibleSession m_session{m_interrupter};
};

} // namespace assay

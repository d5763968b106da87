#pragma once

#include "audit/LogAudit.h"
#include "browse/InterruptibleSession.h"
#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "source/ConnectionInterrupter.h"

#include <QObject>

#include <memory>
#include <optional>

namespace assay {

// The log audit off the UI thread: its own session (no workspace: the audit reads the log
// alone), interruptible when the dialog closes.
class AuditWorker : public QObject {
    Q_OBJECT
public:
    AuditWorker(const SessionSpec &spec, const PriceTable &prices);
    std::shared_ptr<ConnectionInterrupter> interrupter() const { return m_interrupter; }

    void run(const std::optional<QDateTime> &since);

Q_SIGNALS:
    void finished(const QString &markdown, qint64 rows, qint64 findings);
    void failed(const QString &message);

private:
    SessionSpec m_spec;
    PriceTable m_prices;
    std::shared_ptr<ConnectionInterrupter> m_interrupter = std::make_shared<ConnectionInterrupter>();
    InterruptibleSession m_session{m_interrupter};
};

} // namespace assay

#include "dialogs/AuditWorker.h"

namespace assay {

AuditWorker::AuditWorker(const SessionSpec &spec, const PriceTable &prices) : m_spec(spec), m_prices(prices)
{
    m_spec.useWorkspace = false;
}

void AuditWorker::run(const std::optional<QDateTime> &since)
{
    if (!m_session) {
        auto session = LogSession::open(m_spec);
        if (!session) {
            Q_EMIT failed(session.error());
            return;
        }
        m_session = std::move(*session);
    }
    auto audit = auditLog(*m_session, m_prices, since, QDateTime::currentDateTimeUtc());
    if (!audit) {
        Q_EMIT failed(audit.error());
        return;
    }
    qint64 findings = audit->logFindings.size();
    for (const FeatureAudit &f : audit->features)
        findings += f.findings.size();
    Q_EMIT finished(audit->toMarkdown(), audit->rows, findings);
}

} // namespace assay

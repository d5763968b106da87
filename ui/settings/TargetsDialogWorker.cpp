#include "settings/TargetsDialogWorker.h"

#include "targets/TargetStore.h"

namespace assay {

TargetsDialogWorker::TargetsDialogWorker(const SessionSpec &spec, const PriceTable &prices, const QDateTime &now)
    : m_spec(spec), m_prices(prices), m_now(now)
{
    m_spec.useWorkspace = true;
}

TargetsDialogWorker::~TargetsDialogWorker() = default;

Workspace *TargetsDialogWorker::workspace()
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
        Q_EMIT failed(tr("Targets live in the workspace, which did not open: %1").arg(m_session->workspaceError()));
        return nullptr;
    }
    return m_session->workspace();
}

void TargetsDialogWorker::reload()
{
    Workspace *ws = workspace();
    if (!ws)
        return;
    auto targets = TargetStore(*ws).list();
    if (!targets) {
        Q_EMIT failed(targets.error());
        return;
    }
    auto statuses = checkTargets(*m_session, m_prices, *targets, m_now);
    if (!statuses) {
        Q_EMIT failed(statuses.error());
        return;
    }
    auto features = m_session->outputs().distinctValues(LogField::Feature);
    Q_EMIT loaded(*statuses, features ? *features : QStringList());
}

void TargetsDialogWorker::save(const QualityTarget &target)
{
    Workspace *ws = workspace();
    if (!ws)
        return;
    if (auto saved = TargetStore(*ws).set(target); !saved) {
        Q_EMIT failed(saved.error());
        return;
    }
    Q_EMIT changed(tr("Saved the target %1: at most %2.").arg(target.subject(), target.describeLimit()));
    reload();
}

void TargetsDialogWorker::remove(const QualityTarget &target)
{
    Workspace *ws = workspace();
    if (!ws)
        return;
    auto removed = TargetStore(*ws).removeSlot(target);
    if (!removed) {
        Q_EMIT failed(removed.error());
        return;
    }
    if (*removed)
        Q_EMIT changed(tr("Removed the target %1.").arg(target.subject()));
    else
        Q_EMIT failed(tr("There was no target %1 to remove.").arg(target.subject()));
    reload();
}

} // namespace assay

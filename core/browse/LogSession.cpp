#include "browse/LogSession.h"

#include "schema/SchemaDetector.h"
#include "search/SearchIndexer.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

Result<std::unique_ptr<LogSession>> LogSession::open(const SessionSpec &spec)
{
    std::unique_ptr<LogSession> session(new LogSession);
    auto connection = SourceConnection::open(spec.source);
    if (!connection)
        return fail(connection.error());
    session->m_connection = std::move(*connection);
    auto schema = detectLogSchema(*session->m_connection, spec.mapping);
    if (!schema)
        return fail(schema.error());
    session->m_repository = std::make_unique<OutputsRepository>(*session->m_connection, *schema);
    if (spec.useWorkspace) {
        // The log stays usable without a workspace (read-only home folder, say): features
        // that need it say so, browsing does not stop.
        auto ws = Workspace::open(spec.source, spec.workspace);
        if (ws)
            session->m_workspace = std::move(*ws);
        else
            session->m_workspaceError = ws.error();
    }
    session->refreshSearchSupport();
    return session;
}

void LogSession::refreshSearchSupport()
{
    SearchSupport support;
    if (m_workspace && SearchIndexer::supports(schema(), *m_workspace)) {
        if (auto state = m_workspace->searchIndexState(); state && state->indexedThroughRowid >= 0) {
            m_indexState = *state;
            if (!m_attached)
                m_attached = m_connection->attachReadOnly(m_workspace->filePath(), u"ws"_s).ok();
            support.indexAttached = m_attached;
            support.indexedThroughRowid = state->indexedThroughRowid;
            // max(rowid) is one b-tree descent; knowing the index is complete spares every
            // search the scan of "rows newer than the index".
            QSqlQuery q(m_connection->db());
            if (q.exec(u"SELECT max(rowid) FROM "_s + schema().qualifiedTable()) && q.next())
                support.coversAll = q.value(0).toLongLong() <= state->indexedThroughRowid;
        } else if (state) {
            m_indexState = *state;
        }
    }
    m_repository->setSearchSupport(support);
}

} // namespace assay

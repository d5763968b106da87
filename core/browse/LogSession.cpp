#include "browse/LogSession.h"

#include "eval/CheckFailures.h"

#include "labels/LabelledKeys.h"
#include "schema/SchemaDetector.h"
#include "search/SearchIndexer.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Past this many hits a list of ids costs more than the scan it replaces.
constexpr int maxMatchedIds = 20000;

std::optional<QList<qint64>> matchingIds(Workspace &ws, const QString &text)
{
    QSqlQuery q(ws.db());
    q.setForwardOnly(true);
    q.prepare(u"SELECT rowid FROM output_search WHERE output_search MATCH ? LIMIT %1"_s.arg(maxMatchedIds + 1));
    q.addBindValue(fts5Phrase(text));
    if (!q.exec())
        return std::nullopt;
    QList<qint64> ids;
    while (q.next())
        ids << q.value(0).toLongLong();
    if (ids.size() > maxMatchedIds)
        return std::nullopt;
    return ids;
}

} // namespace

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

QString LogSession::reviewLabelProblem(const OutputFilter &filter) const
{
    if ((!filter.usesReviewLabels() && !filter.usesCheckResults()) || m_workspace)
        return {};
    return u"%1 filters read Assay's workspace, which cannot be opened: %2"_s.arg(
        filter.usesReviewLabels() ? u"reviewer-label"_s : u"check"_s, m_workspaceError);
}

void LogSession::refreshSearchSupport()
{
    SearchSupport support;
    if (m_workspace) {
        // Reviewer-label filters: a SQLite log reads its SQLite workspace attached (the labels
        // another connection commits are visible to the next query); other pairs list keys.
        const bool bothSqlite = schema().dialect == SqlDialect::SQLite && m_workspace->dialect() == SqlDialect::SQLite;
        if (!m_attached && bothSqlite)
            m_attached = m_connection->attachReadOnly(m_workspace->filePath(), u"ws"_s).ok();
        support.labelsAttached = bothSqlite && m_attached;
        if (!support.labelsAttached) {
            support.labelledKeys = [ws = m_workspace.get()](const LabelCriteria &c) { return labelledKeys(*ws, c); };
            support.failingKeys = [ws = m_workspace.get()](const QString &name) { return failingOutputKeys(*ws, name); };
        }
    }
    if (m_workspace && SearchIndexer::supports(schema(), *m_workspace)) {
        if (auto state = m_workspace->searchIndexState(); state && state->indexedThroughRowid >= 0) {
            m_indexState = *state;
            if (!m_attached && schema().dialect == SqlDialect::SQLite)
                m_attached = m_connection->attachReadOnly(m_workspace->filePath(), u"ws"_s).ok();
            const bool postgres = schema().dialect == SqlDialect::PostgreSQL;
            if (postgres) {
                // No ATTACH across databases: the repository asks the workspace for ids.
                support.matchIds = [ws = m_workspace.get()](const QString &text) { return matchingIds(*ws, text); };
            } else {
                support.indexAttached = m_attached;
            }
            support.indexedThroughRowid = state->indexedThroughRowid;
            // max(key) is one b-tree descent; knowing the index is complete spares every
            // search the scan of "rows newer than the index".
            QSqlQuery q(m_connection->db());
            const QString key = postgres ? schema().expr(LogField::Id) : u"rowid"_s;
            if (q.exec(u"SELECT max(%1) FROM %2"_s.arg(key, schema().qualifiedTable())) && q.next())
                support.coversAll = q.value(0).toLongLong() <= state->indexedThroughRowid;
        } else if (state) {
            m_indexState = *state;
        }
    }
    m_repository->setSearchSupport(support);
}

} // namespace assay

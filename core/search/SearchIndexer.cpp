#include "search/SearchIndexer.h"

#include "source/SourceConnection.h"
#include "workspace/Workspace.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

SearchIndexer::SearchIndexer(SourceConnection &source, Workspace &workspace, LogSchema schema)
    : m_source(source), m_workspace(workspace), m_schema(std::move(schema))
{
}

bool SearchIndexer::supports(const LogSchema &schema, const Workspace &workspace)
{
    // The index is keyed by the log's rowid and joined by ATTACH: both must be SQLite.
    return schema.dialect == SqlDialect::SQLite && workspace.dialect() == SqlDialect::SQLite;
}

Result<qint64> SearchIndexer::pendingEstimate(qint64 after)
{
    QSqlQuery q(m_source.db());
    if (!q.exec(u"SELECT max(rowid) FROM %1"_s.arg(m_schema.qualifiedTable())) || !q.next())
        return fail(u"cannot read the log: %1"_s.arg(q.lastError().text()));
    return std::max<qint64>(0, q.value(0).toLongLong() - std::max<qint64>(after, 0));
}

Result<qint64> SearchIndexer::catchUp(const std::function<bool(const Progress &)> &progress,
                                      const std::atomic<bool> *cancel)
{
    if (!supports(m_schema, m_workspace))
        return fail(u"the search index needs a SQLite log and a SQLite workspace"_s);
    auto state = m_workspace.searchIndexState();
    if (!state)
        return fail(state.error());
    qint64 through = state->indexedThroughRowid;
    qint64 indexed = state->indexedRows;
    auto pending = pendingEstimate(through);
    if (!pending)
        return fail(pending.error());

    const QString input = m_schema.has(LogField::Input)
        ? u"substr(%1, 1, %2)"_s.arg(m_schema.expr(LogField::Input)).arg(indexedInputChars)
        : u"NULL"_s;
    // The copy runs inside SQLite: the workspace attaches the log read-only and each batch is
    // one INSERT ... SELECT, about twice as fast as moving every row through Qt.
    QSqlDatabase &ws = m_workspace.db();
    {
        QSqlQuery attach(ws);
        attach.exec(u"DETACH DATABASE assay_log"_s); // left over from an earlier pass
        attach.prepare(u"ATTACH DATABASE ? AS assay_log"_s);
        attach.addBindValue(sqliteReadOnlyUri(m_source.location().path));
        if (!attach.exec())
            return fail(u"cannot read the log for indexing: %1"_s.arg(attach.lastError().text()));
    }
    const auto detach = qScopeGuard([&ws] { QSqlQuery(ws).exec(u"DETACH DATABASE assay_log"_s); });
    const QString table = u"assay_log."_s + LogSchema::quoteIdentifier(m_schema.table);
    const QString batch = u"SELECT rowid FROM %1 WHERE rowid > ? ORDER BY rowid LIMIT %2"_s.arg(table).arg(batchRows);
    const QString copy = u"INSERT INTO output_search (rowid, output, input) SELECT rowid, substr(%1, 1, %2), %3 FROM %4 "
                         "WHERE rowid > ? ORDER BY rowid LIMIT %5"_s.arg(m_schema.expr(LogField::Output))
                             .arg(indexedOutputChars).arg(input, table).arg(batchRows);

    QElapsedTimer clock;
    clock.start();
    qint64 added = 0;
    for (;;) {
        if (cancel && cancel->load())
            break;
        if (!ws.transaction())
            return fail(u"cannot write the search index: %1"_s.arg(ws.lastError().text()));
        QSqlQuery span(ws);
        span.prepare(u"SELECT count(*), max(rowid) FROM ("_s + batch + u")"_s);
        span.addBindValue(through);
        if (!span.exec() || !span.next()) {
            const QString why = span.lastError().text();
            ws.rollback();
            return fail(u"cannot read the log for indexing: %1"_s.arg(why));
        }
        const qint64 inBatch = span.value(0).toLongLong();
        const qint64 last = inBatch > 0 ? span.value(1).toLongLong() : through;
        span.finish();
        QSqlQuery insert(ws);
        insert.prepare(copy);
        insert.addBindValue(through);
        if (inBatch > 0 && !insert.exec()) {
            const QString why = insert.lastError().text();
            ws.rollback();
            return fail(u"cannot write the search index: %1"_s.arg(why));
        }
        through = last;
        QSqlQuery mark(ws);
        mark.prepare(u"UPDATE search_state SET indexed_through = ?, indexed_rows = indexed_rows + ?, updated_at = ? WHERE id = 1"_s);
        mark.addBindValue(through);
        mark.addBindValue(inBatch);
        mark.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        if (!mark.exec() || !ws.commit()) {
            ws.rollback();
            return fail(u"cannot record search index progress: %1"_s.arg(mark.lastError().text()));
        }
        added += inBatch;
        indexed += inBatch;
        if (progress) {
            const double secs = std::max<qint64>(1, clock.elapsed()) / 1000.0;
            if (!progress(Progress{indexed, std::max<qint64>(0, *pending - added), added / secs}))
                break;
        }
        if (inBatch < batchRows)
            break;
    }
    return added;
}

} // namespace assay

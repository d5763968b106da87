#include "search/SearchIndexer.h"

#include "source/SourceConnection.h"
#include "workspace/Workspace.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

#include <optional>

using namespace Qt::StringLiterals;

namespace assay {

SearchIndexer::SearchIndexer(SourceConnection &source, Workspace &workspace, LogSchema schema)
    : m_source(source), m_workspace(workspace), m_schema(std::move(schema))
{
}

bool SearchIndexer::supports(const LogSchema &schema, const Workspace &workspace)
{
    // The index lives in a SQLite workspace and is keyed by an integer: the rowid of a SQLite
    // log, the integer id of a PostgreSQL one.
    if (workspace.dialect() != SqlDialect::SQLite)
        return false;
    return schema.dialect == SqlDialect::SQLite || (schema.has(LogField::Id) && !schema.idIsRowid && schema.idIsInteger);
}

QString SearchIndexer::keyExpr() const
{
    return m_schema.dialect == SqlDialect::SQLite ? u"rowid"_s : m_schema.expr(LogField::Id);
}

Result<qint64> SearchIndexer::pendingEstimate(qint64 after)
{
    QSqlQuery q(m_source.db());
    if (!q.exec(u"SELECT max(%1) FROM %2"_s.arg(keyExpr(), m_schema.qualifiedTable())) || !q.next())
        return fail(u"cannot read the log: %1"_s.arg(q.lastError().text()));
    return std::max<qint64>(0, q.value(0).toLongLong() - std::max<qint64>(after, 0));
}

namespace {

// What one batch did: rows copied and the highest key among them.
struct Batch {
    qint64 rows = 0;
    qint64 last = 0;
};

} // namespace

Result<qint64> SearchIndexer::catchUp(const std::function<bool(const Progress &)> &progress,
                                      const std::atomic<bool> *cancel)
{
    if (!supports(m_schema, m_workspace))
        return fail(u"the search index needs a SQLite workspace and a log keyed by integers"_s);
    auto state = m_workspace.searchIndexState();
    if (!state)
        return fail(state.error());
    qint64 through = state->indexedThroughRowid;
    qint64 indexed = state->indexedRows;
    auto pending = pendingEstimate(through);
    if (!pending)
        return fail(pending.error());

    QSqlDatabase &ws = m_workspace.db();
    const bool sqlite = m_schema.dialect == SqlDialect::SQLite;
    const auto prefix = [](const QString &column, int chars, bool postgres) {
        return postgres ? u"left(%1::text, %2)"_s.arg(column).arg(chars) : u"substr(%1, 1, %2)"_s.arg(column).arg(chars);
    };
    const QString input = m_schema.has(LogField::Input) ? prefix(m_schema.expr(LogField::Input), indexedInputChars, !sqlite)
                                                        : u"NULL"_s;
    const QString output = prefix(m_schema.expr(LogField::Output), indexedOutputChars, !sqlite);

    // SQLite logs: the copy runs inside SQLite, the workspace attaching the log read-only, each
    // batch one INSERT ... SELECT (about twice as fast as moving every row through Qt).
    // PostgreSQL logs: rows are read through the source connection and inserted one by one.
    std::function<Result<Batch>(qint64)> copyBatch;
    std::optional<QScopeGuard<std::function<void()>>> detach;
    if (sqlite) {
        QSqlQuery attach(ws);
        attach.exec(u"DETACH DATABASE assay_log"_s); // left over from an earlier pass
        attach.prepare(u"ATTACH DATABASE ? AS assay_log"_s);
        attach.addBindValue(sqliteReadOnlyUri(m_source.location().path));
        if (!attach.exec())
            return fail(u"cannot read the log for indexing: %1"_s.arg(attach.lastError().text()));
        detach.emplace(std::function<void()>([&ws] { QSqlQuery(ws).exec(u"DETACH DATABASE assay_log"_s); }));
        const QString table = u"assay_log."_s + LogSchema::quoteIdentifier(m_schema.table);
        const QString span = u"SELECT count(*), max(rowid) FROM (SELECT rowid FROM %1 WHERE rowid > ? ORDER BY rowid LIMIT %2)"_s
                                 .arg(table).arg(batchRows);
        const QString copy = u"INSERT INTO output_search (rowid, output, input) SELECT rowid, %1, %2 FROM %3 "
                             "WHERE rowid > ? ORDER BY rowid LIMIT %4"_s.arg(output, input, table).arg(batchRows);
        copyBatch = [&ws, span, copy](qint64 after) -> Result<Batch> {
            QSqlQuery q(ws);
            q.prepare(span);
            q.addBindValue(after);
            if (!q.exec() || !q.next())
                return fail(u"cannot read the log for indexing: %1"_s.arg(q.lastError().text()));
            Batch batch{q.value(0).toLongLong(), q.value(1).toLongLong()};
            q.finish();
            if (batch.rows == 0)
                return batch;
            QSqlQuery insert(ws);
            insert.prepare(copy);
            insert.addBindValue(after);
            if (!insert.exec())
                return fail(u"cannot write the search index: %1"_s.arg(insert.lastError().text()));
            return batch;
        };
    } else {
        const QString select = u"SELECT %1, %2, %3 FROM %4 WHERE %1 > ? ORDER BY %1 LIMIT %5"_s.arg(
            keyExpr(), output, input, m_schema.qualifiedTable()).arg(batchRows);
        copyBatch = [this, &ws, select](qint64 after) -> Result<Batch> {
            QSqlQuery read(m_source.db());
            read.setForwardOnly(true);
            read.prepare(select);
            read.addBindValue(after);
            if (!read.exec())
                return fail(u"cannot read the log for indexing: %1"_s.arg(read.lastError().text().section(u'\n', 0, 0)));
            QSqlQuery insert(ws);
            insert.prepare(u"INSERT INTO output_search (rowid, output, input) VALUES (?, ?, ?)"_s);
            Batch batch{0, after};
            while (read.next()) {
                batch.last = read.value(0).toLongLong();
                insert.bindValue(0, batch.last);
                insert.bindValue(1, read.value(1));
                insert.bindValue(2, read.value(2));
                if (!insert.exec())
                    return fail(u"cannot write the search index: %1"_s.arg(insert.lastError().text()));
                ++batch.rows;
            }
            return batch;
        };
    }

    QElapsedTimer clock;
    clock.start();
    qint64 added = 0;
    for (;;) {
        if (cancel && cancel->load())
            break;
        if (!ws.transaction())
            return fail(u"cannot write the search index: %1"_s.arg(ws.lastError().text()));
        auto batch = copyBatch(through);
        if (!batch) {
            ws.rollback();
            return fail(batch.error());
        }
        if (batch->rows > 0)
            through = batch->last;
        QSqlQuery mark(ws);
        mark.prepare(u"UPDATE search_state SET indexed_through = ?, indexed_rows = indexed_rows + ?, updated_at = ? WHERE id = 1"_s);
        mark.addBindValue(through);
        mark.addBindValue(batch->rows);
        mark.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        if (!mark.exec() || !ws.commit()) {
            ws.rollback();
            return fail(u"cannot record search index progress: %1"_s.arg(mark.lastError().text()));
        }
        added += batch->rows;
        indexed += batch->rows;
        if (progress) {
            const double secs = std::max<qint64>(1, clock.elapsed()) / 1000.0;
            if (!progress(Progress{indexed, std::max<qint64>(0, *pending - added), added / secs}))
                break;
        }
        if (batch->rows < batchRows)
            break;
    }
    return added;
}

} // namespace assay

#include "analytics/UsageRollups.h"

#include "analytics/RollupStore.h"
#include "analytics/SqliteColumns.h"
#include "browse/LogSession.h"

#include <QStringList>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Bumped when the way rows are read into rollups changes, so old rollups are rebuilt.
// v2: an empty status is no longer an error (schema/CallOutcome), so v1 rollups are rebuilt.
constexpr auto rollupFormat = "rollup-v2"_L1;

// Rolls the workspace transaction back unless committed.
class WriteTransaction {
public:
    explicit WriteTransaction(sqlite3 *db) : m_db(db) {}
    ~WriteTransaction()
    {
        if (m_open)
            execSqlite(m_db, "ROLLBACK").ok();
    }
    Result<void> begin()
    {
        auto r = execSqlite(m_db, "BEGIN IMMEDIATE");
        m_open = r.ok();
        return r;
    }
    Result<void> commit()
    {
        auto r = execSqlite(m_db, "COMMIT");
        m_open = !r.ok();
        return r;
    }

private:
    sqlite3 *m_db;
    bool m_open = false;
};

// What the rollups were built from: the source, the table and the SQL of every column they
// read (two logs given the same --workspace must not take each other's rollups).
QString logKeyOf(const SourceLocation &source, const LogSchema &schema)
{
    QStringList parts{rollupFormat, source.identity(), schema.qualifiedTable()};
    for (LogField f : {LogField::CreatedAt, LogField::Feature, LogField::Model, LogField::PromptName,
                       LogField::PromptVersion, LogField::InputTokens, LogField::OutputTokens,
                       LogField::CacheReadTokens, LogField::CacheWriteTokens, LogField::Cost, LogField::LatencyMs,
                       LogField::Status, LogField::Error, LogField::Feedback})
        parts << (schema.has(f) ? schema.expr(f) : u"-"_s);
    return parts.join(u'|');
}

Result<qint64> countOf(sqlite3 *log, const QString &sql, std::optional<qint64> bind = std::nullopt)
{
    auto st = prepareSqlite(log, sql);
    if (!st)
        return fail(st.error());
    if (bind)
        sqlite3_bind_int64(st->get(), 1, *bind);
    if (sqlite3_step(st->get()) != SQLITE_ROW)
        return fail(QString::fromUtf8(sqlite3_errmsg(log)));
    return qint64(sqlite3_column_int64(st->get(), 0));
}

// Rollups key on rowids, which only a table has: SQLite reads a view's "rowid" as NULL, and a
// refresh would then see no rows at all.
Result<void> requireRowidTable(sqlite3 *log, const LogSchema &schema)
{
    auto st = prepareSqlite(log, u"SELECT type, sql FROM sqlite_master WHERE name = ? COLLATE NOCASE"_s);
    if (!st)
        return fail(st.error());
    const QByteArray name = schema.table.toUtf8();
    sqlite3_bind_text(st->get(), 1, name.constData(), int(name.size()), SQLITE_STATIC);
    if (sqlite3_step(st->get()) != SQLITE_ROW)
        return fail(u"%1 is not a table of the main database"_s.arg(schema.table));
    if (sqliteColumnString(st->get(), 0) != "table"_L1)
        return fail(u"%1 is a %2, and rollups need a table with rowids"_s.arg(schema.table, sqliteColumnString(st->get(), 0)));
    if (sqliteColumnString(st->get(), 1).contains("WITHOUT ROWID"_L1, Qt::CaseInsensitive))
        return fail(u"%1 is a WITHOUT ROWID table, and rollups need rowids"_s.arg(schema.table));
    return {};
}

// The timestamp of the row with this rowid, as text (empty when there is none): what tells the
// watermark row from another row that took its rowid.
Result<QString> timestampTextAt(sqlite3 *log, const LogSchema &schema, qint64 rowid)
{
    auto st = prepareSqlite(log, u"SELECT "_s + schema.expr(LogField::CreatedAt) + u" FROM "_s + schema.qualifiedTable()
                                     + u" WHERE rowid = ?"_s);
    if (!st)
        return fail(st.error());
    sqlite3_bind_int64(st->get(), 1, rowid);
    return sqlite3_step(st->get()) == SQLITE_ROW ? sqliteColumnString(st->get(), 0) : QString();
}

// Whether the log still holds exactly the rows read up to the watermark: appending keeps the
// rows at or below it, so the table's count is what was seen plus the rows above the watermark,
// and the watermark row is the same row. Replacing or truncating the log changes one of them.
// (A plain count(*) is answered from the smallest index; counting "rowid <= W" would read
// every page of the table.) Run inside one read transaction, so no append falls in between.
Result<bool> logStillHolds(sqlite3 *log, const LogSchema &schema, const RollupState &state)
{
    const QString table = schema.qualifiedTable();
    auto total = countOf(log, u"SELECT count(*) FROM "_s + table);
    auto above = countOf(log, u"SELECT count(*) FROM "_s + table + u" WHERE rowid > ?"_s, state.watermark);
    if (!total || !above)
        return fail(total ? above.error() : total.error());
    if (*total != state.rowsSeen + *above)
        return false;
    auto text = timestampTextAt(log, schema, state.watermark);
    if (!text)
        return fail(text.error());
    return *text == state.watermarkCheck;
}

// One read snapshot of the log for the check and the scan that follows it.
class ReadTransaction {
public:
    explicit ReadTransaction(sqlite3 *db) : m_db(db)
    {
        // Already inside a transaction (the caller's own): that one is the snapshot.
        m_open = sqlite3_get_autocommit(db) != 0 && execSqlite(db, "BEGIN").ok();
    }
    ~ReadTransaction()
    {
        if (m_open)
            execSqlite(m_db, "COMMIT").ok();
    }

private:
    sqlite3 *m_db;
    bool m_open = false;
};

} // namespace

QString UsageRollups::unavailableReason(LogSession &session)
{
    if (session.schema().dialect != SqlDialect::SQLite)
        return u"rollups are for SQLite logs (PostgreSQL aggregates in the database)"_s;
    Workspace *ws = session.workspace();
    if (!ws)
        return u"no workspace: %1"_s.arg(session.workspaceError().isEmpty() ? u"not opened"_s : session.workspaceError());
    if (ws->dialect() != SqlDialect::SQLite)
        return u"rollups are kept in SQLite workspaces only"_s;
    if (ws->schemaVersion() < 5)
        return u"the workspace predates rollups"_s;
    if (!session.schema().has(LogField::CreatedAt))
        return u"the log has no timestamp column"_s;
    return {};
}

Result<RollupRefresh> UsageRollups::refresh(const PricingPlan &plan)
{
    if (const QString why = unavailableReason(m_session); !why.isEmpty())
        return fail(why);
    const LogSchema &schema = m_session.schema();
    auto logDb = sqliteHandleOf(m_session.connection().db());
    auto wsDb = sqliteHandleOf(m_session.workspace()->db());
    if (!logDb || !wsDb)
        return fail(logDb ? wsDb.error() : logDb.error());
    sqlite3 *log = *logDb;
    sqlite3 *ws = *wsDb;

    if (auto table = requireRowidTable(log, schema); !table)
        return fail(table.error());

    WriteTransaction transaction(ws);
    if (auto begun = transaction.begin(); !begun)
        return fail(u"cannot write the rollups: %1"_s.arg(begun.error()));
    auto stored = readRollupState(ws);
    if (!stored)
        return fail(u"cannot read the rollup state: %1"_s.arg(stored.error()));
    ReadTransaction snapshot(log);

    RollupRefresh result;
    const QString logKey = logKeyOf(m_session.connection().location(), schema);
    QList<qint64> thresholds = plan.thresholds();
    const std::optional<RollupState> &state = *stored;
    if (!state) {
        result.rebuildReason = u"first build"_s;
    } else if (state->logKey != logKey) {
        result.rebuildReason = u"the log's columns or the rollup format changed"_s;
    } else if (!std::includes(state->thresholds.cbegin(), state->thresholds.cend(), thresholds.cbegin(),
                              thresholds.cend())) {
        result.rebuildReason = u"the price table has a new tier threshold"_s;
    } else {
        auto holds = logStillHolds(log, schema, *state);
        if (!holds)
            return fail(u"cannot read %1: %2"_s.arg(schema.table, holds.error()));
        if (!*holds)
            result.rebuildReason = u"the log was replaced or shrank"_s;
    }
    result.rebuilt = !result.rebuildReason.isEmpty();
    if (state) {
        // Keep the thresholds seen before, so switching between price files does not rebuild.
        if (result.rebuilt)
            thresholds += state->thresholds;
        else
            thresholds = state->thresholds;
    }
    std::sort(thresholds.begin(), thresholds.end());
    thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());

    const qint64 from = result.rebuilt ? std::numeric_limits<qint64>::min() : state->watermark;
    auto scan = prepareSqlite(log, u"SELECT "_s + RollupAccumulator::logSelectList(schema) + u" FROM "_s + schema.qualifiedTable()
                                 + u" WHERE rowid > ? ORDER BY rowid"_s);
    if (!scan)
        return fail(u"cannot read %1 by rowid: %2"_s.arg(schema.table, scan.error()));
    sqlite3_bind_int64(scan->get(), 1, from);

    RollupAccumulator acc(thresholds);
    qint64 watermark = result.rebuilt ? 0 : state->watermark;
    QString check = result.rebuilt ? QString() : state->watermarkCheck;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(scan->get())) == SQLITE_ROW) {
        acc.addRow(scan->get());
        ++result.rowsRead;
        watermark = sqlite3_column_int64(scan->get(), RollupAccumulator::Rowid);
    }
    if (rc != SQLITE_DONE)
        return fail(u"reading %1 failed: %2"_s.arg(schema.table, QString::fromUtf8(sqlite3_errmsg(log))));
    if (result.rowsRead > 0) {
        auto text = timestampTextAt(log, schema, watermark);
        if (!text)
            return fail(text.error());
        check = *text;
    }
    const qint64 rowsSeen = (result.rebuilt ? 0 : state->rowsSeen) + result.rowsRead;
    result.watermarkRowid = watermark;
    if (!result.rebuilt && result.rowsRead == 0)
        return result; // nothing new: the transaction rolls back, having written nothing

    if (result.rebuilt) {
        if (auto cleared = execSqlite(ws, "DELETE FROM usage_rollup"); !cleared)
            return fail(u"cannot write the rollups: %1"_s.arg(cleared.error()));
    } else if (auto merged = takeTouchedHours(ws, acc); !merged) {
        return fail(u"cannot update the rollups: %1"_s.arg(merged.error()));
    }
    auto written = writeRollupCells(ws, acc);
    if (!written)
        return fail(u"cannot write the rollups: %1"_s.arg(written.error()));
    if (auto saved = writeRollupState(ws, RollupState{logKey, thresholds, watermark, rowsSeen, check}); !saved)
        return fail(u"cannot write the rollup state: %1"_s.arg(saved.error()));
    if (auto committed = transaction.commit(); !committed)
        return fail(u"cannot write the rollups: %1"_s.arg(committed.error()));
    result.rollupRows = *written;
    return result;
}

} // namespace assay

#include "analytics/UsageRollups.h"

#include "analytics/RollupCells.h"
#include "analytics/SqliteColumns.h"
#include "analytics/TimeBuckets.h"
#include "browse/LogSession.h"

#include <QDateTime>
#include <QStringList>

#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <set>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr qint64 msPerHour = 3'600'000;
// Bumped when the way rows are read into rollups changes, so old rollups are rebuilt.
constexpr auto rollupFormat = "rollup-v1"_L1;

using Statement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

Result<Statement> prepare(sqlite3 *db, const QString &sql)
{
    const QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &raw, nullptr) != SQLITE_OK)
        return fail(QString::fromUtf8(sqlite3_errmsg(db)));
    return Statement(raw, &sqlite3_finalize);
}

Result<void> exec(sqlite3 *db, const char *sql)
{
    char *error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        const QString text = QString::fromUtf8(error ? error : "unknown error");
        sqlite3_free(error);
        return fail(text);
    }
    return {};
}

// Rolls the workspace transaction back unless committed.
class WriteTransaction {
public:
    explicit WriteTransaction(sqlite3 *db) : m_db(db) {}
    ~WriteTransaction()
    {
        if (m_open)
            exec(m_db, "ROLLBACK").ok();
    }
    Result<void> begin()
    {
        auto r = exec(m_db, "BEGIN IMMEDIATE");
        m_open = r.ok();
        return r;
    }
    Result<void> commit()
    {
        auto r = exec(m_db, "COMMIT");
        m_open = !r.ok();
        return r;
    }

private:
    sqlite3 *m_db;
    bool m_open = false;
};

struct StoredState {
    QString logKey;
    QList<qint64> thresholds;
    qint64 watermark = 0;
    qint64 rowsSeen = 0;
    QString watermarkCheck;
};

// What the rollups were built from: the table and the SQL of every column they read.
QString logKeyOf(const LogSchema &schema)
{
    QStringList parts{rollupFormat, schema.qualifiedTable()};
    for (LogField f : {LogField::CreatedAt, LogField::Feature, LogField::Model, LogField::PromptName,
                       LogField::PromptVersion, LogField::InputTokens, LogField::OutputTokens,
                       LogField::CacheReadTokens, LogField::CacheWriteTokens, LogField::Cost, LogField::LatencyMs,
                       LogField::Status, LogField::Error, LogField::Feedback})
        parts << (schema.has(f) ? schema.expr(f) : u"-"_s);
    return parts.join(u'|');
}

QString thresholdsText(const QList<qint64> &thresholds)
{
    QStringList parts;
    for (qint64 t : thresholds)
        parts << QString::number(t);
    return parts.join(u',');
}

QList<qint64> thresholdsFrom(const QString &text)
{
    QList<qint64> out;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts))
        out << part.toLongLong();
    return out;
}

QString columnText(sqlite3_stmt *st, int col)
{
    const std::string_view t = sqliteText(st, col);
    return QString::fromUtf8(t.data(), qsizetype(t.size()));
}

Result<std::optional<StoredState>> readState(sqlite3 *ws)
{
    auto st = prepare(ws, u"SELECT log_key, thresholds, watermark, rows_seen, watermark_check FROM usage_rollup_state "
                          "WHERE id = 1"_s);
    if (!st)
        return fail(st.error());
    const int rc = sqlite3_step(st->get());
    if (rc == SQLITE_DONE)
        return std::optional<StoredState>();
    if (rc != SQLITE_ROW)
        return fail(QString::fromUtf8(sqlite3_errmsg(ws)));
    StoredState s;
    s.logKey = columnText(st->get(), 0);
    s.thresholds = thresholdsFrom(columnText(st->get(), 1));
    s.watermark = sqlite3_column_int64(st->get(), 2);
    s.rowsSeen = sqlite3_column_int64(st->get(), 3);
    s.watermarkCheck = columnText(st->get(), 4);
    return std::optional<StoredState>(s);
}

Result<qint64> countOf(sqlite3 *log, const QString &sql, std::optional<qint64> bind = std::nullopt)
{
    auto st = prepare(log, sql);
    if (!st)
        return fail(st.error());
    if (bind)
        sqlite3_bind_int64(st->get(), 1, *bind);
    if (sqlite3_step(st->get()) != SQLITE_ROW)
        return fail(QString::fromUtf8(sqlite3_errmsg(log)));
    return qint64(sqlite3_column_int64(st->get(), 0));
}

// Whether the log still holds exactly the rows read up to the watermark: appending keeps the
// rows at or below it, so the table's count is what was seen plus the rows above the watermark,
// and the watermark row is the same row. Replacing or truncating the log changes one of them.
// (A plain count(*) is answered from the smallest index; counting "rowid <= W" would read
// every page of the table.) Run inside one read transaction, so no append falls in between.
Result<bool> logStillHolds(sqlite3 *log, const LogSchema &schema, const StoredState &state)
{
    const QString table = schema.qualifiedTable();
    auto total = countOf(log, u"SELECT count(*) FROM "_s + table);
    auto above = countOf(log, u"SELECT count(*) FROM "_s + table + u" WHERE rowid > ?"_s, state.watermark);
    if (!total || !above)
        return fail(total ? above.error() : total.error());
    if (*total != state.rowsSeen + *above)
        return false;
    auto check = prepare(log, u"SELECT "_s + schema.expr(LogField::CreatedAt) + u" FROM "_s + table
                                  + u" WHERE rowid = ?"_s);
    if (!check)
        return fail(check.error());
    sqlite3_bind_int64(check->get(), 1, state.watermark);
    const QString text = sqlite3_step(check->get()) == SQLITE_ROW ? columnText(check->get(), 0) : QString();
    return text == state.watermarkCheck;
}

// One read snapshot of the log for the check and the scan that follows it.
class ReadTransaction {
public:
    explicit ReadTransaction(sqlite3 *db) : m_db(db)
    {
        // Already inside a transaction (the caller's own): that one is the snapshot.
        m_open = sqlite3_get_autocommit(db) != 0 && exec(db, "BEGIN").ok();
    }
    ~ReadTransaction()
    {
        if (m_open)
            exec(m_db, "COMMIT").ok();
    }

private:
    sqlite3 *m_db;
    bool m_open = false;
};

constexpr int storedColumns = 24;
constexpr int histColumn = 23;
const QString rollupColumns =
    u"hour, feature, model, prompt_name, prompt_version, band, calls, input_tokens, output_tokens, "
    "cache_read_tokens, cache_write_tokens, logged_usd, logged_calls, unlogged_calls, no_usage_calls, priced_input, "
    "priced_output, priced_cache_read, priced_cache_write, errors, feedback_positive, feedback_negative, "
    "feedback_edited, latency_hist"_s;

// Reads the sums of a stored row (columns from 6 on, in rollupColumns order), without the
// latency histogram (column 23), which callers add up their own way.
RollupCell storedSums(sqlite3_stmt *st)
{
    RollupCell c;
    int i = 6;
    c.calls = sqlite3_column_int64(st, i++);
    c.inputTokens = sqlite3_column_int64(st, i++);
    c.outputTokens = sqlite3_column_int64(st, i++);
    c.cacheReadTokens = sqlite3_column_int64(st, i++);
    c.cacheWriteTokens = sqlite3_column_int64(st, i++);
    c.loggedUsd = sqlite3_column_double(st, i++);
    c.loggedCalls = sqlite3_column_int64(st, i++);
    c.unloggedCalls = sqlite3_column_int64(st, i++);
    c.noUsageCalls = sqlite3_column_int64(st, i++);
    c.pricedInput = sqlite3_column_int64(st, i++);
    c.pricedOutput = sqlite3_column_int64(st, i++);
    c.pricedCacheRead = sqlite3_column_int64(st, i++);
    c.pricedCacheWrite = sqlite3_column_int64(st, i++);
    c.errors = sqlite3_column_int64(st, i++);
    c.feedbackPositive = sqlite3_column_int64(st, i++);
    c.feedbackNegative = sqlite3_column_int64(st, i++);
    c.feedbackEdited = sqlite3_column_int64(st, i++);
    return c;
}

// Folds the stored rows of the hours the new log rows touched into `acc` and deletes them, so
// that writing `acc` back leaves one row per key.
Result<void> takeTouchedHours(sqlite3 *ws, RollupAccumulator &acc)
{
    std::set<std::optional<qint64>> hours;
    for (const auto &[key, cell] : acc.cells())
        hours.insert(key.hour);
    auto select = prepare(ws, u"SELECT "_s + rollupColumns + u" FROM usage_rollup WHERE hour IS ?"_s);
    auto remove = prepare(ws, u"DELETE FROM usage_rollup WHERE hour IS ?"_s);
    if (!select || !remove)
        return fail(select ? remove.error() : select.error());
    for (const auto &hour : hours) {
        for (sqlite3_stmt *st : {select->get(), remove->get()}) {
            sqlite3_reset(st);
            if (hour)
                sqlite3_bind_int64(st, 1, *hour);
            else
                sqlite3_bind_null(st, 1);
        }
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(select->get())) == SQLITE_ROW) {
            RollupKey key;
            key.hour = hour;
            key.feature = acc.textId(select->get(), 1);
            key.model = acc.textId(select->get(), 2);
            key.promptName = acc.textId(select->get(), 3);
            key.promptVersion = acc.textId(select->get(), 4);
            key.band = sqlite3_column_int(select->get(), 5);
            RollupCell stored = storedSums(select->get());
            stored.latency.mergeEncoded(static_cast<const char *>(sqlite3_column_blob(select->get(), histColumn)),
                                        sqlite3_column_bytes(select->get(), histColumn));
            acc.cell(key).merge(stored);
        }
        if (rc != SQLITE_DONE || sqlite3_step(remove->get()) != SQLITE_DONE)
            return fail(QString::fromUtf8(sqlite3_errmsg(ws)));
    }
    return {};
}

Result<qint64> writeCells(sqlite3 *ws, const RollupAccumulator &acc)
{
    QStringList marks;
    for (int i = 0; i < storedColumns; ++i)
        marks << u"?"_s;
    auto insert = prepare(ws, u"INSERT INTO usage_rollup ("_s + rollupColumns + u") VALUES ("_s + marks.join(u',') + u")"_s);
    if (!insert)
        return fail(insert.error());
    sqlite3_stmt *st = insert->get();
    auto bindText = [&](int index, int id) {
        if (id < 0) {
            sqlite3_bind_null(st, index);
        } else {
            const std::string &t = acc.texts().text(id);
            sqlite3_bind_text(st, index, t.data(), int(t.size()), SQLITE_STATIC);
        }
    };
    qint64 written = 0;
    for (const auto &[key, c] : acc.cells()) {
        sqlite3_reset(st);
        int i = 1;
        if (key.hour)
            sqlite3_bind_int64(st, i++, *key.hour);
        else
            sqlite3_bind_null(st, i++);
        bindText(i++, key.feature);
        bindText(i++, key.model);
        bindText(i++, key.promptName);
        bindText(i++, key.promptVersion);
        sqlite3_bind_int(st, i++, key.band);
        for (qint64 v : {c.calls, c.inputTokens, c.outputTokens, c.cacheReadTokens, c.cacheWriteTokens})
            sqlite3_bind_int64(st, i++, v);
        sqlite3_bind_double(st, i++, c.loggedUsd);
        for (qint64 v : {c.loggedCalls, c.unloggedCalls, c.noUsageCalls, c.pricedInput, c.pricedOutput,
                         c.pricedCacheRead, c.pricedCacheWrite, c.errors, c.feedbackPositive, c.feedbackNegative,
                         c.feedbackEdited})
            sqlite3_bind_int64(st, i++, v);
        const QByteArray hist = c.latency.encode();
        sqlite3_bind_blob(st, i++, hist.constData(), int(hist.size()), SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE)
            return fail(QString::fromUtf8(sqlite3_errmsg(ws)));
        ++written;
    }
    return written;
}

Result<void> writeState(sqlite3 *ws, const QString &logKey, const QList<qint64> &thresholds, qint64 watermark,
                        qint64 rowsSeen, const QString &check)
{
    auto st = prepare(ws, u"INSERT OR REPLACE INTO usage_rollup_state (id, log_key, thresholds, watermark, rows_seen, "
                          "watermark_check, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)"_s);
    if (!st)
        return fail(st.error());
    const QByteArray key = logKey.toUtf8(), cuts = thresholdsText(thresholds).toUtf8(), checkText = check.toUtf8(),
                     now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8();
    sqlite3_bind_text(st->get(), 1, key.constData(), int(key.size()), SQLITE_STATIC);
    sqlite3_bind_text(st->get(), 2, cuts.constData(), int(cuts.size()), SQLITE_STATIC);
    sqlite3_bind_int64(st->get(), 3, watermark);
    sqlite3_bind_int64(st->get(), 4, rowsSeen);
    sqlite3_bind_text(st->get(), 5, checkText.constData(), int(checkText.size()), SQLITE_STATIC);
    sqlite3_bind_text(st->get(), 6, now.constData(), int(now.size()), SQLITE_STATIC);
    if (sqlite3_step(st->get()) != SQLITE_DONE)
        return fail(QString::fromUtf8(sqlite3_errmsg(ws)));
    return {};
}

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

    WriteTransaction transaction(ws);
    if (auto begun = transaction.begin(); !begun)
        return fail(u"cannot write the rollups: %1"_s.arg(begun.error()));
    auto stored = readState(ws);
    if (!stored)
        return fail(u"cannot read the rollup state: %1"_s.arg(stored.error()));
    ReadTransaction snapshot(log);

    RollupRefresh result;
    const QString logKey = logKeyOf(schema);
    QList<qint64> thresholds = plan.thresholds();
    const std::optional<StoredState> &state = *stored;
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

    auto column = [&](LogField field) { return schema.has(field) ? schema.expr(field) : u"NULL"_s; };
    const QStringList select{u"rowid"_s,
                             column(LogField::CreatedAt),
                             column(LogField::Feature),
                             column(LogField::Model),
                             column(LogField::PromptName),
                             column(LogField::PromptVersion),
                             column(LogField::InputTokens),
                             column(LogField::OutputTokens),
                             column(LogField::CacheReadTokens),
                             column(LogField::CacheWriteTokens),
                             column(LogField::Cost),
                             column(LogField::LatencyMs),
                             column(LogField::Status),
                             column(LogField::Error),
                             column(LogField::Feedback)};
    const qint64 from = result.rebuilt ? std::numeric_limits<qint64>::min() : state->watermark;
    auto scan = prepare(log, u"SELECT "_s + select.join(u", "_s) + u" FROM "_s + schema.qualifiedTable()
                                 + u" WHERE rowid > ? ORDER BY rowid"_s);
    if (!scan)
        return fail(u"cannot read %1 by rowid (rollups need a table, not a view): %2"_s.arg(schema.table, scan.error()));
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
        auto text = prepare(log, u"SELECT "_s + schema.expr(LogField::CreatedAt) + u" FROM "_s + schema.qualifiedTable()
                                     + u" WHERE rowid = ?"_s);
        if (!text)
            return fail(text.error());
        sqlite3_bind_int64(text->get(), 1, watermark);
        check = sqlite3_step(text->get()) == SQLITE_ROW ? columnText(text->get(), 0) : QString();
    }
    const qint64 rowsSeen = (result.rebuilt ? 0 : state->rowsSeen) + result.rowsRead;
    result.watermarkRowid = watermark;
    if (!result.rebuilt && result.rowsRead == 0)
        return result; // nothing new: the transaction rolls back, having written nothing

    if (result.rebuilt) {
        if (auto cleared = exec(ws, "DELETE FROM usage_rollup"); !cleared)
            return fail(u"cannot write the rollups: %1"_s.arg(cleared.error()));
    } else if (auto merged = takeTouchedHours(ws, acc); !merged) {
        return fail(u"cannot update the rollups: %1"_s.arg(merged.error()));
    }
    auto written = writeCells(ws, acc);
    if (!written)
        return fail(u"cannot write the rollups: %1"_s.arg(written.error()));
    if (auto saved = writeState(ws, logKey, thresholds, watermark, rowsSeen, check); !saved)
        return fail(u"cannot write the rollup state: %1"_s.arg(saved.error()));
    if (auto committed = transaction.commit(); !committed)
        return fail(u"cannot write the rollups: %1"_s.arg(committed.error()));
    result.watermarkRowid = watermark;
    result.rollupRows = *written;
    return result;
}

Result<UsageScan> UsageRollups::query(const AggregateRequest &request, const PricingPlan &plan)
{
    auto wsDb = sqliteHandleOf(m_session.workspace()->db());
    if (!wsDb)
        return fail(wsDb.error());
    sqlite3 *ws = *wsDb;
    auto stored = readState(ws);
    if (!stored || !*stored)
        return fail(stored ? u"the rollups are not built"_s : stored.error());
    const QList<qint64> storedCuts = (*stored)->thresholds;

    // A stored band lies inside one band of the current table, whose thresholds are a subset
    // of the stored ones (refresh() guarantees it): the calls above T[b-1] are above exactly
    // the current thresholds <= T[b-1].
    std::vector<int> bandMap{0};
    for (qint64 cut : storedCuts)
        bandMap.push_back(int(std::upper_bound(plan.thresholds().cbegin(), plan.thresholds().cend(), cut)
                              - plan.thresholds().cbegin()));

    const OutputFilter &filter = request.filter;
    QStringList where;
    QVariantList binds;
    const bool timed = filter.since || filter.until;
    if (filter.since) {
        where << u"hour >= ?"_s;
        binds << filter.since->toMSecsSinceEpoch() / msPerHour;
    }
    if (filter.until) {
        where << u"hour < ?"_s;
        binds << filter.until->toMSecsSinceEpoch() / msPerHour;
    }
    auto anyOf = [&](const QString &column, const QStringList &values) {
        if (values.isEmpty())
            return;
        QStringList marks;
        for (const QString &v : values) {
            marks << u"?"_s;
            binds << v;
        }
        where << column + u" IN ("_s + marks.join(u',') + u")"_s;
    };
    anyOf(u"feature"_s, filter.features);
    anyOf(u"model"_s, filter.models);
    if (!filter.promptName.isEmpty()) {
        where << u"prompt_name = ?"_s;
        binds << filter.promptName;
        if (!filter.promptVersion.isEmpty()) {
            where << u"prompt_version = ?"_s;
            binds << filter.promptVersion;
        }
    }
    auto st = prepare(ws, u"SELECT "_s + rollupColumns + u" FROM usage_rollup"_s
                              + (where.isEmpty() ? QString() : u" WHERE "_s + where.join(u" AND "_s)));
    if (!st)
        return fail(u"cannot read the rollups: %1"_s.arg(st.error()));
    sqliteBindAll(st->get(), binds);

    // Group and model names by their bytes, trimmed as the scan trims them; a QString is made
    // once per distinct name, not once per row.
    struct Interned {
        std::unordered_map<std::string, int> ids;
        QStringList names;
        std::string key;
        int id(std::string_view text)
        {
            while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
                text.remove_prefix(1);
            while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
                text.remove_suffix(1);
            key.assign(text);
            auto [it, added] = ids.try_emplace(key, int(names.size()));
            if (added)
                names << QString::fromUtf8(text.data(), qsizetype(text.size()));
            return it->second;
        }
    } groups, models;
    std::string promptKey;
    struct CellKey {
        int period, group, model, epoch, band;
        bool operator<(const CellKey &o) const
        {
            return std::tie(period, group, model, epoch, band) < std::tie(o.period, o.group, o.model, o.epoch, o.band);
        }
    };
    struct GroupAcc {
        qint64 errors = 0, positive = 0, negative = 0, edited = 0;
        LatencyCounts latency;
    };
    std::map<CellKey, ModelCell> cells;
    std::map<std::pair<int, int>, GroupAcc> groupAccs;
    PeriodMapper periods(request.period, request.timeZone);
    UsageScan scan;
    sqlite3_stmt *row = st->get();

    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(row)) == SQLITE_ROW) {
        const RollupCell c = storedSums(row);
        if (sqlite3_column_type(row, 0) == SQLITE_NULL) {
            if (!timed)
                scan.undatedRows += c.calls;
            continue;
        }
        const qint64 hourMs = sqlite3_column_int64(row, 0) * msPerHour;
        const int period = periods.indexOf(hourMs);
        std::string_view groupText;
        switch (request.groupBy) {
        case UsageGroupBy::Feature: groupText = sqliteText(row, 1); break;
        case UsageGroupBy::Model: groupText = sqliteText(row, 2); break;
        case UsageGroupBy::Prompt:
            if (sqlite3_column_type(row, 4) != SQLITE_NULL) {
                promptKey.assign(sqliteText(row, 3));
                promptKey += '@';
                promptKey += sqliteText(row, 4);
                groupText = promptKey;
            } else {
                groupText = sqliteText(row, 3);
            }
            break;
        case UsageGroupBy::None:
        case UsageGroupBy::User: break;
        }
        const int group = groups.id(groupText);
        const int model = models.id(sqliteText(row, 2));
        const int storedBand = sqlite3_column_int(row, 5);
        const int band = storedBand >= 0 && size_t(storedBand) < bandMap.size() ? bandMap[size_t(storedBand)] : 0;

        ModelCell &m = cells[CellKey{period, group, model, plan.epochOfMs(hourMs), band}];
        m.calls += c.calls;
        m.inputTokens += c.inputTokens;
        m.outputTokens += c.outputTokens;
        m.cacheReadTokens += c.cacheReadTokens;
        m.cacheWriteTokens += c.cacheWriteTokens;
        m.loggedUsd += c.loggedUsd;
        m.loggedCalls += c.loggedCalls;
        m.unloggedCalls += c.unloggedCalls;
        m.noUsageCalls += c.noUsageCalls;
        m.pricedInput += c.pricedInput;
        m.pricedOutput += c.pricedOutput;
        m.pricedCacheRead += c.pricedCacheRead;
        m.pricedCacheWrite += c.pricedCacheWrite;

        GroupAcc &g = groupAccs[{period, group}];
        g.errors += c.errors;
        g.positive += c.feedbackPositive;
        g.negative += c.feedbackNegative;
        g.edited += c.feedbackEdited;
        g.latency.addEncoded(static_cast<const char *>(sqlite3_column_blob(row, histColumn)),
                             sqlite3_column_bytes(row, histColumn));
    }
    if (rc != SQLITE_DONE)
        return fail(u"cannot read the rollups: %1"_s.arg(QString::fromUtf8(sqlite3_errmsg(ws))));

    for (auto &[key, cell] : cells) {
        cell.periodStartMs = periods.spans().at(key.period).startMs;
        cell.group = groups.names.at(key.group);
        cell.model = models.names.at(key.model);
        cell.epoch = key.epoch;
        cell.band = key.band;
        scan.cells.append(std::move(cell));
    }
    for (auto &[key, acc] : groupAccs) {
        GroupCell g;
        g.periodStartMs = periods.spans().at(key.first).startMs;
        g.group = groups.names.at(key.second);
        const LatencyHistogram latency = acc.latency.histogram();
        g.latencyCalls = latency.count();
        g.p50 = latency.percentile(0.5);
        g.p95 = latency.percentile(0.95);
        g.errors = acc.errors;
        g.feedbackPositive = acc.positive;
        g.feedbackNegative = acc.negative;
        g.feedbackEdited = acc.edited;
        scan.groups.append(std::move(g));
    }
    return scan;
}

} // namespace assay

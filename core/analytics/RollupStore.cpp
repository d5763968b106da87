#include "analytics/RollupStore.h"

#include "analytics/SqliteColumns.h"

#include <QDateTime>
#include <QStringList>

#include <set>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr int storedColumns = 24;

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

} // namespace

Result<SqliteStatement> prepareSqlite(sqlite3 *db, const QString &sql)
{
    const QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &raw, nullptr) != SQLITE_OK)
        return fail(QString::fromUtf8(sqlite3_errmsg(db)));
    return SqliteStatement(raw, &sqlite3_finalize);
}

Result<void> execSqlite(sqlite3 *db, const char *sql)
{
    char *error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        const QString text = QString::fromUtf8(error ? error : "unknown error");
        sqlite3_free(error);
        return fail(text);
    }
    return {};
}

QString sqliteColumnString(sqlite3_stmt *st, int col)
{
    const std::string_view t = sqliteText(st, col);
    return QString::fromUtf8(t.data(), qsizetype(t.size()));
}

Result<std::optional<RollupState>> readRollupState(sqlite3 *ws)
{
    auto st = prepareSqlite(ws, u"SELECT log_key, thresholds, watermark, rows_seen, watermark_check FROM usage_rollup_state "
                          "WHERE id = 1"_s);
    if (!st)
        return fail(st.error());
    const int rc = sqlite3_step(st->get());
    if (rc == SQLITE_DONE)
        return std::optional<RollupState>();
    if (rc != SQLITE_ROW)
        return fail(QString::fromUtf8(sqlite3_errmsg(ws)));
    RollupState s;
    s.logKey = sqliteColumnString(st->get(), 0);
    s.thresholds = thresholdsFrom(sqliteColumnString(st->get(), 1));
    s.watermark = sqlite3_column_int64(st->get(), 2);
    s.rowsSeen = sqlite3_column_int64(st->get(), 3);
    s.watermarkCheck = sqliteColumnString(st->get(), 4);
    return std::optional<RollupState>(s);
}

const QString rollupColumns =
    u"hour, feature, model, prompt_name, prompt_version, band, calls, input_tokens, output_tokens, "
    "cache_read_tokens, cache_write_tokens, logged_usd, logged_calls, unlogged_calls, no_usage_calls, priced_input, "
    "priced_output, priced_cache_read, priced_cache_write, errors, feedback_positive, feedback_negative, "
    "feedback_edited, latency_hist"_s;

// Reads the sums of a stored row (columns from 6 on, in rollupColumns order), without the
// latency histogram (column 23), which callers add up their own way.
RollupCell storedRollupSums(sqlite3_stmt *st)
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
    auto select = prepareSqlite(ws, u"SELECT "_s + rollupColumns + u" FROM usage_rollup WHERE hour IS ?"_s);
    auto remove = prepareSqlite(ws, u"DELETE FROM usage_rollup WHERE hour IS ?"_s);
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
            RollupCell stored = storedRollupSums(select->get());
            stored.latency.mergeEncoded(static_cast<const char *>(sqlite3_column_blob(select->get(), rollupHistColumn)),
                                        sqlite3_column_bytes(select->get(), rollupHistColumn));
            acc.cell(key).merge(stored);
        }
        if (rc != SQLITE_DONE || sqlite3_step(remove->get()) != SQLITE_DONE)
            return fail(QString::fromUtf8(sqlite3_errmsg(ws)));
    }
    return {};
}

Result<qint64> writeRollupCells(sqlite3 *ws, const RollupAccumulator &acc)
{
    QStringList marks;
    for (int i = 0; i < storedColumns; ++i)
        marks << u"?"_s;
    auto insert = prepareSqlite(ws, u"INSERT INTO usage_rollup ("_s + rollupColumns + u") VALUES ("_s + marks.join(u',') + u")"_s);
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

Result<void> writeRollupState(sqlite3 *ws, const RollupState &state)
{
    auto st = prepareSqlite(ws, u"INSERT OR REPLACE INTO usage_rollup_state (id, log_key, thresholds, watermark, "
                                "rows_seen, watermark_check, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)"_s);
    if (!st)
        return fail(st.error());
    const QByteArray key = state.logKey.toUtf8(), cuts = thresholdsText(state.thresholds).toUtf8(),
                     check = state.watermarkCheck.toUtf8(),
                     now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8();
    sqlite3_bind_text(st->get(), 1, key.constData(), int(key.size()), SQLITE_STATIC);
    sqlite3_bind_text(st->get(), 2, cuts.constData(), int(cuts.size()), SQLITE_STATIC);
    sqlite3_bind_int64(st->get(), 3, state.watermark);
    sqlite3_bind_int64(st->get(), 4, state.rowsSeen);
    sqlite3_bind_text(st->get(), 5, check.constData(), int(check.size()), SQLITE_STATIC);
    sqlite3_bind_text(st->get(), 6, now.constData(), int(now.size()), SQLITE_STATIC);
    if (sqlite3_step(st->get()) != SQLITE_DONE)
        return fail(QString::fromUtf8(sqlite3_errmsg(ws)));
    return {};
}

} // namespace assay

#pragma once

// The workspace side of the usage rollups (UsageRollups.h): the usage_rollup and
// usage_rollup_state tables of migration 5, read and written through SQLite's C API. Internal
// to core/analytics.

#include "analytics/RollupCells.h"
#include "util/Result.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

#include <sqlite3.h>

namespace assay {

using SqliteStatement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

Result<SqliteStatement> prepareSqlite(sqlite3 *db, const QString &sql);
Result<void> execSqlite(sqlite3 *db, const char *sql);
QString sqliteColumnString(sqlite3_stmt *st, int col);

// The state row: what the rollups were built from and how far they have read.
struct RollupState {
    QString logKey;           // the table and the SQL of every column read (rollup format included)
    QList<qint64> thresholds; // the tier thresholds the bands were cut at, sorted
    qint64 watermark = 0;     // rows up to this rowid are in
    qint64 rowsSeen = 0;      // how many rows that was
    QString watermarkCheck;   // the watermark row's timestamp, as text
};

Result<std::optional<RollupState>> readRollupState(sqlite3 *ws);
Result<void> writeRollupState(sqlite3 *ws, const RollupState &state);

// The columns of usage_rollup in the order every statement here reads them: hour (0), feature,
// model, prompt_name, prompt_version (1-4), band (5), the sums (6-22), latency_hist (23).
extern const QString rollupColumns;
constexpr int rollupHistColumn = 23;

// The sums of a stored row, without its latency histogram (callers add those up their own way).
RollupCell storedRollupSums(sqlite3_stmt *st);

// Folds the stored rows of the hours `acc` touches into it and deletes them, so that writing
// `acc` back leaves one row per key.
Result<void> takeTouchedHours(sqlite3 *ws, RollupAccumulator &acc);
// Inserts every cell of `acc`; returns how many rows.
Result<qint64> writeRollupCells(sqlite3 *ws, const RollupAccumulator &acc);

} // namespace assay

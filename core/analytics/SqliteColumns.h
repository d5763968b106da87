#pragma once

#include "util/Result.h"

#include <QSqlDatabase>
#include <QVariantList>

#include <optional>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace assay {


// How the SQLite passes over a log (SqliteUsageScan, UsageRollups) read one column of a row
// through SQLite's C API, so that both count, price and bucket a row exactly alike.

// The native handle of a QSQLITE connection; fails for any other driver.
Result<sqlite3 *> sqliteHandleOf(const QSqlDatabase &db);

std::string_view sqliteText(sqlite3_stmt *st, int col); // empty for NULL
// A number, or nothing for NULL and for text that is not a number (as RecordCost treats it).
std::optional<double> sqliteNumber(sqlite3_stmt *st, int col);
// A token count as priced: rounded, never negative, 0 when absent.
qint64 tokenCount(const std::optional<double> &n);
// UTC milliseconds of a timestamp column (ISO text, SQL timestamps, epoch s/ms).
std::optional<qint64> sqliteTimestampMs(sqlite3_stmt *st, int col);
// The errors-only filter's definition of a failed call: a status that is not "ok"-like, or an error text.
bool isErrorRow(sqlite3_stmt *st, int statusCol, int errorCol);
// Binds QVariant values to ?1, ?2, ...
void sqliteBindAll(sqlite3_stmt *st, const QVariantList &binds);

} // namespace assay

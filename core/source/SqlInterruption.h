#pragma once

class QSqlError;

namespace assay {

// True when a statement failed because SourceConnection::interrupt() stopped it: SQLite's
// SQLITE_INTERRUPT result code, PostgreSQL's SQLSTATE 57014 (query_canceled). Decided by the
// codes, never by the message, which a localised server words in its own language.
bool isInterruption(const QSqlError &error);

} // namespace assay

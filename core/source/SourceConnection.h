#pragma once

#include "source/SourceLocation.h"
#include "util/Result.h"

#include <QSqlDatabase>

#include <atomic>
#include <memory>

namespace assay {

// A read-only connection to a team's log, owned by the thread that opened it (QtSql
// connections must not cross threads). SQLite is opened through a mode=ro URI with a busy
// timeout and query_only, PostgreSQL in read-only transactions: Assay never writes a byte.
class SourceConnection {
public:
    static Result<std::unique_ptr<SourceConnection>> open(const SourceLocation &location);
    ~SourceConnection();
    SourceConnection(const SourceConnection &) = delete;
    SourceConnection &operator=(const SourceConnection &) = delete;

    QSqlDatabase &db() { return m_db; }
    SqlDialect dialect() const { return m_location.dialect; }
    const SourceLocation &location() const { return m_location; }

    // Makes another file readable from this connection as schema `alias` (SQLite only),
    // read-only, so one query can join the log with Assay's own search index.
    Result<void> attachReadOnly(const QString &path, const QString &alias);
    void detach(const QString &alias);

    // Thread-safe: stops the statement this connection is running, so a superseded scan does
    // not keep the worker busy. The statement fails ("interrupted" on SQLite, "canceling
    // statement due to user request" on PostgreSQL).
    void interrupt();

private:
    SourceConnection(SourceLocation location, QString name);
    Result<void> openSqlite();
    Result<void> openPostgres();

    SourceLocation m_location;
    QString m_name;
    QSqlDatabase m_db;
    std::atomic<void *> m_sqliteHandle{nullptr};
    void *m_pgCancel = nullptr; // PGcancel*, made once at open: PQcancel may be called from any thread
};

// Sets host, port, database, user, the password (when the location carries one; else libpq
// reads PGPASSWORD or ~/.pgpass) and every quoted option: the one way Assay points QPSQL at a server.
void configurePostgres(QSqlDatabase &db, const SourceLocation &location);

// "file:/path%20with%20space.db?mode=ro": a SQLite URI that never creates or writes the file.
QString sqliteReadOnlyUri(const QString &path);

} // namespace assay

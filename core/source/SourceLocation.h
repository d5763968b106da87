#pragma once

#include <QList>
#include <QString>
#include <QUrl>

#include <utility>

#include "util/Result.h"

namespace assay {

enum class SqlDialect { SQLite, PostgreSQL };

// Where a log lives: a SQLite file path or a postgresql:// URL (libpq conventions). A password
// may ride in the URL for scripting, but it is never part of displayName() or of any key that is
// stored; libpq itself falls back to PGPASSWORD and ~/.pgpass.
struct SourceLocation {
    SqlDialect dialect = SqlDialect::SQLite;
    QString path;           // SQLite: absolute file path
    QString host;           // PostgreSQL
    int port = 5432;
    QString database;
    QString user;
    QString password;       // only from the URL or the keychain, never persisted
    // libpq keywords other than the password, in the order given ({"sslmode", "verify-full"}).
    QList<std::pair<QString, QString>> options;

    // Parses what a user types: "log.sqlite", "/abs/log.db", "file:log.db",
    // "postgresql://user@host:5432/db?sslmode=require" or "postgres://...".
    static Result<SourceLocation> parse(const QString &text);

    // Human-readable, secret-free ("log.sqlite", "postgresql://alice@db:5432/prod").
    QString displayName() const;
    // Everything but the password, in a form parse() reads back to the same location: what
    // Open Recent remembers, so a reopened source keeps its sslmode and sslrootcert.
    QString toText() const;
    QString option(const QString &key) const;
    void setOption(const QString &key, const QString &value);
    // The options as QPSQL's setConnectOptions() takes them: each value quoted as libpq's
    // conninfo rules say, so a space or a quote in a value is data, never another keyword.
    QString qpsqlConnectOptions() const;
    // Stable, secret-free identity used to name the workspace of this source.
    QString identity() const;
    bool isPostgres() const { return dialect == SqlDialect::PostgreSQL; }
};

} // namespace assay

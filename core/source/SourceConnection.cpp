#include "source/SourceConnection.h"

#include <QAtomicInteger>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>

#include <libpq-fe.h>
#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString uniqueConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return u"assay-source-%1"_s.arg(counter.fetchAndAddRelaxed(1));
}

// Reads the 16-byte header so "not a SQLite file" is said plainly instead of a driver code.
Result<void> checkSqliteHeader(const QString &path)
{
    QFileInfo info(path);
    if (!info.exists())
        return fail(u"no such file: %1"_s.arg(path));
    if (info.isDir())
        return fail(u"%1 is a folder, not a SQLite file"_s.arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"cannot read %1: %2"_s.arg(path, file.errorString()));
    const QByteArray header = file.read(16);
    if (header.size() == 0)
        return fail(u"%1 is empty, not a SQLite database"_s.arg(path));
    if (header != QByteArray("SQLite format 3\0", 16))
        return fail(u"%1 is not a SQLite database"_s.arg(path));
    return {};
}

} // namespace

void configurePostgres(QSqlDatabase &db, const SourceLocation &location)
{
    db.setHostName(location.host);
    db.setPort(location.port);
    db.setDatabaseName(location.database);
    db.setUserName(location.user);
    if (!location.password.isEmpty())
        db.setPassword(location.password);
    db.setConnectOptions(location.qpsqlConnectOptions());
}

QString sqliteReadOnlyUri(const QString &path)
{
    // Percent-encode everything but the path separators: '?' or '#' in a name must not end it.
    const QByteArray encoded = QUrl::toPercentEncoding(QFileInfo(path).absoluteFilePath(), "/");
    return u"file:"_s + QString::fromLatin1(encoded) + u"?mode=ro"_s;
}

SourceConnection::SourceConnection(SourceLocation location, QString name)
    : m_location(std::move(location)), m_name(std::move(name))
{
}

SourceConnection::~SourceConnection()
{
    m_sqliteHandle.store(nullptr);
    if (m_pgCancel)
        PQfreeCancel(static_cast<PGcancel *>(m_pgCancel));
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

Result<std::unique_ptr<SourceConnection>> SourceConnection::open(const SourceLocation &location)
{
    std::unique_ptr<SourceConnection> conn(new SourceConnection(location, uniqueConnectionName()));
    const Result<void> opened = location.isPostgres() ? conn->openPostgres() : conn->openSqlite();
    if (!opened)
        return fail(opened.error());
    return conn;
}

Result<void> SourceConnection::openSqlite()
{
    if (auto header = checkSqliteHeader(m_location.path); !header)
        return header;
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
        return fail(u"the Qt SQLite driver is not installed (Debian: libqt6sql6-sqlite)"_s);
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
    m_db.setDatabaseName(sqliteReadOnlyUri(m_location.path));
    m_db.setConnectOptions(u"QSQLITE_OPEN_URI;QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!m_db.open())
        return fail(u"cannot open %1: %2"_s.arg(m_location.path, m_db.lastError().text()));
    QSqlQuery q(m_db);
    // The header can be intact while the rest is not: touch the schema to find out now.
    if (!q.exec(u"SELECT count(*) FROM sqlite_master"_s)) {
        const QSqlError error = q.lastError();
        // SQLITE_BUSY after the busy timeout: the file is fine, another program holds a lock.
        if (error.nativeErrorCode() == "5"_L1 || error.databaseText().contains("locked"_L1))
            return fail(u"%1 is locked by another program that is writing to it (%2); try again when it has finished"_s.arg(
                m_location.path, error.databaseText()));
        return fail(u"%1 is not a readable SQLite database (%2)"_s.arg(m_location.path, error.databaseText()));
    }
    q.exec(u"PRAGMA query_only = 1"_s);
    const QVariant handle = m_db.driver()->handle();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        m_sqliteHandle.store(*static_cast<void *const *>(handle.data()));
    return {};
}

Result<void> SourceConnection::openPostgres()
{
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        return fail(u"the Qt PostgreSQL driver is not installed (Debian: libqt6sql6-psql)"_s);
    m_db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_name);
    configurePostgres(m_db, m_location);
    if (!m_db.open()) {
        // The driver's text can include the connection string; keep only its first line.
        const QString why = m_db.lastError().text().section(u'\n', 0, 0).trimmed();
        return fail(u"cannot connect to %1: %2"_s.arg(m_location.displayName(), why));
    }
    QSqlQuery q(m_db);
    if (!q.exec(u"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"_s))
        return fail(u"cannot make the session read-only: %1"_s.arg(q.lastError().text()));
    q.exec(u"SET application_name = 'assay'"_s);
    const QVariant handle = m_db.driver()->handle();
    if (handle.isValid() && (qstrcmp(handle.typeName(), "PGconn*") == 0 || qstrcmp(handle.typeName(), "pg_conn*") == 0)) {
        if (PGconn *conn = *static_cast<PGconn *const *>(handle.data()))
            m_pgCancel = PQgetCancel(conn);
    }
    return {};
}

Result<void> SourceConnection::attachReadOnly(const QString &path, const QString &alias)
{
    if (m_location.isPostgres())
        return fail(u"attach is SQLite-only"_s);
    QSqlQuery q(m_db);
    q.prepare(u"ATTACH DATABASE ? AS "_s + alias);
    q.addBindValue(sqliteReadOnlyUri(path));
    if (!q.exec())
        return fail(u"cannot attach %1: %2"_s.arg(path, q.lastError().text()));
    return {};
}

void SourceConnection::detach(const QString &alias)
{
    QSqlQuery q(m_db);
    q.exec(u"DETACH DATABASE "_s + alias);
}

void SourceConnection::interrupt()
{
    if (void *handle = m_sqliteHandle.load())
        sqlite3_interrupt(static_cast<sqlite3 *>(handle));
    if (m_pgCancel) {
        char error[256];
        PQcancel(static_cast<PGcancel *>(m_pgCancel), error, sizeof error);
    }
}

} // namespace assay

#include "workspace/Workspace.h"

#include "util/SqlErrorText.h"

#include "source/SourceConnection.h"

#include "workspace/WorkspaceMigrations.h"

#include <QAtomicInteger>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QRegularExpression>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return u"assay-workspace-%1"_s.arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

QString Workspace::defaultPathFor(const SourceLocation &source)
{
    QString dir = qEnvironmentVariable("ASSAY_WORKSPACE_DIR");
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/assay/workspaces"_s;
    const QByteArray hash = QCryptographicHash::hash(source.identity().toUtf8(), QCryptographicHash::Sha1).toHex().left(12);
    QString stem = source.isPostgres() ? source.host + u'-' + source.database : QFileInfo(source.path).completeBaseName();
    stem.replace(QRegularExpression(u"[^A-Za-z0-9_.-]"_s), u"_"_s);
    return dir + u'/' + stem.left(40) + u'-' + QString::fromLatin1(hash) + u".sqlite"_s;
}

int Workspace::latestSchemaVersion()
{
    return workspaceMigrations(SqlDialect::SQLite).last().version;
}

Workspace::~Workspace()
{
    m_db.close();
    m_db = QSqlDatabase();
    if (!m_connectionName.isEmpty())
        QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<Workspace>> Workspace::open(const SourceLocation &source, const QString &where)
{
    std::unique_ptr<Workspace> ws(new Workspace);
    ws->m_connectionName = nextConnectionName();
    const QString target = where.isEmpty() ? defaultPathFor(source) : where;

    if (target.startsWith("postgresql://"_L1) || target.startsWith("postgres://"_L1)) {
        auto loc = SourceLocation::parse(target);
        if (!loc)
            return fail(loc.error());
        ws->m_dialect = SqlDialect::PostgreSQL;
        ws->m_location = loc->displayName();
        ws->m_db = QSqlDatabase::addDatabase(u"QPSQL"_s, ws->m_connectionName);
        configurePostgres(ws->m_db, *loc);
        if (!ws->m_db.open())
            return fail(u"cannot open the workspace at %1: %2"_s.arg(ws->m_location,
                                                                     ws->m_db.lastError().text().section(u'\n', 0, 0)));
        // "schema assay already exists, skipping" on every open is noise on the user's terminal.
        QSqlQuery(ws->m_db).exec(u"SET client_min_messages = warning"_s);
    } else {
        const QString path = QFileInfo(target).absoluteFilePath();
        if (source.dialect == SqlDialect::SQLite && QFileInfo(path) == QFileInfo(source.path))
            return fail(u"the workspace cannot be the source log itself"_s);
        if (!QDir().mkpath(QFileInfo(path).absolutePath()))
            return fail(u"cannot create the workspace folder %1"_s.arg(QFileInfo(path).absolutePath()));
        ws->m_location = path;
        ws->m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, ws->m_connectionName);
        ws->m_db.setDatabaseName(path);
        ws->m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
        if (!ws->m_db.open())
            return fail(u"cannot open the workspace %1: %2"_s.arg(path, ws->m_db.lastError().text()));
        QSqlQuery q(ws->m_db);
        // WAL: the browser reads the search index while the indexer writes it.
        if (!q.exec(u"PRAGMA journal_mode = WAL"_s))
            return fail(u"the workspace %1 is not usable: %2"_s.arg(path, sqlErrorText(q)));
        q.exec(u"PRAGMA synchronous = NORMAL"_s);
    }
    if (auto migrated = ws->migrate(); !migrated)
        return fail(migrated.error());
    return ws;
}

QString Workspace::table(const QString &name) const
{
    return m_dialect == SqlDialect::PostgreSQL ? u"assay."_s + name : name;
}

Result<void> Workspace::migrate()
{
    QSqlQuery q(m_db);
    if (m_dialect == SqlDialect::PostgreSQL) {
        // Only create what is missing: PostgreSQL checks the CREATE privilege before "IF NOT
        // EXISTS", so a reviewer role without it could not even open a workspace set up already.
        const bool exists = q.exec(u"SELECT to_regclass('assay.schema_version') IS NOT NULL"_s) && q.next() && q.value(0).toBool();
        if (!exists
            && (!q.exec(u"CREATE SCHEMA IF NOT EXISTS assay"_s)
                || !q.exec(u"CREATE TABLE IF NOT EXISTS assay.schema_version (version INTEGER NOT NULL)"_s)))
            return fail(u"cannot prepare the assay schema: %1"_s.arg(sqlErrorText(q)));
    }
    const auto readVersion = [&]() -> int {
        QSqlQuery v(m_db);
        if (m_dialect == SqlDialect::SQLite)
            return v.exec(u"PRAGMA user_version"_s) && v.next() ? v.value(0).toInt() : 0;
        return v.exec(u"SELECT coalesce(max(version), 0) FROM assay.schema_version"_s) && v.next() ? v.value(0).toInt() : 0;
    };

    m_version = readVersion();
    const auto steps = workspaceMigrations(m_dialect);
    if (m_version > steps.last().version)
        return fail(u"the workspace %1 was written by a newer Assay (schema %2; this one knows %3)"_s.arg(
            m_location).arg(m_version).arg(steps.last().version));
    for (const WorkspaceMigration &step : steps) {
        if (step.version <= m_version)
            continue;
        // Several threads (and Assays) open one workspace at once: each step runs under the
        // database's write lock and re-reads the version inside it, so one migrates and the
        // others find the work done. (BEGIN IMMEDIATE takes SQLite's lock up front.)
        QSqlQuery s(m_db);
        const bool began = m_dialect == SqlDialect::SQLite ? s.exec(u"BEGIN IMMEDIATE"_s) : m_db.transaction();
        if (!began)
            return fail(u"cannot start migration %1: %2"_s.arg(step.version).arg(sqlErrorText(s)));
        if (m_dialect == SqlDialect::PostgreSQL)
            s.exec(u"SELECT pg_advisory_xact_lock(712345001)"_s);
        if (readVersion() >= step.version) {
            m_db.commit();
            m_version = step.version;
            continue;
        }
        for (const QString &statement : step.statements) {
            if (!s.exec(statement)) {
                const QString why = sqlErrorText(s);
                m_db.rollback();
                return fail(u"workspace migration %1 (%2) failed: %3"_s.arg(step.version).arg(step.description, why));
            }
        }
        const bool recorded = m_dialect == SqlDialect::SQLite
            ? s.exec(u"PRAGMA user_version = %1"_s.arg(step.version))
            : s.exec(u"INSERT INTO assay.schema_version VALUES (%1)"_s.arg(step.version));
        if (!recorded || !m_db.commit()) {
            m_db.rollback();
            return fail(u"cannot record workspace migration %1: %2"_s.arg(step.version).arg(sqlErrorText(s)));
        }
        m_version = step.version;
    }
    return {};
}

Result<QList<SavedView>> Workspace::savedViews()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT name, filter_json, updated_at FROM %1 ORDER BY name"_s.arg(table(u"saved_views"_s))))
        return fail(u"cannot read saved views: %1"_s.arg(sqlErrorText(q)));
    QList<SavedView> views;
    while (q.next()) {
        const QJsonObject json = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
        views.append(SavedView{q.value(0).toString(), OutputFilter::fromJson(json),
                               QDateTime::fromString(q.value(2).toString(), Qt::ISODate)});
    }
    return views;
}

Result<void> Workspace::saveView(const QString &name, const OutputFilter &filter)
{
    if (name.trimmed().isEmpty())
        return fail(u"a saved view needs a name"_s);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const QString json = QString::fromUtf8(QJsonDocument(filter.toJson()).toJson(QJsonDocument::Compact));
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO %1 (name, filter_json, created_at, updated_at) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (name) DO UPDATE SET filter_json = excluded.filter_json, updated_at = excluded.updated_at"_s
                  .arg(table(u"saved_views"_s)));
    q.addBindValue(name.trimmed());
    q.addBindValue(json);
    q.addBindValue(now);
    q.addBindValue(now);
    if (!q.exec())
        return fail(u"cannot save view \"%1\": %2"_s.arg(name, sqlErrorText(q)));
    return {};
}

Result<void> Workspace::deleteView(const QString &name)
{
    QSqlQuery q(m_db);
    q.prepare(u"DELETE FROM %1 WHERE name = ?"_s.arg(table(u"saved_views"_s)));
    q.addBindValue(name);
    if (!q.exec())
        return fail(u"cannot delete view \"%1\": %2"_s.arg(name, sqlErrorText(q)));
    return {};
}

Result<SearchIndexState> Workspace::searchIndexState()
{
    SearchIndexState state;
    if (m_dialect != SqlDialect::SQLite)
        return state;
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT indexed_through, indexed_rows FROM search_state WHERE id = 1"_s) || !q.next())
        return fail(u"cannot read the search index state: %1"_s.arg(sqlErrorText(q)));
    state.available = true;
    state.indexedThroughRowid = q.value(0).toLongLong();
    state.indexedRows = q.value(1).toLongLong();
    return state;
}

} // namespace assay

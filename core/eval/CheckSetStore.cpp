#include "eval/CheckSetStore.h"

#include "workspace/Workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

CheckSetStore::CheckSetStore(Workspace &workspace) : m_ws(workspace) {}

QString CheckSetStore::table() const
{
    return m_ws.table(u"check_sets"_s);
}

bool CheckSetStore::isValidScope(const QString &scope)
{
    for (const QLatin1StringView prefix : {"prompt:"_L1, "feature:"_L1}) {
        if (scope.startsWith(prefix) && !scope.mid(prefix.size()).trimmed().isEmpty())
            return true;
    }
    return false;
}

Result<void> CheckSetStore::save(const QString &scope, const QByteArray &definition, const QString &origin, const QString &by)
{
    if (!isValidScope(scope))
        return fail(u"\"%1\" is not a check set scope: write prompt:NAME or feature:NAME"_s.arg(scope));
    if (auto parsed = CheckSet::parse(definition, origin); !parsed)
        return fail(parsed.error());
    const bool pg = m_ws.dialect() == SqlDialect::PostgreSQL;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QSqlQuery q(m_ws.db());
    q.prepare(u"INSERT INTO %1 (scope, definition, origin, updated_by, updated_at) VALUES (?, ?, ?, ?, ?) "
              "ON CONFLICT (scope) DO UPDATE SET definition = excluded.definition, origin = excluded.origin, "
              "updated_by = excluded.updated_by, updated_at = excluded.updated_at"_s.arg(table()));
    q.addBindValue(scope);
    q.addBindValue(QString::fromUtf8(definition));
    q.addBindValue(origin);
    q.addBindValue(by);
    q.addBindValue(pg ? QVariant(now) : QVariant(now.toString(Qt::ISODateWithMs)));
    if (!q.exec())
        return fail(u"cannot save the check set for %1: %2"_s.arg(scope, q.lastError().text()));
    return {};
}

namespace {

StoredCheckSet readSet(const QSqlQuery &q)
{
    StoredCheckSet set;
    set.scope = q.value(0).toString();
    set.definition = q.value(1).toString().toUtf8();
    set.origin = q.value(2).toString();
    set.updatedBy = q.value(3).toString();
    const QVariant at = q.value(4);
    set.updatedAt = at.typeId() == QMetaType::QDateTime ? at.toDateTime() : QDateTime::fromString(at.toString(), Qt::ISODateWithMs);
    return set;
}

} // namespace

Result<std::optional<StoredCheckSet>> CheckSetStore::find(const QString &scope)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"SELECT scope, definition, origin, updated_by, updated_at FROM %1 WHERE scope = ?"_s.arg(table()));
    q.addBindValue(scope);
    if (!q.exec())
        return fail(u"cannot read check sets: %1"_s.arg(q.lastError().text()));
    if (!q.next())
        return std::optional<StoredCheckSet>();
    return std::optional<StoredCheckSet>(readSet(q));
}

Result<QList<StoredCheckSet>> CheckSetStore::all()
{
    QSqlQuery q(m_ws.db());
    if (!q.exec(u"SELECT scope, definition, origin, updated_by, updated_at FROM %1 ORDER BY scope"_s.arg(table())))
        return fail(u"cannot read check sets: %1"_s.arg(q.lastError().text()));
    QList<StoredCheckSet> list;
    while (q.next())
        list << readSet(q);
    return list;
}

Result<bool> CheckSetStore::remove(const QString &scope)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"DELETE FROM %1 WHERE scope = ?"_s.arg(table()));
    q.addBindValue(scope);
    if (!q.exec())
        return fail(u"cannot remove the check set for %1: %2"_s.arg(scope, q.lastError().text()));
    return q.numRowsAffected() > 0;
}

QString folderChecksPath(const QString &registryRoot, const QString &promptName)
{
    if (registryRoot.isEmpty())
        return {};
    const QDir root(registryRoot);
    if (!promptName.isEmpty()) {
        const QString beside = root.filePath(promptName + u"/checks.json"_s);
        if (QFileInfo(beside).isFile())
            return beside;
    }
    const QString shared = root.filePath(u"checks.json"_s);
    return QFileInfo(shared).isFile() ? shared : QString();
}

Result<std::optional<CheckSet>> defaultCheckSet(Workspace *workspace, const QString &registryRoot,
                                                const QString &promptName, const QString &feature, QString *from)
{
    if (const QString path = folderChecksPath(registryRoot, promptName); !path.isEmpty()) {
        auto set = CheckSet::load(path);
        if (!set)
            return fail(set.error());
        if (from)
            *from = path;
        return std::optional<CheckSet>(*set);
    }
    if (!workspace)
        return std::optional<CheckSet>();
    CheckSetStore store(*workspace);
    for (const QString &scope : {promptName.isEmpty() ? QString() : u"prompt:"_s + promptName,
                                 feature.isEmpty() ? QString() : u"feature:"_s + feature}) {
        if (scope.isEmpty())
            continue;
        auto stored = store.find(scope);
        if (!stored)
            return fail(stored.error());
        if (!*stored)
            continue;
        auto set = CheckSet::parse((*stored)->definition, u"the workspace's check set for %1"_s.arg(scope));
        if (!set)
            return fail(set.error());
        if (from)
            *from = u"workspace (%1)"_s.arg(scope);
        return std::optional<CheckSet>(*set);
    }
    return std::optional<CheckSet>();
}

} // namespace assay

#include "replay/ReplayDatasets.h"

#include "util/SqlErrorText.h"

#include "workspace/Workspace.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

QString ReplayDatasets::table(const QString &name) const
{
    return m_ws.table(name);
}

Result<void> ReplayDatasets::create(const QString &name, const QStringList &outputKeys, const QString &createdBy,
                                    const QString &note)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return fail(u"a dataset needs a name"_s);
    if (outputKeys.isEmpty())
        return fail(u"the dataset \"%1\" would be empty"_s.arg(trimmed));
    QSqlDatabase &db = m_ws.db();
    if (!db.transaction())
        return fail(u"cannot save the dataset \"%1\": %2"_s.arg(trimmed, db.lastError().text()));
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO %1 (name, created_at, created_by, note) VALUES (?, ?, ?, ?)"_s.arg(table(u"replay_datasets"_s)));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    q.addBindValue(trimmed);
    q.addBindValue(m_ws.dialect() == SqlDialect::PostgreSQL ? QVariant(now) : QVariant(now.toString(Qt::ISODateWithMs)));
    q.addBindValue(createdBy);
    q.addBindValue(note);
    if (!q.exec()) {
        const QString why = sqlErrorText(q);
        db.rollback();
        return fail(u"cannot save the dataset \"%1\" (datasets are frozen: is the name taken?): %2"_s.arg(trimmed, why));
    }
    q.prepare(u"INSERT INTO %1 (dataset, position, output_key) VALUES (?, ?, ?)"_s.arg(table(u"replay_dataset_items"_s)));
    for (qsizetype i = 0; i < outputKeys.size(); ++i) {
        q.addBindValue(trimmed);
        q.addBindValue(static_cast<int>(i + 1));
        q.addBindValue(outputKeys.at(i));
        if (!q.exec()) {
            const QString why = sqlErrorText(q);
            db.rollback();
            return fail(u"cannot save the dataset \"%1\": %2"_s.arg(trimmed, why));
        }
    }
    if (!db.commit()) {
        db.rollback();
        return fail(u"cannot save the dataset \"%1\": %2"_s.arg(trimmed, db.lastError().text()));
    }
    return {};
}

Result<QStringList> ReplayDatasets::outputKeys(const QString &name)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"SELECT count(*) FROM %1 WHERE name = ?"_s.arg(table(u"replay_datasets"_s)));
    q.addBindValue(name);
    if (!q.exec() || !q.next())
        return fail(u"cannot read the dataset \"%1\": %2"_s.arg(name, sqlErrorText(q)));
    if (q.value(0).toInt() == 0)
        return fail(u"there is no dataset \"%1\""_s.arg(name));
    q.prepare(u"SELECT output_key FROM %1 WHERE dataset = ? ORDER BY position"_s.arg(table(u"replay_dataset_items"_s)));
    q.addBindValue(name);
    if (!q.exec())
        return fail(u"cannot read the dataset \"%1\": %2"_s.arg(name, sqlErrorText(q)));
    QStringList keys;
    while (q.next())
        keys << q.value(0).toString();
    return keys;
}

Result<QStringList> ReplayDatasets::names()
{
    QSqlQuery q(m_ws.db());
    if (!q.exec(u"SELECT name FROM %1 ORDER BY name"_s.arg(table(u"replay_datasets"_s))))
        return fail(u"cannot list datasets: %1"_s.arg(sqlErrorText(q)));
    QStringList names;
    while (q.next())
        names << q.value(0).toString();
    return names;
}

} // namespace assay

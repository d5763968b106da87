#include "labels/ReviewSessionStore.h"

#include "util/CalendarWeek.h"
#include "util/SqlErrorText.h"

#include "workspace/Workspace.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QDateTime readTime(const QVariant &v)
{
    return v.metaType() == QMetaType::fromType<QDateTime>() ? v.toDateTime().toUTC()
                                                            : QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toUTC();
}

} // namespace

QString ReviewSessionStore::table(const QString &name) const
{
    return m_ws.table(name);
}

QVariant ReviewSessionStore::timestamp(const QDateTime &when) const
{
    return m_ws.dialect() == SqlDialect::PostgreSQL ? QVariant(when.toUTC())
                                                   : QVariant(when.toUTC().toString(Qt::ISODateWithMs));
}

Result<void> ReviewSessionStore::create(const QString &name, const SampleSpec &spec, const QList<SampledOutput> &items,
                                        const QString &createdBy)
{
    if (name.trimmed().isEmpty())
        return fail(u"a review session needs a name"_s);
    QSqlDatabase &db = m_ws.db();
    if (!db.transaction())
        return fail(u"cannot save the review session: %1"_s.arg(db.lastError().text()));
    const QVariant now = timestamp(QDateTime::currentDateTimeUtc());
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO %1 (name, params, status, created_by, created_at, updated_at) VALUES (?, ?, 'open', ?, ?, ?)"_s.arg(
        table(u"review_sessions"_s)));
    q.addBindValue(name.trimmed());
    q.addBindValue(QString::fromUtf8(QJsonDocument(spec.toJson()).toJson(QJsonDocument::Compact)));
    q.addBindValue(createdBy);
    q.addBindValue(now);
    q.addBindValue(now);
    if (!q.exec()) {
        const QString why = sqlErrorText(q);
        db.rollback();
        return fail(u"cannot create the review session \"%1\" (is the name taken?): %2"_s.arg(name, why));
    }
    q.prepare(u"INSERT INTO %1 (session_name, position, output_key, feature) VALUES (?, ?, ?, ?)"_s.arg(table(u"review_items"_s)));
    for (qsizetype i = 0; i < items.size(); ++i) {
        q.addBindValue(name.trimmed());
        q.addBindValue(int(i + 1));
        q.addBindValue(items.at(i).key);
        q.addBindValue(items.at(i).feature);
        if (!q.exec()) {
            const QString why = sqlErrorText(q);
            db.rollback();
            return fail(u"cannot save the review session \"%1\": %2"_s.arg(name, why));
        }
    }
    if (!db.commit()) {
        db.rollback();
        return fail(u"cannot save the review session \"%1\": %2"_s.arg(name, db.lastError().text()));
    }
    return {};
}

Result<ReviewSession> ReviewSessionStore::load(const QString &name)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"SELECT name, params, status, created_by, created_at FROM %1 WHERE name = ?"_s.arg(table(u"review_sessions"_s)));
    q.addBindValue(name);
    if (!q.exec())
        return fail(u"cannot read the review session \"%1\": %2"_s.arg(name, sqlErrorText(q)));
    if (!q.next())
        return fail(u"there is no review session \"%1\""_s.arg(name));
    ReviewSession s;
    s.name = q.value(0).toString();
    s.spec = SampleSpec::fromJson(QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object());
    s.status = q.value(2).toString();
    s.createdBy = q.value(3).toString();
    s.createdAt = readTime(q.value(4));
    q.prepare(u"SELECT position, output_key, feature, note FROM %1 WHERE session_name = ? ORDER BY position"_s.arg(
        table(u"review_items"_s)));
    q.addBindValue(name);
    if (!q.exec())
        return fail(u"cannot read the review session \"%1\": %2"_s.arg(name, sqlErrorText(q)));
    while (q.next())
        s.items << ReviewItem{q.value(0).toInt(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()};
    q.prepare(u"SELECT author, text, created_at FROM %1 WHERE session_name = ? ORDER BY id"_s.arg(table(u"review_decisions"_s)));
    q.addBindValue(name);
    if (!q.exec())
        return fail(u"cannot read the review session \"%1\": %2"_s.arg(name, sqlErrorText(q)));
    while (q.next())
        s.decisions << ReviewDecision{q.value(0).toString(), q.value(1).toString(), readTime(q.value(2))};
    return s;
}

Result<QStringList> ReviewSessionStore::names()
{
    QSqlQuery q(m_ws.db());
    if (!q.exec(u"SELECT name FROM %1 ORDER BY created_at, name"_s.arg(table(u"review_sessions"_s))))
        return fail(u"cannot list review sessions: %1"_s.arg(sqlErrorText(q)));
    QStringList list;
    while (q.next())
        list << q.value(0).toString();
    return list;
}

Result<void> ReviewSessionStore::setItemNote(const QString &name, int position, const QString &note)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"UPDATE %1 SET note = ? WHERE session_name = ? AND position = ?"_s.arg(table(u"review_items"_s)));
    q.addBindValue(note);
    q.addBindValue(name);
    q.addBindValue(position);
    if (!q.exec() || q.numRowsAffected() != 1)
        return fail(u"cannot save the note of item %1 in \"%2\": %3"_s.arg(position).arg(name, sqlErrorText(q)));
    return {};
}

Result<void> ReviewSessionStore::addDecision(const QString &name, const QString &author, const QString &text)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"INSERT INTO %1 (session_name, author, text, created_at) VALUES (?, ?, ?, ?)"_s.arg(table(u"review_decisions"_s)));
    q.addBindValue(name);
    q.addBindValue(author);
    q.addBindValue(text);
    q.addBindValue(timestamp(QDateTime::currentDateTimeUtc()));
    if (!q.exec())
        return fail(u"cannot record the decision in \"%1\": %2"_s.arg(name, sqlErrorText(q)));
    return {};
}

Result<void> ReviewSessionStore::setStatus(const QString &name, const QString &status)
{
    if (status != "open"_L1 && status != "closed"_L1)
        return fail(u"a session is open or closed, not \"%1\""_s.arg(status));
    QSqlQuery q(m_ws.db());
    q.prepare(u"UPDATE %1 SET status = ?, updated_at = ? WHERE name = ?"_s.arg(table(u"review_sessions"_s)));
    q.addBindValue(status);
    q.addBindValue(timestamp(QDateTime::currentDateTimeUtc()));
    q.addBindValue(name);
    if (!q.exec() || q.numRowsAffected() != 1)
        return fail(u"cannot change the status of \"%1\": %2"_s.arg(name, sqlErrorText(q)));
    return {};
}

Result<QString> ReviewSessionStore::suggestName(const QDateTime &since, const QTimeZone &zone)
{
    const QString base = weekContaining(since, zone).label();
    auto taken = names();
    if (!taken)
        return fail(taken.error());
    QString name = base;
    for (int n = 2; taken->contains(name); ++n)
        name = u"%1-%2"_s.arg(base).arg(n);
    return name;
}

} // namespace assay

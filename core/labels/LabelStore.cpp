#include "labels/LabelStore.h"

#include "util/SqlErrorText.h"

#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString tagsJson(const QStringList &tags)
{
    if (tags.isEmpty())
        return {};
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(tags)).toJson(QJsonDocument::Compact));
}

QStringList tagsFrom(const QString &json)
{
    QStringList tags;
    for (const QJsonValue &v : QJsonDocument::fromJson(json.toUtf8()).array())
        tags << v.toString();
    return tags;
}

QVariant nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

} // namespace

QString labelName(LabelValue value)
{
    switch (value) {
    case LabelValue::Positive: return u"positive"_s;
    case LabelValue::Negative: return u"negative"_s;
    case LabelValue::Edited: return u"edited"_s;
    }
    return {};
}

std::optional<LabelValue> labelFromName(QStringView name)
{
    if (name == u"positive" || name == u"1")
        return LabelValue::Positive;
    if (name == u"negative" || name == u"2")
        return LabelValue::Negative;
    if (name == u"edited" || name == u"3")
        return LabelValue::Edited;
    return std::nullopt;
}

QString LabelStore::defaultReviewer(Workspace &workspace)
{
    if (workspace.dialect() == SqlDialect::PostgreSQL) {
        QSqlQuery q(workspace.db());
        if (q.exec(u"SELECT current_user"_s) && q.next())
            return q.value(0).toString();
    }
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return user.isEmpty() ? u"reviewer"_s : user;
}

LabelStore::LabelStore(Workspace &workspace, const QString &reviewer)
    : m_ws(workspace)
    , m_reviewer(workspace.dialect() == SqlDialect::PostgreSQL || reviewer.trimmed().isEmpty()
                     ? defaultReviewer(workspace) : reviewer.trimmed())
{
    // The workspace runs WAL with synchronous=NORMAL, which survives a killed process but may
    // lose the last commits on power loss; a label shown as saved must survive both.
    if (m_ws.dialect() == SqlDialect::SQLite)
        QSqlQuery(m_ws.db()).exec(u"PRAGMA synchronous = FULL"_s);
}

QString LabelStore::table(const QString &name) const
{
    return m_ws.table(name);
}

Result<LabelEvent> LabelStore::insert(const LabelChange &change, const QString &action, const QString &batchId)
{
    if (change.outputKey.isEmpty())
        return fail(u"a label needs an output id"_s);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const bool pg = m_ws.dialect() == SqlDialect::PostgreSQL;
    QSqlQuery q(m_ws.db());
    q.prepare(u"INSERT INTO %1 (output_key, reviewer, label, note, tags, corrected_output, labelled_at, batch_id, action) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)%2"_s.arg(table(u"label_events"_s), pg ? u" RETURNING id"_s : QString()));
    q.addBindValue(change.outputKey);
    q.addBindValue(m_reviewer);
    q.addBindValue(change.label ? QVariant(labelName(*change.label)) : QVariant(QMetaType::fromType<QString>()));
    q.addBindValue(nullIfEmpty(change.note));
    q.addBindValue(nullIfEmpty(tagsJson(change.tags)));
    q.addBindValue(nullIfEmpty(change.label == LabelValue::Edited ? change.correctedOutput : QString()));
    q.addBindValue(pg ? QVariant(now) : QVariant(now.toString(Qt::ISODateWithMs)));
    q.addBindValue(nullIfEmpty(batchId));
    q.addBindValue(action);
    if (!q.exec())
        return fail(u"cannot save the label of %1: %2"_s.arg(change.outputKey, sqlErrorText(q)));
    LabelEvent e;
    if (pg && q.next())
        e.id = q.value(0).toLongLong();
    else
        e.id = q.lastInsertId().toLongLong();
    e.outputKey = change.outputKey;
    e.reviewer = m_reviewer;
    e.label = change.label;
    e.note = change.note;
    e.tags = change.tags;
    e.correctedOutput = change.label == LabelValue::Edited ? change.correctedOutput : QString();
    e.labelledAt = now;
    e.batchId = batchId;
    e.action = action;
    return e;
}

Result<LabelEvent> LabelStore::set(const LabelChange &change, const QString &action)
{
    // A single statement outside a transaction is its own durable commit.
    return insert(change, action, {});
}

Result<QList<LabelEvent>> LabelStore::setMany(const QList<LabelChange> &changes, const QString &action)
{
    if (changes.isEmpty())
        return QList<LabelEvent>{};
    QSqlDatabase &db = m_ws.db();
    if (!db.transaction())
        return fail(u"cannot start saving labels: %1"_s.arg(db.lastError().text()));
    return insertAndCommit(changes, action, QUuid::createUuid().toString(QUuid::WithoutBraces));
}

Result<QList<LabelEvent>> LabelStore::insertAndCommit(const QList<LabelChange> &changes, const QString &action,
                                                      const QString &batch)
{
    QSqlDatabase &db = m_ws.db();
    QList<LabelEvent> events;
    for (const LabelChange &c : changes) {
        auto e = insert(c, action, batch);
        if (!e) {
            db.rollback();
            return fail(e.error());
        }
        events << *e;
    }
    if (!db.commit()) {
        const QString why = db.lastError().text();
        db.rollback();
        return fail(u"cannot save %1 labels: %2"_s.arg(changes.size()).arg(why));
    }
    return events;
}

namespace {

// Whether the current label (none: never labelled, or cleared) is what a change left.
bool isState(const std::optional<LabelEvent> &current, const LabelChange &state)
{
    if (!state.label)
        return !current;
    return current && current->label == state.label && current->note == state.note && current->tags == state.tags
           && current->correctedOutput == state.correctedOutput;
}

} // namespace

Result<QList<LabelEvent>> LabelStore::setIfUnchanged(const QList<LabelChange> &expected, const QList<LabelChange> &changes,
                                                     const QString &action, bool *changedSince)
{
    if (changedSince)
        *changedSince = false;
    if (expected.size() != changes.size())
        return fail(u"setIfUnchanged needs one expected state per change"_s);
    if (changes.isEmpty())
        return QList<LabelEvent>{};
    QSqlDatabase &db = m_ws.db();
    if (!db.transaction())
        return fail(u"cannot start saving labels: %1"_s.arg(db.lastError().text()));
    // The reads and the writes share the transaction: on SQLite (WAL) a writer that commits in
    // between makes this commit fail rather than be overwritten.
    for (qsizetype i = 0; i < changes.size(); ++i) {
        auto now = current(expected.at(i).outputKey);
        if (!now) {
            db.rollback();
            return fail(now.error());
        }
        if (!isState(*now, expected.at(i))) {
            db.rollback();
            if (changedSince)
                *changedSince = true;
            return fail(u"output %1 was labelled again since (in another view or session): %2 would overwrite that "
                        "newer label, so nothing was changed"_s.arg(expected.at(i).outputKey, action));
        }
    }
    return insertAndCommit(changes, action, changes.size() > 1 ? QUuid::createUuid().toString(QUuid::WithoutBraces) : QString());
}

Result<QList<LabelEvent>> LabelStore::select(const QString &where, const QVariantList &binds)
{
    QSqlQuery q(m_ws.db());
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, output_key, reviewer, label, note, tags, corrected_output, labelled_at, batch_id, action "
              "FROM %1 ORDER BY id"_s.arg(where));
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return fail(u"cannot read labels: %1"_s.arg(sqlErrorText(q)));
    QList<LabelEvent> events;
    while (q.next()) {
        LabelEvent e;
        e.id = q.value(0).toLongLong();
        e.outputKey = q.value(1).toString();
        e.reviewer = q.value(2).toString();
        e.label = q.value(3).isNull() ? std::nullopt : labelFromName(q.value(3).toString());
        e.note = q.value(4).toString();
        e.tags = tagsFrom(q.value(5).toString());
        e.correctedOutput = q.value(6).toString();
        const QVariant at = q.value(7);
        e.labelledAt = at.metaType() == QMetaType::fromType<QDateTime>()
            ? at.toDateTime().toUTC() : QDateTime::fromString(at.toString(), Qt::ISODateWithMs).toUTC();
        e.batchId = q.value(8).toString();
        e.action = q.value(9).toString();
        events << e;
    }
    return events;
}

Result<std::optional<LabelEvent>> LabelStore::current(const QString &outputKey)
{
    auto rows = select(u"%1 WHERE id = (SELECT max(id) FROM %1 WHERE output_key = ? AND reviewer = ?)"_s.arg(
                           table(u"label_events"_s)), {outputKey, m_reviewer});
    if (!rows)
        return fail(rows.error());
    if (rows->isEmpty() || !rows->first().label)
        return std::optional<LabelEvent>{};
    return std::optional<LabelEvent>(rows->first());
}

Result<QList<LabelEvent>> LabelStore::currentLabels(const LabelQuery &query)
{
    QStringList conditions;
    QVariantList binds;
    if (!query.reviewer.isEmpty()) {
        conditions << u"reviewer = ?"_s;
        binds << query.reviewer;
    }
    if (query.since) {
        conditions << u"labelled_at >= ?"_s;
        binds << (m_ws.dialect() == SqlDialect::PostgreSQL ? QVariant(query.since->toUTC())
                                                          : QVariant(query.since->toUTC().toString(Qt::ISODateWithMs)));
    }
    if (!query.outputKeys.isEmpty()) {
        QStringList marks;
        for (const QString &k : query.outputKeys) {
            marks << u"?"_s;
            binds << k;
        }
        conditions << u"output_key IN (%1)"_s.arg(marks.join(u", "_s));
    }
    const QString where = conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND "_s);
    return select(table(u"current_labels"_s) + where, binds);
}

Result<QList<LabelEvent>> LabelStore::history(const QString &outputKey)
{
    return select(table(u"label_events"_s) + u" WHERE output_key = ?"_s, {outputKey});
}

Result<QSet<QString>> LabelStore::labelledKeys()
{
    QSqlQuery q(m_ws.db());
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT DISTINCT output_key FROM %1"_s.arg(table(u"current_labels"_s))))
        return fail(u"cannot read labelled outputs: %1"_s.arg(sqlErrorText(q)));
    QSet<QString> keys;
    while (q.next())
        keys.insert(q.value(0).toString());
    return keys;
}

Result<QStringList> LabelStore::knownTags(int limit)
{
    QSqlQuery q(m_ws.db());
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT tags FROM %1 WHERE tags IS NOT NULL"_s.arg(table(u"current_labels"_s))))
        return fail(u"cannot read tags: %1"_s.arg(sqlErrorText(q)));
    QHash<QString, int> uses;
    while (q.next()) {
        for (const QString &t : tagsFrom(q.value(0).toString()))
            ++uses[t];
    }
    QStringList tags = uses.keys();
    std::sort(tags.begin(), tags.end(), [&](const QString &a, const QString &b) {
        return uses.value(a) != uses.value(b) ? uses.value(a) > uses.value(b) : a < b;
    });
    return tags.mid(0, limit);
}

} // namespace assay

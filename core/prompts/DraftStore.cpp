#include "prompts/DraftStore.h"

#include "util/SqlErrorText.h"

#include "schema/TimestampCodec.h"
#include "workspace/Workspace.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

const QString kColumns = u"id, prompt_name, base_version, template, model, temperature, max_tokens, labels, author, "
                         "note, created_at, updated_at"_s;

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

PromptDraft readDraft(const QSqlQuery &q)
{
    PromptDraft d;
    d.id = q.value(0).toLongLong();
    d.name = q.value(1).toString();
    d.baseVersion = q.value(2).toString();
    d.template_ = q.value(3).toString();
    d.model = q.value(4).toString();
    if (!q.value(5).isNull())
        d.temperature = q.value(5).toDouble();
    if (!q.value(6).isNull())
        d.maxTokens = q.value(6).toInt();
    d.labels = parseLabels(q.value(7));
    d.author = q.value(8).toString();
    d.note = q.value(9).toString();
    d.createdAt = TimestampCodec::parseAny(q.value(10));
    d.updatedAt = TimestampCodec::parseAny(q.value(11));
    return d;
}

} // namespace

PromptVersion PromptDraft::toVersion() const
{
    PromptVersion v;
    v.name = name;
    v.version = id >= 0 ? u"draft-%1"_s.arg(id) : u"draft"_s;
    v.template_ = template_;
    v.model = model;
    v.temperature = temperature;
    v.maxTokens = maxTokens;
    v.labels = labels;
    v.author = author;
    v.note = note;
    v.createdAt = updatedAt.isValid() ? updatedAt : createdAt;
    v.origin = PromptOrigin::Draft;
    v.location = id >= 0 ? u"draft %1"_s.arg(id) : u"unsaved draft"_s;
    return v;
}

PromptDraft PromptDraft::from(const PromptVersion &base)
{
    PromptDraft d;
    d.name = base.name;
    d.baseVersion = base.origin == PromptOrigin::Draft ? QString() : base.version;
    d.template_ = base.template_;
    d.model = base.model;
    d.temperature = base.temperature;
    d.maxTokens = base.maxTokens;
    return d;
}

DraftStore::DraftStore(Workspace &workspace) : m_workspace(workspace)
{
}

QString DraftStore::table() const
{
    return m_workspace.table(u"prompt_drafts"_s);
}

Result<QList<PromptDraft>> DraftStore::list(const QString &name)
{
    QSqlQuery q(m_workspace.db());
    q.prepare(u"SELECT %1 FROM %2 %3 ORDER BY updated_at DESC, id DESC"_s.arg(
        kColumns, table(), name.isEmpty() ? QString() : u"WHERE prompt_name = ?"_s));
    if (!name.isEmpty())
        q.addBindValue(name);
    if (!q.exec())
        return fail(u"cannot read the prompt drafts: %1"_s.arg(sqlErrorText(q)));
    QList<PromptDraft> out;
    while (q.next())
        out << readDraft(q);
    return out;
}

Result<PromptDraft> DraftStore::get(qint64 id)
{
    QSqlQuery q(m_workspace.db());
    q.prepare(u"SELECT %1 FROM %2 WHERE id = ?"_s.arg(kColumns, table()));
    q.addBindValue(id);
    if (!q.exec())
        return fail(u"cannot read draft %1: %2"_s.arg(id).arg(sqlErrorText(q)));
    if (!q.next())
        return fail(u"there is no draft %1"_s.arg(id));
    return readDraft(q);
}

Result<void> DraftStore::save(PromptDraft &draft)
{
    if (draft.name.trimmed().isEmpty())
        return fail(u"a draft needs the name of its prompt"_s);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const bool pg = m_workspace.dialect() == SqlDialect::PostgreSQL;
    const auto time = [pg](const QDateTime &t) { return pg ? QVariant(t) : QVariant(t.toString(Qt::ISODateWithMs)); };
    const QVariantList fields{draft.name,
                              textOrNull(draft.baseVersion),
                              draft.template_,
                              textOrNull(draft.model),
                              draft.temperature ? QVariant(*draft.temperature) : QVariant(),
                              draft.maxTokens ? QVariant(*draft.maxTokens) : QVariant(),
                              labelsToJson(draft.labels),
                              textOrNull(draft.author),
                              textOrNull(draft.note)};
    QSqlQuery q(m_workspace.db());
    if (draft.id < 0) {
        const QDateTime created = draft.createdAt.isValid() ? draft.createdAt.toUTC() : now;
        q.prepare(u"INSERT INTO %1 (prompt_name, base_version, template, model, temperature, max_tokens, labels, "
                  "author, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)%2"_s.arg(
                      table(), pg ? u" RETURNING id"_s : QString()));
        for (const QVariant &v : fields)
            q.addBindValue(v);
        q.addBindValue(time(created));
        q.addBindValue(time(now));
        if (!q.exec())
            return fail(u"cannot save the draft of %1: %2"_s.arg(draft.name, sqlErrorText(q)));
        draft.id = pg ? (q.next() ? q.value(0).toLongLong() : -1) : q.lastInsertId().toLongLong();
        draft.createdAt = created;
        draft.updatedAt = now;
        return {};
    }
    q.prepare(u"UPDATE %1 SET prompt_name = ?, base_version = ?, template = ?, model = ?, temperature = ?, "
              "max_tokens = ?, labels = ?, author = ?, note = ?, updated_at = ? WHERE id = ?"_s.arg(table()));
    for (const QVariant &v : fields)
        q.addBindValue(v);
    q.addBindValue(time(now));
    q.addBindValue(draft.id);
    if (!q.exec())
        return fail(u"cannot save draft %1: %2"_s.arg(draft.id).arg(sqlErrorText(q)));
    if (q.numRowsAffected() == 0)
        return fail(u"there is no draft %1 (deleted meanwhile?)"_s.arg(draft.id));
    draft.updatedAt = now;
    return {};
}

Result<void> DraftStore::remove(qint64 id)
{
    QSqlQuery q(m_workspace.db());
    q.prepare(u"DELETE FROM %1 WHERE id = ?"_s.arg(table()));
    q.addBindValue(id);
    if (!q.exec())
        return fail(u"cannot delete draft %1: %2"_s.arg(id).arg(sqlErrorText(q)));
    return {};
}

} // namespace assay

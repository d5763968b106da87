#include "prompts/TablePromptRegistry.h"

#include "schema/LogField.h"
#include "schema/LogSchema.h"
#include "schema/TimestampCodec.h"
#include "source/SourceConnection.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <array>
#include <limits>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr std::array kFields{RegistryField::Name,   RegistryField::Version,     RegistryField::Template,
                             RegistryField::Model,  RegistryField::Temperature, RegistryField::MaxTokens,
                             RegistryField::Labels, RegistryField::Author,      RegistryField::Note,
                             RegistryField::CreatedAt};

const ColumnInfo *findColumn(const TableInfo &table, const QString &name)
{
    for (const ColumnInfo &c : table.columns) {
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            return &c;
    }
    return nullptr;
}

// Fields in order, each to the first synonym column not taken yet ("prompt" could be the name
// or the template; the name claims it first).
RegistryTable mapColumns(const TableInfo &table)
{
    RegistryTable out;
    out.schemaName = table.schemaName;
    out.table = table.table;
    QStringList taken;
    for (RegistryField f : kFields) {
        for (const QString &synonym : registryFieldSynonyms(f)) {
            const ColumnInfo *c = findColumn(table, synonym);
            if (c && !taken.contains(c->name)) {
                out.columns.insert(f, c->name);
                taken << c->name;
                break;
            }
        }
    }
    return out;
}

bool hasRequired(const RegistryTable &t)
{
    return t.has(RegistryField::Name) && t.has(RegistryField::Version) && t.has(RegistryField::Template);
}

// Why `table` may never serve as the registry, or empty when it may. Saving a version inserts
// a row into the registry, and the one table of a team's database Assay never writes to is
// the output log: refused whether it was detected or named explicitly.
QString whyNotARegistry(const TableInfo &table, const QList<TableInfo> &all, const QString &logTable)
{
    if (!logTable.isEmpty() && table.table.compare(logTable, Qt::CaseInsensitive) == 0)
        return u"it is the output log Assay reads"_s;
    if (table.table.compare("ai_outputs"_L1, Qt::CaseInsensitive) == 0)
        return u"it is the output log (ai_outputs)"_s;
    for (const QString &synonym : logFieldSynonyms(LogField::Output)) {
        if (const ColumnInfo *c = findColumn(table, synonym))
            return u"it has an output column (%1), so it is an output log"_s.arg(c->name);
    }
    // The table detection would open as the log, whatever its output column is called.
    if (const auto log = mapLogSchema(all, SqlDialect::SQLite, {});
        log && log->table == table.table && log->schemaName == table.schemaName)
        return u"it is the table Assay detects as the output log"_s;
    return {};
}

QString sqlError(const QSqlQuery &q)
{
    QString text = q.lastError().text().section(u'\n', 0, 0).trimmed();
    if (text.startsWith("ERROR:"_L1)) // PostgreSQL's severity prefix says nothing here
        text = text.mid(6).trimmed();
    return text;
}

QString nextWriterName()
{
    static QAtomicInteger<quint64> counter;
    return u"assay-registry-writer-%1"_s.arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

QString registryFieldName(RegistryField field)
{
    switch (field) {
    case RegistryField::Name: return u"name"_s;
    case RegistryField::Version: return u"version"_s;
    case RegistryField::Template: return u"template"_s;
    case RegistryField::Model: return u"model"_s;
    case RegistryField::Temperature: return u"temperature"_s;
    case RegistryField::MaxTokens: return u"max_tokens"_s;
    case RegistryField::Labels: return u"labels"_s;
    case RegistryField::Author: return u"author"_s;
    case RegistryField::Note: return u"note"_s;
    case RegistryField::CreatedAt: return u"created_at"_s;
    }
    return {};
}

const QStringList &registryFieldSynonyms(RegistryField field)
{
    static const QHash<RegistryField, QStringList> synonyms{
        {RegistryField::Name, {u"name"_s, u"prompt_name"_s, u"prompt"_s, u"prompt_id"_s, u"slug"_s}},
        {RegistryField::Version, {u"version"_s, u"prompt_version"_s, u"version_name"_s, u"revision"_s, u"rev"_s}},
        {RegistryField::Template, {u"template"_s, u"prompt_template"_s, u"template_text"_s, u"prompt_text"_s,
                                   u"prompt"_s, u"text"_s, u"body"_s, u"content"_s}},
        {RegistryField::Model, {u"model"_s, u"model_name"_s, u"default_model"_s}},
        {RegistryField::Temperature, {u"temperature"_s, u"temp"_s}},
        {RegistryField::MaxTokens, {u"max_tokens"_s, u"max_output_tokens"_s, u"max_completion_tokens"_s}},
        {RegistryField::Labels, {u"labels"_s, u"label"_s, u"tags"_s, u"stage"_s}},
        {RegistryField::Author, {u"author"_s, u"created_by"_s, u"author_email"_s}},
        {RegistryField::Note, {u"note"_s, u"change_note"_s, u"message"_s, u"commit_message"_s, u"description"_s,
                               u"comment"_s, u"changelog"_s}},
        {RegistryField::CreatedAt, {u"created_at"_s, u"created"_s, u"timestamp"_s, u"ts"_s, u"committed_at"_s}},
    };
    static const QStringList none;
    const auto it = synonyms.constFind(field);
    return it == synonyms.constEnd() ? none : *it;
}

QString RegistryTable::qualifiedTable() const
{
    return schemaName.isEmpty() ? LogSchema::quoteIdentifier(table)
                                : LogSchema::quoteIdentifier(schemaName) + u'.' + LogSchema::quoteIdentifier(table);
}

Result<RegistryTable> mapRegistryTable(const QList<TableInfo> &tables, const QString &requested,
                                       const QString &logTable)
{
    if (!requested.isEmpty()) {
        const QString wantedSchema = requested.contains(u'.') ? requested.section(u'.', 0, 0) : QString();
        const QString wantedTable = requested.contains(u'.') ? requested.section(u'.', 1) : requested;
        for (const TableInfo &t : tables) {
            if (t.table.compare(wantedTable, Qt::CaseInsensitive) != 0
                || (!wantedSchema.isEmpty() && t.schemaName != wantedSchema))
                continue;
            if (const QString why = whyNotARegistry(t, tables, logTable); !why.isEmpty())
                return fail(u"table \"%1\" cannot be the prompt registry: %2, and Assay never writes to the log; "
                            "name the table that holds prompt versions"_s.arg(t.table, why));
            const RegistryTable mapped = mapColumns(t);
            for (RegistryField f : {RegistryField::Name, RegistryField::Version, RegistryField::Template}) {
                if (!mapped.has(f))
                    return fail(u"table \"%1\" has no column for the prompt %2 (looked for %3)"_s.arg(
                        t.table, registryFieldName(f), registryFieldSynonyms(f).join(u", "_s)));
            }
            return mapped;
        }
        return fail(u"no folder or table named \"%1\" for the prompt registry"_s.arg(requested));
    }

    QList<RegistryTable> candidates;
    for (const TableInfo &t : tables) {
        if (!whyNotARegistry(t, tables, logTable).isEmpty())
            continue;
        if (RegistryTable mapped = mapColumns(t); hasRequired(mapped))
            candidates << mapped;
    }
    for (const RegistryTable &c : candidates) {
        if (c.table.compare("prompt_versions"_L1, Qt::CaseInsensitive) == 0)
            return c;
    }
    if (candidates.size() == 1)
        return candidates.first();
    if (candidates.isEmpty())
        return fail(u"no prompt registry in this database: no table has name, version and template columns; "
                    "choose a folder or table with --registry"_s);
    QStringList names;
    for (const RegistryTable &c : candidates)
        names << c.table;
    return fail(u"several tables look like a prompt registry (%1); choose one with --registry"_s.arg(names.join(u", "_s)));
}

Result<std::unique_ptr<TablePromptRegistry>> TablePromptRegistry::open(SourceConnection &connection, const QString &table,
                                                                       const QString &logTable)
{
    auto tables = listTables(connection);
    if (!tables)
        return fail(tables.error());
    auto mapped = mapRegistryTable(*tables, table, logTable);
    if (!mapped)
        return fail(mapped.error());
    return std::make_unique<TablePromptRegistry>(connection, *mapped);
}

TablePromptRegistry::TablePromptRegistry(SourceConnection &connection, RegistryTable table)
    : m_connection(connection), m_table(std::move(table))
{
}

QString TablePromptRegistry::describe() const
{
    return u"table "_s + (m_table.schemaName.isEmpty() ? m_table.table : m_table.schemaName + u'.' + m_table.table);
}

Result<QList<PromptVersion>> TablePromptRegistry::loadAll()
{
    QStringList select;
    QList<RegistryField> fields;
    for (RegistryField f : kFields) {
        if (m_table.has(f)) {
            select << LogSchema::quoteIdentifier(m_table.columns.value(f));
            fields << f;
        }
    }
    QSqlQuery q(m_connection.db());
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT %1 FROM %2"_s.arg(select.join(u", "_s), m_table.qualifiedTable())))
        return fail(u"cannot read the prompt registry %1: %2"_s.arg(describe(), sqlError(q)));
    QList<PromptVersion> out;
    while (q.next()) {
        PromptVersion v;
        v.origin = PromptOrigin::Table;
        v.location = describe();
        for (int i = 0; i < fields.size(); ++i) {
            const QVariant value = q.value(i);
            switch (fields[i]) {
            case RegistryField::Name: v.name = value.toString(); break;
            case RegistryField::Version: v.version = value.toString(); break;
            case RegistryField::Template: v.template_ = value.toString(); break;
            case RegistryField::Model: v.model = value.toString(); break;
            case RegistryField::Temperature: {
                bool ok = false;
                const double t = value.toDouble(&ok);
                if (!value.isNull() && ok)
                    v.temperature = t;
                break;
            }
            case RegistryField::MaxTokens: {
                bool ok = false;
                const qlonglong t = value.toLongLong(&ok);
                if (!value.isNull() && ok && t >= 0 && t <= std::numeric_limits<int>::max())
                    v.maxTokens = static_cast<int>(t);
                break;
            }
            case RegistryField::Labels: v.labels = parseLabels(value); break;
            case RegistryField::Author: v.author = value.toString(); break;
            case RegistryField::Note: v.note = value.toString(); break;
            case RegistryField::CreatedAt: v.createdAt = TimestampCodec::parseAny(value); break;
            }
        }
        if (!v.name.isEmpty() && !v.version.isEmpty())
            out << v;
    }
    sortPromptVersions(out, m_order);
    return out;
}

Result<void> TablePromptRegistry::saveNew(const PromptVersion &version)
{
    if (auto ok = checkNewVersion(version); !ok)
        return ok;
    const SourceLocation &where = m_connection.location();
    const QString what = u"cannot save %1 to %2"_s.arg(version.ref(), describe());
    if (!where.isPostgres() && !QFileInfo::exists(where.path))
        return fail(u"%1: %2 no longer exists"_s.arg(what, where.path));

    // A connection of its own, opened for this one insert and closed again: the reading
    // connection is never made writable.
    const QString name = nextWriterName();
    Result<void> result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(where.isPostgres() ? u"QPSQL"_s : u"QSQLITE"_s, name);
        if (where.isPostgres()) {
            configurePostgres(db, where);
        } else {
            db.setDatabaseName(where.path);
            db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        }
        result = [&]() -> Result<void> {
            if (!db.open())
                return fail(u"%1: %2"_s.arg(what, db.lastError().text().section(u'\n', 0, 0).trimmed()));
            QSqlQuery q(db);
            if (!db.transaction())
                return fail(u"%1: %2"_s.arg(what, db.lastError().text().section(u'\n', 0, 0).trimmed()));
            q.prepare(u"SELECT 1 FROM %1 WHERE %2 = ? AND %3 = ?"_s.arg(
                m_table.qualifiedTable(), LogSchema::quoteIdentifier(m_table.columns.value(RegistryField::Name)),
                LogSchema::quoteIdentifier(m_table.columns.value(RegistryField::Version))));
            q.addBindValue(version.name);
            q.addBindValue(version.version);
            if (!q.exec()) {
                db.rollback();
                return fail(u"%1: %2"_s.arg(what, sqlError(q)));
            }
            if (q.next()) {
                db.rollback();
                return fail(u"%1: that version exists already, and versions are never overwritten"_s.arg(what));
            }
            QStringList columns;
            QVariantList values;
            const QDateTime created = version.createdAt.isValid() ? version.createdAt : QDateTime::currentDateTimeUtc();
            const auto add = [&](RegistryField f, const QVariant &value) {
                if (m_table.has(f)) {
                    columns << LogSchema::quoteIdentifier(m_table.columns.value(f));
                    values << value;
                }
            };
            const auto textOrNull = [](const QString &s) { return s.isEmpty() ? QVariant() : QVariant(s); };
            add(RegistryField::Name, version.name);
            add(RegistryField::Version, version.version);
            add(RegistryField::Template, version.template_);
            add(RegistryField::Model, textOrNull(version.model));
            add(RegistryField::Temperature, version.temperature ? QVariant(*version.temperature) : QVariant());
            add(RegistryField::MaxTokens, version.maxTokens ? QVariant(*version.maxTokens) : QVariant());
            add(RegistryField::Labels, labelsToJson(version.labels));
            add(RegistryField::Author, textOrNull(version.author));
            add(RegistryField::Note, textOrNull(version.note));
            add(RegistryField::CreatedAt, where.isPostgres() ? QVariant(created.toUTC())
                                                             : QVariant(created.toUTC().toString(Qt::ISODateWithMs)));
            QSqlQuery insert(db);
            insert.prepare(u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(m_table.qualifiedTable(), columns.join(u", "_s),
                                                                     QStringList(columns.size(), u"?"_s).join(u", "_s)));
            for (const QVariant &v : values)
                insert.addBindValue(v);
            if (!insert.exec()) {
                const QString why = sqlError(insert);
                db.rollback();
                return fail(u"%1: %2"_s.arg(what, why));
            }
            if (!db.commit())
                return fail(u"%1: %2"_s.arg(what, db.lastError().text().section(u'\n', 0, 0).trimmed()));
            return {};
        }();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace assay

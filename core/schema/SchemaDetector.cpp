#include "schema/SchemaDetector.h"

#include "source/SourceConnection.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

const ColumnInfo *findColumnNamed(const TableInfo &table, const QString &name)
{
    for (const auto &c : table.columns) {
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            return &c;
    }
    return nullptr;
}

const ColumnInfo *findColumnBySynonyms(const TableInfo &table, LogField field)
{
    for (const QString &synonym : logFieldSynonyms(field)) {
        if (const ColumnInfo *c = findColumnNamed(table, synonym))
            return c;
    }
    return nullptr;
}

int scoreLogTable(const TableInfo &table)
{
    int score = table.table.compare("ai_outputs"_L1, Qt::CaseInsensitive) == 0 ? 100 : 0;
    for (LogField f : allLogFields) {
        if (findColumnBySynonyms(table, f))
            score += isRequiredLogField(f) ? 10 : 1;
    }
    return score;
}

namespace {

bool isIntegerType(const QString &type)
{
    const QString t = type.toLower();
    return t.contains("int"_L1) || t == "serial"_L1 || t == "bigserial"_L1;
}

QString describeMissing(const TableInfo &table, LogField field)
{
    return u"table \"%1\" has no column for %2 (looked for %3); map it with --mapping FILE"_s.arg(
        table.table, logFieldName(field), logFieldSynonyms(field).join(u", "_s));
}

} // namespace

Result<LogSchema> mapLogSchema(const QList<TableInfo> &tables, SqlDialect dialect, const LogMapping &mapping)
{
    if (tables.isEmpty())
        return fail(u"the database has no tables, so no AI output log"_s);

    const TableInfo *chosen = nullptr;
    if (!mapping.table.isEmpty()) {
        for (const auto &t : tables) {
            const bool schemaMatches = mapping.schemaName.isEmpty() || t.schemaName == mapping.schemaName;
            if (schemaMatches && t.table.compare(mapping.table, Qt::CaseInsensitive) == 0) {
                chosen = &t;
                break;
            }
        }
        if (!chosen)
            return fail(u"the mapping names table \"%1\", which the database does not have"_s.arg(mapping.table));
    } else {
        int best = -1;
        for (const auto &t : tables) {
            const int score = scoreLogTable(t);
            if (score > best) {
                best = score;
                chosen = &t;
            }
        }
        // A table that matches no required field is not a log: say so rather than guess.
        if (best < 20)
            return fail(u"no AI output log found: no table has feature, created_at and output columns "
                        "(tables: %1); name it with --mapping FILE"_s
                            .arg([&] {
                                QStringList names;
                                for (const auto &t : tables)
                                    names << t.table;
                                return names.mid(0, 12).join(u", "_s);
                            }()));
    }

    LogSchema schema;
    schema.dialect = dialect;
    schema.schemaName = chosen->schemaName;
    schema.table = chosen->table;
    for (LogField f : allLogFields) {
        if (mapping.columns.contains(f)) {
            const ColumnInfo *c = findColumnNamed(*chosen, mapping.columns.value(f));
            if (!c)
                return fail(u"the mapping maps %1 to column \"%2\", which table \"%3\" does not have"_s.arg(
                    logFieldName(f), mapping.columns.value(f), chosen->table));
            schema.columns.insert(f, c->name);
            continue;
        }
        if (const ColumnInfo *c = findColumnBySynonyms(*chosen, f)) {
            // The same column cannot stand for two fields ("prompt" could be name or text).
            bool taken = false;
            for (auto it = schema.columns.cbegin(); it != schema.columns.cend(); ++it)
                taken = taken || it.value() == c->name;
            if (!taken)
                schema.columns.insert(f, c->name);
        }
    }

    if (!schema.columns.contains(LogField::Id)) {
        if (dialect == SqlDialect::SQLite && !chosen->isView) {
            schema.idIsRowid = true;
        } else {
            return fail(describeMissing(*chosen, LogField::Id));
        }
    } else {
        schema.idIsInteger = isIntegerType(findColumnNamed(*chosen, schema.columns.value(LogField::Id))->type);
    }
    for (LogField f : {LogField::Feature, LogField::CreatedAt, LogField::Output}) {
        if (!schema.columns.contains(f))
            return fail(describeMissing(*chosen, f));
    }
    if (mapping.timestampKind)
        schema.timestamps.kind = *mapping.timestampKind;
    else if (dialect == SqlDialect::PostgreSQL) {
        const QString type = findColumnNamed(*chosen, schema.columns.value(LogField::CreatedAt))->type.toLower();
        if (type.startsWith("timestamp"_L1) || type == "date"_L1)
            schema.timestamps.kind = TimestampKind::SqlTimestamp;
    }
    return schema;
}

Result<QList<TableInfo>> listTables(SourceConnection &connection)
{
    QList<TableInfo> tables;
    QSqlQuery q(connection.db());
    if (connection.dialect() == SqlDialect::SQLite) {
        if (!q.exec(u"SELECT name, type FROM sqlite_master WHERE type IN ('table','view') "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"_s))
            return fail(u"cannot list tables: %1"_s.arg(q.lastError().text()));
        while (q.next())
            tables.append(TableInfo{{}, q.value(0).toString(), q.value(1).toString() == "view"_L1, {}});
        for (auto &t : tables) {
            QSqlQuery cols(connection.db());
            if (!cols.exec(u"SELECT name, type FROM pragma_table_info(%1)"_s.arg(u'\'' + QString(t.table).replace(u'\'', u"''"_s) + u'\'')))
                return fail(u"cannot read the columns of %1: %2"_s.arg(t.table, cols.lastError().text()));
            while (cols.next())
                t.columns.append(ColumnInfo{cols.value(0).toString(), cols.value(1).toString()});
        }
        return tables;
    }
    if (!q.exec(u"SELECT c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type "
                "FROM information_schema.columns c JOIN information_schema.tables t "
                "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                "WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema', 'assay') "
                "ORDER BY c.table_schema = 'public' DESC, c.table_schema, c.table_name, c.ordinal_position"_s))
        return fail(u"cannot list tables: %1"_s.arg(q.lastError().text()));
    while (q.next()) {
        const QString schemaName = q.value(0).toString();
        const QString table = q.value(1).toString();
        if (tables.isEmpty() || tables.last().table != table || tables.last().schemaName != schemaName)
            tables.append(TableInfo{schemaName, table, q.value(2).toString() == "VIEW"_L1, {}});
        tables.last().columns.append(ColumnInfo{q.value(3).toString(), q.value(4).toString()});
    }
    return tables;
}

Result<LogSchema> detectLogSchema(SourceConnection &connection, const LogMapping &mapping)
{
    auto tables = listTables(connection);
    if (!tables)
        return fail(tables.error());
    auto schema = mapLogSchema(*tables, connection.dialect(), mapping);
    if (!schema || mapping.timestampKind || schema->timestamps.kind == TimestampKind::SqlTimestamp)
        return schema;

    // Sample both ends of the table: a log may have changed its timestamp format over time.
    const QString col = schema->expr(LogField::CreatedAt);
    QList<QVariant> samples;
    for (const char *order : {"ASC", "DESC"}) {
        QSqlQuery q(connection.db());
        const QString orderBy = connection.dialect() == SqlDialect::SQLite ? u"rowid"_s : u"1"_s;
        if (!q.exec(u"SELECT %1 FROM %2 WHERE %1 IS NOT NULL ORDER BY %3 %4 LIMIT 50"_s.arg(
                col, schema->qualifiedTable(), orderBy, QLatin1StringView(order))))
            return fail(u"cannot read %1 from %2: %3"_s.arg(col, schema->table, q.lastError().text()));
        while (q.next())
            samples << q.value(0);
    }
    schema->timestamps = TimestampCodec::detect(samples);
    return schema;
}

} // namespace assay

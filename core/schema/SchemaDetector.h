#pragma once

#include "schema/LogMapping.h"
#include "schema/LogSchema.h"
#include "util/Result.h"

#include <QList>
#include <QString>

namespace assay {

class SourceConnection;

struct ColumnInfo {
    QString name;
    QString type; // as declared ("INTEGER", "timestamp with time zone")
};

struct TableInfo {
    QString schemaName;
    QString table;
    bool isView = false;
    QList<ColumnInfo> columns;
};

// The building blocks of detection, shared with the mapping dialog so both judge alike.
const ColumnInfo *findColumnNamed(const TableInfo &table, const QString &name); // case-insensitive
const ColumnInfo *findColumnBySynonyms(const TableInfo &table, LogField field);
// How much a table looks like an AI output log: "ai_outputs" first, then required fields.
int scoreLogTable(const TableInfo &table);

// Pure mapping step, testable without a database: picks the log table among `tables`
// (the user's mapping first, then "ai_outputs", then the best match by synonyms) and maps
// every logical field it can. Fails, naming what is missing, when a required field has no column.
Result<LogSchema> mapLogSchema(const QList<TableInfo> &tables, SqlDialect dialect, const LogMapping &mapping);

// Reads the catalogue of an open source, maps it and samples created_at to learn its format.
Result<LogSchema> detectLogSchema(SourceConnection &connection, const LogMapping &mapping = {});

Result<QList<TableInfo>> listTables(SourceConnection &connection);

} // namespace assay

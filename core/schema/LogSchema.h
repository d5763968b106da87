#pragma once

#include <QMetaType>

#include "schema/LogField.h"
#include "schema/TimestampCodec.h"
#include "source/SourceLocation.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace assay {

// How one team's table maps onto Assay's logical fields. Produced by SchemaDetector (or a
// mapping file) once per source and shared read-only by every query builder after that.
struct LogSchema {
    SqlDialect dialect = SqlDialect::SQLite;
    QString schemaName; // PostgreSQL namespace ("public"); empty for SQLite
    QString table;
    QHash<LogField, QString> columns; // only the fields the table has
    bool idIsRowid = false;           // SQLite table without an id column: rowid stands in
    bool idIsInteger = true;          // integer ids allow the search index to key on them
    TimestampCodec timestamps;

    bool has(LogField field) const { return field == LogField::Id ? (idIsRowid || columns.contains(field)) : columns.contains(field); }
    QString column(LogField field) const { return columns.value(field); }

    // SQL text for the field, quoted for the dialect ("rowid" for a rowid id).
    QString expr(LogField field) const;
    QString qualifiedTable() const;
    static QString quoteIdentifier(const QString &name);

    // What the user cannot do with this log, one plain sentence each.
    QStringList disabledCapabilities() const;
};

} // namespace assay

Q_DECLARE_METATYPE(assay::LogSchema)

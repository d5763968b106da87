#pragma once

#include "prompts/PromptRegistry.h"
#include "schema/SchemaDetector.h"

#include <QHash>

namespace assay {

// The columns a prompt_versions-style table may have. Name, Version and Template are required.
enum class RegistryField { Name, Version, Template, Model, Temperature, MaxTokens, Labels, Author, Note, CreatedAt };

QString registryFieldName(RegistryField field); // "name", "max_tokens", ...
// Column names teams use for the field, most likely first (lower case).
const QStringList &registryFieldSynonyms(RegistryField field);

// Which table holds the registry and which column holds each field.
struct RegistryTable {
    QString schemaName; // PostgreSQL namespace; empty for SQLite
    QString table;
    QHash<RegistryField, QString> columns;

    bool has(RegistryField field) const { return columns.contains(field); }
    QString qualifiedTable() const;
};

// Pure mapping step, testable without a database. With `requested`, that table (or a clear
// error: no such table, or which required column it lacks); without, the one table that looks
// like a registry (prompt_versions preferred), never the output log itself.
// Refuses the output log (detected, or `logTable` when the caller knows it) as a registry.
Result<RegistryTable> mapRegistryTable(const QList<TableInfo> &tables, const QString &requested = {},
                                       const QString &logTable = {});

// Prompt versions read from a table of the source database, through its read-only connection.
class TablePromptRegistry : public PromptRegistry {
public:
    static Result<std::unique_ptr<TablePromptRegistry>> open(SourceConnection &connection, const QString &table = {},
                                                             const QString &logTable = {});
    TablePromptRegistry(SourceConnection &connection, RegistryTable table);

    PromptOrigin origin() const override { return PromptOrigin::Table; }
    QString describe() const override;
    Result<QList<PromptVersion>> loadAll() override;
    // One INSERT through a writable connection of its own (see PromptRegistry::saveNew). Fields
    // the table has no column for are left out; labels are written as a JSON array.
    Result<void> saveNew(const PromptVersion &version) override;

    const RegistryTable &table() const { return m_table; }

private:
    SourceConnection &m_connection;
    RegistryTable m_table;
};

} // namespace assay

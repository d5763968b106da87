#pragma once

#include "schema/LogField.h"
#include "schema/TimestampCodec.h"
#include "util/Result.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace assay {

// A user's answer to "which table, which columns": the mapping file (--mapping FILE) and the
// mapping dialog both produce one. Anything left out is detected as usual.
//
//   { "table": "llm_calls", "schema": "public",
//     "columns": { "created_at": "logged", "output": "answer_text", "id": "call_id" },
//     "timestamp": "epoch_ms" }
struct LogMapping {
    QString table;
    QString schemaName;
    QHash<LogField, QString> columns;
    std::optional<TimestampKind> timestampKind;

    bool isEmpty() const { return table.isEmpty() && columns.isEmpty() && !timestampKind; }

    static Result<LogMapping> fromJson(const QJsonObject &json);
    static Result<LogMapping> load(const QString &path);
    QJsonObject toJson() const;
    Result<void> save(const QString &path) const;
};

} // namespace assay

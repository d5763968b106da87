#pragma once

#include "schema/LogField.h"

#include <QDateTime>
#include <QHash>
#include <QMetaType>
#include <QVariant>

namespace assay {

// One logged AI call as Assay sees it: values keyed by logical field, only those the log has.
// Rows in the browser carry a short output preview; the detail view fetches the full record.
struct OutputRecord {
    QVariant key;      // the row key used for paging and look-ups (id, or rowid)
    QVariant sortValue; // raw value of the sort column, the other half of the keyset key
    QDateTime createdAt; // decoded to UTC
    QHash<LogField, QVariant> values;
    qint64 outputBytes = -1; // full records: the output's size in bytes (0 when NULL); rows: -1
    bool outputTruncated = false;

    QVariant value(LogField f) const { return values.value(f); }
    bool has(LogField f) const { return values.contains(f); }
    bool isError() const;
};

} // namespace assay

Q_DECLARE_METATYPE(assay::OutputRecord)

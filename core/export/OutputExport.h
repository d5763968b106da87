#pragma once

#include "browse/OutputRecord.h"
#include "query/OutputFilter.h"
#include "util/Result.h"

#include <QIODevice>
#include <QJsonObject>
#include <QList>

#include <atomic>
#include <functional>

namespace assay {

class OutputsRepository;

enum class ExportFormat { Jsonl, Csv, Table };

std::optional<ExportFormat> exportFormatFromName(QStringView name);

// One record as a JSON object keyed by logical field names: created_at as ISO-8601 UTC,
// the input as JSON when it parses (else its raw text), only the fields the log has.
QJsonObject recordToJson(const OutputRecord &record, const QList<LogField> &fields);

// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
QString csvField(const QString &text);

// Writes records one at a time, so memory stays flat however many rows are exported.
class OutputWriter {
public:
    OutputWriter(QIODevice &device, ExportFormat format, QList<LogField> fields);
    void writeHeader();
    void write(const OutputRecord &record);
    bool hasError() const;

private:
    QIODevice &m_device;
    ExportFormat m_format;
    QList<LogField> m_fields;
    bool m_failed = false;
};

struct ExportProgress {
    qint64 written = 0;
    qint64 total = -1; // -1 while unknown
};

// Exports the filter's rows, newest first, through the shared repository. `progress` is
// called every few hundred rows; `cancel` stops between two rows. Returns rows written.
Result<qint64> exportOutputs(OutputsRepository &repository, const OutputFilter &filter, const SortOrder &order,
                             ExportFormat format, QIODevice &device, qint64 limit = -1,
                             const std::function<void(const ExportProgress &)> &progress = {},
                             const std::atomic<bool> *cancel = nullptr);

// The fields a log has, in the canonical order used by every export.
QList<LogField> exportedFields(const class LogSchema &schema);

} // namespace assay

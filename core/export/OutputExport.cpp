#include "export/OutputExport.h"

#include "browse/OutputsRepository.h"
#include "schema/TimestampCodec.h"

#include <QJsonDocument>
#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace assay {

std::optional<ExportFormat> exportFormatFromName(QStringView name)
{
    if (name == u"jsonl" || name == u"json")
        return ExportFormat::Jsonl;
    if (name == u"csv")
        return ExportFormat::Csv;
    if (name == u"table")
        return ExportFormat::Table;
    return std::nullopt;
}

QList<LogField> exportedFields(const LogSchema &schema)
{
    QList<LogField> fields;
    for (LogField f : allLogFields) {
        if (schema.has(f))
            fields << f;
    }
    return fields;
}

namespace {

QJsonValue numberOrText(const QVariant &v)
{
    bool ok = false;
    const double d = v.toDouble(&ok);
    if (ok && v.typeId() != QMetaType::QString)
        return (d == static_cast<double>(static_cast<qint64>(d)) && std::abs(d) < 9e15) ? QJsonValue(static_cast<qint64>(d)) : QJsonValue(d);
    const QString text = v.toString();
    const double parsed = text.toDouble(&ok);
    return ok ? QJsonValue(parsed) : QJsonValue(text);
}

QString textOf(const OutputRecord &r, LogField f)
{
    const QVariant v = r.value(f);
    if (v.isNull())
        return {};
    if (f == LogField::CreatedAt)
        return r.createdAt.isValid() ? toIsoUtc(r.createdAt) : v.toString();
    if (v.typeId() == QMetaType::QByteArray)
        return QString::fromUtf8(v.toByteArray());
    return v.toString();
}

QString oneLine(QString text, int width)
{
    text.replace(u'\n', u' ').replace(u'\r', u' ').replace(u'\t', u' ');
    if (text.size() > width)
        text = text.left(width - 1) + u'…';
    return text;
}

} // namespace

QJsonObject recordToJson(const OutputRecord &r, const QList<LogField> &fields)
{
    QJsonObject o;
    for (LogField f : fields) {
        const QVariant v = r.value(f);
        const QString key = logFieldName(f);
        if (v.isNull() || !v.isValid()) {
            o[key] = QJsonValue::Null;
        } else if (f == LogField::CreatedAt) {
            o[key] = r.createdAt.isValid() ? toIsoUtc(r.createdAt) : v.toString();
        } else if (f == LogField::Input) {
            QJsonParseError error;
            const QString text = textOf(r, f);
            const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
            o[key] = error.error == QJsonParseError::NoError && !doc.isNull()
                ? (doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()))
                : QJsonValue(text);
        } else if (isNumericLogField(f)) {
            o[key] = numberOrText(v);
        } else if (f == LogField::Id) {
            o[key] = v.typeId() == QMetaType::QString ? QJsonValue(v.toString()) : numberOrText(v);
        } else {
            o[key] = textOf(r, f);
        }
    }
    return o;
}

QString csvField(const QString &text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') && !text.contains(u'\r'))
        return text;
    QString quoted = text;
    quoted.replace(u'"', u"\"\""_s);
    return u'"' + quoted + u'"';
}

OutputWriter::OutputWriter(QIODevice &device, ExportFormat format, QList<LogField> fields)
    : m_device(device), m_format(format), m_fields(std::move(fields))
{
    if (m_format == ExportFormat::Table) {
        // A terminal table shows what fits on a line; the full record is one --format away.
        QList<LogField> shown;
        for (LogField f : {LogField::Id, LogField::CreatedAt, LogField::Feature, LogField::Model, LogField::Feedback,
                           LogField::OutputTokens, LogField::LatencyMs, LogField::Output}) {
            if (m_fields.contains(f))
                shown << f;
        }
        m_fields = shown;
    }
}

namespace {

int tableWidth(LogField f)
{
    switch (f) {
    case LogField::Id:
        return 10;
    case LogField::CreatedAt:
        return 24;
    case LogField::Feature:
        return 18;
    case LogField::Model:
        return 18;
    case LogField::Feedback:
        return 9;
    case LogField::OutputTokens:
        return 13;
    case LogField::LatencyMs:
        return 10;
    default:
        return 60;
    }
}

} // namespace

void OutputWriter::writeHeader()
{
    if (m_format == ExportFormat::Jsonl)
        return;
    QStringList names;
    for (LogField f : m_fields)
        names << (m_format == ExportFormat::Table ? logFieldName(f).leftJustified(tableWidth(f)) : logFieldName(f));
    // CSV lines all end in CRLF (RFC 4180), the header included, so no reader sees mixed endings.
    if (m_format == ExportFormat::Csv)
        m_failed |= m_device.write(names.join(u',').toUtf8() + "\r\n") < 0;
    else
        m_failed |= m_device.write(names.join(u"  "_s).trimmed().toUtf8() + '\n') < 0;
}

void OutputWriter::write(const OutputRecord &r)
{
    if (m_format == ExportFormat::Jsonl) {
        m_failed |= m_device.write(QJsonDocument(recordToJson(r, m_fields)).toJson(QJsonDocument::Compact) + '\n') < 0;
        return;
    }
    QStringList cells;
    for (LogField f : m_fields) {
        const QString text = textOf(r, f);
        if (m_format == ExportFormat::Csv)
            cells << csvField(text);
        else
            cells << oneLine(text, tableWidth(f)).leftJustified(tableWidth(f));
    }
    const QString line = m_format == ExportFormat::Csv ? cells.join(u',') : cells.join(u"  "_s).trimmed();
    m_failed |= m_device.write(line.toUtf8() + (m_format == ExportFormat::Csv ? "\r\n" : "\n")) < 0;
}

bool OutputWriter::hasError() const
{
    return m_failed;
}

Result<qint64> exportOutputs(OutputsRepository &repository, const OutputFilter &filter, const SortOrder &order,
                             ExportFormat format, QIODevice &device, qint64 limit,
                             const std::function<void(const ExportProgress &)> &progress,
                             const std::atomic<bool> *cancel)
{
    ExportProgress state;
    if (progress) {
        // The total is worth one count query: a progress bar without an end is a spinner.
        if (auto total = repository.count(filter))
            state.total = limit >= 0 ? std::min(limit, *total) : *total;
        progress(state);
    }
    OutputWriter writer(device, format, exportedFields(repository.schema()));
    writer.writeHeader();
    bool cancelled = false;
    bool writeFailed = false;
    auto walked = repository.forEachRecord(filter, order, limit, [&](const OutputRecord &r) {
        if (cancel && cancel->load()) {
            cancelled = true;
            return false;
        }
        writer.write(r);
        if (writer.hasError()) {
            writeFailed = true;
            return false;
        }
        ++state.written;
        if (progress && state.written % 500 == 0)
            progress(state);
        return true;
    });
    if (!walked)
        return fail(walked.error());
    if (writeFailed)
        return fail(u"cannot write the export: %1"_s.arg(device.errorString()));
    if (cancelled)
        return fail(u"export cancelled after %1 rows"_s.arg(state.written));
    if (progress)
        progress(state);
    return state.written;
}

} // namespace assay

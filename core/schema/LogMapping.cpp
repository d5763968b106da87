#include "schema/LogMapping.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

std::optional<TimestampKind> timestampKindFromName(const QString &name)
{
    if (name == "iso"_L1 || name == "iso8601"_L1 || name == "text"_L1)
        return TimestampKind::IsoText;
    if (name == "sql"_L1 || name == "timestamp"_L1)
        return TimestampKind::SqlTimestamp;
    if (name == "epoch_s"_L1 || name == "epoch_seconds"_L1 || name == "seconds"_L1)
        return TimestampKind::EpochSeconds;
    if (name == "epoch_ms"_L1 || name == "epoch_millis"_L1 || name == "milliseconds"_L1)
        return TimestampKind::EpochMillis;
    return std::nullopt;
}

QString timestampKindKey(TimestampKind kind)
{
    switch (kind) {
    case TimestampKind::IsoText:
        return u"iso"_s;
    case TimestampKind::SqlTimestamp:
        return u"sql"_s;
    case TimestampKind::EpochSeconds:
        return u"epoch_s"_s;
    case TimestampKind::EpochMillis:
        return u"epoch_ms"_s;
    }
    return {};
}

} // namespace

Result<LogMapping> LogMapping::fromJson(const QJsonObject &json)
{
    LogMapping m;
    static const QStringList known{u"table"_s, u"schema"_s, u"columns"_s, u"timestamp"_s};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key()))
            return fail(u"unknown key \"%1\" in mapping (expected table, schema, columns, timestamp)"_s.arg(it.key()));
    }
    m.table = json.value(u"table"_s).toString();
    m.schemaName = json.value(u"schema"_s).toString();
    const QJsonValue columns = json.value(u"columns"_s);
    if (!columns.isUndefined() && !columns.isObject())
        return fail(u"\"columns\" in the mapping must be an object of field: column"_s);
    const QJsonObject cols = columns.toObject();
    for (auto it = cols.begin(); it != cols.end(); ++it) {
        const auto field = logFieldFromName(it.key());
        if (!field)
            return fail(u"unknown field \"%1\" in mapping columns"_s.arg(it.key()));
        if (!it.value().isString() || it.value().toString().isEmpty())
            return fail(u"the column for \"%1\" must be a non-empty string"_s.arg(it.key()));
        m.columns.insert(*field, it.value().toString());
    }
    if (json.contains(u"timestamp"_s)) {
        const QString name = json.value(u"timestamp"_s).toString();
        m.timestampKind = timestampKindFromName(name);
        if (!m.timestampKind)
            return fail(u"unknown timestamp format \"%1\" (use iso, sql, epoch_s or epoch_ms)"_s.arg(name));
    }
    return m;
}

Result<LogMapping> LogMapping::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"cannot read mapping file %1: %2"_s.arg(path, file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return fail(u"mapping file %1 is not valid JSON: %2 at offset %3"_s.arg(path, error.errorString()).arg(error.offset));
    if (!doc.isObject())
        return fail(u"mapping file %1 must hold a JSON object"_s.arg(path));
    auto mapping = fromJson(doc.object());
    if (!mapping)
        return fail(u"mapping file %1: %2"_s.arg(path, mapping.error()));
    return mapping;
}

QJsonObject LogMapping::toJson() const
{
    QJsonObject o;
    if (!table.isEmpty())
        o[u"table"_s] = table;
    if (!schemaName.isEmpty())
        o[u"schema"_s] = schemaName;
    QJsonObject cols;
    for (LogField f : allLogFields) {
        if (columns.contains(f))
            cols[logFieldName(f)] = columns.value(f);
    }
    if (!cols.isEmpty())
        o[u"columns"_s] = cols;
    if (timestampKind)
        o[u"timestamp"_s] = timestampKindKey(*timestampKind);
    return o;
}

Result<void> LogMapping::save(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    file.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return fail(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    return {};
}

} // namespace assay

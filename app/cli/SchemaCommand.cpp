#include "cli/Commands.h"

#include "schema/TimestampCodec.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace assay::cli {

int runSchema(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Show how Assay reads a log: the table, each field's column, and what is missing."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    addSourceOptions(parser);
    parser.addOption({u"write-mapping"_s, u"Write the detected mapping as a mapping file to edit."_s, u"file"_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return die(io, BadUsage, u"schema takes one SOURCE"_s);
    auto spec = sessionSpecFrom(parser, parser.positionalArguments().first());
    if (!spec)
        return die(io, BadUsage, spec.error());
    spec->useWorkspace = false;
    auto session = LogSession::open(*spec);
    if (!session)
        return die(io, BadUsage, session.error());
    const LogSchema &schema = (*session)->schema();

    io.out << "table: " << schema.qualifiedTable() << "\n";
    io.out << "created_at format: " << TimestampCodec::kindName(schema.timestamps.kind) << "\n";
    for (LogField f : allLogFields) {
        const QString column = f == LogField::Id && schema.idIsRowid ? u"(rowid)"_s : schema.column(f);
        io.out << "  " << logFieldName(f).leftJustified(20) << (column.isEmpty() ? u"-"_s : column) << "\n";
    }
    const QStringList disabled = schema.disabledCapabilities();
    for (const QString &line : disabled)
        io.out << "note: " << line << "\n";
    io.out.flush();

    if (parser.isSet(u"write-mapping"_s)) {
        LogMapping mapping;
        mapping.table = schema.table;
        mapping.schemaName = schema.schemaName;
        mapping.columns = schema.columns;
        mapping.timestampKind = schema.timestamps.kind;
        if (auto saved = mapping.save(parser.value(u"write-mapping"_s)); !saved)
            return die(io, Failed, saved.error());
    }
    return Ok;
}

} // namespace assay::cli

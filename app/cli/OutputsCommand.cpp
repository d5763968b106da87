#include "cli/Commands.h"

#include "export/OutputExport.h"
#include "query/FilterSql.h"

#include <QFile>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace assay::cli {

int runOutputs(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"List logged AI outputs, newest first."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    addSourceOptions(parser);
    addFilterOptions(parser);
    parser.addOption({u"limit"_s, u"At most N rows (default: 50 for table, all for jsonl and csv)."_s, u"N"_s});
    parser.addOption({u"format"_s, u"table, jsonl or csv (default: table)."_s, u"format"_s, u"table"_s});
    parser.addOption({{u"o"_s, u"output"_s}, u"Write to FILE instead of standard output."_s, u"file"_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return die(io, BadUsage, u"outputs takes one SOURCE (see assay outputs --help)"_s);

    const auto format = exportFormatFromName(parser.value(u"format"_s));
    if (!format)
        return die(io, BadUsage, u"--format must be table, jsonl or csv"_s);
    qint64 limit = *format == ExportFormat::Table ? 50 : -1;
    if (parser.isSet(u"limit"_s)) {
        bool ok = false;
        limit = parser.value(u"limit"_s).toLongLong(&ok);
        if (!ok || limit < 0)
            return die(io, BadUsage, u"--limit must be a whole number of rows"_s);
    }
    auto filter = filterFrom(parser);
    if (!filter)
        return die(io, BadUsage, filter.error());
    auto spec = sessionSpecFrom(parser, parser.positionalArguments().first());
    if (!spec)
        return die(io, BadUsage, spec.error());
    spec->useWorkspace = filter->needsWorkspace();
    auto session = LogSession::open(*spec);
    if (!session)
        return die(io, BadUsage, session.error());
    if (const QString problem = (*session)->reviewLabelProblem(*filter); !problem.isEmpty())
        return die(io, Failed, problem);
    if (const QStringList unsupported = unsupportedFilters((*session)->schema(), *filter); !unsupported.isEmpty())
        return die(io, BadUsage, unsupported.join(u"; "_s));

    QFile stdoutFile;
    QSaveFile outFile;
    QIODevice *device = nullptr;
    if (parser.isSet(u"output"_s)) {
        outFile.setFileName(parser.value(u"output"_s));
        if (!outFile.open(QIODevice::WriteOnly))
            return die(io, Failed, u"cannot write %1: %2"_s.arg(outFile.fileName(), outFile.errorString()));
        device = &outFile;
    } else {
        io.out.flush();
        if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
            return die(io, Failed, u"cannot write to standard output"_s);
        device = &stdoutFile;
    }
    auto written = exportOutputs((*session)->outputs(), *filter, SortOrder{}, *format, *device, limit);
    if (!written) {
        if (parser.isSet(u"output"_s))
            outFile.cancelWriting();
        return die(io, Failed, written.error());
    }
    if (parser.isSet(u"output"_s) && !outFile.commit())
        return die(io, Failed, u"cannot write %1: %2"_s.arg(outFile.fileName(), outFile.errorString()));
    stdoutFile.flush();
    return Ok;
}

} // namespace assay::cli

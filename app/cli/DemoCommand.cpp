#include "cli/Commands.h"

#include "demo/DemoLogGenerator.h"
#include "schema/TimestampCodec.h"

#include <QElapsedTimer>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace assay::cli {

int runDemo(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Write a realistic demo AI output log (SQLite) with a prompt registry."_s);
    parser.addOption({{u"o"_s, u"output"_s}, u"The SQLite file to write."_s, u"file"_s});
    parser.addOption({u"rows"_s, u"How many outputs (default 200000)."_s, u"N"_s, u"200000"_s});
    parser.addOption({u"seed"_s, u"Random seed; the same seed and end give the same file (default 42)."_s, u"S"_s, u"42"_s});
    parser.addOption({u"end"_s, u"Newest time in the log (default: the start of tomorrow, UTC)."_s, u"date"_s});
    addTimeZoneOption(parser);
    parser.addOption({u"days"_s, u"Days of history (default 60)."_s, u"N"_s, u"60"_s});
    parser.addOption({u"force"_s, u"Replace the file if it exists."_s});
    parser.addOption({{u"q"_s, u"quiet"_s}, u"No progress on stderr."_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    if (!parser.isSet(u"output"_s))
        return die(io, BadUsage, u"demo needs -o FILE"_s);

    DemoOptions options;
    bool ok = false;
    options.rows = parser.value(u"rows"_s).toLongLong(&ok);
    if (!ok || options.rows < 1 || options.rows > 100'000'000)
        return die(io, BadUsage, u"--rows must be between 1 and 100000000"_s);
    options.seed = parser.value(u"seed"_s).toULongLong(&ok);
    if (!ok)
        return die(io, BadUsage, u"--seed must be a non-negative whole number"_s);
    options.days = parser.value(u"days"_s).toInt(&ok);
    if (!ok || options.days < 1 || options.days > 3650)
        return die(io, BadUsage, u"--days must be between 1 and 3650"_s);
    if (parser.isSet(u"end"_s)) {
        const auto end = timeFrom(parser, u"end"_s);
        if (!end)
            return die(io, BadUsage, end.error());
        options.end = *end;
    }
    const QString path = parser.value(u"output"_s);
    if (QFileInfo::exists(path) && !parser.isSet(u"force"_s))
        return die(io, BadUsage, u"%1 exists; pass --force to replace it"_s.arg(path));

    const bool quiet = parser.isSet(u"quiet"_s);
    QElapsedTimer clock;
    clock.start();
    auto written = writeDemoLog(path, options, [&](qint64 done, qint64 total) {
        if (!quiet)
            io.err << "\rwriting " << done << " / " << total << " rows" << Qt::flush;
        return true;
    });
    if (!quiet)
        io.err << Qt::endl;
    if (!written)
        return die(io, Failed, written.error());
    io.out << "wrote " << options.rows << " outputs to " << path << " in " << QString::number(clock.elapsed() / 1000.0, 'f', 1)
           << " s" << Qt::endl;
    return Ok;
}

} // namespace assay::cli

// assay report SOURCE -o FILE.pdf|.html|.md: the weekly report from the command line.
#include "cli/Commands.h"

#include "report/MarkdownReport.h"
#include "report/ReportFormat.h"
#include "report/ReportWriter.h"
#include "report/WeeklyReportBuilder.h"
#include "util/CalendarWeek.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace assay::cli {

int runReport(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"The weekly report: volume, cost and latency against the previous week by feature and model, end-user\n"
        "feedback and reviewer labels with 95% intervals and agreement, the negative examples, the prompt versions\n"
        "created that week, and charts (PDF and HTML). Written to -o; its suffix picks the format."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    addSourceOptions(parser);
    parser.addOption({{u"o"_s, u"output"_s}, u"The report file: .pdf, .html or .md (- writes Markdown to stdout)."_s,
                      u"file"_s});
    parser.addOption({u"week"_s, u"The ISO week, e.g. 2026-W47 (default: the last full week in --tz)."_s, u"week"_s});
    addTimeZoneOption(parser);
    parser.addOption({u"prices"_s, u"A price file (overrides) layered over the built-in list prices (default: the user price file)."_s, u"file"_s});
    parser.addOption({u"registry"_s, u"The prompt registry: a folder of prompt files or a table of the source."_s,
                      u"path-or-table"_s});
    parser.addOption({u"examples"_s, u"Negative examples listed per kind (default 10)."_s, u"N"_s, u"10"_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return die(io, BadUsage, u"report takes one SOURCE (see assay report --help)"_s);
    const QString path = parser.value(u"output"_s);
    if (path.isEmpty())
        return die(io, BadUsage, u"report needs -o FILE.pdf, FILE.html or FILE.md"_s);
    const bool toStdout = path == "-"_L1;
    const auto format = toStdout ? std::optional(ReportFileFormat::Markdown) : reportFileFormatOf(path);
    if (!format)
        return die(io, BadUsage, u"-o %1: name the file .pdf, .html or .md"_s.arg(path));

    WeeklyReportOptions options;
    const auto zone = zoneFrom(parser);
    if (!zone)
        return die(io, BadUsage, zone.error());
    options.week = lastFullWeek(QDateTime::currentDateTimeUtc(), *zone);
    if (parser.isSet(u"week"_s)) {
        const auto monday = parseIsoWeek(parser.value(u"week"_s));
        if (!monday)
            return die(io, BadUsage, u"--week: "_s + monday.error());
        options.week.monday = *monday;
    }
    bool numeric = false;
    options.negativeCap = parser.value(u"examples"_s).toInt(&numeric);
    if (!numeric || options.negativeCap < 0)
        return die(io, BadUsage, u"--examples takes a number, 0 or more"_s);
    options.registry = parser.value(u"registry"_s);
    auto prices = pricesFrom(parser);
    if (!prices)
        return die(io, BadUsage, prices.error());
    options.prices = *prices;
    // Charts need a QApplication (main() makes one for this command); say so rather than crash.
    if (*format != ReportFileFormat::Markdown && !qobject_cast<QApplication *>(QCoreApplication::instance()))
        return die(io, Failed, u"HTML and PDF reports draw charts and need a QApplication"_s);
    // Fail before the work when the file cannot be written where it goes.
    if (!toStdout && !QFileInfo(QFileInfo(path).absolutePath()).isDir())
        return die(io, Failed, u"cannot write %1: the folder %2 does not exist"_s.arg(
                                   path, QDir::toNativeSeparators(QFileInfo(path).absolutePath())));

    auto spec = sessionSpecFrom(parser, parser.positionalArguments().first());
    if (!spec)
        return die(io, BadUsage, spec.error());
    auto session = LogSession::open(*spec);
    if (!session)
        return die(io, BadUsage, session.error());
    auto data = buildWeeklyReport(**session, options);
    if (!data)
        return die(io, Failed, data.error());
    if (toStdout) {
        io.out << weeklyReportMarkdown(*data);
        io.out.flush();
        return Ok;
    }
    if (auto written = writeWeeklyReport(*data, path); !written)
        return die(io, Failed, written.error());

    io.err << "wrote " << path << ": " << data->week.label() << ", " << formatCount(data->current.calls)
           << " calls" << Qt::endl;
    if (data->current.calls == 0)
        io.err << "note: the log has no calls in " << data->week.label() << " (" << data->week.zone.id()
               << "); pick another with --week" << Qt::endl;
    if (!data->labelsAvailable)
        io.err << "note: no reviewer labels in the report: " << data->labelsNote << Qt::endl;
    if (!data->promptsAvailable)
        io.err << "note: no prompt versions in the report: " << data->promptsNote << Qt::endl;
    return Ok;
}

} // namespace assay::cli

#pragma once

#include "pricing/PriceTable.h"

#include "browse/LogSession.h"
#include "query/OutputFilter.h"

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>
#include <QTimeZone>

#include <functional>
#include <memory>

namespace assay::cli {

// The exit codes every subcommand keeps (scripts and CI rely on them).
enum ExitCode { Ok = 0, Failed = 1, BadUsage = 2 };

struct Io {
    QTextStream &out;
    QTextStream &err;
};

// Prints "assay: <message>" on stderr and returns `code`, so call sites read `return die(...)`.
int die(Io io, int code, const QString &message);

// --mapping FILE and --workspace PATH|URL, shared by every command that opens a source.
void addSourceOptions(QCommandLineParser &parser);
// The filter flags of `assay outputs`, shared with `views save` and the exporter.
void addFilterOptions(QCommandLineParser &parser);
// The workspace part of those (--label, --reviewed, --unreviewed, --reviewer, --has-note, --tag,
// --disagrees, --fails-check), for commands that choose outputs with their own variant of the others.
void addReviewerFilterOptions(QCommandLineParser &parser);

// --tz ZONE, on every command that reads or prints calendar times: Assay's one time-zone rule
// (util/CalendarWeek.h), the user's zone unless --tz names another.
void addTimeZoneOption(QCommandLineParser &parser);
Result<QTimeZone> zoneFrom(const QCommandLineParser &parser);
// A time typed as option `name` (--since, --until, --end...), read in zoneFrom(parser); the
// error names the option.
Result<QDateTime> timeFrom(const QCommandLineParser &parser, const QString &name);

// Reads the source argument and source options into a spec; fails with a one-line reason.
Result<SessionSpec> sessionSpecFrom(const QCommandLineParser &parser, const QString &sourceArgument);
Result<OutputFilter> filterFrom(const QCommandLineParser &parser);
// The prices a command charges with: --prices FILE over the built-in list prices when given, else
// the user price file (Settings ▸ Prices; see pricing/UserPrices.h). A broken file is an error.
Result<PriceTable> pricesFrom(const QCommandLineParser &parser);
// Prints rows as aligned columns: text left-aligned, numbers right-aligned from column `firstNumber` on.
void printTable(QTextStream &out, const QList<QStringList> &table, qsizetype firstNumber);

// Opens the source and its workspace (for commands that keep data there: labels, judging);
// on failure prints why and returns null with the exit code in `code`.
std::unique_ptr<LogSession> openWithWorkspace(const QCommandLineParser &parser, const QString &source, Io io, int &code);

// The `--stdin` protocol of label and judge: one command per line of standard input (blank lines
// and # comments skipped), each handled by `handle`, which saves it and returns the id to
// acknowledge ("saved ID" is printed and flushed at once, so a caller that saw it knows it is
// durable) or fails with the reason, printed as "line N: reason". Failed lines are skipped; the
// exit code is Failed when any was.
int handleInputLines(Io io, const std::function<Result<QString>(const QString &line)> &handle);

// Parses `args` (the subcommand's own, program name first); on --help prints and exits.
bool parseOrExplain(QCommandLineParser &parser, const QStringList &args, Io io, int &exitCode);

} // namespace assay::cli

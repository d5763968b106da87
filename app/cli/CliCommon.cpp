#include "cli/CliCommon.h"

#include "pricing/UserPrices.h"

#include "schema/TimestampCodec.h"
#include "util/CalendarWeek.h"

#include <iostream>
#include <string>

using namespace Qt::StringLiterals;

namespace assay::cli {

int die(Io io, int code, const QString &message)
{
    io.err << "assay: " << message << Qt::endl;
    return code;
}

void addSourceOptions(QCommandLineParser &parser)
{
    parser.addOption({u"mapping"_s, u"JSON file naming the log table and its columns."_s, u"file"_s});
    parser.addOption({u"workspace"_s, u"Assay's own store: a SQLite file or a postgresql:// URL (default: per source, under the data folder)."_s, u"where"_s});
}

void addFilterOptions(QCommandLineParser &parser)
{
    parser.addOption({u"feature"_s, u"Only this feature (repeatable)."_s, u"F"_s});
    parser.addOption({u"model"_s, u"Only this model (repeatable)."_s, u"M"_s});
    parser.addOption({u"since"_s, u"From this time: 7d, 24h, 30m, 2w or a date/ISO-8601 time."_s, u"when"_s});
    parser.addOption({u"until"_s, u"Before this time (same forms as --since)."_s, u"when"_s});
    parser.addOption({u"user"_s, u"Only this user id."_s, u"U"_s});
    parser.addOption({u"session"_s, u"Only this session id."_s, u"S"_s});
    parser.addOption({u"feedback"_s, u"End-user feedback: positive, negative, edited or none (repeatable)."_s, u"value"_s});
    parser.addOption({u"prompt"_s, u"Only this prompt, NAME or NAME@VERSION."_s, u"prompt"_s});
    parser.addOption({u"errors"_s, u"Only calls that failed."_s});
    parser.addOption({u"search"_s, u"Text in the output or input (case-insensitive)."_s, u"text"_s});
    addReviewerFilterOptions(parser);
    addTimeZoneOption(parser);
}

void addTimeZoneOption(QCommandLineParser &parser)
{
    parser.addOption({u"tz"_s,
                      u"Time zone of dates, days and weeks (--since 2026-11-01 is that midnight there), e.g. "
                      "Europe/Berlin or UTC (default: this machine's zone, %1)."_s.arg(QString::fromUtf8(userTimeZone().id())),
                      u"zone"_s});
}

Result<QTimeZone> zoneFrom(const QCommandLineParser &parser)
{
    auto zone = timeZoneNamed(parser.value(u"tz"_s));
    if (!zone)
        return fail(u"--tz: "_s + zone.error());
    return zone;
}

Result<QDateTime> timeFrom(const QCommandLineParser &parser, const QString &name)
{
    const auto zone = zoneFrom(parser);
    if (!zone)
        return fail(zone.error());
    const auto when = parseUserTime(parser.value(name), QDateTime::currentDateTimeUtc(), *zone);
    if (!when)
        return fail(u"--%1: %2"_s.arg(name, when.error()));
    return when;
}

void addReviewerFilterOptions(QCommandLineParser &parser)
{
    parser.addOption({u"label"_s, u"Reviewer label: positive, negative or edited (repeatable)."_s, u"L"_s});
    parser.addOption({u"reviewed"_s, u"Only outputs with a reviewer label (by --reviewer, if given)."_s});
    parser.addOption({u"unreviewed"_s, u"Only outputs without a reviewer label (by --reviewer, if given)."_s});
    parser.addOption({u"reviewer"_s, u"Only outputs this reviewer labelled (with --unreviewed: did not label)."_s, u"name"_s});
    parser.addOption({u"has-note"_s, u"Only outputs whose reviewer label has a note."_s});
    parser.addOption({u"tag"_s, u"Only outputs whose reviewer label has this tag."_s, u"T"_s});
    parser.addOption({u"disagrees"_s, u"Only outputs whose reviewer label differs from the end user's feedback."_s});
    parser.addOption({u"fails-check"_s, u"Only outputs whose newest stored result of this check failed (see assay checks)."_s, u"name"_s});
}

Result<SessionSpec> sessionSpecFrom(const QCommandLineParser &parser, const QString &sourceArgument)
{
    auto location = SourceLocation::parse(sourceArgument);
    if (!location)
        return fail(location.error());
    SessionSpec spec;
    spec.source = *location;
    if (parser.isSet(u"mapping"_s)) {
        auto mapping = LogMapping::load(parser.value(u"mapping"_s));
        if (!mapping)
            return fail(mapping.error());
        spec.mapping = *mapping;
    }
    spec.workspace = parser.value(u"workspace"_s);
    return spec;
}

Result<OutputFilter> filterFrom(const QCommandLineParser &parser)
{
    OutputFilter f;
    f.features = parser.values(u"feature"_s);
    f.models = parser.values(u"model"_s);
    for (const auto &[name, target] : {std::pair{u"since"_s, &f.since}, std::pair{u"until"_s, &f.until}}) {
        if (!parser.isSet(name))
            continue;
        const auto when = timeFrom(parser, name);
        if (!when)
            return fail(when.error());
        *target = *when;
    }
    f.userId = parser.value(u"user"_s);
    f.sessionId = parser.value(u"session"_s);
    for (const QString &value : parser.values(u"feedback"_s)) {
        const auto fb = OutputFilter::feedbackFromName(value);
        if (!fb)
            return fail(u"--feedback: \"%1\" is not positive, negative, edited or none"_s.arg(value));
        f.feedback << *fb;
    }
    if (parser.isSet(u"prompt"_s)) {
        const QString prompt = parser.value(u"prompt"_s);
        f.promptName = prompt.section(u'@', 0, 0);
        f.promptVersion = prompt.contains(u'@') ? prompt.section(u'@', 1) : QString();
        if (f.promptName.isEmpty())
            return fail(u"--prompt needs a name: NAME or NAME@VERSION"_s);
    }
    f.errorsOnly = parser.isSet(u"errors"_s);
    f.search = parser.value(u"search"_s);
    for (const QString &value : parser.values(u"label"_s)) {
        const QString name = value.toLower();
        if (name != "positive"_L1 && name != "negative"_L1 && name != "edited"_L1)
            return fail(u"--label: \"%1\" is not positive, negative or edited"_s.arg(value));
        if (!f.reviewLabels.contains(name))
            f.reviewLabels << name;
    }
    if (parser.isSet(u"reviewed"_s) && parser.isSet(u"unreviewed"_s))
        return fail(u"--reviewed and --unreviewed exclude each other"_s);
    if (parser.isSet(u"reviewed"_s))
        f.reviewed = ReviewedFilter::Reviewed;
    if (parser.isSet(u"unreviewed"_s))
        f.reviewed = ReviewedFilter::Unreviewed;
    f.reviewer = parser.value(u"reviewer"_s);
    f.hasNote = parser.isSet(u"has-note"_s);
    f.tag = parser.value(u"tag"_s);
    f.disagreesWithUser = parser.isSet(u"disagrees"_s);
    f.failsCheck = parser.value(u"fails-check"_s);
    return f;
}

bool parseOrExplain(QCommandLineParser &parser, const QStringList &args, Io io, int &exitCode)
{
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help."_s);
    parser.addOption(help);
    if (!parser.parse(args)) {
        exitCode = die(io, BadUsage, parser.errorText());
        return false;
    }
    if (parser.isSet(help)) {
        io.out << parser.helpText();
        exitCode = Ok;
        return false;
    }
    return true;
}


void printTable(QTextStream &out, const QList<QStringList> &table, qsizetype firstNumber)
{
    QList<qsizetype> widths(table.first().size(), 0);
    for (const QStringList &row : table)
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    for (const QStringList &row : table) {
        QStringList padded;
        for (qsizetype i = 0; i < row.size(); ++i)
            padded << (i >= firstNumber ? row[i].rightJustified(widths[i]) : row[i].leftJustified(widths[i]));
        out << padded.join(u"  "_s).trimmed() << "\n";
    }
}

Result<PriceTable> pricesFrom(const QCommandLineParser &parser)
{
    if (!parser.isSet(u"prices"_s))
        return loadUserPriceTable();
    PriceTable prices = PriceTable::withDefaults();
    if (auto loaded = prices.loadOverridesFile(parser.value(u"prices"_s)); !loaded)
        return fail(loaded.error());
    return prices;
}

std::unique_ptr<LogSession> openWithWorkspace(const QCommandLineParser &parser, const QString &source, Io io, int &code)
{
    auto spec = sessionSpecFrom(parser, source);
    if (!spec) {
        code = die(io, BadUsage, spec.error());
        return nullptr;
    }
    auto session = LogSession::open(*spec);
    if (!session) {
        code = die(io, BadUsage, session.error());
        return nullptr;
    }
    if (!(*session)->workspace()) {
        code = die(io, Failed, (*session)->workspaceError());
        return nullptr;
    }
    return std::move(*session);
}

int handleInputLines(Io io, const std::function<Result<QString>(const QString &line)> &handle)
{
    int lineNumber = 0;
    bool anyFailed = false;
    std::string raw;
    while (std::getline(std::cin, raw)) {
        ++lineNumber;
        const QString line = QString::fromUtf8(raw.data(), qsizetype(raw.size())).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const auto saved = handle(line);
        if (!saved) {
            io.err << "assay: line " << lineNumber << ": " << saved.error() << Qt::endl;
            anyFailed = true;
            continue;
        }
        io.out << "saved " << *saved << Qt::endl; // endl flushes: the ack leaves at once
    }
    return anyFailed ? Failed : Ok;
}

} // namespace assay::cli

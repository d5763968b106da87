#include "cli/Commands.h"

#include "targets/TargetStatus.h"
#include "targets/TargetStore.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace assay::cli {

namespace {

constexpr int TargetBreached = 4; // as `costs --check-budget` exits on a projected overrun

// The targets a command works with: the workspace's, with a folder registry's targets.json
// over them (the team versions that file with its prompts).
Result<QList<QualityTarget>> targetsOf(Workspace &workspace, const QCommandLineParser &parser)
{
    const QString folder = parser.value(u"registry"_s);
    if (parser.isSet(u"registry"_s) && !QFileInfo(folder).isDir())
        return fail(u"--registry %1: targets.json is read from a folder registry"_s.arg(folder));
    return effectiveTargets(workspace, folder);
}

// The targets `set` names: one per measure flag, all for one feature, prompt and window.
Result<QList<QualityTarget>> targetsToSet(const QCommandLineParser &parser)
{
    QualityTarget base;
    base.feature = parser.value(u"feature"_s).trimmed();
    if (base.feature.isEmpty())
        return fail(u"targets set needs --feature F"_s);
    base.prompt = parser.value(u"prompt"_s).trimmed();
    if (parser.isSet(u"window"_s)) {
        auto window = parseWindow(parser.value(u"window"_s));
        if (!window)
            return fail(u"--window: "_s + window.error());
        base.windowSeconds = *window;
    }
    QList<QualityTarget> out;
    const auto add = [&](TargetMetric metric, const QString &flag, const QString &value,
                         const QString &check = {}) -> Result<void> {
        auto limit = parseTargetLimit(metric, value);
        if (!limit)
            return fail(u"--%1: %2"_s.arg(flag, limit.error()));
        QualityTarget t = base;
        t.metric = metric;
        t.limit = *limit;
        t.check = check;
        out << t;
        return {};
    };
    for (const TargetMetric metric : allTargetMetrics()) {
        const QString flag = targetMetricName(metric); // the flags are the measures' names
        if (metric == TargetMetric::CheckFailures) {
            for (const QString &value : parser.values(flag)) {
                const QString check = value.section(u'=', 0, 0).trimmed();
                if (check.isEmpty() || !value.contains(u'='))
                    return fail(u"--check-failures: write NAME=RATE, e.g. json_valid=2%"_s);
                if (auto r = add(metric, flag + u' ' + check, value.section(u'=', 1), check); !r)
                    return fail(r.error());
            }
        } else if (parser.isSet(flag)) {
            if (auto r = add(metric, flag, parser.value(flag)); !r)
                return fail(r.error());
        }
    }
    if (out.isEmpty())
        return fail(u"targets set needs at least one of --negative-feedback, --negative-labels, --check-failures, "
                    "--errors, --p95-latency, --cost-per-call"_s);
    return out;
}

QString windowText(const QualityTarget &t)
{
    return windowName(t.windowSeconds);
}

} // namespace

int runTargets(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Quality targets: the acceptable rate of negative feedback, negative reviewer labels, check failures or "
        "errors, a p95 latency or a cost per call, per feature (optionally per prompt), over a trailing window. "
        "`check` judges each with its Wilson 95% interval: breached only when the interval lies wholly above the "
        "limit, met when wholly below, at risk in between, not enough data under 20 outputs; exit 4 on a breach."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    parser.addPositionalArgument(u"action"_s, u"set, list (default), remove or check."_s, u"[set|list|remove|check]"_s);
    addSourceOptions(parser);
    parser.addOption({u"feature"_s, u"The feature the target is for."_s, u"F"_s});
    parser.addOption({u"prompt"_s, u"Only this prompt, NAME or NAME@VERSION (default: every prompt of the feature)."_s,
                      u"prompt"_s});
    parser.addOption({u"window"_s, u"The trailing window each check reads: 24h, 7d, 4w (default 7d)."_s, u"window"_s});
    parser.addOption({u"negative-feedback"_s, u"Highest acceptable share of rated outputs end users marked negative, "
                                              "e.g. 5% or 0.05."_s, u"rate"_s});
    parser.addOption({u"negative-labels"_s, u"Highest acceptable share of reviewed outputs a reviewer labelled "
                                            "negative."_s, u"rate"_s});
    parser.addOption({u"check-failures"_s, u"NAME=RATE: highest acceptable share of checked outputs failing the "
                                           "check (repeatable)."_s, u"name=rate"_s});
    parser.addOption({u"errors"_s, u"Highest acceptable share of calls that failed."_s, u"rate"_s});
    parser.addOption({u"p95-latency"_s, u"Highest acceptable p95 latency in ms."_s, u"ms"_s});
    parser.addOption({u"cost-per-call"_s, u"Highest acceptable mean cost per call in USD."_s, u"usd"_s});
    parser.addOption({u"metric"_s, u"remove: only this measure (e.g. negative-feedback)."_s, u"metric"_s});
    parser.addOption({u"registry"_s, u"A folder registry whose targets.json adds to (and overrides) the stored targets."_s,
                      u"folder"_s});
    parser.addOption({u"as-of"_s, u"check: the end of each window (default now)."_s, u"when"_s});
    addTimeZoneOption(parser);
    parser.addOption({u"prices"_s, u"A price file layered over the built-in list prices (cost per call)."_s, u"file"_s});
    parser.addOption({u"format"_s, u"table or json (default table)."_s, u"format"_s, u"table"_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return die(io, BadUsage, u"targets needs a SOURCE (see assay targets --help)"_s);
    const QString action = positional.value(1, u"list"_s);
    if (action != "set"_L1 && action != "list"_L1 && action != "remove"_L1 && action != "check"_L1)
        return die(io, BadUsage, u"unknown targets action \"%1\" (set, list, remove or check)"_s.arg(action));
    if (positional.size() > 2)
        return die(io, BadUsage, u"targets %1 takes no further arguments"_s.arg(action));
    const QString format = parser.value(u"format"_s);
    if (format != "table"_L1 && format != "json"_L1)
        return die(io, BadUsage, u"--format must be table or json"_s);

    QList<QualityTarget> toSet;
    if (action == "set"_L1) {
        auto targets = targetsToSet(parser);
        if (!targets)
            return die(io, BadUsage, targets.error());
        toSet = *targets;
    }
    std::optional<TargetMetric> metric;
    if (parser.isSet(u"metric"_s)) {
        metric = targetMetricFromName(parser.value(u"metric"_s));
        if (!metric)
            return die(io, BadUsage, u"--metric: unknown measure \"%1\""_s.arg(parser.value(u"metric"_s)));
    }
    if (action == "remove"_L1 && parser.value(u"feature"_s).trimmed().isEmpty())
        return die(io, BadUsage, u"targets remove needs --feature F"_s);
    QDateTime asOf = QDateTime::currentDateTimeUtc();
    if (parser.isSet(u"as-of"_s)) {
        auto when = timeFrom(parser, u"as-of"_s);
        if (!when)
            return die(io, BadUsage, when.error());
        asOf = *when;
    }
    auto prices = pricesFrom(parser);
    if (!prices)
        return die(io, BadUsage, prices.error());

    auto session = openWithWorkspace(parser, positional.first(), io, code);
    if (!session)
        return code;
    Workspace &workspace = *session->workspace();

    if (action == "set"_L1) {
        TargetStore store(workspace);
        for (const QualityTarget &t : toSet) {
            if (auto saved = store.set(t); !saved)
                return die(io, Failed, saved.error());
            io.out << "target " << t.subject() << ": at most " << t.describeLimit() << " over " << windowText(t)
                   << Qt::endl;
        }
        return Ok;
    }
    if (action == "remove"_L1) {
        auto removed = TargetStore(workspace).remove(parser.value(u"feature"_s).trimmed(),
                                                     parser.value(u"prompt"_s).trimmed(), metric);
        if (!removed)
            return die(io, Failed, removed.error());
        if (*removed == 0)
            return die(io, Failed, u"there is no such target for %1"_s.arg(parser.value(u"feature"_s)));
        io.out << "removed " << *removed << (*removed == 1 ? " target" : " targets") << Qt::endl;
        return Ok;
    }

    auto targets = targetsOf(workspace, parser);
    if (!targets)
        return die(io, BadUsage, targets.error());
    if (action == "list"_L1) {
        if (format == "json"_L1) {
            QJsonArray list;
            for (const QualityTarget &t : *targets)
                list << t.toJson();
            io.out << QJsonDocument(QJsonObject{{u"targets"_s, list}}).toJson(QJsonDocument::Compact) << "\n";
        } else if (targets->isEmpty()) {
            io.out << "no targets (set one with assay targets SOURCE set --feature F --negative-feedback 5%)\n";
        } else {
            QList<QStringList> table{{u"TARGET"_s, u"AT MOST"_s, u"WINDOW"_s}};
            for (const QualityTarget &t : *targets)
                table << QStringList{t.subject(), t.describeLimit(), windowText(t)};
            printTable(io.out, table, 3);
        }
        io.out.flush();
        return Ok;
    }

    auto statuses = checkTargets(*session, *prices, *targets, asOf);
    if (!statuses)
        return die(io, Failed, statuses.error());
    if (format == "json"_L1) {
        QJsonArray list;
        for (const TargetStatus &s : *statuses)
            list << s.toJson();
        io.out << QJsonDocument(QJsonObject{{u"as_of"_s, asOf.toUTC().toString(Qt::ISODate)}, {u"targets"_s, list}})
                      .toJson(QJsonDocument::Compact)
               << "\n";
    } else if (statuses->isEmpty()) {
        io.out << "no targets to check\n";
    } else {
        QList<QStringList> table{{u"STATUS"_s, u"TARGET"_s, u"AT MOST"_s, u"WINDOW"_s, u"MEASURED"_s}};
        for (const TargetStatus &s : *statuses) {
            QString measured = s.observedText();
            if (const QString decide = s.decisionText(); !decide.isEmpty())
                measured += u"; "_s + decide;
            table << QStringList{targetVerdictName(s.verdict), s.target.subject(), s.target.describeLimit(),
                                 windowText(s.target), measured};
        }
        printTable(io.out, table, 5);
    }
    io.out.flush();
    return anyBreached(*statuses) ? TargetBreached : Ok;
}

} // namespace assay::cli

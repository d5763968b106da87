// assay checks SOURCE: a check set over logged outputs, or over a replay run's results. The
// running lives in core (eval/CheckRun.h); this file reads the flags and formats.
#include "cli/Commands.h"

#include "eval/CheckResultStore.h"
#include "eval/CheckRun.h"
#include "eval/CheckSetStore.h"
#include "query/FilterSql.h"
#include "replay/ReplayComparison.h"
#include "replay/ReplayRunStore.h"
#include "workspace/Workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

using namespace Qt::StringLiterals;

namespace assay::cli {

namespace {

QString reviewerName()
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? qEnvironmentVariable("USERNAME") : user;
}

QJsonObject tallyJson(const CheckTally &t)
{
    return {{u"passed"_s, t.passed}, {u"failed"_s, t.failed}, {u"not_applicable"_s, t.notApplicable}};
}

QJsonObject checkedJson(const CheckedOutput &c, const QList<CheckTotals> *sides)
{
    QJsonObject o{{u"output_id"_s, c.outputKey}};
    if (sides) {
        o[u"case"_s] = c.caseNo;
        o[u"side"_s] = c.side == 0 ? u"baseline"_s : QString::number(c.side);
        o[u"label"_s] = sides->at(c.side).label;
    }
    if (!c.error.isEmpty()) {
        o[u"error"_s] = c.error;
        return o;
    }
    o[u"passed"_s] = c.score.passed;
    o[u"score"_s] = c.score.score;
    QJsonArray checks;
    for (const CheckOutcome &outcome : c.outcomes)
        checks.append(QJsonObject{{u"name"_s, outcome.name}, {u"passed"_s, outcome.passed},
                                  {u"applicable"_s, outcome.applicable}, {u"score"_s, outcome.score},
                                  {u"reason"_s, outcome.reason}});
    o[u"checks"_s] = checks;
    return o;
}

QString percent(qint64 part, qint64 whole)
{
    return whole > 0 ? QString::number(100.0 * static_cast<double>(part) / static_cast<double>(whole), 'f', 1) + u'%'
                     : u"-"_s;
}

void printLogTable(QTextStream &out, const CheckSet &set, const CheckTotals &t)
{
    QList<QStringList> table{{u"check"_s, u"passed"_s, u"failed"_s, u"n/a"_s, u"pass rate"_s}};
    for (const CheckTally &c : t.checks)
        table << QStringList{c.name, QString::number(c.passed), QString::number(c.failed), QString::number(c.notApplicable),
                             percent(c.passed, c.passed + c.failed)};
    printTable(out, table, 1);
    out << "\n" << t.checked << " outputs checked, " << t.outputsPassed << " passed every check";
    if (set.threshold())
        out << " (threshold " << *set.threshold() << ")";
    out << "; " << t.errors << " failed calls not checked";
    if (t.reused > 0)
        out << "; " << t.reused << " reused from the workspace";
    out << "\n";
}

void printRunTable(QTextStream &out, const QList<CheckTotals> &sides)
{
    QStringList header{u"check"_s};
    for (qsizetype s = 0; s < sides.size(); ++s)
        header << (s == 0 ? u"baseline"_s : u"%1 %2"_s.arg(s).arg(sides.at(s).label));
    QList<QStringList> table{header};
    for (qsizetype c = 0; c < sides.first().checks.size(); ++c) {
        QStringList row{sides.first().checks.at(c).name};
        for (const CheckTotals &side : sides) {
            const CheckTally &t = side.checks.at(c);
            row << u"%1 (%2/%3)"_s.arg(percent(t.passed, t.passed + t.failed)).arg(t.passed).arg(t.passed + t.failed);
        }
        table << row;
    }
    printTable(out, table, 1);
    out << "\n";
    for (qsizetype s = 0; s < sides.size(); ++s) {
        const CheckTotals &t = sides.at(s);
        out << (s == 0 ? u"baseline"_s : u"target %1"_s.arg(s)) << ": " << t.checked << " checked, " << t.outputsPassed
            << " passed every check, " << t.errors << " errors not checked";
        if (t.pending > 0)
            out << ", " << t.pending << " pending";
        out << "\n";
    }
}

QJsonObject summaryJson(const CheckSet &set, const QString &from)
{
    QJsonObject o{{u"checks_from"_s, from}, {u"fingerprint"_s, QString::fromLatin1(set.fingerprint())}};
    if (set.threshold())
        o[u"threshold"_s] = *set.threshold();
    return o;
}

QJsonObject totalsJson(const CheckTotals &t)
{
    return {{u"label"_s, t.label}, {u"outputs"_s, t.checked},      {u"outputs_passed"_s, t.outputsPassed},
            {u"errors"_s, t.errors}, {u"pending"_s, t.pending}, {u"reused"_s, t.reused}};
}

// Where the check set comes from: --checks FILE, else the default for the prompt or feature.
Result<std::pair<CheckSet, QString>> resolveSet(const QCommandLineParser &parser, Workspace *ws, const QString &prompt,
                                                const QString &feature)
{
    if (parser.isSet(u"checks"_s)) {
        auto set = CheckSet::load(parser.value(u"checks"_s));
        if (!set)
            return fail(set.error());
        return std::pair{*set, parser.value(u"checks"_s)};
    }
    QString from;
    auto found = defaultCheckSet(ws, parser.value(u"registry"_s), prompt, feature, &from);
    if (!found)
        return fail(found.error());
    if (!*found)
        return fail(u"no check set: give --checks FILE, keep a checks.json beside the prompt's files (--registry), "
                    "or save one for the prompt or feature with --save-set"_s);
    return std::pair{**found, from};
}

} // namespace

int runChecks(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Run a check set (promptfoo-style asserts as JSON) over logged outputs, or with --run over a replay run's\n"
        "baseline and targets. Results are kept in the workspace; a re-run recomputes only what changed.\n"
        "--format json: per check name, passed, failed, not_applicable (for a run these count the targets'\n"
        "results, and \"sides\" gives them per side); jsonl: one line per output with every check's reason."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    addSourceOptions(parser);
    addFilterOptions(parser);
    parser.addOption({u"checks"_s, u"The check file (a JSON array of asserts, or {\"checks\": [...]})."_s, u"file"_s});
    parser.addOption({u"run"_s, u"Check a replay run's results (and their logged baselines) instead."_s, u"id"_s});
    parser.addOption({u"registry"_s, u"A prompt folder: its NAME/checks.json is the default set for --prompt NAME."_s, u"folder"_s});
    parser.addOption({u"save-set"_s, u"Keep the --checks file in the workspace as the set for prompt:NAME or feature:NAME."_s, u"scope"_s});
    parser.addOption({u"limit"_s, u"At most N logged outputs (default: all)."_s, u"N"_s});
    parser.addOption({u"prices"_s, u"Price file for the cost check (default: your prices)."_s, u"file"_s});
    parser.addOption({u"no-store"_s, u"Do not read or keep results in the workspace."_s});
    parser.addOption({u"format"_s, u"table, json or jsonl (default: table)."_s, u"format"_s, u"table"_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return die(io, BadUsage, u"checks takes one SOURCE (see assay checks --help)"_s);
    const QString format = parser.value(u"format"_s);
    if (format != "table"_L1 && format != "json"_L1 && format != "jsonl"_L1)
        return die(io, BadUsage, u"--format must be table, json or jsonl"_s);
    qint64 limit = -1;
    if (parser.isSet(u"limit"_s)) {
        bool ok = false;
        limit = parser.value(u"limit"_s).toLongLong(&ok);
        if (!ok || limit < 0)
            return die(io, BadUsage, u"--limit must be a whole number of outputs"_s);
    }
    auto filter = filterFrom(parser);
    if (!filter)
        return die(io, BadUsage, filter.error());
    const bool forRun = parser.isSet(u"run"_s);
    qint64 runId = 0;
    if (forRun) {
        bool ok = false;
        runId = parser.value(u"run"_s).toLongLong(&ok);
        if (!ok || runId < 1)
            return die(io, BadUsage, u"\"%1\" is not a replay run id (see assay replay SOURCE runs)"_s.arg(parser.value(u"run"_s)));
        if (!filter->isEmpty() || parser.isSet(u"limit"_s))
            return die(io, BadUsage, u"output filters and --limit choose logged outputs; a run's cases are fixed"_s);
    }
    auto spec = sessionSpecFrom(parser, parser.positionalArguments().first());
    if (!spec)
        return die(io, BadUsage, spec.error());
    auto session = LogSession::open(*spec);
    if (!session)
        return die(io, BadUsage, session.error());
    Workspace *ws = (*session)->workspace();

    if (parser.isSet(u"save-set"_s)) {
        if (!parser.isSet(u"checks"_s))
            return die(io, BadUsage, u"--save-set needs --checks FILE"_s);
        if (!ws)
            return die(io, Failed, u"the workspace cannot be opened: %1"_s.arg((*session)->workspaceError()));
        QFile file(parser.value(u"checks"_s));
        if (!file.open(QIODevice::ReadOnly))
            return die(io, BadUsage, u"cannot read the checks file %1: %2"_s.arg(file.fileName(), file.errorString()));
        if (auto saved = CheckSetStore(*ws).save(parser.value(u"save-set"_s), file.readAll(), file.fileName(), reviewerName());
            !saved)
            return die(io, BadUsage, saved.error());
        io.out << "saved the check set for " << parser.value(u"save-set"_s) << Qt::endl;
        return Ok;
    }

    auto prices = pricesFrom(parser);
    if (!prices)
        return die(io, BadUsage, prices.error());
    std::optional<ReplayComparison> comparison;
    QString prompt = filter->promptName;
    if (forRun) {
        if (!ws)
            return die(io, BadUsage, u"replay runs live in the workspace, which cannot be opened: %1"_s.arg((*session)->workspaceError()));
        ReplayRunStore runs(*ws);
        auto loaded = loadReplayComparison(runs, (*session)->outputs(), *prices, runId, std::numeric_limits<qint64>::max());
        if (!loaded)
            return die(io, BadUsage, loaded.error());
        comparison = std::move(*loaded);
        if (!comparison->targets.isEmpty())
            prompt = comparison->targets.first().promptName;
    }
    auto resolved = resolveSet(parser, ws, prompt, filter->features.size() == 1 ? filter->features.first() : QString());
    if (!resolved)
        return die(io, BadUsage, resolved.error());
    const auto &[set, from] = *resolved;
    if (set.isEmpty())
        return die(io, BadUsage, u"%1 holds no checks"_s.arg(from));

    std::optional<CheckResultStore> store;
    if (ws && !parser.isSet(u"no-store"_s))
        store.emplace(*ws);
    CheckResultStore *storePtr = store ? &*store : nullptr;

    if (forRun) {
        // The jsonl lines name each side's label.
        QList<CheckTotals> sideLabels{CheckTotals::forSet(set, u"baseline"_s)};
        for (const auto &target : comparison->targets)
            sideLabels << CheckTotals::forSet(set, target.label());
        auto sides = checkReplayRun(*comparison, set, [&](const CheckedOutput &c) {
            if (format == "jsonl"_L1)
                io.out << QString::fromUtf8(QJsonDocument(checkedJson(c, &sideLabels)).toJson(QJsonDocument::Compact)) << "\n";
            return io.out.status() == QTextStream::Ok;
        }, storePtr);
        if (!sides)
            return die(io, Failed, sides.error());
        if (format == "table"_L1) {
            printRunTable(io.out, *sides);
        } else if (format == "json"_L1) {
            QJsonObject o = summaryJson(set, from);
            o[u"run_id"_s] = runId;
            QJsonArray sidesJson;
            for (qsizetype s = 0; s < sides->size(); ++s) {
                QJsonObject side = totalsJson(sides->at(s));
                side[u"side"_s] = s == 0 ? u"baseline"_s : QString::number(s);
                sidesJson.append(side);
            }
            o[u"sides"_s] = sidesJson;
            QJsonArray checks;
            const QList<CheckInfo> infos = set.checks();
            for (qsizetype c = 0; c < infos.size(); ++c) {
                CheckTally targets;
                QJsonArray bySide;
                for (qsizetype s = 0; s < sides->size(); ++s) {
                    const CheckTally &t = sides->at(s).checks.at(c);
                    QJsonObject side = tallyJson(t);
                    side[u"side"_s] = s == 0 ? u"baseline"_s : QString::number(s);
                    bySide.append(side);
                    if (s > 0) {
                        targets.passed += t.passed;
                        targets.failed += t.failed;
                        targets.notApplicable += t.notApplicable;
                    }
                }
                QJsonObject check = tallyJson(targets);
                check[u"name"_s] = infos.at(c).name;
                check[u"type"_s] = infos.at(c).type;
                check[u"sides"_s] = bySide;
                checks.append(check);
            }
            o[u"checks"_s] = checks;
            io.out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
        }
        io.out.flush();
        return Ok;
    }

    if (const QString problem = (*session)->reviewLabelProblem(*filter); !problem.isEmpty())
        return die(io, Failed, problem);
    if (const QStringList unsupported = unsupportedFilters((*session)->schema(), *filter); !unsupported.isEmpty())
        return die(io, BadUsage, unsupported.join(u"; "_s));
    auto totals = checkLoggedOutputs((*session)->outputs(), *filter, set, *prices, limit, [&](const CheckedOutput &c) {
        if (format == "jsonl"_L1)
            io.out << QString::fromUtf8(QJsonDocument(checkedJson(c, nullptr)).toJson(QJsonDocument::Compact)) << "\n";
        return io.out.status() == QTextStream::Ok;
    }, storePtr);
    if (!totals)
        return die(io, Failed, totals.error());
    if (format == "table"_L1) {
        printLogTable(io.out, set, *totals);
    } else if (format == "json"_L1) {
        QJsonObject o = summaryJson(set, from);
        const QJsonObject counts = totalsJson(*totals);
        for (auto it = counts.begin(); it != counts.end(); ++it)
            if (it.key() != "pending"_L1 && it.key() != "label"_L1)
                o[it.key()] = it.value();
        QJsonArray checks;
        const QList<CheckInfo> infos = set.checks();
        for (qsizetype c = 0; c < infos.size(); ++c) {
            QJsonObject check = tallyJson(totals->checks.at(c));
            check[u"name"_s] = infos.at(c).name;
            check[u"type"_s] = infos.at(c).type;
            checks.append(check);
        }
        o[u"checks"_s] = checks;
        io.out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
    }
    io.out.flush();
    return Ok;
}

} // namespace assay::cli

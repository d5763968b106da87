// assay replay: send logged inputs, rendered through chosen prompt versions, to a provider and
// keep every result in the workspace. Exit codes: 0 every case reached a recorded state, 2 bad
// arguments or an unusable source, 3 the budget stopped the run, 1 anything else.
//
//   assay replay SOURCE --prompt NAME@VERSION [--prompt ...] --provider P [--model M] [filters] [--dry-run]
//   assay replay SOURCE resume RUN_ID [--retry-failed] [--budget USD] [--no-cache] [--concurrency C]
//   assay replay SOURCE results RUN_ID [--format jsonl|csv]
//   assay replay SOURCE runs [--format table|json]
//   assay replay SOURCE datasets

#include "cli/Commands.h"
#include "cli/ReplayListings.h"

#include "export/OutputExport.h"
#include "prompts/PromptRegistry.h"
#include "providers/ProviderBackend.h"
#include "replay/ReplayDatasets.h"
#include "replay/ReplayEngine.h"
#include "replay/ReplayPlan.h"
#include "replay/ReplayRunWriter.h"
#include "schema/TimestampCodec.h"
#include "util/Money.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace assay::cli {

namespace {

constexpr int BudgetStopped = 3;

// The options that choose outputs by filtering the log (see addInputFilterOptions).
QStringList inputFilterOptionNames()
{
    return {u"feature"_s, u"from-model"_s, u"from-prompt"_s, u"since"_s, u"until"_s, u"user"_s,
            u"session"_s, u"feedback"_s, u"errors"_s, u"search"_s, u"limit"_s, u"label"_s, u"reviewed"_s,
            u"unreviewed"_s, u"reviewer"_s, u"has-note"_s, u"tag"_s, u"disagrees"_s};
}

QString parseError(const QString &option, const QString &value, const QString &want)
{
    return u"--%1: \"%2\" is not %3"_s.arg(option, value, want);
}

// The run options every form of the command shares; resume may change them.
Result<ReplayOptions> optionsFrom(const QCommandLineParser &parser, ReplayOptions options)
{
    if (parser.isSet(u"concurrency"_s)) {
        bool ok = false;
        options.concurrency = parser.value(u"concurrency"_s).toInt(&ok);
        if (!ok || options.concurrency < 1 || options.concurrency > 256)
            return fail(parseError(u"concurrency"_s, parser.value(u"concurrency"_s), u"a whole number from 1 to 256"_s));
    }
    if (parser.isSet(u"budget"_s)) {
        bool ok = false;
        const double usd = parser.value(u"budget"_s).toDouble(&ok);
        if (!ok || !(usd > 0))
            return fail(parseError(u"budget"_s, parser.value(u"budget"_s), u"an amount of US dollars above 0"_s));
        options.budgetUsd = usd;
    }
    if (parser.isSet(u"no-cache"_s))
        options.noCache = true;
    if (parser.isSet(u"stream"_s))
        options.stream = true;
    return options;
}

Result<QList<ReplayTarget>> targetsFrom(const QCommandLineParser &parser)
{
    const QStringList prompts = parser.values(u"prompt"_s);
    if (prompts.isEmpty())
        return fail(u"replay needs --prompt NAME@VERSION (the prompt version to send)"_s);
    const QString provider = parser.value(u"provider"_s);
    if (provider.isEmpty())
        return fail(u"replay needs --provider anthropic, openai, gemini or openai-compatible"_s);
    if (!isKnownReplayProvider(provider))
        return fail(parseError(u"provider"_s, provider, u"anthropic, openai, gemini or openai-compatible"_s));
    ReplayTarget base;
    base.provider = provider;
    base.model = parser.value(u"model"_s);
    base.baseUrl = parser.value(u"base-url"_s);
    if (!base.baseUrl.isEmpty()) {
        if (auto checked = checkStoredBaseUrl(base.baseUrl); !checked)
            return fail(checked.error());
    }
    base.maxTokens = 0; // the prompt version's own
    if (parser.isSet(u"max-tokens"_s)) {
        bool ok = false;
        base.maxTokens = parser.value(u"max-tokens"_s).toInt(&ok);
        if (!ok || base.maxTokens < 1)
            return fail(parseError(u"max-tokens"_s, parser.value(u"max-tokens"_s), u"a whole number above 0"_s));
    }
    if (parser.isSet(u"temperature"_s)) {
        bool ok = false;
        const double t = parser.value(u"temperature"_s).toDouble(&ok);
        if (!ok || t < 0 || t > 2)
            return fail(parseError(u"temperature"_s, parser.value(u"temperature"_s), u"a number from 0 to 2"_s));
        base.temperature = t;
    }
    QList<ReplayTarget> targets;
    for (const QString &text : prompts) {
        const auto ref = PromptRef::parse(text);
        if (!ref)
            return fail(parseError(u"prompt"_s, text, u"NAME@VERSION"_s));
        ReplayTarget t = base;
        t.promptName = ref->name;
        t.promptVersion = ref->version;
        targets << t;
    }
    return targets;
}

// The backends for a run's targets, made up front so that a missing key stops the command
// before anything is stored.
Result<std::vector<std::unique_ptr<ReplayBackend>>> makeBackends(const QList<ReplayTarget> &targets,
                                                                 const ReplayOptions &options)
{
    std::vector<std::unique_ptr<ReplayBackend>> backends;
    for (const ReplayTarget &t : targets) {
        ProviderBackendOptions o;
        o.provider = t.provider;
        o.baseUrl = t.baseUrl;
        o.stream = options.stream;
        o.maxConcurrency = options.concurrency;
        auto backend = makeProviderBackend(o);
        if (!backend)
            return fail(u"%1: %2"_s.arg(t.provider, backend.error()));
        backends.push_back(std::move(*backend));
    }
    return backends;
}

QString usd(double value)
{
    return formatUsd(value);
}

QJsonObject estimateJson(const ReplayPlan &plan)
{
    QJsonObject o = plan.estimate.toJson();
    QJsonArray targets;
    for (const ReplayTarget &t : plan.targets)
        targets.append(t.toJson());
    o[u"targets"_s] = targets;
    o[u"tokens_per_char"_s] = 1.0 / replayCharsPerToken;
    return o;
}

// Table format only: JSON output is one document, with the estimate beside the run's summary.
void printEstimate(const ReplayPlan &plan, Io io)
{
    const ReplayEstimate &e = plan.estimate;
    io.out << "Estimate (prompt tokens ~ characters / " << replayCharsPerToken
           << ", output tokens as logged, at most max_tokens)\n";
    for (const ReplayTarget &t : plan.targets)
        io.out << "  target        " << t.label() << "  max_tokens " << t.maxTokens
               << (t.temperature ? u"  temperature %1"_s.arg(*t.temperature) : QString()) << "\n";
    io.out << "  cases         " << e.cases << "\n"
           << "  calls         " << e.calls << "\n"
           << "  render errors " << e.renderErrors << "\n"
           << "  input tokens  " << e.inputTokens << "\n"
           << "  output tokens " << e.outputTokens << "\n"
           << "  cost          " << usd(e.costUsd)
           << (e.unpricedCalls ? u" (+ %1 calls with no price: %2)"_s.arg(e.unpricedCalls).arg(e.unpricedModels.join(u", "_s))
                               : QString())
           << "\n";
}

int exitCodeOf(ReplayRunStatus status)
{
    switch (status) {
    case ReplayRunStatus::Done:
        return Ok;
    case ReplayRunStatus::Budget:
        return BudgetStopped;
    default:
        return Failed;
    }
}

struct RunSummary {
    qint64 runId = 0;
    ReplayRunStatus status = ReplayRunStatus::Failed;
    QString message;
    ReplayTally tally;
    double seconds = 0;
    double callsPerSecond = 0;
};

void printSummary(const RunSummary &s, const ReplayRunInfo &info, const QString &format, const QJsonObject &estimate,
                  Io io)
{
    const ReplayTally &t = s.tally;
    if (format == "json"_L1) {
        QJsonObject o = tallyJson(t);
        o[u"run_id"_s] = s.runId;
        o[u"status"_s] = replayRunStatusName(s.status);
        o[u"seconds"_s] = s.seconds;
        o[u"calls_per_second"_s] = s.callsPerSecond;
        if (!s.message.isEmpty())
            o[u"message"_s] = s.message;
        QJsonObject document{{u"run"_s, o}};
        if (!estimate.isEmpty())
            document[u"estimate"_s] = estimate;
        io.out << QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented));
    } else {
        io.out << "Replay run " << s.runId << ": " << replayRunStatusName(s.status)
               << (s.message.isEmpty() ? QString() : u" (%1)"_s.arg(s.message)) << "\n";
        for (const ReplayTarget &target : info.spec.targets)
            io.out << "  target        " << target.label() << "\n";
        io.out << "  ok            " << t.ok << (t.fromCache ? u" (%1 from the cache)"_s.arg(t.fromCache) : QString()) << "\n"
               << "  failed        " << t.failed << "\n"
               << "  render errors " << t.renderErrors << "\n"
               << "  pending       " << t.pending() << "\n"
               << "  tokens        " << t.inputTokens << " in, " << t.outputTokens << " out, " << t.cacheReadTokens
               << " cache read, " << t.cacheWriteTokens << " cache write\n"
               << "  cost          " << usd(t.costUsd) << " (spent " << usd(t.spentUsd) << ")\n"
               << "  throughput    " << QString::number(s.callsPerSecond, 'f', 1) << " calls/s over "
               << QString::number(s.seconds, 'f', 1) << " s\n";
        if (s.status != ReplayRunStatus::Done)
            io.out << "  continue with: assay replay SOURCE resume " << s.runId << "\n";
    }
    io.out.flush();
}

// Runs the engine in this thread's event loop until the run stops; prints a summary.
int execute(const SessionSpec &spec, qint64 runId, const ReplayRunInfo &info, const ReplayOptions &options,
            const PriceTable &prices, std::vector<std::unique_ptr<ReplayBackend>> backends, const QString &format,
            const QJsonObject &estimate, Io io)
{
    auto shared = std::make_shared<std::vector<std::unique_ptr<ReplayBackend>>>(std::move(backends));
    std::size_t handedOut = 0;
    ReplayEngineConfig config{spec.source, spec.workspace, runId, prices,
                              [shared, &handedOut](const ReplayTarget &, const ReplayOptions &)
                                  -> Result<std::unique_ptr<ReplayBackend>> {
                                  if (handedOut >= shared->size())
                                      return fail(u"no backend for this target"_s);
                                  return std::move((*shared)[handedOut++]);
                              },
                              options};
    ReplayEngine engine(std::move(config));
    QEventLoop loop;
    ReplayRunStatus status = ReplayRunStatus::Failed;
    QString message;
    ReplayProgress last;
    QElapsedTimer sinceLine;
    sinceLine.start();
    QObject::connect(&engine, &ReplayEngine::progressed, &loop, [&](const ReplayProgress &p) {
        last = p;
        if (sinceLine.elapsed() < 2000)
            return;
        sinceLine.restart();
        io.err << "replay " << runId << ": " << p.done << " ok, " << p.failed << " failed, " << p.remaining
               << " to go, " << usd(p.spentUsd) << " spent, " << QString::number(p.callsPerSecond, 'f', 1) << "/s"
               << (p.etaSeconds ? u", about %1 s left"_s.arg(qRound64(*p.etaSeconds)) : QString()) << Qt::endl;
    });
    QObject::connect(&engine, &ReplayEngine::finished, &loop, [&](ReplayRunStatus s, const QString &why) {
        status = s;
        message = why;
        loop.quit();
    });
    QElapsedTimer clock;
    clock.start();
    engine.start();
    loop.exec();
    const double seconds = static_cast<double>(clock.elapsed()) / 1000.0;

    auto ws = Workspace::open(spec.source, spec.workspace);
    if (!ws)
        return die(io, Failed, ws.error());
    auto tally = ReplayRunStore(**ws).tally(runId);
    if (!tally)
        return die(io, Failed, tally.error());
    printSummary(RunSummary{runId, status, message, *tally, seconds, last.callsPerSecond}, info, format, estimate, io);
    return exitCodeOf(status);
}

int newRun(const QCommandLineParser &parser, const QString &source, Io io)
{
    const QString format = parser.value(u"format"_s).isEmpty() ? u"table"_s : parser.value(u"format"_s);
    if (format != "table"_L1 && format != "json"_L1)
        return die(io, BadUsage, u"--format must be table or json"_s);
    auto targets = targetsFrom(parser);
    if (!targets)
        return die(io, BadUsage, targets.error());
    auto options = optionsFrom(parser, ReplayOptions{});
    if (!options)
        return die(io, BadUsage, options.error());
    auto filter = filterFrom(parser);
    if (!filter)
        return die(io, BadUsage, filter.error());
    ReplaySpec spec;
    spec.targets = *targets;
    spec.options = *options;
    spec.registry = parser.value(u"registry"_s);
    spec.inputs.limit = 100;
    if (parser.isSet(u"limit"_s)) {
        bool ok = false;
        spec.inputs.limit = parser.value(u"limit"_s).toLongLong(&ok);
        if (!ok || spec.inputs.limit < 1)
            return die(io, BadUsage, parseError(u"limit"_s, parser.value(u"limit"_s), u"a whole number above 0"_s));
    }
    auto loadedPrices = pricesFrom(parser);
    if (!loadedPrices)
        return die(io, BadUsage, loadedPrices.error());
    const PriceTable prices = *loadedPrices;

    if (parser.isSet(u"ids"_s) || parser.isSet(u"dataset"_s)) {
        if (parser.isSet(u"ids"_s) && parser.isSet(u"dataset"_s))
            return die(io, BadUsage, u"--ids and --dataset both choose the outputs: give one"_s);
        for (const QString &name : inputFilterOptionNames()) {
            if (parser.isSet(name))
                return die(io, BadUsage, u"--%1 filters the log, but --ids and --dataset name the outputs already"_s.arg(name));
        }
        if (parser.isSet(u"ids"_s)) {
            spec.inputs.kind = ReplayInputs::Kind::Ids;
            for (const QString &id : parser.value(u"ids"_s).split(u',', Qt::SkipEmptyParts))
                if (!id.trimmed().isEmpty())
                    spec.inputs.ids << id.trimmed();
            if (spec.inputs.ids.isEmpty())
                return die(io, BadUsage, u"--ids needs output ids separated by commas"_s);
        } else {
            spec.inputs.kind = ReplayInputs::Kind::Dataset;
            spec.inputs.dataset = parser.value(u"dataset"_s);
        }
    }

    auto sessionSpec = sessionSpecFrom(parser, source);
    if (!sessionSpec)
        return die(io, BadUsage, sessionSpec.error());
    auto session = LogSession::open(*sessionSpec);
    if (!session)
        return die(io, BadUsage, session.error());
    // --prompt and --model name what to send (filterFrom read them as filters: undo that). The
    // inputs default to the outputs logged by the same prompt (any version): theirs are the
    // variables it needs.
    filter->models = parser.values(u"from-model"_s);
    filter->promptName.clear();
    filter->promptVersion.clear();
    if (parser.isSet(u"from-prompt"_s)) {
        const auto from = PromptRef::parse(parser.value(u"from-prompt"_s));
        if (!from)
            return die(io, BadUsage, parseError(u"from-prompt"_s, parser.value(u"from-prompt"_s), u"NAME or NAME@VERSION"_s));
        filter->promptName = from->name;
        filter->promptVersion = from->version;
    } else if (spec.inputs.kind == ReplayInputs::Kind::Filter && (*session)->schema().has(LogField::PromptName)) {
        filter->promptName = spec.targets.first().promptName;
    }
    if (const QStringList unsupported = unsupportedFilters((*session)->schema(), *filter); !unsupported.isEmpty())
        return die(io, BadUsage, unsupported.join(u"; "_s));
    spec.inputs.filter = *filter;

    auto registry = openPromptRegistry(&(*session)->connection(), spec.registry, (*session)->schema().table);
    if (!registry)
        return die(io, BadUsage, registry.error());
    const bool dryRun = parser.isSet(u"dry-run"_s);
    const QString datasetName = parser.value(u"save-dataset"_s).trimmed();
    Workspace *ws = (*session)->workspace();
    if (!ws && (!dryRun || parser.isSet(u"save-dataset"_s)))
        return die(io, BadUsage, u"replay keeps its runs and datasets in the workspace, which cannot be opened: "_s
                                     + (*session)->workspaceError());
    if (parser.isSet(u"save-dataset"_s)) {
        auto taken = ReplayDatasets(*ws).names();
        if (!taken)
            return die(io, Failed, taken.error());
        if (datasetName.isEmpty() || taken->contains(datasetName))
            return die(io, BadUsage, u"--save-dataset: \"%1\" is taken or empty (datasets are frozen: pick a new name)"_s.arg(
                                         datasetName));
        // The run's cases are the dataset's outputs: runs over it later compare with this one.
        spec.inputs.savedAs = datasetName;
    }
    // A real run: the providers first (a missing key stops it before anything is stored), then
    // the plan streams into the workspace case by case, in one transaction.
    std::vector<std::unique_ptr<ReplayBackend>> backends;
    std::unique_ptr<ReplayRunWriter> writer;
    if (!dryRun) {
        auto made = makeBackends(spec.targets, spec.options);
        if (!made)
            return die(io, BadUsage, made.error());
        backends = std::move(*made);
        auto begun = ReplayRunWriter::begin(*ws, spec, sessionSpec->source.displayName(), qEnvironmentVariable("USER"));
        if (!begun)
            return die(io, Failed, begun.error());
        writer = std::move(*begun);
    }
    QStringList keys;
    auto plan = planReplay(spec, (*session)->outputs(), **registry, prices, ws, [&](const PlannedCase &c) -> Result<void> {
        keys << c.outputKey;
        return writer ? writer->add(c) : Result<void>();
    });
    // Returning before commit() drops the run: nothing half-planned stays in the workspace.
    if (!plan)
        return die(io, BadUsage, plan.error());
    if (keys.isEmpty())
        return die(io, BadUsage, u"no logged outputs match the filters: nothing to replay"_s);
    if (spec.options.budgetUsd && plan->estimate.unpricedCalls > 0)
        return die(io, BadUsage, u"a budget needs a price for %1: add one with --prices FILE"_s.arg(
                                     plan->estimate.unpricedModels.join(u", "_s)));
    if (writer) {
        if (auto committed = writer->commit(*plan); !committed)
            return die(io, Failed, committed.error());
    }
    if (parser.isSet(u"save-dataset"_s)) {
        const QString note = QString::fromUtf8(QJsonDocument(spec.inputs.toJson()).toJson(QJsonDocument::Compact));
        if (auto saved = ReplayDatasets(*ws).create(datasetName, keys, qEnvironmentVariable("USER"), note); !saved)
            return die(io, Failed, saved.error());
        io.err << "saved dataset \"" << datasetName << "\" (" << keys.size() << " outputs)" << Qt::endl;
    }
    if (format == "json"_L1) {
        if (dryRun)
            io.out << QString::fromUtf8(QJsonDocument(QJsonObject{{u"estimate"_s, estimateJson(*plan)}}).toJson(QJsonDocument::Indented));
    } else {
        printEstimate(*plan, io);
    }
    io.out.flush();
    if (dryRun)
        return Ok;

    const qint64 runId = writer->runId();
    writer.reset();
    auto info = ReplayRunStore(*ws).run(runId);
    if (!info)
        return die(io, Failed, info.error());
    return execute(*sessionSpec, runId, *info, spec.options, prices, std::move(backends), format, estimateJson(*plan), io);
}

int resumeRun(const QCommandLineParser &parser, const QString &source, const QString &idText, Io io)
{
    const QString format = parser.value(u"format"_s).isEmpty() ? u"table"_s : parser.value(u"format"_s);
    if (format != "table"_L1 && format != "json"_L1)
        return die(io, BadUsage, u"--format must be table or json"_s);
    auto loadedPrices = pricesFrom(parser);
    if (!loadedPrices)
        return die(io, BadUsage, loadedPrices.error());
    const PriceTable prices = *loadedPrices;
    auto opened = openReplayRun(parser, source, idText);
    if (!opened)
        return die(io, BadUsage, opened.error());
    const qint64 *runId = &opened->runId;
    const std::optional<ReplayRunInfo> info = opened->info;
    const SessionSpec *spec = &opened->spec;
    ReplayRunStore store(*opened->workspace);
    auto options = optionsFrom(parser, info->spec.options);
    if (!options)
        return die(io, BadUsage, options.error());
    auto tally = store.tally(*runId);
    if (!tally)
        return die(io, Failed, tally.error());
    const bool retry = parser.isSet(u"retry-failed"_s);
    if (tally->pending() == 0 && !(retry && tally->failed > 0)) {
        // Every case is recorded (a run killed after its last result, say): nothing to send.
        if (auto marked = store.setStatus(*runId, ReplayRunStatus::Done); !marked)
            return die(io, Failed, marked.error());
        printSummary(RunSummary{*runId, ReplayRunStatus::Done, {}, *tally, 0, 0}, *info, format, QJsonObject(), io);
        return Ok;
    }
    auto backends = makeBackends(info->spec.targets, *options);
    if (!backends)
        return die(io, BadUsage, backends.error());
    if (retry) {
        // Only now that the providers can be reached: a refused command changes nothing.
        auto reopened = store.reopenFailed(*runId);
        if (!reopened)
            return die(io, Failed, reopened.error());
        io.err << "replay " << *runId << ": sending " << *reopened << " failed calls again" << Qt::endl;
    }
    return execute(*spec, *runId, *info, *options, prices, std::move(*backends), format, QJsonObject(), io);
}

// The filters of `assay outputs`, read by the shared filterFrom(), except that --prompt and
// --model name what to send here: the logged prompt and model are --from-prompt and --from-model.
void addInputFilterOptions(QCommandLineParser &parser)
{
    parser.addOption({u"feature"_s, u"Only inputs of this feature (repeatable)."_s, u"F"_s});
    parser.addOption({u"from-model"_s, u"Only inputs logged with this model (repeatable)."_s, u"M"_s});
    parser.addOption({u"from-prompt"_s, u"Only inputs logged by this prompt, NAME or NAME@VERSION (default: the first "
                                        "--prompt's name, any version)."_s, u"prompt"_s});
    parser.addOption({u"since"_s, u"From this time: 7d, 24h, 30m, 2w or a date/ISO-8601 time."_s, u"when"_s});
    parser.addOption({u"until"_s, u"Before this time (same forms as --since)."_s, u"when"_s});
    parser.addOption({u"user"_s, u"Only this user id."_s, u"U"_s});
    parser.addOption({u"session"_s, u"Only this session id."_s, u"S"_s});
    parser.addOption({u"feedback"_s, u"End-user feedback: positive, negative, edited or none (repeatable)."_s, u"value"_s});
    parser.addOption({u"errors"_s, u"Only calls that failed."_s});
    parser.addOption({u"search"_s, u"Text in the output or input (case-insensitive)."_s, u"text"_s});
    addTimeZoneOption(parser);
    // Replaying what reviewers marked negative (--label negative) is the usual way to test a fix.
    addReviewerFilterOptions(parser);
}

} // namespace

int runReplay(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Replay logged inputs through prompt versions against a provider, keeping every result in the workspace.\n"
        "  assay replay SOURCE --prompt NAME@VERSION --provider P [--model M] [filters] [--dry-run]\n"
        "  assay replay SOURCE resume RUN_ID | results RUN_ID [--format jsonl|csv] | runs | datasets\n"
        "Exit codes: 0 every case recorded, 2 bad arguments, 3 stopped by the budget, 1 anything else."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    parser.addPositionalArgument(u"action"_s, u"resume RUN_ID, results RUN_ID, runs or datasets (default: a new run)."_s,
                                 u"[action [RUN_ID]]"_s);
    parser.addOption({u"prompt"_s, u"The prompt version to send, NAME@VERSION (repeatable: one target each; "
                                   "NAME alone is the latest)."_s, u"NAME@VERSION"_s});
    parser.addOption({u"provider"_s, u"anthropic, openai, gemini or openai-compatible."_s, u"provider"_s});
    parser.addOption({u"model"_s, u"The model to send to (default: the prompt version's)."_s, u"model"_s});
    parser.addOption({u"base-url"_s, u"The provider's endpoint (openai-compatible servers, proxies)."_s, u"url"_s});
    parser.addOption({u"max-tokens"_s, u"The output limit (default: the prompt version's, else 1024)."_s, u"N"_s});
    parser.addOption({u"temperature"_s, u"Sampling temperature (default: the prompt version's)."_s, u"T"_s});
    addInputFilterOptions(parser);
    addSourceOptions(parser);
    parser.addOption({u"limit"_s, u"The number of logged outputs to replay, newest first (default 100)."_s, u"N"_s});
    parser.addOption({u"ids"_s, u"Replay these outputs (ids separated by commas) instead of filtering."_s, u"ID,ID"_s});
    parser.addOption({u"dataset"_s, u"Replay a saved dataset (a frozen list of outputs) instead of filtering."_s, u"name"_s});
    parser.addOption({u"save-dataset"_s, u"Save the outputs chosen as a dataset of this name (with --dry-run too)."_s,
                      u"name"_s});
    parser.addOption({u"concurrency"_s, u"The most calls in flight per target (default 8)."_s, u"C"_s});
    parser.addOption({u"budget"_s, u"Stop before the spend would exceed this many US dollars."_s, u"USD"_s});
    parser.addOption({u"dry-run"_s, u"Print the estimate and stop: nothing is sent or stored."_s});
    parser.addOption({u"no-cache"_s, u"Fresh samples: never answer from the response cache."_s});
    parser.addOption({u"stream"_s, u"Stream responses (SSE) from the provider."_s});
    parser.addOption({u"retry-failed"_s, u"With resume: send the calls that failed again (render errors stay)."_s});
    parser.addOption({u"registry"_s, u"The prompt registry: a folder or a table (default: the log's registry table)."_s,
                      u"where"_s});
    parser.addOption({u"prices"_s, u"A price file (overrides) layered over the built-in list prices (default: the user price file)."_s, u"file"_s});
    parser.addOption({u"format"_s, u"table or json (a run, runs); jsonl or csv (results)."_s, u"format"_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return die(io, BadUsage, u"replay takes a SOURCE (see assay replay --help)"_s);
    const QString source = positional.first();
    if (positional.size() == 1)
        return newRun(parser, source, io);
    const QString action = positional.at(1);
    if (action == "runs"_L1 && positional.size() == 2)
        return listRuns(parser, source, io);
    if (action == "datasets"_L1 && positional.size() == 2)
        return listDatasets(parser, source, io);
    if (action == "resume"_L1 && positional.size() == 3)
        return resumeRun(parser, source, positional.at(2), io);
    if (action == "results"_L1 && positional.size() == 3)
        return listResults(parser, source, positional.at(2), io);
    return die(io, BadUsage, u"unknown replay action \"%1\": use resume RUN_ID, results RUN_ID, runs or datasets"_s.arg(
                                 positional.mid(1).join(u' ')));
}

} // namespace assay::cli

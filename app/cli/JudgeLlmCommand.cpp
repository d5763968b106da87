// assay judge SOURCE NAME --llm: the judge model over a blind judging session's pairs.
#include "cli/JudgeLlm.h"
#include "cli/ReplayListings.h"

#include "eval/ComparisonLoader.h"
#include "eval/JudgeRunStart.h"
#include "eval/ModelVotes.h"
#include "labels/LabelStore.h"
#include "providers/ProviderBackend.h"
#include "replay/ReplayEngine.h"
#include "util/Money.h"

#include <cmath>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace assay::cli {

namespace {

constexpr int BudgetStopped = 3; // as `assay replay`

Result<JudgeRunRequest> requestFrom(const QCommandLineParser &parser, const QString &session)
{
    JudgeRunRequest r;
    r.session = session;
    r.provider = parser.value(u"provider"_s);
    if (r.provider.isEmpty() || !isKnownReplayProvider(r.provider))
        return fail(u"--llm needs --provider anthropic, openai, gemini or openai-compatible"_s);
    r.model = parser.value(u"model"_s).trimmed();
    if (r.model.isEmpty())
        return fail(u"--llm needs --model (the judge model)"_s);
    r.baseUrl = parser.value(u"base-url"_s);
    if (!r.baseUrl.isEmpty()) {
        if (auto checked = checkStoredBaseUrl(r.baseUrl); !checked)
            return fail(checked.error());
    }
    if (parser.isSet(u"rubric"_s)) {
        auto rubric = JudgeRubric::fromFile(parser.value(u"rubric"_s));
        if (!rubric)
            return fail(rubric.error());
        r.rubric = *rubric;
    }
    if (parser.isSet(u"criteria"_s)) {
        r.criteria = parser.value(u"criteria"_s).trimmed();
        if (r.criteria.isEmpty())
            return fail(u"--criteria needs the text the judge weighs the responses by"_s);
    }
    bool ok = true;
    if (parser.isSet(u"max-tokens"_s)) {
        r.maxTokens = parser.value(u"max-tokens"_s).toInt(&ok);
        if (!ok || r.maxTokens < 16)
            return fail(u"--max-tokens must be a whole number of at least 16"_s);
    }
    if (parser.isSet(u"concurrency"_s)) {
        r.options.concurrency = parser.value(u"concurrency"_s).toInt(&ok);
        if (!ok || r.options.concurrency < 1 || r.options.concurrency > 256)
            return fail(u"--concurrency must be a whole number from 1 to 256"_s);
    }
    if (parser.isSet(u"budget"_s)) {
        const double usd = parser.value(u"budget"_s).toDouble(&ok);
        if (!ok || !std::isfinite(usd) || !(usd > 0))
            return fail(u"--budget must be an amount of US dollars above 0"_s);
        r.options.budgetUsd = usd;
    }
    r.options.noCache = parser.isSet(u"no-cache"_s);
    return r;
}

Result<std::unique_ptr<ReplayBackend>> backendFor(const ReplayTarget &target, const ReplayOptions &options)
{
    ProviderBackendOptions o;
    o.provider = target.provider;
    o.baseUrl = target.baseUrl;
    o.stream = options.stream;
    o.maxConcurrency = options.concurrency;
    auto backend = makeProviderBackend(o);
    if (!backend)
        return fail(u"%1: %2"_s.arg(target.provider, backend.error()));
    return std::move(*backend);
}

QJsonObject estimateJson(const ReplayEstimate &e, qint64 pairs)
{
    QJsonObject o = e.toJson();
    o[u"pairs"_s] = pairs;
    return o;
}

void printEstimate(const JudgeRunRequest &r, const ReplayEstimate &e, qint64 pairs, Io io)
{
    io.out << "Estimate for the judge " << r.provider << "/" << r.model << " (rubric " << r.rubric.origin() << ", "
           << r.rubric.fingerprint() << "; each pair judged twice, positions swapped)\n"
           << "  pairs         " << pairs << "\n"
           << "  calls         " << e.calls << "\n"
           << "  not sendable  " << e.renderErrors << "\n"
           << "  input tokens  " << e.inputTokens << " (characters / " << replayCharsPerToken << ")\n"
           << "  output tokens " << e.outputTokens << " (at most max_tokens " << r.maxTokens << " each)\n"
           << "  cost          " << formatUsd(e.costUsd)
           << (e.unpricedCalls ? u" (+ %1 calls with no price: %2)"_s.arg(e.unpricedCalls).arg(e.unpricedModels.join(u", "_s))
                               : QString())
           << "\n";
    io.out.flush();
}

// Runs the engine on this thread's event loop until the run stops.
std::pair<ReplayRunStatus, QString> runEngine(const SessionSpec &spec, qint64 runId, const PriceTable &prices,
                                              std::unique_ptr<ReplayBackend> backend,
                                              const std::optional<ReplayOptions> &options, Io io)
{
    auto shared = std::make_shared<std::unique_ptr<ReplayBackend>>(std::move(backend));
    ReplayEngineConfig config{spec.source, spec.workspace, runId, prices,
                              [shared](const ReplayTarget &, const ReplayOptions &) -> Result<std::unique_ptr<ReplayBackend>> {
                                  if (!*shared)
                                      return fail(u"a judge run has one target"_s);
                                  return std::move(*shared);
                              },
                              options};
    ReplayEngine engine(std::move(config));
    QEventLoop loop;
    std::pair<ReplayRunStatus, QString> outcome{ReplayRunStatus::Failed, QString()};
    QElapsedTimer sinceLine;
    sinceLine.start();
    QObject::connect(&engine, &ReplayEngine::progressed, &loop, [&](const ReplayProgress &p) {
        if (sinceLine.elapsed() < 2000)
            return;
        sinceLine.restart();
        io.err << "judge run " << runId << ": " << p.done << " answered, " << p.failed << " failed, " << p.remaining
               << " to go, " << formatUsd(p.spentUsd) << " spent" << Qt::endl;
    });
    QObject::connect(&engine, &ReplayEngine::finished, &loop, [&](ReplayRunStatus s, const QString &why) {
        outcome = {s, why};
        loop.quit();
    });
    engine.start();
    loop.exec();
    return outcome;
}

QJsonObject orderJson(const JudgeOrderOutcome &o)
{
    return {{u"pair_id"_s, QString::number(o.pairNo)}, {u"order"_s, o.order},
            {u"status"_s, judgeOrderStatusName(o.status)}, {u"problem"_s, o.problem}, {u"raw"_s, o.raw}};
}

int report(Workspace &ws, const JudgeRunLink &link, ReplayRunStatus status, const QString &message,
           const QString &format, const QJsonObject &estimate, Io io)
{
    auto counts = judgeRunCounts(ws, link.runId, link.session);
    if (!counts)
        return die(io, Failed, counts.error());
    auto tally = ReplayRunStore(ws).tally(link.runId);
    if (!tally)
        return die(io, Failed, tally.error());
    auto outcomes = JudgeRunStore(ws).outcomes(link.runId);
    if (!outcomes)
        return die(io, Failed, outcomes.error());
    QList<JudgeOrderOutcome> bad;
    for (const JudgeOrderOutcome &o : *outcomes) {
        if (o.status != JudgeOrderStatus::Decided)
            bad << o;
    }
    const JudgeRunCounts &c = *counts;
    const double consistency = c.consistent + c.inconsistent > 0
        ? double(c.consistent) / double(c.consistent + c.inconsistent) : 0;
    if (format == "json"_L1) {
        QJsonArray badOrders;
        for (const JudgeOrderOutcome &o : bad)
            badOrders.append(orderJson(o));
        QJsonObject o{{u"run_id"_s, link.runId},
                      {u"status"_s, replayRunStatusName(status)},
                      {u"session"_s, link.session},
                      {u"judge"_s, link.judgeName()},
                      {u"rubric"_s, link.rubricFingerprint},
                      {u"pairs"_s, c.pairs},
                      {u"consistent"_s, c.consistent},
                      {u"inconsistent"_s, c.inconsistent},
                      {u"excluded"_s, c.excluded},
                      {u"invalid_orders"_s, c.invalidOrders},
                      {u"failed_orders"_s, c.failedOrders},
                      {u"pending_orders"_s, c.pendingOrders},
                      {u"position_consistency"_s, consistency},
                      {u"calls"_s, tallyJson(*tally)},
                      {u"not_decided"_s, badOrders}};
        if (!message.isEmpty())
            o[u"message"_s] = message;
        if (!estimate.isEmpty())
            o[u"estimate"_s] = estimate;
        io.out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
    } else {
        io.out << "Judge run " << link.runId << " (" << link.judgeName() << " on session " << link.session << "): "
               << replayRunStatusName(status) << (message.isEmpty() ? QString() : u" (%1)"_s.arg(message)) << "\n"
               << "  pairs          " << c.pairs << "\n"
               << "  consistent     " << c.consistent << " (both orders agree)\n"
               << "  inconsistent   " << c.inconsistent << " (the orders disagree: counted as ties)\n"
               << "  no vote        " << c.excluded << " (" << c.invalidOrders << " invalid replies, " << c.failedOrders
               << " failed calls, " << c.pendingOrders << " not answered yet)\n"
               << "  consistency    "
               << (c.consistent + c.inconsistent > 0 ? QString::number(100.0 * consistency, 'f', 1) + u"%"_s : u"-"_s) << "\n"
               << "  calls          " << tally->ok << " answered" << (tally->fromCache ? u" (%1 from the cache)"_s.arg(tally->fromCache) : QString())
               << ", cost " << formatUsd(tally->costUsd) << " (spent " << formatUsd(tally->spentUsd) << ")\n";
        for (qsizetype i = 0; i < bad.size() && i < 10; ++i)
            io.out << "  pair " << bad[i].pairNo << " order " << bad[i].order << ": " << judgeOrderStatusName(bad[i].status)
                   << ": " << bad[i].problem << "\n";
        if (bad.size() > 10)
            io.out << "  ... and " << bad.size() - 10 << " more (--format json lists them all with the raw replies)\n";
        if (c.pendingOrders > 0)
            io.out << "  continue with the same command: it resumes run " << link.runId << "\n";
    }
    io.out.flush();
    if (status == ReplayRunStatus::Budget)
        return BudgetStopped;
    return status == ReplayRunStatus::Done ? Ok : Failed;
}

} // namespace

void addJudgeLlmOptions(QCommandLineParser &parser)
{
    parser.addOption({u"llm"_s, u"Judge the session's pairs with a model (each twice, positions swapped)."_s});
    parser.addOption({u"provider"_s, u"With --llm: anthropic, openai, gemini or openai-compatible."_s, u"provider"_s});
    parser.addOption({u"model"_s, u"With --llm: the judge model."_s, u"model"_s});
    parser.addOption({u"base-url"_s, u"With --llm: the provider's endpoint (openai-compatible servers, proxies)."_s, u"url"_s});
    parser.addOption({u"rubric"_s, u"With --llm: a rubric file with {{criteria}}, {{input}}, {{response_1}}, {{response_2}} "
                                   "(default: the built-in one; --print-rubric shows it)."_s, u"file"_s});
    parser.addOption({u"criteria"_s, u"With --llm: what the judge weighs, put into {{criteria}}."_s, u"text"_s});
    parser.addOption({u"print-rubric"_s, u"Print the built-in rubric (a starting point for --rubric) and stop."_s});
    parser.addOption({u"max-tokens"_s, u"With --llm: the judge's output limit (default 512)."_s, u"N"_s});
    parser.addOption({u"concurrency"_s, u"With --llm: the most calls in flight (default 8)."_s, u"C"_s});
    parser.addOption({u"budget"_s, u"With --llm: stop before the spend would exceed this many US dollars."_s, u"USD"_s});
    parser.addOption({u"dry-run"_s, u"With --llm: print the estimate; nothing is sent or stored."_s});
    parser.addOption({u"no-cache"_s, u"With --llm: fresh answers, never from the response cache."_s});
}

int judgeWithModel(const QCommandLineParser &parser, const QString &source, LogSession &session,
                   const JudgingSession &judging, Io io)
{
    const QString format = parser.value(u"format"_s) == "json"_L1 ? u"json"_s : u"table"_s;
    if (parser.isSet(u"format"_s) && parser.value(u"format"_s) != "json"_L1 && parser.value(u"format"_s) != "table"_L1)
        return die(io, BadUsage, u"--format must be table or json with --llm"_s);
    auto request = requestFrom(parser, judging.name);
    if (!request)
        return die(io, BadUsage, request.error());
    auto spec = sessionSpecFrom(parser, source);
    if (!spec)
        return die(io, BadUsage, spec.error());
    auto prices = pricesFrom(parser);
    if (!prices)
        return die(io, BadUsage, prices.error());
    Workspace &ws = *session.workspace();
    auto prepared = prepareJudgeRun(ws, session.outputs(), *prices, judging, *request);
    if (!prepared)
        return die(io, BadUsage, prepared.error());

    QJsonObject estimate;
    std::unique_ptr<ReplayBackend> backend;
    if (prepared->existing) {
        if (parser.isSet(u"dry-run"_s)) {
            io.out << "Judge run " << prepared->existing->runId << " exists for this session, model and rubric: "
                   << prepared->pendingCalls << " of " << prepared->totalCalls
                   << " calls still to send; running the command without --dry-run resumes it.\n";
            io.out.flush();
            return Ok;
        }
        if (prepared->pendingCalls == 0)
            return report(ws, *prepared->existing, ReplayRunStatus::Done, {}, format, {}, io);
        io.err << "judge run " << prepared->existing->runId << ": resuming, " << prepared->pendingCalls << " calls to send"
               << Qt::endl;
    } else {
        const ReplayEstimate &e = prepared->plan->plan.estimate;
        estimate = estimateJson(e, prepared->pairs);
        if (format == "table"_L1 || parser.isSet(u"dry-run"_s)) {
            if (format == "json"_L1)
                io.out << QString::fromUtf8(QJsonDocument(QJsonObject{{u"estimate"_s, estimate}}).toJson(QJsonDocument::Indented));
            else
                printEstimate(*request, e, prepared->pairs, io);
        }
        if (parser.isSet(u"dry-run"_s))
            return Ok;
        // The provider first: a missing key stops the command before anything is stored.
        auto made = backendFor(request->target(), request->options);
        if (!made)
            return die(io, BadUsage, made.error());
        backend = std::move(*made);
    }
    auto created = createOrResumeJudgeRun(ws, *prepared, spec->source.displayName(), LabelStore::defaultReviewer(ws));
    if (!created)
        return die(io, Failed, created.error());
    const JudgeRunLink link = *created;

    // A resume keeps the run's own options unless this command changes the budget, the
    // concurrency or the cache use.
    auto info = ReplayRunStore(ws).run(link.runId);
    if (!info)
        return die(io, Failed, info.error());
    ReplayOptions options = info->spec.options;
    if (parser.isSet(u"budget"_s))
        options.budgetUsd = request->options.budgetUsd;
    if (parser.isSet(u"concurrency"_s))
        options.concurrency = request->options.concurrency;
    if (parser.isSet(u"no-cache"_s))
        options.noCache = true;
    if (!backend) {
        auto made = backendFor(info->spec.targets.value(0), options);
        if (!made)
            return die(io, BadUsage, made.error());
        backend = std::move(*made);
    }
    const auto [status, message] = runEngine(*spec, link.runId, *prices, std::move(backend), options, io);
    return report(ws, link, status, message, format, estimate, io);
}

} // namespace assay::cli

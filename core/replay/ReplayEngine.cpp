#include "replay/ReplayEngine.h"

#include "pricing/RecordCost.h"
#include "replay/ReplayResponseCache.h"
#include "workspace/Workspace.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Cache hits are stored without waiting for a backend; this many at a time, then the event
// loop gets a turn (pause and cancel must stay responsive on a run the cache answers).
constexpr int synchronousBatch = 200;
constexpr qint64 progressIntervalMs = 100;

// What a call's usage costs at the price table's prices today, priced the way the log's own
// calls are (RecordCost.h). ReplayBackend reports input tokens without the cache tokens.
std::optional<double> costOfUsage(const PriceTable &prices, const QString &model, const ReplayCallResult &result)
{
    OutputRecord usage;
    usage.createdAt = QDateTime::currentDateTimeUtc();
    usage.values.insert(LogField::Model, model);
    usage.values.insert(LogField::InputTokens, result.inputTokens);
    usage.values.insert(LogField::OutputTokens, result.outputTokens);
    usage.values.insert(LogField::CacheReadTokens, result.cacheReadTokens);
    usage.values.insert(LogField::CacheWriteTokens, result.cacheWriteTokens);
    const RecordCost cost = costOfRecord(usage, prices, InputTokens::ExcludeCache);
    return cost.hasCost() ? std::optional<double>(cost.usd) : std::nullopt;
}

} // namespace

ReplayEngine::ReplayEngine(ReplayEngineConfig config, QObject *parent) : QObject(parent), m_config(std::move(config))
{
}

ReplayEngine::~ReplayEngine()
{
    // A backend may still answer while it is torn down; nothing may reach a half-destroyed engine.
    *m_alive = false;
    m_backends.clear();
}

ReplayProgress ReplayEngine::progress() const
{
    ReplayProgress p;
    p.total = m_counts.calls;
    p.done = m_counts.ok;
    p.failed = m_counts.failed + m_counts.renderErrors;
    p.remaining = m_counts.pending();
    p.inFlight = m_inFlight;
    p.fromCache = m_counts.fromCache;
    p.spentUsd = m_counts.spentUsd;
    const double seconds = m_clock.isValid() ? static_cast<double>(m_clock.elapsed()) / 1000.0 : 0;
    if (seconds > 0 && m_recordedThisSession > 0) {
        p.callsPerSecond = static_cast<double>(m_recordedThisSession) / seconds;
        p.etaSeconds = static_cast<double>(p.remaining) / p.callsPerSecond;
    }
    return p;
}

void ReplayEngine::start()
{
    if (m_phase == Phase::Idle)
        m_phase = Phase::Running;
    else if (m_phase != Phase::Stopping || m_store) // started already (a cancel before start still finishes)
        return;
    QTimer::singleShot(0, this, &ReplayEngine::begin);
}

void ReplayEngine::begin()
{
    auto ws = Workspace::open(m_config.source, m_config.workspace);
    if (!ws)
        return finish(ReplayRunStatus::Failed, ws.error());
    m_ws = std::move(*ws);
    m_store = std::make_unique<ReplayRunStore>(*m_ws);
    m_cache = std::make_unique<ReplayResponseCache>(*m_ws);
    auto run = m_store->run(m_config.runId);
    if (!run)
        return finish(ReplayRunStatus::Failed, run.error());
    if (m_phase == Phase::Stopping) // cancelled before it began: say so in the run
        return finish(m_stopAs, m_stopMessage.isEmpty() ? u"cancelled"_s : m_stopMessage);
    m_run = *run;
    m_options = m_config.options.value_or(m_run.spec.options);

    for (const ReplayTarget &target : m_run.spec.targets) {
        if (!m_config.makeBackend)
            return finish(ReplayRunStatus::Failed, u"no way to reach the providers was given"_s);
        auto backend = m_config.makeBackend(target, m_options);
        if (!backend)
            return finish(ReplayRunStatus::Failed, u"%1: %2"_s.arg(target.label(), backend.error()));
        m_backends.push_back(std::move(*backend));
    }
    auto counts = m_store->tally(m_config.runId);
    if (!counts)
        return finish(ReplayRunStatus::Failed, counts.error());
    m_counts = *counts;
    auto pending = m_store->pendingCalls(m_config.runId);
    if (!pending)
        return finish(ReplayRunStatus::Failed, pending.error());
    m_queues.resize(m_backends.size());
    for (const PendingCall &call : *pending) {
        if (call.targetNo >= 0 && static_cast<std::size_t>(call.targetNo) < m_queues.size())
            m_queues[static_cast<std::size_t>(call.targetNo)].push_back(call);
    }
    // Paused before it began: everything is ready, nothing is sent until resume().
    const ReplayRunStatus status = m_phase == Phase::Paused ? ReplayRunStatus::Paused : ReplayRunStatus::Running;
    if (auto marked = m_store->setStatus(m_config.runId, status); !marked)
        return finish(ReplayRunStatus::Failed, marked.error());
    m_clock.start();
    m_sinceProgress.start();
    emitProgress(true);
    dispatch();
}

void ReplayEngine::queueDispatch()
{
    if (m_dispatchQueued)
        return;
    m_dispatchQueued = true;
    QTimer::singleShot(0, this, &ReplayEngine::dispatch);
}

void ReplayEngine::dispatch()
{
    m_dispatchQueued = false;
    // Round robin over the targets, one call each per pass, so every target moves at its pace.
    int synchronous = 0;
    bool moved = true;
    while (moved && m_phase == Phase::Running) {
        moved = false;
        for (std::size_t t = 0; t < m_queues.size() && m_phase == Phase::Running; ++t) {
            if (dispatchOne(t, synchronous))
                moved = true;
            if (synchronous >= synchronousBatch) {
                emitProgress(false);
                return queueDispatch();
            }
        }
    }
    maybeFinish();
}

bool ReplayEngine::dispatchOne(std::size_t t, int &synchronous)
{
    std::deque<PendingCall> &queue = m_queues[t];
    if (queue.empty() || m_backends[t]->capacity() <= 0)
        return false;
    const PendingCall next = queue.front();
    const ReplayTarget &target = m_run.spec.targets.at(static_cast<qsizetype>(t));
    auto prompt = m_store->renderedPrompt(m_config.runId, next.caseNo, next.targetNo);
    if (!prompt) {
        stop(ReplayRunStatus::Failed, prompt.error());
        return false;
    }
    const ReplayCall call{target.model, {}, *prompt, target.maxTokens, target.temperature};
    const QString key = replayCacheKey(target, call);
    if (!m_options.noCache) {
        auto hit = m_cache->find(key);
        if (!hit) {
            stop(ReplayRunStatus::Failed, hit.error());
            return false;
        }
        if (*hit) {
            queue.pop_front();
            ++synchronous;
            return record(next, **hit, true);
        }
    }
    if (m_options.budgetUsd) {
        if (!next.estCostUsd) {
            stop(ReplayRunStatus::Budget,
                 u"%1 has no price, so a budget cannot be kept (add one with --prices)"_s.arg(target.model));
            return false;
        }
        if (m_counts.spentUsd + m_inFlightEstimate + *next.estCostUsd > *m_options.budgetUsd) {
            // Calls in flight usually cost less than their estimates: wait for their real cost
            // before deciding. With nothing in flight the spend is known, and the call cannot fit.
            if (m_inFlight > 0)
                return false;
            stop(ReplayRunStatus::Budget, u"the next call would take the spend over the budget of $%1"_s.arg(
                                              QString::number(*m_options.budgetUsd, 'f', 2)));
            return false;
        }
    }
    queue.pop_front();
    ++m_inFlight;
    m_inFlightEstimate += next.estCostUsd.value_or(0);
    m_backends[t]->call(call, [this, alive = m_alive, next, key](const ReplayCallResult &result) {
        if (*alive)
            onCallDone(next, key, result);
    });
    return true;
}

void ReplayEngine::onCallDone(const PendingCall &call, const QString &cacheKey, const ReplayCallResult &result)
{
    --m_inFlight;
    m_inFlightEstimate = m_inFlight > 0 ? m_inFlightEstimate - call.estCostUsd.value_or(0) : 0;
    if (result.status == ReplayCallStatus::Cancelled) {
        // Not a result: the case stays pending in the workspace and in the queue.
        m_queues[static_cast<std::size_t>(call.targetNo)].push_front(call);
    } else if (record(call, result, false) && result.status == ReplayCallStatus::Ok) {
        // Fresh samples (noCache) refresh the cache too, for the runs that want one. The result
        // is stored already, so a cache that cannot be written costs only a later repeat.
        if (auto cached = m_cache->store(cacheKey, m_run.spec.targets.at(call.targetNo), result); !cached)
            qWarning("replay: the answer stays uncached: %s", qPrintable(cached.error()));
    }
    if (result.spendLimit)
        stop(ReplayRunStatus::SpendLimit, result.error.isEmpty() ? u"the provider refused for billing reasons"_s : result.error);
    if (m_phase == Phase::Running)
        dispatch();
    else
        maybeFinish();
}

bool ReplayEngine::record(const PendingCall &call, const ReplayCallResult &result, bool fromCache)
{
    ReplayResult r;
    r.caseNo = call.caseNo;
    r.targetNo = call.targetNo;
    r.outputKey = call.outputKey;
    r.status = result.status == ReplayCallStatus::Ok ? ReplayResultStatus::Ok : ReplayResultStatus::Failed;
    r.output = result.output;
    r.inputTokens = result.inputTokens;
    r.outputTokens = result.outputTokens;
    r.cacheReadTokens = result.cacheReadTokens;
    r.cacheWriteTokens = result.cacheWriteTokens;
    r.costUsd = costOfUsage(m_config.prices, m_run.spec.targets.at(call.targetNo).model, result);
    r.latencyMs = result.latencyMs;
    r.attempts = fromCache ? 0 : result.attempts;
    r.httpStatus = result.httpStatus;
    r.requestId = result.requestId;
    r.stopReason = result.stopReason;
    r.error = result.error;
    r.fromCache = fromCache;
    r.completedAt = QDateTime::currentDateTimeUtc();
    if (auto saved = m_store->saveResult(m_config.runId, r); !saved) {
        stop(ReplayRunStatus::Failed, saved.error());
        return false;
    }
    (r.status == ReplayResultStatus::Ok ? m_counts.ok : m_counts.failed) += 1;
    m_counts.inputTokens += r.inputTokens;
    m_counts.outputTokens += r.outputTokens;
    m_counts.cacheReadTokens += r.cacheReadTokens;
    m_counts.cacheWriteTokens += r.cacheWriteTokens;
    m_counts.costUsd += r.costUsd.value_or(0);
    if (!r.costUsd)
        ++m_counts.unpriced;
    if (fromCache) {
        ++m_counts.fromCache;
    } else {
        m_counts.spentUsd += r.costUsd.value_or(0);
        m_counts.latencyMs += r.latencyMs;
    }
    ++m_recordedThisSession;
    Q_EMIT resultStored(r);
    emitProgress(false);
    return true;
}

void ReplayEngine::stop(ReplayRunStatus status, const QString &message)
{
    if (m_phase == Phase::Finished || m_phase == Phase::Stopping)
        return;
    m_phase = Phase::Stopping;
    m_stopAs = status;
    m_stopMessage = message;
    // A budget stop lets the calls in flight finish: they were within it, and paid for.
    if (status != ReplayRunStatus::Budget) {
        for (auto &backend : m_backends)
            backend->cancelAll();
    }
    maybeFinish();
}

void ReplayEngine::maybeFinish()
{
    if (m_inFlight > 0)
        return;
    if (m_phase == Phase::Stopping)
        return finish(m_stopAs, m_stopMessage);
    if (m_phase != Phase::Running)
        return;
    for (const auto &queue : m_queues) {
        if (!queue.empty())
            return;
    }
    finish(ReplayRunStatus::Done, {});
}

void ReplayEngine::finish(ReplayRunStatus status, const QString &message)
{
    m_phase = Phase::Finished;
    QString why = message;
    if (m_store) {
        if (auto marked = m_store->setStatus(m_config.runId, status); !marked)
            why = why.isEmpty() ? marked.error() : why + u"; "_s + marked.error();
    }
    emitProgress(true);
    Q_EMIT finished(status, why);
}

void ReplayEngine::pause()
{
    if (m_phase != Phase::Running)
        return;
    m_phase = Phase::Paused;
    if (auto marked = m_store ? m_store->setStatus(m_config.runId, ReplayRunStatus::Paused) : Result<void>(); !marked)
        qWarning("replay: %s", qPrintable(marked.error())); // the run goes on; only its label lags
    emitProgress(true);
}

void ReplayEngine::resume()
{
    if (m_phase != Phase::Paused)
        return;
    m_phase = Phase::Running;
    if (auto marked = m_store ? m_store->setStatus(m_config.runId, ReplayRunStatus::Running) : Result<void>(); !marked)
        qWarning("replay: %s", qPrintable(marked.error())); // the run goes on; only its label lags
    // Throughput and ETA count from here: the pause says nothing about the provider's pace.
    m_clock.start();
    m_recordedThisSession = 0;
    queueDispatch();
}

void ReplayEngine::cancel()
{
    if (m_phase == Phase::Idle) {
        m_phase = Phase::Stopping;
        m_stopAs = ReplayRunStatus::Cancelled;
        return;
    }
    if (m_phase == Phase::Paused)
        m_phase = Phase::Running; // stop() leaves paused runs alone otherwise
    if (m_phase == Phase::Running && !m_store) {
        // start() was called but begin() has not run yet.
        m_phase = Phase::Stopping;
        m_stopAs = ReplayRunStatus::Cancelled;
        return;
    }
    stop(ReplayRunStatus::Cancelled, u"cancelled"_s);
}

void ReplayEngine::emitProgress(bool force)
{
    if (!force && m_sinceProgress.isValid() && m_sinceProgress.elapsed() < progressIntervalMs)
        return;
    m_sinceProgress.start();
    Q_EMIT progressed(progress());
}

} // namespace assay

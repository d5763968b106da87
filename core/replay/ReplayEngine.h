#pragma once

#include "pricing/PriceTable.h"
#include "replay/ReplayBackend.h"
#include "replay/ReplayProgress.h"
#include "replay/ReplayResult.h"
#include "replay/ReplayRunStore.h"
#include "source/SourceLocation.h"
#include "util/Result.h"

#include <QElapsedTimer>
#include <QObject>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace assay {

class ReplayResponseCache;
class Workspace;

// Makes the backend that serves one target (core/providers' makeProviderBackend in the app, a
// fake in tests). Called on the engine's thread.
using ReplayBackendFactory =
    std::function<Result<std::unique_ptr<ReplayBackend>>(const ReplayTarget &target, const ReplayOptions &options)>;

struct ReplayEngineConfig {
    SourceLocation source; // the run lives in this source's workspace...
    QString workspace;     // ...at this path or URL (empty: the default one)
    qint64 runId = 0;      // created beforehand with ReplayRunStore::createRun
    PriceTable prices;
    ReplayBackendFactory makeBackend;
    std::optional<ReplayOptions> options; // none: the run's own (a resume may change budget or cache use)
};

// Runs a stored replay: hands each pending case x target to its target's backend while the
// backend has capacity, stores every result as it completes (cost from its usage at the price
// table's prices) and keeps the run's status. Cases with a stored result are never sent again,
// so starting an engine on a run that was killed continues it. A response-cache hit is stored
// without a call (and costs nothing) unless the options ask for fresh samples.
//
// Budget: a call is started only when the spend so far, the estimates of the calls in flight
// and its own estimate stay within the cap. When it does not fit, the engine waits for the calls
// in flight (their real cost is usually below the estimate) and decides again; when it still
// does not fit with nothing in flight, the run stops with status Budget. A model without a
// price cannot be run under a budget. A result flagged spendLimit (the provider's billing
// refusal) stops the run too.
//
// Lives on one thread with an event loop: create it, move it there, invoke start(); the
// workspace and backends are opened on that thread. Signals come after start() returns. Delete
// it on its thread (deleteLater), never from a slot connected directly to finished().
class ReplayEngine : public QObject {
    Q_OBJECT
public:
    explicit ReplayEngine(ReplayEngineConfig config, QObject *parent = nullptr);
    ~ReplayEngine() override;

    ReplayProgress progress() const; // from the engine's thread

public Q_SLOTS:
    void start();
    void pause();  // no new calls; those in flight complete and are stored
    void resume();
    void cancel(); // no new calls; the backends cancel theirs (they stay pending for a resume)

Q_SIGNALS:
    void progressed(const assay::ReplayProgress &progress);
    void resultStored(const assay::ReplayResult &result);
    void finished(assay::ReplayRunStatus status, const QString &message);

private:
    enum class Phase { Idle, Running, Paused, Stopping, Finished };

    void begin();
    void dispatch();
    void queueDispatch();
    bool dispatchOne(std::size_t target, int &synchronous);
    void onCallDone(const PendingCall &call, const QString &cacheKey, const ReplayCallResult &result);
    bool record(const PendingCall &call, const ReplayCallResult &result, bool fromCache);
    void stop(ReplayRunStatus status, const QString &message);
    void maybeFinish();
    void finish(ReplayRunStatus status, const QString &message);
    void emitProgress(bool force);

    ReplayEngineConfig m_config;
    ReplayOptions m_options;
    ReplayRunInfo m_run;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<ReplayRunStore> m_store;
    std::unique_ptr<ReplayResponseCache> m_cache;
    std::vector<std::unique_ptr<ReplayBackend>> m_backends;
    std::vector<std::deque<PendingCall>> m_queues; // per target
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);

    Phase m_phase = Phase::Idle;
    ReplayRunStatus m_stopAs = ReplayRunStatus::Done;
    QString m_stopMessage;
    bool m_dispatchQueued = false;

    ReplayTally m_counts; // as stored, kept up to date as results come in
    qint64 m_inFlight = 0;
    double m_inFlightEstimate = 0;
    qint64 m_recordedThisSession = 0;
    QElapsedTimer m_clock;
    QElapsedTimer m_sinceProgress;
};

} // namespace assay

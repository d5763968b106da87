#include "replay/ReplayRunner.h"

#include "providers/ProviderBackend.h"

#include <QThread>

namespace assay {

ReplayRunner::ReplayRunner(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<ReplayProgress>();
    qRegisterMetaType<ReplayResult>();
    qRegisterMetaType<ReplayRunStatus>();
}

ReplayRunner::~ReplayRunner()
{
    cancel();
    stopThread();
}

bool ReplayRunner::start(const SessionSpec &spec, qint64 runId, const PriceTable &prices,
                         std::optional<ReplayOptions> options)
{
    if (m_engine)
        return false;
    stopThread(); // the thread of the previous run, if it is still winding down
    ReplayEngineConfig config;
    config.source = spec.source;
    config.workspace = spec.workspace;
    config.runId = runId;
    config.prices = prices;
    config.options = std::move(options);
    config.makeBackend = [](const ReplayTarget &target, const ReplayOptions &o) -> Result<std::unique_ptr<ReplayBackend>> {
        ProviderBackendOptions backend;
        backend.provider = target.provider;
        backend.baseUrl = target.baseUrl;
        backend.stream = o.stream;
        backend.maxConcurrency = o.concurrency;
        return makeProviderBackend(backend);
    };
    m_runId = runId;
    m_paused = false;
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("replay-engine"));
    auto *engine = new ReplayEngine(std::move(config));
    engine->moveToThread(m_thread);
    m_engine = engine;
    // The documented worker pattern: the engine dies on its own thread once the loop ends.
    connect(m_thread, &QThread::finished, engine, &QObject::deleteLater);
    connect(engine, &ReplayEngine::progressed, this, &ReplayRunner::progressed);
    connect(engine, &ReplayEngine::resultStored, this, &ReplayRunner::resultStored);
    connect(engine, &ReplayEngine::finished, this, &ReplayRunner::onFinished);
    m_thread->start();
    QMetaObject::invokeMethod(engine, &ReplayEngine::start, Qt::QueuedConnection);
    return true;
}

void ReplayRunner::pause()
{
    if (!m_engine || m_paused)
        return;
    QMetaObject::invokeMethod(m_engine.data(), &ReplayEngine::pause, Qt::QueuedConnection);
    m_paused = true;
    Q_EMIT pausedChanged(true);
}

void ReplayRunner::resume()
{
    if (!m_engine || !m_paused)
        return;
    QMetaObject::invokeMethod(m_engine.data(), &ReplayEngine::resume, Qt::QueuedConnection);
    m_paused = false;
    Q_EMIT pausedChanged(false);
}

void ReplayRunner::cancel()
{
    if (m_engine)
        QMetaObject::invokeMethod(m_engine.data(), &ReplayEngine::cancel, Qt::QueuedConnection);
}

void ReplayRunner::onFinished(ReplayRunStatus status, const QString &message)
{
    // Queued from the engine's thread: the engine is done sending; let its thread wind down.
    m_engine = nullptr;
    m_paused = false;
    if (m_thread)
        m_thread->quit();
    Q_EMIT finished(m_runId, status, message);
}

void ReplayRunner::stopThread()
{
    if (!m_thread)
        return;
    if (m_engine) {
        // Closing mid-run: the cancel queued before lets the backends drop their calls; the
        // engine is deleted when the loop ends, whatever it was doing.
        m_engine = nullptr;
    }
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

} // namespace assay

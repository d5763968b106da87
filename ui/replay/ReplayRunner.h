#pragma once

#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "replay/ReplayEngine.h"

#include <QObject>
#include <QPointer>

#include <optional>

class QThread;

namespace assay {

// Drives one ReplayEngine on a thread of its own: the engine opens its own workspace
// connection and creates the provider backends there (keys are read there too, so the UI
// thread never waits on the keychain). Signals arrive on the owner's thread. One run at a time;
// destroying the runner cancels the run (what was in flight stays pending for a resume).
class ReplayRunner : public QObject {
    Q_OBJECT
public:
    explicit ReplayRunner(QObject *parent = nullptr);
    ~ReplayRunner() override;

    // `options` none: the run's own (a resume of an interrupted run continues as it was planned).
    bool start(const SessionSpec &spec, qint64 runId, const PriceTable &prices,
               std::optional<ReplayOptions> options = std::nullopt);
    bool isRunning() const { return m_engine != nullptr; }
    qint64 runId() const { return m_runId; }
    bool isPaused() const { return m_paused; }

    void pause();
    void resume();
    void cancel();

Q_SIGNALS:
    void progressed(const assay::ReplayProgress &progress);
    void resultStored(const assay::ReplayResult &result);
    void finished(qint64 runId, assay::ReplayRunStatus status, const QString &message);
    void pausedChanged(bool paused);

private:
    void onFinished(assay::ReplayRunStatus status, const QString &message);
    void stopThread();

    QThread *m_thread = nullptr;
    QPointer<ReplayEngine> m_engine;
    qint64 m_runId = 0;
    bool m_paused = false;
};

} // namespace assay

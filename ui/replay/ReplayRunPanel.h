#pragma once

#include "replay/ReplayPageTypes.h"
#include "replay/ReplayProgress.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace assay {

// The run being watched: progress (done / failed / remaining, throughput, ETA, spend so far),
// Pause / Resume / Cancel, and the newest outputs as they stream in. A stopped run with cases
// still pending (a crash left it "running", a cancel, the budget) offers Resume.
class ReplayRunPanel : public QWidget {
    Q_OBJECT
public:
    explicit ReplayRunPanel(QWidget *parent = nullptr);

    // The run as stored; `live`: an engine of this window is running it.
    void showRun(const ReplayRunRow &run, bool live, bool paused);
    void clearRun();
    void setProgress(const ReplayProgress &progress);
    void addResult(const ReplayResult &result, const QString &targetLabel);
    void setFinished(const QString &text);

    QLabel *statsLabel() const { return m_stats; }
    QPushButton *pauseButton() const { return m_pause; }
    QPushButton *resumeButton() const { return m_resume; }
    QPushButton *cancelButton() const { return m_cancel; }
    QListWidget *newestOutputs() const { return m_newest; }

Q_SIGNALS:
    void pauseClicked();
    void resumeClicked();
    void cancelClicked();

private:
    qint64 m_runId = 0; // the run shown: its stream of newest outputs is kept while it stays
    QLabel *m_title = nullptr;
    QProgressBar *m_bar = nullptr;
    QLabel *m_stats = nullptr;
    QLabel *m_outcome = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_resume = nullptr;
    QPushButton *m_cancel = nullptr;
    QListWidget *m_newest = nullptr;
};

} // namespace assay

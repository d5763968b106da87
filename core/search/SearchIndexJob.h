#pragma once

#include "browse/LogSession.h"

#include <QObject>
#include <QThread>

#include <atomic>

namespace assay {

// Builds or extends the search index on a thread of its own (with its own connections),
// reporting progress; the GUI runs it after opening a log and again now and then, so rows
// the product logs meanwhile become searchable through the index too.
class SearchIndexJob : public QObject {
    Q_OBJECT
public:
    explicit SearchIndexJob(QObject *parent = nullptr);
    ~SearchIndexJob() override;

    // Does nothing while a run is under way.
    void start(const SessionSpec &spec);
    void cancel();
    bool isRunning() const { return m_thread && m_thread->isRunning(); }

Q_SIGNALS:
    void progress(qint64 indexedRows, qint64 pendingRows, double rowsPerSecond);
    void finished(qint64 addedRows);
    void failed(const QString &message);
    void unsupported(const QString &reason);

private:
    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
};

} // namespace assay

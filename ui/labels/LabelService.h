#pragma once

#include "labels/LabelWorker.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <utility>

namespace assay {

// Owns a LabelWorker and the thread it runs on, for one page. Calls are posted to the worker
// (`post`), results come back as the worker's signals, queued onto the caller's thread.
class LabelService : public QObject {
    Q_OBJECT
public:
    explicit LabelService(const QString &threadName, QObject *parent = nullptr);
    ~LabelService() override;

    LabelWorker *worker() const { return m_worker; }

    // Runs `call(worker)` on the worker's thread.
    template <typename Call>
    void post(Call call)
    {
        LabelWorker *worker = m_worker;
        QMetaObject::invokeMethod(worker, [worker, call = std::move(call)]() mutable { call(*worker); },
                                  Qt::QueuedConnection);
    }

    // Ids for edits, so a page can match committed()/commitFailed() to what it sent.
    quint64 nextRequest() { return ++m_lastRequest; }

    // The reviewer name from the settings (empty: the OS user, decided by the worker).
    static QString configuredReviewer();
    static void setConfiguredReviewer(const QString &name);

private:
    QThread m_thread;
    QPointer<LabelWorker> m_worker;
    quint64 m_lastRequest = 0;
};

} // namespace assay

#pragma once

#include "judging/JudgingWorker.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <utility>

namespace assay {

// Owns a JudgingWorker and the thread it runs on. Calls are posted to the worker (`post`);
// results come back as the worker's signals, queued onto the caller's thread.
class JudgingService : public QObject {
    Q_OBJECT
public:
    explicit JudgingService(QObject *parent = nullptr);
    ~JudgingService() override;

    JudgingWorker *worker() const { return m_worker; }

    template <typename Call>
    void post(Call call)
    {
        JudgingWorker *worker = m_worker;
        QMetaObject::invokeMethod(worker, [worker, call = std::move(call)]() mutable { call(*worker); },
                                  Qt::QueuedConnection);
    }

    quint64 nextRequest() { return ++m_lastRequest; }

private:
    QThread m_thread;
    QPointer<JudgingWorker> m_worker;
    quint64 m_lastRequest = 0;
};

} // namespace assay

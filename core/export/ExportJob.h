#pragma once

#include "browse/LogSession.h"
#include "export/OutputExport.h"

#include <QObject>
#include <QThread>

#include <atomic>

namespace assay {

// Exports a filter's rows to a file on a thread of its own. The file is written to a temporary
// name and renamed at the end, so a cancelled or failed export leaves nothing half-written.
class ExportJob : public QObject {
    Q_OBJECT
public:
    explicit ExportJob(QObject *parent = nullptr);
    ~ExportJob() override;

    void start(const SessionSpec &spec, const OutputFilter &filter, const SortOrder &order, ExportFormat format,
               const QString &path);
    void cancel();
    bool isRunning() const { return m_thread && m_thread->isRunning(); }

Q_SIGNALS:
    void progress(qint64 written, qint64 total);
    void finished(qint64 rows, const QString &path);
    void failed(const QString &message);

private:
    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
};

} // namespace assay

#include "export/ExportJob.h"

#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace assay {

ExportJob::ExportJob(QObject *parent) : QObject(parent)
{
}

ExportJob::~ExportJob()
{
    cancel();
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void ExportJob::cancel()
{
    m_cancel.store(true);
}

void ExportJob::start(const SessionSpec &sessionSpec, const OutputFilter &filter, const SortOrder &order,
                      ExportFormat format, const QString &path)
{
    if (isRunning())
        return;
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
    m_cancel.store(false);
    SessionSpec spec = sessionSpec;
    spec.useWorkspace = filter.needsWorkspace();
    m_thread = QThread::create([this, spec, filter, order, format, path] {
        auto session = LogSession::open(spec);
        if (!session) {
            Q_EMIT failed(session.error());
            return;
        }
        if (const QString problem = (*session)->reviewLabelProblem(filter); !problem.isEmpty()) {
            Q_EMIT failed(problem);
            return;
        }
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            Q_EMIT failed(u"cannot write %1: %2"_s.arg(path, file.errorString()));
            return;
        }
        auto rows = exportOutputs((*session)->outputs(), filter, order, format, file, -1,
                                  [this](const ExportProgress &p) { Q_EMIT progress(p.written, p.total); }, &m_cancel);
        if (!rows) {
            file.cancelWriting();
            Q_EMIT failed(rows.error());
            return;
        }
        if (!file.commit()) {
            Q_EMIT failed(u"cannot write %1: %2"_s.arg(path, file.errorString()));
            return;
        }
        Q_EMIT finished(*rows, path);
    });
    m_thread->setObjectName(u"assay-export"_s);
    m_thread->start();
}

} // namespace assay

#include "labels/LabelService.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace assay {

LabelService::LabelService(const QString &threadName, QObject *parent) : QObject(parent)
{
    m_worker = new LabelWorker;
    m_worker->moveToThread(&m_thread);
    // Deleted on its own thread, where its database connections were opened.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(threadName);
    m_thread.start();
}

LabelService::~LabelService()
{
    // Queued behind every call already posted, so the last label or note typed before the page
    // closed is still written; quit() alone would leave posted calls unrun.
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [thread = &m_thread] { thread->quit(); }, Qt::QueuedConnection);
    else
        m_thread.quit();
    m_thread.wait();
}

QString LabelService::configuredReviewer()
{
    return QSettings().value(u"labels/reviewer"_s).toString().trimmed();
}

void LabelService::setConfiguredReviewer(const QString &name)
{
    QSettings().setValue(u"labels/reviewer"_s, name.trimmed());
}

} // namespace assay

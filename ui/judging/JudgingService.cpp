#include "judging/JudgingService.h"

using namespace Qt::StringLiterals;

namespace assay {

JudgingService::JudgingService(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<RevealedVerdict>();
    qRegisterMetaType<JudgingSessionRow>();
    qRegisterMetaType<QList<JudgingSessionRow>>();
    qRegisterMetaType<JudgingSessionView>();
    qRegisterMetaType<JudgingRequest>();
    qRegisterMetaType<JudgeModelRequest>();
    qRegisterMetaType<JudgeModelEstimate>();
    qRegisterMetaType<CompareRunChoice>();
    qRegisterMetaType<QList<CompareRunChoice>>();
    m_worker = new JudgingWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(u"judging-worker"_s);
    m_thread.start();
}

JudgingService::~JudgingService()
{
    m_thread.quit();
    m_thread.wait();
}

} // namespace assay

#include "search/SearchIndexJob.h"

#include "search/SearchIndexer.h"

#include <QPointer>

using namespace Qt::StringLiterals;

namespace assay {

SearchIndexJob::SearchIndexJob(QObject *parent) : QObject(parent)
{
}

SearchIndexJob::~SearchIndexJob()
{
    cancel();
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void SearchIndexJob::cancel()
{
    m_cancel.store(true);
}

void SearchIndexJob::start(const SessionSpec &spec)
{
    if (isRunning())
        return;
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
    m_cancel.store(false);
    QPointer<SearchIndexJob> self(this);
    // Signals are emitted from the worker thread; receivers get them queued.
    m_thread = QThread::create([this, spec] {
        auto session = LogSession::open(spec);
        if (!session) {
            Q_EMIT failed(session.error());
            return;
        }
        Workspace *ws = (*session)->workspace();
        if (!ws) {
            Q_EMIT unsupported(u"no workspace: %1"_s.arg((*session)->workspaceError()));
            return;
        }
        if (!SearchIndexer::supports((*session)->schema(), *ws)) {
            Q_EMIT unsupported(u"the index needs a SQLite workspace and, for a PostgreSQL log, an integer id column"_s);
            return;
        }
        SearchIndexer indexer((*session)->connection(), *ws, (*session)->schema());
        auto added = indexer.catchUp(
            [this](const SearchIndexer::Progress &p) {
                Q_EMIT progress(p.indexedRows, p.pendingRows, p.rowsPerSecond);
                return !m_cancel.load();
            },
            &m_cancel);
        if (added)
            Q_EMIT finished(*added);
        else
            Q_EMIT failed(added.error());
    });
    m_thread->setObjectName(u"assay-search-index"_s);
    m_thread->start(QThread::LowPriority);
}

} // namespace assay

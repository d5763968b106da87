#include "browse/BrowseWorker.h"

#include "eval/CheckFailures.h"
#include "workspace/Workspace.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Marks the statement in flight so interruptIfStale() knows whether stopping it is right.
class RunningScope {
public:
    RunningScope(std::atomic<quint64> &slot, quint64 generation) : m_slot(slot) { m_slot.store(generation); }
    ~RunningScope() { m_slot.store(0); }

private:
    std::atomic<quint64> &m_slot;
};

} // namespace

BrowseWorker::BrowseWorker(std::shared_ptr<std::atomic<quint64>> generation) : m_generation(std::move(generation)) {}

BrowseWorker::~BrowseWorker()
{
    publishConnection(nullptr);
}

void BrowseWorker::publishConnection(SourceConnection *connection)
{
    const std::lock_guard lock(m_connectionLock);
    m_connection = connection;
}

void BrowseWorker::interruptIfStale()
{
    const quint64 running = m_running.load();
    if (running != 0 && running != m_generation->load()) {
        const std::lock_guard lock(m_connectionLock);
        if (m_connection)
            m_connection->interrupt();
    }
}

template <typename Query>
auto BrowseWorker::runRetryingInterrupts(quint64 generation, Query query) -> decltype(query())
{
    for (int attempt = 0;; ++attempt) {
        auto result = [&] {
            RunningScope running(m_running, generation);
            return query();
        }();
        // An interrupt aimed at the previous generation can land on this one: run it again.
        if (result || attempt == 1 || isStale(generation) || !m_session->outputs().lastFailureWasInterruption())
            return result;
    }
}

void BrowseWorker::open(const SessionSpec &spec)
{
    publishConnection(nullptr);
    m_session.reset();
    auto session = LogSession::open(spec);
    if (!session) {
        Q_EMIT openFailed(session.error());
        return;
    }
    m_session = std::move(*session);
    publishConnection(&m_session->connection());
    const auto estimate = m_session->outputs().estimateTotal();
    Q_EMIT opened(m_session->schema(), estimate ? *estimate : -1, m_session->workspaceError());
    const SearchIndexState state = m_session->searchIndexState();
    Q_EMIT searchIndexState(state.indexedThroughRowid, state.indexedRows);
}

void BrowseWorker::fetchPage(quint64 generation, int pageIndex, const PageRequest &request)
{
    if (!m_session || isStale(generation))
        return;
    auto rows = runRetryingInterrupts(generation, [&] { return m_session->outputs().fetchPage(request); });
    if (isStale(generation))
        return;
    if (rows)
        Q_EMIT pageReady(generation, pageIndex, *rows);
    else
        Q_EMIT pageFailed(generation, pageIndex, rows.error());
}

void BrowseWorker::countAndAnchor(quint64 generation, const OutputFilter &filter, const SortOrder &order, int pageSize)
{
    if (!m_session || isStale(generation))
        return;
    auto count = runRetryingInterrupts(generation, [&] { return m_session->outputs().count(filter); });
    if (isStale(generation))
        return;
    if (!count) {
        Q_EMIT countFailed(generation, count.error());
        return;
    }
    Q_EMIT countReady(generation, *count);

    // One key per page: page p starts at anchors[p], so any page is one keyset query away.
    // They go out in batches as the walk proceeds, so a jump into the first part of a huge
    // table need not wait for the whole walk.
    QList<PageKey> anchors;
    anchors.reserve(static_cast<qsizetype>(*count / pageSize + 1));
    constexpr qsizetype anchorsPerBatch = 512;
    bool stale = false;
    auto walked = runRetryingInterrupts(generation, [&] {
        anchors.clear();
        return m_session->outputs().forEachKey(
            filter, order,
            [&](const PageKey &key) {
                if (isStale(generation)) {
                    stale = true;
                    return false;
                }
                anchors.append(key);
                if (anchors.size() % anchorsPerBatch == 0)
                    Q_EMIT anchorsReady(generation, anchors, false);
                return true;
            },
            pageSize);
    });
    if (stale || isStale(generation))
        return;
    if (!walked) {
        Q_EMIT countFailed(generation, walked.error());
        return;
    }
    if (*walked != *count) // the product logged more while we walked: the walk is the truth
        Q_EMIT countReady(generation, *walked);
    Q_EMIT anchorsReady(generation, anchors, true);
}

void BrowseWorker::fetchRecord(const QVariant &key, qint64 maxOutputChars)
{
    if (!m_session)
        return;
    auto record = m_session->outputs().fetchRecord(key, maxOutputChars);
    if (!record) {
        Q_EMIT recordFailed(key, record.error());
        return;
    }
    Q_EMIT recordReady(key, *record);
    // One indexed look-up in the workspace; a failure leaves the section empty rather than
    // failing the record, which is the part that matters.
    QList<StoredCheckResult> checks;
    if (Workspace *ws = m_session->workspace())
        checks = latestCheckResults(*ws, key.toString()).valueOr({});
    Q_EMIT checkResultsReady(key, checks);
}

void BrowseWorker::loadFilterValues()
{
    if (!m_session)
        return;
    OutputsRepository &repo = m_session->outputs();
    // A picker that cannot be filled stays at "All": the filter still works by typing.
    const QStringList features = repo.distinctValues(LogField::Feature).valueOr({});
    const QStringList models = repo.distinctValues(LogField::Model).valueOr({});
    const QStringList prompts = repo.promptChoices().valueOr({});
    Q_EMIT filterValuesReady(features, models, prompts);
    if (Workspace *ws = m_session->workspace())
        Q_EMIT checkNamesReady(failingCheckNames(*ws).valueOr({}));
}

void BrowseWorker::refreshSearchSupport()
{
    if (!m_session)
        return;
    m_session->refreshSearchSupport();
    const SearchIndexState state = m_session->searchIndexState();
    Q_EMIT searchIndexState(state.indexedThroughRowid, state.indexedRows);
}

} // namespace assay

namespace assay {

void BrowseWorker::loadSavedViews()
{
    if (!m_session || !m_session->workspace()) {
        Q_EMIT savedViewsFailed(m_session ? m_session->workspaceError() : u"no log is open"_s);
        return;
    }
    auto views = m_session->workspace()->savedViews();
    if (views)
        Q_EMIT savedViewsReady(*views);
    else
        Q_EMIT savedViewsFailed(views.error());
}

void BrowseWorker::saveView(const QString &name, const OutputFilter &filter)
{
    if (!m_session || !m_session->workspace()) {
        Q_EMIT savedViewsFailed(m_session ? m_session->workspaceError() : u"no log is open"_s);
        return;
    }
    if (auto saved = m_session->workspace()->saveView(name, filter); !saved) {
        Q_EMIT savedViewsFailed(saved.error());
        return;
    }
    loadSavedViews();
}

void BrowseWorker::deleteView(const QString &name)
{
    if (!m_session || !m_session->workspace())
        return;
    if (auto removed = m_session->workspace()->deleteView(name); !removed) {
        Q_EMIT savedViewsFailed(removed.error());
        return;
    }
    loadSavedViews();
}

} // namespace assay

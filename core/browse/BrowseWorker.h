#pragma once

#include "browse/LogSession.h"
#include "browse/OutputsRepository.h"
#include "eval/CheckResultStore.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <mutex>

namespace assay {

// Runs the browser's queries on a thread of its own, with that thread's own connection.
// Requests carry the generation they were made for; one that is stale by the time it is
// picked up is dropped unrun, and results are tagged so the model can drop late ones too.
//
// The model runs two of these: a fast lane (pages, the detail record) and a slow lane
// (exact counts, page anchors, filter values), so a long count never delays a page.
class BrowseWorker : public QObject {
    Q_OBJECT
public:
    explicit BrowseWorker(std::shared_ptr<std::atomic<quint64>> generation);
    ~BrowseWorker() override;

    // Thread-safe: stops the statement running now, when it belongs to a superseded generation.
    void interruptIfStale();

public Q_SLOTS:
    void open(const assay::SessionSpec &spec);
    void fetchPage(quint64 generation, int pageIndex, const assay::PageRequest &request);
    void countAndAnchor(quint64 generation, const assay::OutputFilter &filter, const assay::SortOrder &order,
                        int pageSize);
    void fetchRecord(const QVariant &key, qint64 maxOutputChars);
    void loadFilterValues();
    void refreshSearchSupport();
    // Saved views live in the workspace, whose connection belongs to this thread.
    void loadSavedViews();
    void saveView(const QString &name, const assay::OutputFilter &filter);
    void deleteView(const QString &name);

Q_SIGNALS:
    void opened(const assay::LogSchema &schema, qint64 estimatedTotal, const QString &workspaceNote);
    void openFailed(const QString &message);
    void pageReady(quint64 generation, int pageIndex, const QList<assay::OutputRecord> &rows);
    void pageFailed(quint64 generation, int pageIndex, const QString &message);
    void countReady(quint64 generation, qint64 count);
    void anchorsReady(quint64 generation, const QList<assay::PageKey> &anchors, bool complete);
    void countFailed(quint64 generation, const QString &message);
    void recordReady(const QVariant &key, const assay::OutputRecord &record);
    void recordFailed(const QVariant &key, const QString &message);
    void filterValuesReady(const QStringList &features, const QStringList &models, const QStringList &prompts);
    // Automatic checks: the names some logged output fails (for the filter picker), and after
    // each recordReady the output's newest stored check results (empty without a workspace).
    void checkNamesReady(const QStringList &names);
    void checkResultsReady(const QVariant &key, const QList<assay::StoredCheckResult> &results);
    void searchIndexState(qint64 indexedThroughRowid, qint64 indexedRows);
    void savedViewsReady(const QList<assay::SavedView> &views);
    void savedViewsFailed(const QString &message);

private:
    bool isStale(quint64 generation) const { return generation != m_generation->load(); }

    std::shared_ptr<std::atomic<quint64>> m_generation;
    std::unique_ptr<LogSession> m_session;
    std::atomic<quint64> m_running{0}; // generation of the statement in flight, 0 when idle
    // interruptIfStale() runs on another thread: it holds the lock while it uses the pointer,
    // and open() clears the pointer under the lock before it destroys the connection.
    std::mutex m_connectionLock;
    SourceConnection *m_connection = nullptr;
    void publishConnection(SourceConnection *connection);
    // Runs `query` once more when an interrupt aimed at a superseded generation stopped it.
    template <typename Query>
    auto runRetryingInterrupts(quint64 generation, Query query) -> decltype(query());
};

} // namespace assay

#pragma once

#include "browse/LogSession.h"
#include "browse/OutputRecord.h"
#include "browse/OutputsRepository.h"
#include "browse/PageCache.h"
#include "eval/CheckResultStore.h"
#include "workspace/Workspace.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QSet>
#include <QElapsedTimer>
#include <QHash>
#include <QThread>

#include <atomic>
#include <memory>

namespace assay {

class BrowseWorker;

// The outputs browser's model: a window onto millions of rows that never blocks the thread
// it lives on. Rows are fetched a page at a time on worker threads, by key (each page starts
// at an anchor key, never at an OFFSET), into a bounded cache that drops the pages farthest
// from where the user is. Rows not loaded yet are placeholders (PlaceholderRole).
//
// The row count is first a guess (or what has loaded), then exact once the slow lane has
// counted; a filter or sort change starts a new generation and late results of the old one
// are dropped.
class OutputsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        RawValueRole = Qt::UserRole + 1, // the value as the log holds it
        KeyRole,                          // the row key (id or rowid)
        FieldRole,                        // the LogField of a column (int), on any row
        PlaceholderRole,                  // true while the row is still loading
        CreatedAtRole,                    // decoded QDateTime (UTC)
        IsErrorRole,                      // the call failed
    };

    explicit OutputsModel(QObject *parent = nullptr);
    ~OutputsModel() override;

    // Opens a source on the worker threads; opened() or openFailed() follows.
    void open(const SessionSpec &spec);
    bool isOpen() const { return m_open; }
    const LogSchema &schema() const { return m_schema; }
    const SessionSpec &sessionSpec() const { return m_spec; }

    void setFilter(const OutputFilter &filter);
    const OutputFilter &filter() const { return m_filter; }
    void setSortOrder(const SortOrder &order);
    const SortOrder &sortOrder() const { return m_order; }

    // Fetches one full record (all fields, output up to maxOutputChars) for the detail view.
    void requestRecord(const QVariant &key, qint64 maxOutputChars = 256 * 1024);
    void requestFilterValues();
    // Re-reads the search index coverage; later queries use what it covers.
    void refreshSearchSupport();
    // Drops every cached page and counts again (the log has grown).
    void reload();
    void requestSavedViews();
    void saveView(const QString &name, const OutputFilter &filter);
    void deleteView(const QString &name);

    LogField fieldAt(int column) const { return m_columns.value(column); }
    int columnOf(LogField field) const { return static_cast<int>(m_columns.indexOf(field)); }
    QVariant keyAt(int row) const;
    bool isRowLoaded(int row) const;
    bool isCountExact() const { return m_countExact; }
    // Every page's start key is known: any row is one keyset query away.
    bool anchorsComplete() const { return m_anchorsComplete; }
    qint64 totalRows() const { return m_total; }
    int cachedPageCount() const { return m_cache.size(); }

    static constexpr int pageSize = 256;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order) override;

Q_SIGNALS:
    void opened();
    void openFailed(const QString &message);
    void countChanged(qint64 rows, bool exact);
    // The exact count cannot be had (the slow lane's connection did not open, or the count
    // failed): countChanged(…, false) will not turn exact, and this says why.
    void countFailed(const QString &message);
    void loadingChanged(bool loading);
    void errorOccurred(const QString &message);
    void recordReady(const QVariant &key, const assay::OutputRecord &record);
    void recordFailed(const QVariant &key, const QString &message);
    void filterValuesReady(const QStringList &features, const QStringList &models, const QStringList &prompts);
    void checkNamesReady(const QStringList &names);
    void checkResultsReady(const QVariant &key, const QList<assay::StoredCheckResult> &results);
    void searchIndexStateChanged(qint64 indexedThroughRowid, qint64 indexedRows);
    void workspaceProblem(const QString &message);
    void savedViewsReady(const QList<assay::SavedView> &views);
    void savedViewsFailed(const QString &message);

private:
    void restart();
    void requestPage(int page) const;
    void setTotal(qint64 rows, bool exact);
    void onOpened(const LogSchema &schema, qint64 estimate, const QString &workspaceNote);
    void onPageReady(quint64 generation, int page, const QList<OutputRecord> &rows);
    void onCountReady(quint64 generation, qint64 count);
    void onAnchorsReady(quint64 generation, const QList<PageKey> &anchors, bool complete);
    void updateLoading() const;
    QVariant displayValue(const OutputRecord &record, LogField field) const;

    std::shared_ptr<std::atomic<quint64>> m_generation;
    QThread m_fastThread;
    QThread m_slowThread;
    QPointer<BrowseWorker> m_fast;
    QPointer<BrowseWorker> m_slow;

    SessionSpec m_spec;
    LogSchema m_schema;
    bool m_open = false;
    QList<LogField> m_columns;
    OutputFilter m_filter;
    SortOrder m_order;

    qint64 m_total = 0;
    bool m_countExact = false;
    QList<PageKey> m_anchors;
    bool m_anchorsComplete = false;
    // mutable: data() is const, and asking for a row is what triggers its fetch.
    mutable PageCache m_cache;
    mutable QSet<int> m_inFlight;
    mutable QSet<int> m_waitingForAnchor;
    mutable QSet<int> m_reversedPages; // fetched from the end, to be turned round on arrival
    mutable bool m_loading = false;
    // A page whose fetch failed is asked for again only after a pause that doubles with each
    // failure (capped), not on every repaint; a restart forgets the failures.
    struct PageFailure {
        qint64 retryAtMs = 0;
        int failures = 0;
    };
    mutable QHash<int, PageFailure> m_failedPages;
    QElapsedTimer m_clock;
};

} // namespace assay

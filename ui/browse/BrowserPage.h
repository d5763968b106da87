#pragma once

#include "browse/LogSession.h"
#include "browse/OutputRecord.h"

#include <QWidget>

class QLabel;
class QSplitter;
class QTableView;
class QTimer;

namespace assay {

class DetailPane;
class FilterBar;
class OutputsModel;
class SearchIndexJob;

// The outputs browser: filters over a table of millions of rows, and the detail of the
// selected one. Every query runs on the model's worker threads; this page only wires
// widgets to the model and keeps the search index growing in the background.
class BrowserPage : public QWidget {
    Q_OBJECT
public:
    explicit BrowserPage(QWidget *parent = nullptr);
    ~BrowserPage() override;

    void openSource(const SessionSpec &spec);
    OutputsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    FilterBar *filterBar() const { return m_filters; }
    DetailPane *detailPane() const { return m_detail; }
    QString filterSummary() const;

    void focusSearch();
    void saveState() const;

Q_SIGNALS:
    void sourceOpened(const QString &displayName, const QString &table, const QStringList &notes);
    void sourceFailed(const QString &message);
    void rowCountChanged(qint64 rows, bool exact);
    void indexStatusChanged(const QString &text);
    void problem(const QString &message);

private:
    void onCurrentRowChanged();
    void requestDetailForCurrentRow();
    void showColumnMenu(const QPoint &pos);
    void restoreColumns();
    void startIndexing();

    OutputsModel *m_model = nullptr;
    FilterBar *m_filters = nullptr;
    QTableView *m_table = nullptr;
    DetailPane *m_detail = nullptr;
    QSplitter *m_splitter = nullptr;
    SearchIndexJob *m_indexJob = nullptr;
    QTimer *m_detailDelay = nullptr;
    QTimer *m_indexTimer = nullptr;
    QVariant m_detailKey; // the record the detail pane shows or waits for
    int m_pendingRow = -1; // selected while still a placeholder
};

} // namespace assay

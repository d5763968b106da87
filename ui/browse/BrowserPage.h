#pragma once

#include "browse/LogSession.h"
#include "browse/OutputRecord.h"

#include <QWidget>

class QAction;
class QLabel;
class QSplitter;
class QTableView;
class QTimer;

namespace assay {

class DetailPane;
class FilterBar;
class OutputsModel;
class ReviewerLabelProxy;
class SearchIndexJob;
class TableLabeller;

// The outputs browser: filters over a table of millions of rows, and the detail of the
// selected one. Every query runs on the model's worker threads; this page only wires
// widgets to the model and keeps the search index growing in the background.
// Reviewer labels are TableLabeller's: the table shows the model through its review-label proxy.
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
    // Shows one output (an id from elsewhere: the agreement view, a review item): its row becomes
    // current when the list has it loaded, else the detail pane shows it on its own.
    void showOutput(const QString &key);

    // Reviewer labelling on the table (keys, review column, label bar); see TableLabeller.
    TableLabeller *labeller() const { return m_labeller; }
    ReviewerLabelProxy *labelModel() const;
    QAction *autoAdvanceAction() const;
    QAction *blindModeAction() const;
    QAction *undoLabelAction() const;
    QAction *redoLabelAction() const;
    QString reviewer() const;
    void showShortcuts();

Q_SIGNALS:
    void sourceOpened(const QString &displayName, const QString &table, const QStringList &notes);
    void sourceFailed(const QString &message);
    void rowCountChanged(qint64 rows, bool exact);
    void rowCountFailed(const QString &message);
    void indexStatusChanged(const QString &text);
    void problem(const QString &message);
    // Every edit's outcome: saved (on disk) or not, with the reason.
    void labelsSaved(int count);
    void labelsNotSaved(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void onCurrentRowChanged();
    void requestDetailForCurrentRow();
    void showColumnMenu(const QPoint &pos);
    void restoreColumns();
    void startIndexing();
    // A reviewer-label filter in force: the labels just saved may move rows in or out of it,
    // so the list is queried again, keeping the current output (or its place) selected.
    void scheduleLabelFilterRefresh();
    void refreshLabelFilter();
    void restoreCurrentAfterRefresh();

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
    QTimer *m_labelRefresh = nullptr;
    // What was current before a label-filter refresh: found again near `row` once rows load.
    struct Restore {
        QVariant key;
        int row = -1;
        int span = 0; // rows that may have left above it
        bool active = false;
    } m_restore;

    TableLabeller *m_labeller = nullptr;
};

} // namespace assay

#pragma once

#include "browse/LogSession.h"
#include "browse/OutputRecord.h"
#include "labels/LabelStore.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QAction;
class QKeyEvent;
class QLabel;
class QSplitter;
class QTableView;
class QTimer;

namespace assay {

class DetailPane;
class FilterBar;
class LabelService;
class OutputsModel;
class ReviewerLabelProxy;
class SearchIndexJob;
struct LabelEdit;

// The outputs browser: filters over a table of millions of rows, and the detail of the
// selected one. Every query runs on the model's worker threads; this page only wires
// widgets to the model and keeps the search index growing in the background.
//
// Reviewer labels: the table shows the core model through ReviewerLabelProxy (one "Review"
// column beside the end-user feedback), and the label keys (1/2/3/0, J/K, N, E, T, Enter,
// Ctrl+Z, Ctrl+Shift+Z, F1/?) act on the selected rows while the table has the focus. Every
// label read and write goes through a LabelWorker on its own thread.
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

    ReviewerLabelProxy *labelModel() const { return m_labels; }
    // Checkable, remembered in the settings: move to the next row after labelling one.
    QAction *autoAdvanceAction() const { return m_autoAdvance; }
    // Checkable, remembered: other reviewers' labels stay hidden until you label the output.
    QAction *blindModeAction() const { return m_blindMode; }
    QAction *undoLabelAction() const { return m_undoLabel; }
    QAction *redoLabelAction() const { return m_redoLabel; }
    QString reviewer() const { return m_reviewer; }

    // Labels every selected row (the current one when none is selected) as one undo step;
    // no value clears.
    void labelSelection(std::optional<LabelValue> label);
    void editNote();
    void editTags();
    void editCorrectedOutput();
    void undoLabel();
    void redoLabel();
    void showShortcuts();
    // Asks for the reviewer name (kept in the settings) and labels under it from then on. A
    // PostgreSQL workspace has no choice: the database role is the name.
    void chooseReviewer();

Q_SIGNALS:
    void sourceOpened(const QString &displayName, const QString &table, const QStringList &notes);
    void sourceFailed(const QString &message);
    void rowCountChanged(qint64 rows, bool exact);
    void indexStatusChanged(const QString &text);
    void problem(const QString &message);
    // Every edit's outcome: saved (on disk) or not, with the reason.
    void labelsSaved(int count);
    void labelsNotSaved(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *buildLabelBar();
    void connectLabelWorker();
    bool handleLabelKey(QKeyEvent *event);
    QStringList selectedKeys() const;
    QString currentKey() const;
    void moveCurrentRow(int delta);
    void sendEdit(const QStringList &keys, const LabelEdit &edit, std::optional<LabelValue> pending);
    void setLabelStatus(const QString &text, bool error = false);
    void refreshDetailLabels();
    void placeLabelColumn();
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

    ReviewerLabelProxy *m_labels = nullptr;
    LabelService *m_labelService = nullptr;
    QLabel *m_labelStatus = nullptr;
    QAction *m_autoAdvance = nullptr;
    QAction *m_blindMode = nullptr;
    QAction *m_undoLabel = nullptr;
    QAction *m_redoLabel = nullptr;
    QString m_reviewer;
    bool m_labelsReady = false;
    bool m_reviewerIsRole = false;
    QString m_labelsError;
    QHash<quint64, QStringList> m_pendingEdits; // request -> keys shown as "saving…"
    QStringList m_knownTags;
};

} // namespace assay

#pragma once

#include "browse/LogSession.h"
#include "labels/LabelStore.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

class QAction;
class QKeyEvent;
class QLabel;
class QTableView;
class QWidget;

namespace assay {

class DetailPane;
class LabelHistoryDialog;
class LabelService;
class OutputsModel;
class ReviewerLabelProxy;
struct LabelEdit;

// Reviewer labelling on the outputs table: it puts ReviewerLabelProxy between the table and the
// outputs model (a "Review" column beside the end-user feedback), takes the label keys while the
// table has the focus (1/2/3/0, J/K, N, E, T, Enter, Ctrl+Z, Ctrl+Shift+Z, F1/?) and keeps the
// label bar under the table (status, reviewer, auto-advance, blind mode, keys). Every read and
// write goes through a LabelWorker on its own thread; a label shows as saved only once the
// worker has committed it.
class TableLabeller : public QObject {
    Q_OBJECT
public:
    TableLabeller(OutputsModel *outputs, QTableView *table, DetailPane *detail, QObject *parent = nullptr);
    ~TableLabeller() override;

    // Opens the source's workspace on the worker, under the reviewer name from the settings.
    void open(const SessionSpec &spec);
    // Status line and toggles, for the page to place under the table.
    QWidget *labelBar() const { return m_bar; }
    ReviewerLabelProxy *labelModel() const { return m_labels; }
    // After a model reset: the review column visible, sized, beside the feedback column.
    void placeLabelColumn();
    // The detail pane's reviewer labels, for the record it shows now.
    void refreshDetail();
    // Reads the labels on screen again (others may have labelled meanwhile, or the review page),
    // and the known reviewers and tags; the labels not while an edit is in flight.
    void reloadLabels();

    // Reads the labels of outputs that may not be on screen (the detail shows one from elsewhere).
    void requestLabels(const QStringList &keys);

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
    // Opens the label history of an output (read on the worker) in a non-modal dialog.
    void showLabelHistory(const QString &outputKey);
    // Asks for the reviewer name (kept in the settings) and labels under it from then on. A
    // PostgreSQL workspace has no choice: the database role is the name.
    void chooseReviewer();

Q_SIGNALS:
    // Enter on the table: the page fetches the current row's detail (focus goes there too).
    void openDetailRequested();
    // Every edit's outcome: saved (on disk) or not, with the reason.
    void labelsSaved(int count);
    void labelsNotSaved(const QString &message);
    // Labels can be read and written (the worker opened the workspace), or not and why.
    void availabilityChanged(bool available, const QString &reason);
    // Reviewer names and tags known in the workspace (for the browser's review filters).
    void reviewValuesChanged(const QStringList &reviewers, const QStringList &tags);

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

    OutputsModel *m_outputs = nullptr;
    QTableView *m_table = nullptr;
    DetailPane *m_detail = nullptr;
    ReviewerLabelProxy *m_labels = nullptr;
    LabelService *m_service = nullptr;
    QPointer<QWidget> m_bar;
    QLabel *m_labelStatus = nullptr;
    QAction *m_autoAdvance = nullptr;
    QAction *m_blindMode = nullptr;
    QAction *m_undoLabel = nullptr;
    QAction *m_redoLabel = nullptr;

    std::optional<SessionSpec> m_spec;
    QString m_reviewer;
    bool m_reviewerIsRole = false;
    bool m_labelsReady = false;
    QString m_labelsError;
    QHash<quint64, QStringList> m_pendingEdits; // request -> keys shown as "saving…"
    QStringList m_knownTags;
    QStringList m_knownReviewers;
    QPointer<LabelHistoryDialog> m_history;
};

} // namespace assay

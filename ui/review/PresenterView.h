#pragma once

#include "browse/OutputRecord.h"
#include "labels/LabelText.h"
#include "labels/ReviewSessionStore.h"

#include <QHash>
#include <QSet>
#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace assay {

class LabelService;
class ReadingView;
struct LabelEdit;

// A review session on a shared screen: one output at a time in large type, input and output
// side by side, progress ("23 / 50"), your label and everyone else's, a note per item and the
// session's decision log. The label keys are the browser's (1/2/3/0, J/K and arrows, N, E, T,
// Ctrl+Z, Ctrl+Shift+Z, F1/?), plus D (decision), F (finish) and Esc (back to the keys).
class PresenterView : public QWidget {
    Q_OBJECT
public:
    explicit PresenterView(LabelService *service, QWidget *parent = nullptr);

    // Shows the session at its first item you have not labelled (or the first).
    void present(const ReviewSession &session);
    // The session again after a decision or status change, keeping the current item.
    void refreshSession(const ReviewSession &session);
    void setReviewer(const QString &reviewer) { m_reviewer = reviewer; }
    void setBlind(bool blind);

    const ReviewSession &session() const { return m_session; }
    int currentIndex() const { return m_index; }
    void showItem(int index);
    void label(std::optional<LabelValue> value);
    void undo();
    void redo();
    // Saves a changed note, closes the session and asks for its summary (finishRequested).
    void finish();
    // Saves the current item's note if it changed.
    void saveNote();
    // A failed save or read, shown where the room is looking.
    void showProblem(const QString &message);

Q_SIGNALS:
    void finishRequested(const QString &name);
    void backRequested();
    void helpRequested();
    void problem(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QWidget *buildHeader();
    QWidget *buildBody();
    QWidget *buildFooter();
    void connectWorker();
    bool handleKey(QKeyEvent *event);
    void sendEdit(const QString &key, const LabelEdit &edit, std::optional<LabelValue> pending);
    void showRecord(const OutputRecord &record);
    void updateLabels();
    void updateDecisions();
    void setStatus(const QString &text, bool error = false);
    void editTags();
    void editCorrected();
    void addDecision();
    QString currentKey() const;

    LabelService *m_service = nullptr;
    ReviewSession m_session;
    int m_index = -1;
    QString m_reviewer;
    bool m_blind = false;
    QHash<QString, ItemLabels> m_labels;
    QHash<QString, OutputRecord> m_records;
    QHash<quint64, QString> m_pendingEdits;
    QStringList m_knownTags;
    std::optional<QString> m_savedNote; // the current item's note as stored (none: unknown, save again)
    QSet<int> m_unsavedNotes;           // positions whose last note save failed
    bool m_resumePending = false; // jump to the first item you have not labelled once labels arrive

    QLabel *m_title = nullptr;
    QLabel *m_progress = nullptr;
    QLabel *m_feature = nullptr;
    QLabel *m_status = nullptr;
    ReadingView *m_input = nullptr;
    ReadingView *m_output = nullptr;
    QLabel *m_labelsView = nullptr;
    QLabel *m_userFeedback = nullptr;
    QPlainTextEdit *m_note = nullptr;
    QListWidget *m_decisions = nullptr;
    QLineEdit *m_decisionEdit = nullptr;
    QPushButton *m_previous = nullptr;
    QPushButton *m_next = nullptr;
};

} // namespace assay

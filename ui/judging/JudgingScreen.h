#pragma once

#include "judging/JudgingTypes.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace assay {

class JudgingService;
class ReadingView;

// Blind pairwise judging, one pair at a time: the input, and the two outputs as Left and Right,
// nothing else. What tells the sides apart (A or B, target label, cost, latency, tokens) is shown
// only once the verdict is saved, and it never reaches this widget before (see JudgingTypes.h).
// Keys: 1 left better, 2 right better, 3 tie, N note, U or Ctrl+Z undo, J/K next/previous,
// P the presenter's large type, Esc back to the sessions.
class JudgingScreen : public QWidget {
    Q_OBJECT
public:
    explicit JudgingScreen(JudgingService *service, QWidget *parent = nullptr);

    void present(const JudgingSessionView &view);
    void showPair(int index);
    void judge(PairChoice choice);
    void undo();
    void editNote();
    void setPresenterMode(bool on);

    const JudgingSessionView &view() const { return m_view; }
    int currentIndex() const { return m_index; }
    bool isPresenterMode() const { return m_presenter; }
    // The current pair's verdict as this screen knows it (saved ones only).
    const RevealedVerdict *currentVerdict() const;
    QString statusText() const;

Q_SIGNALS:
    void backRequested();
    void verdictSaved(int pairNo);
    void problem(const QString &message);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void connectWorker();
    void applyFonts();
    void updateHeader();
    void updateVerdict();
    void setStatus(const QString &text, bool error = false);
    void saveNote();
    int currentPairNo() const;

    JudgingService *m_service = nullptr;
    JudgingSessionView m_view;
    int m_index = -1;
    bool m_presenter = false;
    bool m_statusIsError = false;
    QHash<quint64, int> m_pending; // request -> pair number, saves and undos in flight
    QHash<int, QString> m_noteDrafts; // notes typed before the verdict, by pair number

    QLabel *m_title = nullptr;
    QLabel *m_progress = nullptr;
    QLabel *m_judge = nullptr;
    QLabel *m_leftCaption = nullptr;
    QLabel *m_rightCaption = nullptr;
    QLabel *m_leftReveal = nullptr;
    QLabel *m_rightReveal = nullptr;
    QLabel *m_verdict = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_keys = nullptr;
    ReadingView *m_input = nullptr;
    ReadingView *m_left = nullptr;
    ReadingView *m_right = nullptr;
    QLineEdit *m_note = nullptr;
    QPushButton *m_presenterButton = nullptr;
    QPushButton *m_back = nullptr;
};

} // namespace assay

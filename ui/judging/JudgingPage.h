#pragma once

#include "browse/LogSession.h"
#include "judging/JudgeModelDialog.h"
#include "judging/NewJudgingDialog.h"
#include "pricing/PriceTable.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTreeWidget;

namespace assay {

class JudgingScreen;
class JudgingService;

// Blind pairwise judging: the sessions kept in the workspace (how many pairs, how many you and
// everyone judged), "New session…" over a replay run, and the judging screen for one of them.
// Every read and write goes through the page's JudgingWorker.
class JudgingPage : public QWidget {
    Q_OBJECT
public:
    explicit JudgingPage(QWidget *parent = nullptr);
    ~JudgingPage() override;

    void openSource(const SessionSpec &spec);
    void setPriceTable(const PriceTable &prices);
    // Opens the "New judging session" dialog, preset to a run and sides when given.
    void newSession(qint64 runId = 0, const QString &sideA = {}, const QString &sideB = {});
    void openSession(const QString &name);
    void reloadSessions();
    // "Judge with a model…": the dialog for a session, or for the newest session over these sides
    // of a run (one with every pair is drawn when there is none).
    void judgeWithModel(const QString &session);
    void judgeWithModel(qint64 runId, const QString &sideA, const QString &sideB);

    JudgingScreen *screen() const { return m_screen; }
    QTreeWidget *sessionList() const { return m_list; }
    NewJudgingDialog *dialog() const { return m_dialog; }
    JudgeModelDialog *modelDialog() const { return m_modelDialog; }
    QString judge() const { return m_judge; }

Q_SIGNALS:
    void problem(const QString &message);
    void sessionsListed(int count);
    void sessionOpened(const QString &name);
    // A judge run is stored (or found to resume): the window runs it on the Replay tab.
    void judgeRunReady(qint64 runId);

private:
    void connectWorker();
    void setStatus(const QString &text);

    JudgingService *m_service = nullptr;
    QString m_judge;
    bool m_open = false;
    qint64 m_presetRun = 0;
    QString m_presetA;
    QString m_presetB;
    QPointer<NewJudgingDialog> m_dialog;
    QPointer<JudgeModelDialog> m_modelDialog;

    QStackedWidget *m_stack = nullptr;
    QTreeWidget *m_list = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_openButton = nullptr;
    QPushButton *m_modelButton = nullptr;
    QLabel *m_status = nullptr;
    JudgingScreen *m_screen = nullptr;
};

} // namespace assay

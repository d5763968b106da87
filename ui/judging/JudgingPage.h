#pragma once

#include "browse/LogSession.h"
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

    JudgingScreen *screen() const { return m_screen; }
    QTreeWidget *sessionList() const { return m_list; }
    NewJudgingDialog *dialog() const { return m_dialog; }
    QString judge() const { return m_judge; }

Q_SIGNALS:
    void problem(const QString &message);
    void sessionsListed(int count);
    void sessionOpened(const QString &name);

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

    QStackedWidget *m_stack = nullptr;
    QTreeWidget *m_list = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_openButton = nullptr;
    QLabel *m_status = nullptr;
    JudgingScreen *m_screen = nullptr;
};

} // namespace assay

#pragma once

#include "browse/LogSession.h"
#include "labels/LabelWorker.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTreeWidget;

namespace assay {

class AgreementView;
class LabelService;
class PresenterView;
class SummaryView;

// Weekly review sessions: the list of sessions (open and closed), "New session…" (a stratified
// sample drawn on the worker), the presenter view to run one, and its summary. Every read and
// write goes through a LabelWorker on the page's own thread.
class ReviewPage : public QWidget {
    Q_OBJECT
public:
    explicit ReviewPage(QWidget *parent = nullptr);
    ~ReviewPage() override;

    void openSource(const SessionSpec &spec);

    // Opens the "New session" dialog (non-blocking); createSession() is what its OK calls.
    void newSession();
    void createSession(const QString &name, const SampleSpec &spec);
    // Opens a session: an open one in the presenter (resuming at the first item you have not
    // labelled), a closed one at its summary.
    void openSession(const QString &name);
    void setSessionStatus(const QString &name, const QString &status);
    void showShortcuts();

    PresenterView *presenter() const { return m_presenter; }
    SummaryView *summaryView() const { return m_summary; }
    AgreementView *agreementView() const { return m_agreement; }
    // Shows reviewer agreement per feature (computed on the page's worker).
    void showAgreement();
    QTreeWidget *sessionList() const { return m_list; }
    QString reviewer() const { return m_reviewer; }

Q_SIGNALS:
    void problem(const QString &message);
    void sessionsListed(int count);
    // Double-click on a disagreement: the window opens that output in the browser.
    void openOutputRequested(const QString &outputKey);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *buildListPage();
    void connectWorker();
    void showSessions(const QList<ReviewSessionInfo> &sessions);
    QString selectedSession() const;
    void setStatus(const QString &text, bool error = false);
    void updateButtons();

    LabelService *m_service = nullptr;
    QString m_reviewer;
    bool m_ready = false;
    QString m_openWanted; // the session to show when it arrives
    bool m_summaryWanted = false;

    QStackedWidget *m_stack = nullptr;
    QWidget *m_listPage = nullptr;
    QTreeWidget *m_list = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_toggle = nullptr;
    QPushButton *m_agreementButton = nullptr;
    AgreementView *m_agreement = nullptr;
    PresenterView *m_presenter = nullptr;
    SummaryView *m_summary = nullptr;
};

} // namespace assay

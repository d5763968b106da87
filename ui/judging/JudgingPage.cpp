#include "judging/JudgingPage.h"

#include "judging/JudgingScreen.h"
#include "judging/JudgingService.h"
#include "judging/NewJudgingDialog.h"
#include "labels/LabelService.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

enum SessionColumn { Name, Run, SideA, SideB, Pairs, Mine, Everyone, Created };

} // namespace

JudgingPage::JudgingPage(QWidget *parent) : QWidget(parent)
{
    m_service = new JudgingService(this);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(u"judgingSessions"_s);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels({tr("Session"), tr("Run"), tr("A"), tr("B"), tr("Pairs"), tr("Judged by you"),
                             tr("Verdicts (everyone)"), tr("Created")});
    m_list->setColumnWidth(Name, 180);
    m_list->setColumnWidth(Run, 50);
    m_list->setColumnWidth(SideA, 260);
    m_list->setColumnWidth(SideB, 260);
    m_list->setColumnWidth(Pairs, 60);
    m_list->setColumnWidth(Mine, 110);
    m_list->setColumnWidth(Everyone, 140);
    m_new = new QPushButton(tr("New session…"), this);
    m_new->setObjectName(u"newJudging"_s);
    m_new->setEnabled(false);
    m_openButton = new QPushButton(tr("Judge"), this);
    m_openButton->setObjectName(u"openJudging"_s);
    m_openButton->setEnabled(false);
    m_modelButton = new QPushButton(tr("Judge with a model…"), this);
    m_modelButton->setObjectName(u"judgeWithModel"_s);
    m_modelButton->setToolTip(tr("Every pair of the session judged by a model, twice with the positions swapped"));
    m_modelButton->setEnabled(false);
    m_status = new QLabel(tr("Open a log to judge its replay runs."), this);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    auto *listPage = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listPage);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_new);
    buttons->addWidget(m_openButton);
    buttons->addWidget(m_modelButton);
    buttons->addStretch(1);
    listLayout->addLayout(buttons);
    listLayout->addWidget(m_list, 1);
    listLayout->addWidget(m_status);

    m_screen = new JudgingScreen(m_service, this);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(listPage);
    m_stack->addWidget(m_screen);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_new, &QPushButton::clicked, this, [this] { newSession(); });
    const auto openSelected = [this] {
        if (QTreeWidgetItem *item = m_list->currentItem())
            openSession(item->text(Name));
    };
    connect(m_openButton, &QPushButton::clicked, this, openSelected);
    connect(m_list, &QTreeWidget::itemActivated, this, openSelected);
    connect(m_list, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        m_openButton->setEnabled(item);
        m_modelButton->setEnabled(item);
    });
    connect(m_modelButton, &QPushButton::clicked, this, [this] {
        if (QTreeWidgetItem *item = m_list->currentItem())
            judgeWithModel(item->text(Name));
    });
    connect(m_screen, &JudgingScreen::backRequested, this, [this] {
        m_stack->setCurrentIndex(0);
        setStatus(tr("Judging as %1.").arg(m_judge));
        reloadSessions();
    });
    connect(m_screen, &JudgingScreen::problem, this, &JudgingPage::problem);
    connectWorker();
}

JudgingPage::~JudgingPage() = default;

void JudgingPage::connectWorker()
{
    JudgingWorker *worker = m_service->worker();
    connect(worker, &JudgingWorker::opened, this, [this](const QString &judge, bool isRole) {
        m_judge = judge;
        m_open = true;
        m_new->setEnabled(true);
        setStatus(isRole ? tr("Judging as %1 (your database role).").arg(judge)
                         : tr("Judging as %1 (Settings ▸ Reviewer name changes it).").arg(judge));
    });
    connect(worker, &JudgingWorker::openFailed, this, [this](const QString &message) {
        m_open = false;
        m_new->setEnabled(false);
        setStatus(tr("Judging unavailable: %1").arg(message));
        Q_EMIT problem(message);
    });
    connect(worker, &JudgingWorker::sessionsListed, this, [this](const QList<JudgingSessionRow> &rows) {
        const QString current = m_list->currentItem() ? m_list->currentItem()->text(Name) : QString();
        m_list->clear();
        for (const JudgingSessionRow &row : rows) {
            auto *item = new QTreeWidgetItem(m_list);
            item->setText(Name, row.session.name);
            item->setText(Run, QString::number(row.session.runId));
            item->setText(SideA, row.sideAName);
            item->setText(SideB, row.sideBName);
            item->setText(Pairs, QString::number(row.session.size));
            item->setText(Mine, QString::number(row.judgedByMe));
            item->setText(Everyone, QString::number(row.verdicts));
            item->setText(Created, QLocale().toString(row.session.createdAt.toLocalTime(), QLocale::ShortFormat));
            if (row.session.name == current)
                m_list->setCurrentItem(item);
        }
        Q_EMIT sessionsListed(int(rows.size()));
    });
    connect(worker, &JudgingWorker::runsListed, this, [this](const QList<CompareRunChoice> &runs) {
        if (m_dialog)
            m_dialog->setRuns(runs, m_presetRun, m_presetA, m_presetB);
    });
    connect(worker, &JudgingWorker::sessionCreated, this, [this](const QString &name, int drawn, int available) {
        if (m_dialog)
            m_dialog->accept();
        setStatus(tr("Session %1: %2 pairs drawn from %3.").arg(name).arg(drawn).arg(available));
        openSession(name);
    });
    connect(worker, &JudgingWorker::createFailed, this, [this](const QString &message) {
        if (m_dialog)
            m_dialog->showFailure(message);
        else
            Q_EMIT problem(message);
    });
    connect(worker, &JudgingWorker::sessionLoaded, this, [this](const JudgingSessionView &view) {
        m_screen->present(view);
        m_stack->setCurrentWidget(m_screen);
        Q_EMIT sessionOpened(view.session.name);
    });
    connect(worker, &JudgingWorker::loadFailed, this, [this](const QString &message) {
        setStatus(tr("Cannot open the session: %1").arg(message));
        Q_EMIT problem(message);
    });
    connect(worker, &JudgingWorker::sessionForSidesReady, this, [this](const QString &session) {
        setStatus(tr("The judge model judges session %1.").arg(session));
        judgeWithModel(session);
    });
    connect(worker, &JudgingWorker::judgeRunEstimated, this, [this](const JudgeModelEstimate &estimate) {
        if (m_modelDialog)
            m_modelDialog->showEstimate(estimate);
    });
    connect(worker, &JudgingWorker::judgeRunFailed, this, [this](const QString &message) {
        if (m_modelDialog)
            m_modelDialog->showFailure(message);
        else
            Q_EMIT problem(message);
    });
    connect(worker, &JudgingWorker::judgeRunReady, this, [this](qint64 runId, const QString &session) {
        if (m_modelDialog)
            m_modelDialog->accept();
        setStatus(tr("Judge run %1 over session %2: running on the Replay tab.").arg(runId).arg(session));
        Q_EMIT judgeRunReady(runId);
    });
    connect(worker, &JudgingWorker::problem, this, [this](const QString &message) {
        setStatus(message);
        Q_EMIT problem(message);
    });
}

void JudgingPage::openSource(const SessionSpec &spec)
{
    m_open = false;
    m_new->setEnabled(false);
    m_list->clear();
    m_stack->setCurrentIndex(0);
    setStatus(tr("Opening…"));
    const QString judge = LabelService::configuredReviewer();
    m_service->post([spec, judge](JudgingWorker &w) { w.open(spec, judge); });
}

void JudgingPage::setPriceTable(const PriceTable &prices)
{
    m_service->post([prices](JudgingWorker &w) { w.setPrices(prices); });
}

void JudgingPage::reloadSessions()
{
    m_service->post([](JudgingWorker &w) { w.listSessions(); });
}

void JudgingPage::newSession(qint64 runId, const QString &sideA, const QString &sideB)
{
    if (!m_open) {
        Q_EMIT problem(tr("Open a log first."));
        return;
    }
    m_presetRun = runId;
    m_presetA = sideA;
    m_presetB = sideB;
    if (!m_dialog) {
        m_dialog = new NewJudgingDialog(this);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &NewJudgingDialog::requested, this, [this](const JudgingRequest &request) {
            m_service->post([request](JudgingWorker &w) { w.createSession(request); });
        });
    }
    m_dialog->show();
    m_dialog->raise();
    m_service->post([](JudgingWorker &w) { w.listRuns(); });
}

void JudgingPage::judgeWithModel(const QString &session)
{
    if (!m_open) {
        Q_EMIT problem(tr("Open a log first."));
        return;
    }
    if (m_modelDialog)
        m_modelDialog->close(); // one session at a time: the dialog is per session
    m_modelDialog = new JudgeModelDialog(session, this);
    m_modelDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_modelDialog, &JudgeModelDialog::estimateRequested, this, [this](const JudgeModelRequest &request) {
        m_service->post([request](JudgingWorker &w) { w.estimateJudgeRun(request); });
    });
    connect(m_modelDialog, &JudgeModelDialog::startRequested, this, [this](const JudgeModelRequest &request) {
        m_service->post([request](JudgingWorker &w) { w.startJudgeRun(request); });
    });
    m_modelDialog->show();
    m_modelDialog->raise();
}

void JudgingPage::judgeWithModel(qint64 runId, const QString &sideA, const QString &sideB)
{
    if (!m_open) {
        Q_EMIT problem(tr("Open a log first."));
        return;
    }
    setStatus(tr("Finding a session over run %1 for the judge model…").arg(runId));
    m_service->post([runId, sideA, sideB](JudgingWorker &w) { w.sessionForSides(runId, sideA, sideB); });
}

void JudgingPage::openSession(const QString &name)
{
    setStatus(tr("Opening %1…").arg(name));
    m_service->post([name](JudgingWorker &w) { w.loadSession(name); });
}

void JudgingPage::setStatus(const QString &text)
{
    m_status->setText(text);
}

} // namespace assay

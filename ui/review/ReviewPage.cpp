#include "review/ReviewPage.h"

#include "labels/LabelKeys.h"
#include "labels/LabelService.h"
#include "labels/ShortcutHelp.h"
#include "review/AgreementView.h"
#include "review/NewSessionDialog.h"
#include "review/PresenterView.h"
#include "review/SummaryView.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {
enum Column { NameColumn, StatusColumn, ProgressColumn, CreatedColumn };
}

ReviewPage::ReviewPage(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"reviewPage"_s);
    m_service = new LabelService(u"assay-review"_s, this);
    m_stack = new QStackedWidget(this);
    m_listPage = buildListPage();
    m_presenter = new PresenterView(m_service);
    m_summary = new SummaryView;
    m_agreement = new AgreementView(m_service);
    m_stack->addWidget(m_listPage);
    m_stack->addWidget(m_presenter);
    m_stack->addWidget(m_summary);
    m_stack->addWidget(m_agreement);
    connect(m_agreement, &AgreementView::openOutputRequested, this, &ReviewPage::openOutputRequested);
    connect(m_agreement, &AgreementView::backRequested, this, [this] {
        m_stack->setCurrentWidget(m_listPage);
        m_list->setFocus();
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_presenter, &PresenterView::finishRequested, this, [this](const QString &name) {
        m_summaryWanted = true;
        setSessionStatus(name, u"closed"_s); // the summary follows the reloaded session
    });
    connect(m_presenter, &PresenterView::backRequested, this, [this] {
        m_stack->setCurrentWidget(m_listPage);
        m_service->post([](LabelWorker &w) { w.listSessions(); });
        m_list->setFocus();
    });
    connect(m_presenter, &PresenterView::helpRequested, this, &ReviewPage::showShortcuts);
    connect(m_summary, &SummaryView::backRequested, this, [this] {
        m_stack->setCurrentWidget(m_listPage);
        m_service->post([](LabelWorker &w) { w.listSessions(); });
        m_list->setFocus();
    });
    connect(m_summary, &SummaryView::reopenRequested, this, [this](const QString &name) {
        m_openWanted = name;
        setSessionStatus(name, u"open"_s);
    });
    connect(m_summary, &SummaryView::resumeRequested, this, &ReviewPage::openSession);
    // F1 anywhere on the page (the summary too); the list and the presenter also take "?".
    auto *help = new QShortcut(QKeySequence(Qt::Key_F1), this);
    help->setContext(Qt::WidgetWithChildrenShortcut);
    connect(help, &QShortcut::activated, this, &ReviewPage::showShortcuts);
    connectWorker();
}

ReviewPage::~ReviewPage()
{
    m_presenter->saveNote();
}

QWidget *ReviewPage::buildListPage()
{
    auto *page = new QWidget;
    page->setObjectName(u"sessionListPage"_s);
    m_list = new QTreeWidget;
    m_list->setObjectName(u"sessionList"_s);
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Session"), tr("Status"), tr("Your labels"), tr("Created")});
    m_list->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_list->installEventFilter(this);
    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        openSession(item->text(NameColumn));
    });
    connect(m_list, &QTreeWidget::currentItemChanged, this, &ReviewPage::updateButtons);

    m_new = new QPushButton(tr("New session…"));
    m_new->setObjectName(u"newSessionButton"_s);
    connect(m_new, &QPushButton::clicked, this, &ReviewPage::newSession);
    m_open = new QPushButton(tr("Open"));
    m_open->setObjectName(u"openSessionButton"_s);
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (!selectedSession().isEmpty())
            openSession(selectedSession());
    });
    m_toggle = new QPushButton(tr("Close"));
    m_toggle->setObjectName(u"toggleSessionButton"_s);
    connect(m_toggle, &QPushButton::clicked, this, [this] {
        const QTreeWidgetItem *item = m_list->currentItem();
        if (item)
            setSessionStatus(item->text(NameColumn),
                             item->data(StatusColumn, Qt::UserRole).toString() == u"closed"_s ? u"open"_s : u"closed"_s);
    });
    m_agreementButton = new QPushButton(tr("Agreement"));
    m_agreementButton->setObjectName(u"agreementButton"_s);
    m_agreementButton->setToolTip(tr("How far reviewers agree, per feature, and where they disagree"));
    connect(m_agreementButton, &QPushButton::clicked, this, &ReviewPage::showAgreement);
    auto *help = new QPushButton(tr("Keys (F1)"));
    connect(help, &QPushButton::clicked, this, &ReviewPage::showShortcuts);
    m_status = new QLabel;
    m_status->setObjectName(u"reviewStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto *intro = new QLabel(tr("A review session is a fair sample of the outputs of a period, every feature "
                                "represented, to be labelled together on a shared screen. Enter opens the "
                                "selected session; a closed one opens at its summary."));
    intro->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_new);
    buttons->addWidget(m_open);
    buttons->addWidget(m_toggle);
    buttons->addStretch(1);
    buttons->addWidget(m_agreementButton);
    buttons->addWidget(help);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(intro);
    layout->addLayout(buttons);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_status);
    updateButtons();
    return page;
}

void ReviewPage::connectWorker()
{
    LabelWorker *worker = m_service->worker();
    connect(worker, &LabelWorker::opened, this, [this](const QString &reviewer, const QString &, bool) {
        m_reviewer = reviewer;
        m_ready = true;
        m_presenter->setReviewer(reviewer);
        setStatus(tr("Reviewing as %1.").arg(reviewer));
        m_service->post([](LabelWorker &w) { w.listSessions(); });
        updateButtons();
    });
    connect(worker, &LabelWorker::openFailed, this, [this](const QString &message) {
        m_ready = false;
        setStatus(tr("Review sessions unavailable: %1").arg(message), true);
        updateButtons();
    });
    connect(worker, &LabelWorker::sessionsReady, this, &ReviewPage::showSessions);
    connect(worker, &LabelWorker::sessionCreated, this, [this](const QString &name, int items) {
        setStatus(tr("Session %1 created with %n output(s).", nullptr, items).arg(name));
        m_openWanted = name;
        m_service->post([](LabelWorker &w) { w.listSessions(); });
    });
    connect(worker, &LabelWorker::sessionReady, this, [this](const ReviewSession &session) {
        if (m_summaryWanted && session.name == m_presenter->session().name) {
            m_summaryWanted = false;
            const QString name = session.name;
            m_service->post([name](LabelWorker &w) { w.summarize(name); });
            return;
        }
        if (session.name == m_openWanted) {
            m_openWanted.clear();
            if (session.status == u"closed"_s) {
                const QString name = session.name;
                m_service->post([name](LabelWorker &w) { w.summarize(name); });
                return;
            }
            m_stack->setCurrentWidget(m_presenter);
            m_presenter->present(session);
            return;
        }
        m_presenter->refreshSession(session);
    });
    connect(worker, &LabelWorker::summaryReady, this, [this](const SessionSummary &summary) {
        m_summary->setSummary(summary);
        m_stack->setCurrentWidget(m_summary);
    });
    connect(worker, &LabelWorker::problem, this, [this](const QString &message) {
        setStatus(message, true);
        if (m_stack->currentWidget() == m_presenter)
            m_presenter->showProblem(message);
        Q_EMIT problem(message);
        m_summaryWanted = false;
    });
    connect(m_presenter, &PresenterView::problem, this, &ReviewPage::problem);
}

void ReviewPage::openSource(const SessionSpec &spec)
{
    m_ready = false;
    m_openWanted.clear();
    m_summaryWanted = false;
    m_stack->setCurrentWidget(m_listPage);
    m_list->clear();
    setStatus(tr("Opening review sessions…"));
    updateButtons();
    const QString reviewer = LabelService::configuredReviewer();
    m_service->post([spec, reviewer](LabelWorker &w) { w.open(spec, reviewer); });
}

void ReviewPage::showSessions(const QList<ReviewSessionInfo> &sessions)
{
    const QString selected = selectedSession();
    m_list->clear();
    for (const ReviewSessionInfo &s : sessions) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(NameColumn, s.name);
        item->setText(StatusColumn, s.status == u"closed"_s ? tr("closed") : tr("open"));
        item->setData(StatusColumn, Qt::UserRole, s.status);
        item->setText(ProgressColumn, u"%1 / %2"_s.arg(s.labelledByMe).arg(s.items));
        item->setText(CreatedColumn, tr("%1 by %2").arg(QLocale().toString(s.createdAt.toLocalTime(), QLocale::ShortFormat),
                                                       s.createdBy));
        if (s.name == selected)
            m_list->setCurrentItem(item);
    }
    if (!m_list->currentItem() && m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(m_list->topLevelItemCount() - 1)); // the newest
    updateButtons();
    Q_EMIT sessionsListed(int(sessions.size()));
    if (!m_openWanted.isEmpty()) {
        const QString name = m_openWanted;
        m_service->post([name](LabelWorker &w) { w.loadSession(name); });
    }
}

QString ReviewPage::selectedSession() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->text(NameColumn) : QString();
}

void ReviewPage::updateButtons()
{
    m_new->setEnabled(m_ready);
    m_agreementButton->setEnabled(m_ready);
    const QTreeWidgetItem *item = m_list->currentItem();
    m_open->setEnabled(m_ready && item);
    m_toggle->setEnabled(m_ready && item);
    const bool closed = item && item->data(StatusColumn, Qt::UserRole).toString() == u"closed"_s;
    m_toggle->setText(closed ? tr("Reopen") : tr("Close"));
    m_open->setText(closed ? tr("Summary") : tr("Open / resume"));
}

void ReviewPage::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #c62828;"_s : QString());
    m_status->setProperty("error", error);
}

void ReviewPage::showAgreement()
{
    if (!m_ready)
        return;
    m_stack->setCurrentWidget(m_agreement);
    m_agreement->refresh();
}

void ReviewPage::newSession()
{
    if (!m_ready)
        return;
    auto *dialog = new NewSessionDialog(QDateTime::currentDateTimeUtc(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { createSession(dialog->sessionName(), dialog->spec()); });
    dialog->open();
}

void ReviewPage::createSession(const QString &name, const SampleSpec &spec)
{
    setStatus(tr("Drawing %n output(s)…", nullptr, spec.size));
    m_service->post([name, spec](LabelWorker &w) { w.createSession(name, spec); });
}

void ReviewPage::openSession(const QString &name)
{
    m_openWanted = name;
    m_service->post([name](LabelWorker &w) { w.loadSession(name); });
}

void ReviewPage::setSessionStatus(const QString &name, const QString &status)
{
    m_service->post([name, status](LabelWorker &w) { w.setSessionStatus(name, status); });
}

void ReviewPage::showShortcuts()
{
    showShortcutHelp(this);
}

bool ReviewPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (labelKeyFor(key, false) == LabelKey::Help) {
            showShortcuts();
            return true;
        }
        if (key->modifiers() == Qt::NoModifier && key->key() == Qt::Key_J) {
            m_list->setCurrentItem(m_list->itemBelow(m_list->currentItem()));
            return true;
        }
        if (key->modifiers() == Qt::NoModifier && key->key() == Qt::Key_K) {
            m_list->setCurrentItem(m_list->itemAbove(m_list->currentItem()));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace assay

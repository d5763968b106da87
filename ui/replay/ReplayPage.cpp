#include "replay/ReplayPage.h"

#include "common/WorkerThread.h"

#include "replay/NewReplayDialog.h"
#include "replay/ReplayResultsModel.h"
#include "replay/ReplayResultsView.h"
#include "replay/ReplayRunPanel.h"
#include "replay/ReplayRunner.h"
#include "replay/ReplayWorker.h"
#include "settings/PriceTableMetaType.h"
#include "util/Money.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

enum RunColumn { Id, Created, Status, Calls, Ok, Failed, Pending, Spent, Targets };

} // namespace

ReplayPage::ReplayPage(QWidget *parent) : QWidget(parent)
{
    qRegisterMetaType<ReplayRunRow>();
    qRegisterMetaType<QList<ReplayRunRow>>();
    qRegisterMetaType<ReplayRequest>();
    qRegisterMetaType<ReplayChoices>();
    qRegisterMetaType<ReplayEstimateReply>();
    qRegisterMetaType<ReplayComparison>();
    qRegisterMetaType<SessionSpec>();
    qRegisterMetaType<PriceTable>();

    m_runs = new QTreeWidget(this);
    m_runs->setObjectName(u"replayRuns"_s);
    m_runs->setRootIsDecorated(false);
    m_runs->setUniformRowHeights(true);
    m_runs->setHeaderLabels({tr("Run"), tr("Created"), tr("Status"), tr("Calls"), tr("OK"), tr("Failed"), tr("Pending"),
                             tr("Spent"), tr("Targets")});
    // The counts first, the (long) target labels last where they may run off.
    m_runs->setColumnWidth(Id, 40);
    m_runs->setColumnWidth(Created, 118);
    m_runs->setColumnWidth(Status, 80);
    for (int c : {Calls, Ok, Failed, Pending})
        m_runs->setColumnWidth(c, 50);
    m_runs->setColumnWidth(Spent, 70);
    m_new = new QPushButton(tr("New replay…"), this);
    m_new->setObjectName(u"newReplay"_s);
    m_new->setEnabled(false);
    m_compare = new QPushButton(tr("Compare A/B…"), this);
    m_compare->setObjectName(u"replayCompare"_s);
    m_compare->setToolTip(tr("The verdict on this run: wins, losses and ties of one side over another, with the evidence"));
    m_compare->setEnabled(false);
    m_status = new QLabel(tr("Open a log to replay its outputs."), this);
    m_status->setWordWrap(true);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    top->addWidget(m_new);
    top->addWidget(m_compare);
    top->addStretch();
    leftLayout->addLayout(top);
    leftLayout->addWidget(m_runs, 1);
    leftLayout->addWidget(m_status);

    m_panel = new ReplayRunPanel(this);
    m_results = new ReplayResultsView(this);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_panel);
    rightLayout->addWidget(m_results, 1);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 5);
    split->setSizes({580, 920});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    m_runner = new ReplayRunner(this);
    connect(m_new, &QPushButton::clicked, this, &ReplayPage::newReplay);
    connect(m_compare, &QPushButton::clicked, this, [this] {
        if (m_shownRun > 0)
            Q_EMIT compareRequested(m_shownRun);
    });
    connect(m_runs, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item)
            showRun(item->data(Id, Qt::UserRole).toLongLong());
    });
    connect(m_panel, &ReplayRunPanel::pauseClicked, m_runner, &ReplayRunner::pause);
    connect(m_panel, &ReplayRunPanel::cancelClicked, m_runner, &ReplayRunner::cancel);
    connect(m_panel, &ReplayRunPanel::resumeClicked, this, [this] {
        if (m_runner->isRunning() && m_runner->runId() == m_shownRun)
            m_runner->resume();
        else
            resumeRun(m_shownRun);
    });
    connect(m_runner, &ReplayRunner::pausedChanged, this, [this](bool paused) {
        if (QTreeWidgetItem *item = runItem(m_runner->runId()))
            item->setText(Status, paused ? tr("paused") : tr("running"));
        refreshPanel();
    });
    connect(m_runner, &ReplayRunner::progressed, this, [this](const ReplayProgress &progress) {
        showLiveCounts(progress);
        if (m_runner->runId() == m_shownRun)
            m_panel->setProgress(progress);
    });
    connect(m_runner, &ReplayRunner::resultStored, this, [this](const ReplayResult &result) {
        if (m_runner->runId() != m_shownRun)
            return;
        if (m_results->runId() == m_shownRun)
            m_results->updateResult(m_shownRun, result);
        else
            m_streamedEarly << result;
        const auto &targets = m_results->model()->comparison().targets;
        m_panel->addResult(result, result.targetNo < targets.size() ? targets.at(result.targetNo).label() : QString());
    });
    connect(m_runner, &ReplayRunner::finished, this, [this](qint64 runId, ReplayRunStatus status, const QString &message) {
        const QString text = message.isEmpty() ? tr("Run %1 %2.").arg(runId).arg(replayRunStatusName(status))
                                               : tr("Run %1 %2: %3").arg(runId).arg(replayRunStatusName(status), message);
        m_status->setText(text);
        if (runId == m_shownRun)
            m_panel->setFinished(text);
        Q_EMIT runFinished(runId, status, message);
        reloadRuns();
        // Reloaded whole: the baseline-side figures and what the store holds, not what streamed.
        if (runId == m_shownRun)
            QMetaObject::invokeMethod(m_worker, [w = m_worker, runId] { w->loadComparison(runId); }, Qt::QueuedConnection);
    });
    connect(m_results, &ReplayResultsView::exportRequested, this, &ReplayPage::chooseExport);

    m_worker = new ReplayWorker;
    m_worker->moveToThread(&m_thread);
    m_interrupter = m_worker->interrupter();
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connectWorker();
    m_thread.setObjectName(u"replay-worker"_s);
    m_thread.start();
}

ReplayPage::~ReplayPage()
{
    // The engine stops first (what was in flight stays pending for a resume), then the worker.
    delete m_runner;
    m_runner = nullptr;
    stopWorkerThread(m_thread, m_interrupter.get());
}

void ReplayPage::connectWorker()
{
    connect(m_worker, &ReplayWorker::opened, this, [this](const ReplayChoices &choices) {
        m_choices = choices;
        // Also sent again after a run is created (a dataset may have joined the lists): the
        // status line then keeps what it says about the run.
        if (!m_open || !choices.note.isEmpty())
            m_status->setText(choices.note);
        m_open = true;
        m_new->setEnabled(true);
    });
    connect(m_worker, &ReplayWorker::openFailed, this, [this](const QString &message) {
        m_open = false;
        m_new->setEnabled(false);
        m_status->setText(tr("Replay unavailable: %1").arg(message));
        Q_EMIT problem(message);
    });
    connect(m_worker, &ReplayWorker::runsListed, this, &ReplayPage::showRuns);
    connect(m_worker, &ReplayWorker::created, this, [this](qint64 runId) {
        if (m_dialog)
            m_dialog->accept();
        m_shownRun = runId;
        m_streamedEarly.clear();
        startEngine(runId);
        QMetaObject::invokeMethod(m_worker, [w = m_worker, runId] { w->loadComparison(runId); }, Qt::QueuedConnection);
    });
    connect(m_worker, &ReplayWorker::createFailed, this, [this](const QString &message, const QStringList &keys) {
        if (m_dialog)
            m_dialog->showStartFailure(message, keys);
        else
            Q_EMIT problem(message);
    });
    connect(m_worker, &ReplayWorker::comparisonLoaded, this, [this](const ReplayComparison &comparison) {
        if (comparison.runId != m_shownRun)
            return;
        m_results->setComparison(comparison);
        for (const ReplayResult &result : std::as_const(m_streamedEarly))
            m_results->updateResult(comparison.runId, result);
        m_streamedEarly.clear();
        m_compare->setEnabled(true);
        Q_EMIT comparisonShown(comparison.runId);
    });
    connect(m_worker, &ReplayWorker::exported, this, [this](const QString &path, qint64 records) {
        m_status->setText(tr("Exported %1 results to %2").arg(records).arg(path));
        Q_EMIT exported(path, records);
    });
    connect(m_worker, &ReplayWorker::problem, this, [this](const QString &message) {
        m_status->setText(message);
        Q_EMIT problem(message);
    });
}

void ReplayPage::openSource(const SessionSpec &spec)
{
    // Another log: a live run of the previous one stops (its pending cases wait for a resume)
    // and a half-filled dialog, whose lists came from that log, goes.
    m_runner->cancel();
    if (m_dialog)
        m_dialog->reject();
    m_spec = spec;
    m_open = false;
    m_shownRun = 0;
    m_runRows.clear();
    m_runs->clear();
    m_panel->clearRun();
    m_results->setComparison({});
    m_new->setEnabled(false);
    m_status->setText(tr("Opening…"));
    QMetaObject::invokeMethod(m_worker, [w = m_worker, spec] { w->open(spec); }, Qt::QueuedConnection);
}

void ReplayPage::setPriceTable(const PriceTable &prices)
{
    m_prices = prices;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, prices] { w->setPrices(prices); }, Qt::QueuedConnection);
}

void ReplayPage::setCurrentFilter(const OutputFilter &filter)
{
    m_filter = filter;
}

void ReplayPage::setSelectedIds(const QStringList &ids)
{
    m_selectedIds = ids;
}

void ReplayPage::reloadRuns()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->listRuns(); }, Qt::QueuedConnection);
}

void ReplayPage::newReplay()
{
    if (!m_open)
        return;
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    Q_EMIT inputsWanted();
    auto *dialog = new NewReplayDialog(m_choices, m_filter, m_selectedIds, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    connect(dialog, &NewReplayDialog::estimateRequested, this, [this](quint64 no, const ReplayRequest &request) {
        QMetaObject::invokeMethod(m_worker, [w = m_worker, no, request] { w->estimate(no, request); }, Qt::QueuedConnection);
    });
    connect(m_worker, &ReplayWorker::estimated, dialog, &NewReplayDialog::showEstimate);
    connect(dialog, &NewReplayDialog::startRequested, this, [this](const ReplayRequest &request) {
        if (m_runner->isRunning()) {
            m_dialog->showStartFailure(tr("Run %1 is still running: pause it or let it finish first.").arg(m_runner->runId()), {});
            return;
        }
        QMetaObject::invokeMethod(m_worker, [w = m_worker, request] { w->create(request); }, Qt::QueuedConnection);
    });
    connect(dialog, &NewReplayDialog::apiKeysRequested, this, &ReplayPage::apiKeysRequested);
    dialog->open();
    dialog->requestEstimate();
}

const ReplayRunRow *ReplayPage::runRow(qint64 runId) const
{
    for (const ReplayRunRow &row : m_runRows)
        if (row.info.id == runId)
            return &row;
    return nullptr;
}

void ReplayPage::showRuns(const QList<ReplayRunRow> &runs)
{
    m_runRows = runs;
    const QSignalBlocker block(m_runs);
    m_runs->clear();
    const QLocale locale;
    QTreeWidgetItem *current = nullptr;
    for (const ReplayRunRow &run : runs) {
        QStringList targets;
        for (const ReplayTarget &t : run.info.spec.targets)
            targets << t.label();
        const bool live = m_runner->isRunning() && m_runner->runId() == run.info.id;
        const bool interrupted = !live && run.info.status == ReplayRunStatus::Running;
        auto *item = new QTreeWidgetItem(m_runs);
        item->setData(Id, Qt::UserRole, run.info.id);
        item->setText(Id, QString::number(run.info.id));
        item->setText(Created, run.info.createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s));
        item->setText(Targets, targets.join(u"; "_s));
        item->setToolTip(Targets, targets.join(u'\n'));
        item->setText(Status, interrupted ? tr("interrupted") : replayRunStatusName(run.info.status));
        item->setText(Calls, locale.toString(run.tally.calls));
        item->setText(Ok, locale.toString(run.tally.ok));
        item->setText(Failed, locale.toString(run.tally.failed + run.tally.renderErrors));
        item->setText(Pending, locale.toString(run.tally.pending()));
        item->setText(Spent, formatUsd(run.tally.spentUsd));
        item->setToolTip(Spent, tr("cost of the outputs %1; estimated %2").arg(formatUsd(run.tally.costUsd),
                                                                              formatUsd(run.info.estimate.costUsd)));
        for (int c : {Calls, Ok, Failed, Pending, Spent})
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        if (run.info.id == m_shownRun)
            current = item;
    }
    if (current)
        m_runs->setCurrentItem(current);
    refreshPanel();
    Q_EMIT runsListed(static_cast<int>(runs.size()));
}

void ReplayPage::refreshPanel()
{
    const ReplayRunRow *row = runRow(m_shownRun);
    if (!row)
        return;
    const bool live = m_runner->isRunning() && m_runner->runId() == m_shownRun;
    m_panel->showRun(*row, live, live && m_runner->isPaused());
}

void ReplayPage::showLiveCounts(const ReplayProgress &progress)
{
    // The runs list follows the live run between the reloads at its start and end.
    QTreeWidgetItem *item = runItem(m_runner->runId());
    if (!item)
        return;
    const QLocale locale;
    item->setText(Status, m_runner->isPaused() ? tr("paused") : tr("running"));
    item->setText(Calls, locale.toString(progress.total));
    item->setText(Ok, locale.toString(progress.done));
    item->setText(Failed, locale.toString(progress.failed));
    item->setText(Pending, locale.toString(progress.remaining));
    item->setText(Spent, formatUsd(progress.spentUsd));
}

QTreeWidgetItem *ReplayPage::runItem(qint64 runId) const
{
    for (int i = 0; i < m_runs->topLevelItemCount(); ++i) {
        if (m_runs->topLevelItem(i)->data(Id, Qt::UserRole).toLongLong() == runId)
            return m_runs->topLevelItem(i);
    }
    return nullptr;
}

void ReplayPage::showRun(qint64 runId)
{
    if (runId <= 0)
        return;
    const bool changed = runId != m_shownRun;
    m_shownRun = runId;
    if (changed) {
        m_streamedEarly.clear();
        m_panel->clearRun();
        refreshPanel();
    }
    QMetaObject::invokeMethod(m_worker, [w = m_worker, runId] { w->loadComparison(runId); }, Qt::QueuedConnection);
}

void ReplayPage::resumeRun(qint64 runId)
{
    if (!m_open || runId <= 0)
        return;
    if (m_runner->isRunning()) {
        Q_EMIT problem(tr("Run %1 is still running: one run at a time.").arg(m_runner->runId()));
        return;
    }
    showRun(runId);
    startEngine(runId);
}

void ReplayPage::startEngine(qint64 runId)
{
    if (!m_runner->start(m_spec, runId, m_prices))
        return;
    m_status->setText(tr("Run %1 running…").arg(runId));
    Q_EMIT runStarted(runId);
    reloadRuns();
}

void ReplayPage::exportResults(const QString &path, const QString &format)
{
    if (m_shownRun <= 0)
        return;
    const qint64 runId = m_shownRun;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, runId, path, format] { w->exportResults(runId, path, format); },
                              Qt::QueuedConnection);
}

void ReplayPage::chooseExport()
{
    if (m_shownRun <= 0)
        return;
    QString selected;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export run %1").arg(m_shownRun),
                                                      u"replay-%1.jsonl"_s.arg(m_shownRun),
                                                      tr("JSON Lines (*.jsonl);;CSV (*.csv)"), &selected);
    if (path.isEmpty())
        return;
    const bool csv = path.endsWith(u".csv"_s, Qt::CaseInsensitive) || selected.startsWith(u"CSV"_s);
    exportResults(path, csv ? u"csv"_s : u"jsonl"_s);
}

} // namespace assay

#include "MainWindow.h"

#include "browse/BrowserPage.h"
#include "browse/FilterBar.h"
#include "browse/OutputsModel.h"
#include "compare/ComparePage.h"
#include "dashboard/DashboardPage.h"
#include "dialogs/ApiKeysDialog.h"
#include "dialogs/AuditDialog.h"
#include "dialogs/ExportDialog.h"
#include "dialogs/KeychainStore.h"
#include "dialogs/MappingDialog.h"
#include "dialogs/PostgresDialog.h"
#include "judging/JudgingPage.h"
#include "labels/ShortcutHelp.h"
#include "labels/TableLabeller.h"
#include "pricing/UserPrices.h"
#include "prompts/PromptsPage.h"
#include "replay/NewReplayDialog.h"
#include "replay/ReplayPage.h"
#include "report/WeeklyReportJob.h"
#include "review/PresenterView.h"
#include "review/ReviewPage.h"
#include "schema/SchemaDetector.h"
#include "settings/PriceSettingsDialog.h"
#include "util/CalendarWeek.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QPointer>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QThread>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr int maxRecentSources = 10;

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(u"Assay"_s);
    setWindowIcon(QIcon(u":/icons/assay.svg"_s));
    setAcceptDrops(true);
    // Pages, one per capability; each runs its own queries on its own worker threads.
    m_pages = new QTabWidget(this);
    m_pages->setObjectName(u"pages"_s);
    m_pages->setDocumentMode(true);
    m_browser = new BrowserPage(m_pages);
    m_prompts = new PromptsPage(m_pages);
    m_review = new ReviewPage(m_pages);
    m_dashboard = new DashboardPage(m_pages);
    m_replay = new ReplayPage(m_pages);
    m_compare = new ComparePage(m_pages);
    m_judging = new JudgingPage(m_pages);
    m_pages->addTab(m_browser, tr("Outputs"));
    m_pages->addTab(m_prompts, tr("Prompts"));
    m_pages->addTab(m_review, tr("Review"));
    m_pages->addTab(m_dashboard, tr("Dashboard"));
    m_pages->addTab(m_replay, tr("Replay"));
    m_pages->addTab(m_compare, tr("Compare"));
    m_pages->addTab(m_judging, tr("Judging"));
    setCentralWidget(m_pages);

    m_sourceLabel = new QLabel(tr("No log open: File ▸ Open, or drop a SQLite file here"), this);
    m_rowsLabel = new QLabel(this);
    m_indexLabel = new QLabel(this);
    m_sourceLabel->setObjectName(u"sourceStatus"_s);
    m_rowsLabel->setObjectName(u"rowsStatus"_s);
    m_indexLabel->setObjectName(u"indexStatus"_s);
    statusBar()->addWidget(m_sourceLabel, 1);
    statusBar()->addPermanentWidget(m_rowsLabel);
    statusBar()->addPermanentWidget(m_indexLabel);

    connect(m_browser, &BrowserPage::sourceOpened, this,
            [this](const QString &name, const QString &table, const QStringList &notes) {
                m_sourceLabel->setText(tr("%1 — table %2").arg(name, table));
                m_sourceLabel->setToolTip(notes.isEmpty() ? QString() : tr("Not available with this log:\n• %1").arg(notes.join(u"\n• "_s)));
                setWindowTitle(tr("%1 — Assay").arg(name));
                rememberSource(m_pendingSpec.source.toText());
                if (!notes.isEmpty())
                    statusBar()->showMessage(tr("Some features are off for this log (hover the source for details)."), 8000);
            });
    connect(m_browser, &BrowserPage::sourceFailed, this, &MainWindow::onSourceFailed);
    connect(m_browser, &BrowserPage::rowCountChanged, this, [this](qint64 rows, bool exact) {
        m_rowsLabel->setText(exact ? tr("%1 outputs").arg(QLocale().toString(rows))
                                   : tr("about %1 outputs (counting…)").arg(QLocale().toString(rows)));
    });
    connect(m_browser, &BrowserPage::rowCountFailed, this, [this](const QString &message) {
        m_rowsLabel->setText(tr("count unavailable"));
        m_rowsLabel->setToolTip(message);
    });
    connect(m_browser, &BrowserPage::indexStatusChanged, m_indexLabel, &QLabel::setText);
    connect(m_browser, &BrowserPage::problem, this, [this](const QString &message) {
        statusBar()->showMessage(message, 10000);
    });
    connect(m_prompts, &PromptsPage::problem, this, [this](const QString &message) {
        statusBar()->showMessage(message, 10000);
    });
    connect(m_review, &ReviewPage::problem, this, [this](const QString &message) {
        statusBar()->showMessage(message, 10000);
    });
    connect(m_dashboard, &DashboardPage::problem, this, [this](const QString &message) {
        statusBar()->showMessage(message, 10000);
    });
    connect(m_dashboard, &DashboardPage::sliceRequested, this, &MainWindow::showOutputs);
    connect(m_replay, &ReplayPage::problem, this, [this](const QString &message) {
        statusBar()->showMessage(message, 10000);
    });
    connect(m_compare, &ComparePage::problem, this, [this](const QString &message) {
        statusBar()->showMessage(message, 10000);
    });
    connect(m_judging, &JudgingPage::problem, this, [this](const QString &message) {
        statusBar()->showMessage(message, 10000);
    });
    // A run reaches the Compare view from the replay page; its pairs reach judging from there.
    connect(m_replay, &ReplayPage::compareRequested, this, [this](qint64 runId) {
        m_pages->setCurrentWidget(m_compare);
        m_compare->showRun(runId);
    });
    connect(m_replay, &ReplayPage::runFinished, m_compare, [this] { m_compare->reloadRuns(); });
    connect(m_compare, &ComparePage::judgingRequested, this, [this](qint64 runId, const QString &a, const QString &b) {
        m_pages->setCurrentWidget(m_judging);
        m_judging->newSession(runId, a, b);
    });
    connect(m_compare, &ComparePage::judgeModelRequested, this, [this](qint64 runId, const QString &a, const QString &b) {
        m_pages->setCurrentWidget(m_judging);
        m_judging->judgeWithModel(runId, a, b);
    });
    // A judge run is a replay run: the Replay tab runs it, with its progress, pause and resume.
    connect(m_judging, &JudgingPage::judgeRunReady, this, [this](qint64 runId) {
        m_pages->setCurrentWidget(m_replay);
        m_replay->resumeRun(runId);
    });
    connect(m_pages, &QTabWidget::currentChanged, this, [this] {
        if (m_pages->currentWidget() == m_compare)
            m_compare->reloadRuns(); // verdicts given in the judging tab count at once
    });
    connect(m_replay, &ReplayPage::apiKeysRequested, this, &MainWindow::showApiKeys);
    // Direct connection: the replay dialog reads these right after asking, before it is built.
    connect(m_replay, &ReplayPage::inputsWanted, this, [this] {
        m_replay->setCurrentFilter(m_browser->model()->filter());
        QStringList ids;
        for (const QModelIndex &index : m_browser->table()->selectionModel()->selectedRows())
            ids << m_browser->model()->keyAt(index.row()).toString();
        m_replay->setSelectedIds(ids);
    });
    // A disagreement in the agreement view opens in the browser, where it can be labelled.
    connect(m_review, &ReviewPage::openOutputRequested, this, [this](const QString &key) {
        m_pages->setCurrentWidget(m_browser);
        m_browser->showOutput(key);
    });
    // One blind-mode switch for the browser and the presenter: hiding others' labels in one place
    // and showing them in the other would defeat it.
    connect(m_browser->blindModeAction(), &QAction::toggled, m_review->presenter(), &PresenterView::setBlind);
    m_review->presenter()->setBlind(m_browser->blindModeAction()->isChecked());
    loadPrices();

    buildMenus();
    QSettings settings;
    if (!restoreGeometry(settings.value(u"window/geometry"_s).toByteArray()))
        resize(1400, 860);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open SQLite log…"), QKeySequence::Open, this, &MainWindow::chooseFile);
    file->addAction(tr("Open &PostgreSQL log…"), QKeySequence(u"Ctrl+Shift+O"_s), this, &MainWindow::choosePostgres);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addAction(tr("Open prompt &folder…"), this, &MainWindow::choosePromptFolder);
    file->addSeparator();
    file->addAction(tr("Column &mapping…"), this, &MainWindow::editMapping);
    file->addAction(tr("&Export filtered outputs…"), QKeySequence(u"Ctrl+E"_s), this, &MainWindow::exportOutputs);
    file->addAction(tr("&Weekly report…"), QKeySequence(u"Ctrl+Shift+R"_s), this, &MainWindow::writeWeeklyReport);
    file->addAction(tr("&Audit the log…"), this, &MainWindow::auditLog);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Outputs"), QKeySequence(u"Ctrl+1"_s), this, [this] { m_pages->setCurrentWidget(m_browser); });
    view->addAction(tr("&Prompts"), QKeySequence(u"Ctrl+2"_s), this, [this] { m_pages->setCurrentWidget(m_prompts); });
    view->addAction(tr("Re&view"), QKeySequence(u"Ctrl+3"_s), this, [this] { m_pages->setCurrentWidget(m_review); });
    view->addAction(tr("&Dashboard"), QKeySequence(u"Ctrl+4"_s), this, [this] { m_pages->setCurrentWidget(m_dashboard); });
    view->addAction(tr("Rep&lay"), QKeySequence(u"Ctrl+5"_s), this, [this] { m_pages->setCurrentWidget(m_replay); });
    view->addAction(tr("&Compare"), QKeySequence(u"Ctrl+6"_s), this, [this] { m_pages->setCurrentWidget(m_compare); });
    view->addAction(tr("&Judging"), QKeySequence(u"Ctrl+7"_s), this, [this] { m_pages->setCurrentWidget(m_judging); });
    view->addSeparator();
    view->addAction(tr("&Search"), QKeySequence::Find, this, [this] {
        m_pages->setCurrentWidget(m_browser);
        m_browser->focusSearch();
    });
    view->addAction(tr("&Reload"), QKeySequence::Refresh, m_browser->model(), &OutputsModel::reload);

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    settings->addAction(tr("&Prices…"), this, &MainWindow::editPrices);
    settings->addAction(tr("&Budgets…"), m_dashboard, &DashboardPage::openBudgetsDialog);
    settings->addAction(tr("&Quality targets…"), m_dashboard, &DashboardPage::openTargetsDialog);
    settings->addAction(tr("&Reviewer name…"), m_browser->labeller(), &TableLabeller::chooseReviewer);
    settings->addAction(tr("Provider &API keys…"), this, &MainWindow::showApiKeys);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), QKeySequence(Qt::Key_F1), this, &MainWindow::showShortcuts);
    help->addAction(tr("&About Assay"), this, &MainWindow::showAbout);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(u"recentSources"_s).toStringList();
    for (const QString &source : recent)
        m_recentMenu->addAction(source, this, [this, source] { openSource(source); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::rememberSource(const QString &source)
{
    QSettings settings;
    QStringList recent = settings.value(u"recentSources"_s).toStringList();
    recent.removeAll(source);
    recent.prepend(source); // secret-free: paths, and PostgreSQL URLs without passwords
    settings.setValue(u"recentSources"_s, recent.mid(0, maxRecentSources));
    rebuildRecentMenu();
}

void MainWindow::openSource(const QString &source)
{
    auto location = SourceLocation::parse(source);
    if (!location) {
        QMessageBox::warning(this, tr("Cannot open"), location.error());
        return;
    }
    SessionSpec spec;
    spec.source = *location;
    // A mapping the user made for this source in the dialog before.
    if (auto saved = LogMapping::fromJson(QSettings().value(u"mappings/"_s + location->identity()).toJsonObject()))
        spec.mapping = *saved;
    if (location->isPostgres() && location->password.isEmpty()) {
        // A recent PostgreSQL source: its password, if any, is in the keychain.
        QPointer<MainWindow> self(this);
        KeychainStore::read(location->displayName(), this, [self, spec](const QString &password, const QString &) mutable {
            if (!self)
                return;
            spec.source.password = password;
            self->openSpec(spec);
        });
        return;
    }
    openSpec(spec);
}

void MainWindow::openSpec(const SessionSpec &spec)
{
    m_pendingSpec = spec;
    m_sourceLabel->setText(tr("Opening %1…").arg(spec.source.displayName()));
    m_rowsLabel->clear();
    m_indexLabel->clear();
    m_browser->openSource(spec);
    m_prompts->openSource(spec);
    m_review->openSource(spec);
    m_dashboard->openSource(spec);
    m_replay->openSource(spec);
    m_compare->openSource(spec);
    m_judging->openSource(spec);
}

void MainWindow::showApiKeys()
{
    ApiKeysDialog dialog(this);
    dialog.exec();
}

void MainWindow::showOutputs(const OutputFilter &filter)
{
    m_browser->filterBar()->setFilter(filter);
    m_pages->setCurrentWidget(m_browser);
}

void MainWindow::loadPrices()
{
    // A broken price file is reported, and the list prices stand in until it is fixed; pricing
    // calls at list prices silently would hide the problem.
    auto prices = loadUserPriceTable();
    if (!prices) {
        statusBar()->showMessage(tr("Prices: %1 — using the built-in list prices").arg(prices.error()), 15000);
        m_dashboard->setPriceTable(PriceTable::withDefaults());
        m_replay->setPriceTable(PriceTable::withDefaults());
        m_compare->setPriceTable(PriceTable::withDefaults());
        m_judging->setPriceTable(PriceTable::withDefaults());
        return;
    }
    m_dashboard->setPriceTable(*prices);
    m_replay->setPriceTable(*prices);
    m_compare->setPriceTable(*prices);
    m_judging->setPriceTable(*prices);
}

void MainWindow::editPrices()
{
    PriceSettingsDialog dialog(userPriceFilePath(), this);
    connect(&dialog, &PriceSettingsDialog::saved, m_dashboard, &DashboardPage::setPriceTable);
    connect(&dialog, &PriceSettingsDialog::saved, m_replay, &ReplayPage::setPriceTable);
    connect(&dialog, &PriceSettingsDialog::saved, m_compare, &ComparePage::setPriceTable);
    connect(&dialog, &PriceSettingsDialog::saved, m_judging, &JudgingPage::setPriceTable);
    dialog.exec();
}

void MainWindow::auditLog()
{
    if (!m_browser->model()->isOpen()) {
        QMessageBox::information(this, tr("Audit the log"), tr("Open a log first."));
        return;
    }
    PriceTable prices = PriceTable::withDefaults();
    if (auto user = loadUserPriceTable())
        prices = *user;
    auto *dialog = new AuditDialog(m_browser->model()->sessionSpec(), prices, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::writeWeeklyReport()
{
    if (!m_browser->model()->isOpen()) {
        QMessageBox::information(this, tr("Weekly report"), tr("Open a log first."));
        return;
    }
    const SessionSpec spec = m_browser->model()->sessionSpec();
    WeeklyReportOptions options;
    options.week = lastFullWeek(QDateTime::currentDateTime(), userTimeZone());
    if (auto prices = loadUserPriceTable())
        options.prices = *prices;
    const QString suggested = QDir::home().filePath(u"assay-report-%1.pdf"_s.arg(options.week.label()));
    const QString path = QFileDialog::getSaveFileName(this, tr("Weekly report for %1").arg(options.week.label()), suggested,
                                                      tr("PDF (*.pdf);;HTML (*.html);;Markdown (*.md)"));
    if (path.isEmpty())
        return;
    statusBar()->showMessage(tr("Writing the report for %1…").arg(options.week.label()));
    writeWeeklyReportInBackground(this, spec, options, path, [this, path](const Result<void> &written) {
        if (written)
            statusBar()->showMessage(tr("Report written to %1").arg(path), 10000);
        else
            QMessageBox::warning(this, tr("Weekly report"), written.error());
    });
}

void MainWindow::openLastSource()
{
    const QStringList recent = QSettings().value(u"recentSources"_s).toStringList();
    if (!recent.isEmpty())
        openSource(recent.first());
}

void MainWindow::onSourceFailed(const QString &message)
{
    m_sourceLabel->setText(tr("Could not open %1").arg(m_pendingSpec.source.displayName()));
    // A log we can read but not map gets the mapping dialog; anything else is an error.
    if (message.contains(u"--mapping"_s)) {
        QMessageBox box(QMessageBox::Warning, tr("Map the log's columns"), message, QMessageBox::Cancel, this);
        QPushButton *map = box.addButton(tr("Map columns…"), QMessageBox::AcceptRole);
        box.exec();
        if (box.clickedButton() == static_cast<QAbstractButton *>(map))
            editMapping();
        return;
    }
    QMessageBox::warning(this, tr("Cannot open log"), message);
}

void MainWindow::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open AI output log"), QString(),
                                                      tr("SQLite databases (*.sqlite *.sqlite3 *.db *.db3);;All files (*)"));
    if (!path.isEmpty())
        openSource(path);
}

void MainWindow::choosePromptFolder()
{
    // Teams that keep prompts as files under git: one file per version (see the README).
    if (!m_browser->model()->isOpen()) {
        QMessageBox::information(this, tr("Prompt folder"), tr("Open a log first: the prompts page shows how it used each version."));
        return;
    }
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a folder of prompt files"));
    if (folder.isEmpty())
        return;
    m_prompts->openSource(m_pendingSpec, folder);
    m_pages->setCurrentWidget(m_prompts);
}

void MainWindow::choosePostgres()
{
    PostgresDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted) {
        SessionSpec spec;
        spec.source = dialog.location();
        openSpec(spec);
    }
}

void MainWindow::editMapping()
{
    if (m_pendingSpec.source.path.isEmpty() && !m_pendingSpec.source.isPostgres()) {
        QMessageBox::information(this, tr("Column mapping"), tr("Open a log first."));
        return;
    }
    // The catalogue is read on a short-lived thread of its own: never on the UI thread.
    const SessionSpec spec = m_pendingSpec;
    QPointer<MainWindow> self(this);
    QThread *reader = QThread::create([self, spec] {
        auto connection = SourceConnection::open(spec.source);
        Result<QList<TableInfo>> tables = connection ? listTables(**connection) : Result<QList<TableInfo>>(fail(connection.error()));
        QMetaObject::invokeMethod(qApp, [self, spec, tables] {
            if (!self)
                return;
            if (!tables) {
                QMessageBox::warning(self, tr("Column mapping"), tables.error());
                return;
            }
            auto schema = mapLogSchema(*tables, spec.source.dialect, spec.mapping);
            MappingDialog dialog(spec.source.dialect, *tables, spec.mapping, schema ? QString() : schema.error(), self);
            if (dialog.exec() != QDialog::Accepted)
                return;
            SessionSpec mapped = spec;
            mapped.mapping = dialog.mapping();
            QSettings().setValue(u"mappings/"_s + spec.source.identity(), mapped.mapping.toJson());
            self->openSpec(mapped);
        });
    });
    connect(reader, &QThread::finished, reader, &QObject::deleteLater);
    reader->start();
}

void MainWindow::exportOutputs()
{
    OutputsModel *model = m_browser->model();
    if (!model->isOpen()) {
        QMessageBox::information(this, tr("Export"), tr("Open a log first."));
        return;
    }
    ExportDialog dialog(model->sessionSpec(), model->filter(), model->sortOrder(), m_browser->filterSummary(),
                        model->isCountExact() ? model->totalRows() : -1, this);
    dialog.exec();
}

void MainWindow::showShortcuts()
{
    showShortcutHelp(this);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Assay"),
                       tr("<h3>Assay %1</h3><p>Browse, label, replay and cost the outputs your AI features log.</p>"
                          "<p>Assay opens your log read-only and keeps its own data in a workspace.</p>")
                           .arg(QString::fromLatin1(ASSAY_VERSION)));
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        openSource(urls.first().toLocalFile());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings().setValue(u"window/geometry"_s, saveGeometry());
    m_browser->saveState();
    event->accept();
}

} // namespace assay

#include "dashboard/DashboardPage.h"

#include "common/WorkerThread.h"

#include "common/ToneDelegate.h"

#include "dashboard/BudgetAlerts.h"
#include "dashboard/BudgetBanner.h"
#include "dashboard/ChartExport.h"
#include "dashboard/DashboardChartView.h"
#include "dashboard/DashboardCharts.h"
#include "dashboard/DashboardWorker.h"
#include "dashboard/FeatureTableModel.h"
#include "dashboard/PeriodAxis.h"
#include "dashboard/SliceFilter.h"
#include "dashboard/SliceTooltip.h"
#include "dashboard/TargetStrip.h"
#include "settings/BudgetsDialog.h"
#include "settings/TargetsDialog.h"

#include <QBarSet>
#include <QComboBox>
#include <QDateEdit>
#include <QFileDialog>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedBarSeries>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr int maxGroupsDrawn = 8;

// Room the axes and margins of a chart take from its width: the plot is the rest. The volume
// chart has a second value axis, so this errs on the small side (fewer periods, never more).
constexpr int axesWidthPx = 150;
constexpr int legendWidthPx = 150;

QString day(const QDate &d)
{
    return QLocale().toString(d, QLocale::ShortFormat);
}

} // namespace

DashboardPage::DashboardPage(QWidget *parent) : QWidget(parent)
{
    qRegisterMetaType<DashboardQuery>();
    qRegisterMetaType<DashboardData>();
    qRegisterMetaType<PriceTable>();
    qRegisterMetaType<SessionSpec>();
    qRegisterMetaType<BudgetCheck>();

    m_rangeCombo = new QComboBox(this);
    m_rangeCombo->setObjectName(u"rangeCombo"_s);
    m_rangeCombo->addItem(tr("Last 7 days"), int(RangeChoice::Last7Days));
    m_rangeCombo->addItem(tr("Last 30 days"), int(RangeChoice::Last30Days));
    m_rangeCombo->addItem(tr("Last 90 days"), int(RangeChoice::Last90Days));
    m_rangeCombo->addItem(tr("Custom"), int(RangeChoice::Custom));
    m_rangeCombo->setCurrentIndex(1);
    m_fromEdit = new QDateEdit(this);
    m_fromEdit->setObjectName(u"fromDate"_s);
    m_fromEdit->setCalendarPopup(true);
    m_toEdit = new QDateEdit(this);
    m_toEdit->setObjectName(u"toDate"_s);
    m_toEdit->setCalendarPopup(true);
    m_groupCombo = new QComboBox(this);
    m_groupCombo->setObjectName(u"groupCombo"_s);
    m_groupCombo->addItem(tr("feature"), int(UsageGroupBy::Feature));
    m_groupCombo->addItem(tr("model"), int(UsageGroupBy::Model));
    m_groupCombo->addItem(tr("prompt version"), int(UsageGroupBy::Prompt));
    m_refreshButton = new QPushButton(tr("Refresh"), this);
    m_refreshButton->setObjectName(u"refreshButton"_s);
    m_csvButton = new QPushButton(tr("Export table as CSV…"), this);
    m_csvButton->setObjectName(u"csvButton"_s);
    m_csvButton->setEnabled(false);
    m_budgetsButton = new QPushButton(tr("Budgets…"), this);
    m_budgetsButton->setObjectName(u"budgetsButton"_s);
    m_budgetsButton->setEnabled(false);
    connect(m_budgetsButton, &QPushButton::clicked, this, &DashboardPage::openBudgetsDialog);
    m_targetsButton = new QPushButton(tr("Targets…"), this);
    m_targetsButton->setObjectName(u"targetsButton"_s);
    m_targetsButton->setEnabled(false);
    connect(m_targetsButton, &QPushButton::clicked, this, &DashboardPage::openTargetsDialog);
    m_banner = new BudgetBanner(this);
    m_targets = new TargetStrip(this);
    connect(m_banner, &BudgetBanner::budgetsRequested, this, &DashboardPage::openBudgetsDialog);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Range:"), this));
    bar->addWidget(m_rangeCombo);
    bar->addWidget(m_fromEdit);
    bar->addWidget(m_toEdit);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Group by:"), this));
    bar->addWidget(m_groupCombo);
    bar->addStretch(1);
    bar->addWidget(m_refreshButton);
    bar->addWidget(m_csvButton);
    bar->addWidget(m_budgetsButton);
    bar->addWidget(m_targetsButton);

    m_summary = new QLabel(this);
    m_summary->setObjectName(u"dashboardSummary"_s);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_unpriced = new QLabel(this);
    m_unpriced->setObjectName(u"unpricedNote"_s);
    m_unpriced->setWordWrap(true);
    m_unpriced->setStyleSheet(u"color: #8a5a00;"_s);
    m_unpriced->hide();
    m_notes = new QLabel(this);
    m_notes->setObjectName(u"dashboardNotes"_s);
    m_notes->setWordWrap(true);
    m_notes->setStyleSheet(u"color: #666;"_s);
    m_notes->hide();

    m_message = new QLabel(this);
    m_message->setObjectName(u"dashboardMessage"_s);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    QFont big = m_message->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_message->setFont(big);

    m_costView = new DashboardChartView(this);
    m_costView->setObjectName(u"costChart"_s);
    m_volumeView = new DashboardChartView(this);
    m_volumeView->setObjectName(u"volumeChart"_s);
    m_qualityView = new DashboardChartView(this);
    m_qualityView->setObjectName(u"qualityChart"_s);
    m_latencyView = new DashboardChartView(this);
    m_latencyView->setObjectName(u"latencyChart"_s);
    m_tableModel = new FeatureTableModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(u"featureTable"_s);
    m_table->setModel(m_tableModel);
    m_table->setItemDelegate(new ToneDelegate(m_table)); // changes for the worse and the better
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(FeatureTableModel::Feature, QHeaderView::Stretch);
    m_table->setAlternatingRowColors(true);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->setToolTip(tr("Double-click a feature to open its outputs of this range."));
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (!m_data || !index.isValid())
            return;
        const QString feature = m_tableModel->index(index.row(), FeatureTableModel::Feature).data(Qt::UserRole).toString();
        const PeriodSpan range{m_data->query.range.since(m_data->query.zone).toMSecsSinceEpoch(),
                               m_data->query.range.until(m_data->query.zone).toMSecsSinceEpoch()};
        Q_EMIT sliceRequested(sliceFilter(range, UsageGroupBy::Feature, {feature}));
    });
    auto *csvAction = new QAction(tr("Export table as CSV…"), m_table);
    connect(csvAction, &QAction::triggered, this, &DashboardPage::exportCsvInteractive);
    m_table->addAction(csvAction);

    auto *charts = new QWidget(this);
    auto *grid = new QGridLayout(charts);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_costView, 0, 0);
    grid->addWidget(m_volumeView, 0, 1);
    grid->addWidget(m_qualityView, 1, 0);
    grid->addWidget(m_latencyView, 1, 1);
    auto *tableTitle = new QLabel(tr("<b>Per feature</b>, against the previous range of the same length"), charts);
    grid->addWidget(tableTitle, 2, 0, 1, 2);
    grid->addWidget(m_table, 3, 0, 1, 2);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    for (DashboardChartView *view : {m_costView, m_volumeView, m_qualityView, m_latencyView})
        connect(view, &DashboardChartView::problem, this, &DashboardPage::problem);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(charts);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_message);
    m_stack->addWidget(scroll);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_banner);
    layout->addWidget(m_targets);
    layout->addWidget(m_summary);
    layout->addWidget(m_unpriced);
    layout->addWidget(m_notes);
    layout->addWidget(m_stack, 1);
    showMessage(tr("Open a log to see its costs."));

    m_refreshDelay = new QTimer(this);
    m_refreshDelay->setSingleShot(true);
    m_refreshDelay->setInterval(250);
    connect(m_refreshDelay, &QTimer::timeout, this, &DashboardPage::refresh);
    m_resizeDelay = new QTimer(this);
    m_resizeDelay->setSingleShot(true);
    m_resizeDelay->setInterval(300);
    connect(m_resizeDelay, &QTimer::timeout, this, [this] {
        if (!m_data)
            return;
        // A wider or narrower plot may call for another period; otherwise only the axis labels change.
        if (choosePeriod(currentRange(), plotWidth(), m_zone) != m_data->query.period)
            refresh();
        else if (std::abs(plotWidth() - m_builtForWidth) > 40)
            rebuildCharts();
    });

    connect(m_rangeCombo, &QComboBox::currentIndexChanged, this, [this] {
        updateRangeWidgets();
        m_refreshDelay->start();
    });
    connect(m_fromEdit, &QDateEdit::dateChanged, m_refreshDelay, qOverload<>(&QTimer::start));
    connect(m_toEdit, &QDateEdit::dateChanged, m_refreshDelay, qOverload<>(&QTimer::start));
    connect(m_groupCombo, &QComboBox::currentIndexChanged, m_refreshDelay, qOverload<>(&QTimer::start));
    connect(m_refreshButton, &QPushButton::clicked, this, [this] {
        m_rereadHistory = true; // the user asks for everything anew, prompt history included
        refresh();
        refreshBudgets();
        refreshTargets();
    });
    connect(m_csvButton, &QPushButton::clicked, this, &DashboardPage::exportCsvInteractive);
    updateRangeWidgets();

    m_worker = new DashboardWorker;
    m_worker->moveToThread(&m_thread);
    m_interrupter = m_worker->interrupter();
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(u"assay-dashboard"_s);
    m_thread.start();
    connect(m_worker, &DashboardWorker::opened, this, [this](bool) {
        m_open = true;
        m_budgetsButton->setEnabled(true);
        m_targetsButton->setEnabled(true);
        refresh();
        refreshBudgets();
        refreshTargets();
    });
    connect(m_worker, &DashboardWorker::budgetsChecked, this, [this](quint64 generation, const BudgetCheck &check) {
        if (generation != m_budgetGeneration)
            return;
        m_budgetCheck = check;
        m_banner->setAlerts(budgetAlerts(check));
        Q_EMIT budgetsRefreshed();
    });
    connect(m_worker, &DashboardWorker::budgetCheckFailed, this, [this](quint64 generation, const QString &message) {
        if (generation != m_budgetGeneration)
            return;
        m_budgetCheck.reset();
        m_banner->setProblem(message);
        Q_EMIT budgetsRefreshed();
    });
    connect(m_worker, &DashboardWorker::targetsChecked, this,
            [this](quint64 generation, const QList<TargetStatus> &statuses) {
                if (generation != m_targetGeneration)
                    return;
                m_targets->setStatuses(statuses);
                Q_EMIT targetsRefreshed();
            });
    connect(m_worker, &DashboardWorker::targetCheckFailed, this, [this](quint64 generation, const QString &message) {
        if (generation != m_targetGeneration)
            return;
        m_targets->setProblem(message);
        Q_EMIT targetsRefreshed();
    });
    connect(m_worker, &DashboardWorker::openFailed, this, [this](const QString &message) {
        m_open = false;
        showMessage(tr("Could not open the source: %1").arg(message));
        Q_EMIT refreshed();
    });
    connect(m_worker, &DashboardWorker::ready, this, &DashboardPage::onReady);
    connect(m_worker, &DashboardWorker::failed, this, [this](quint64 generation, const QString &message) {
        if (generation != m_generation)
            return;
        m_data.reset();
        showMessage(tr("The dashboard could not be computed: %1").arg(message));
        Q_EMIT refreshed();
    });
}

DashboardPage::~DashboardPage()
{
    stopWorkerThread(m_thread, m_interrupter.get());
}

void DashboardPage::openSource(const SessionSpec &spec)
{
    m_open = false;
    m_spec = spec;
    m_hasSource = true; // the budgets dialog opens its own session: it need not wait for ours
    m_data.reset();
    m_budgetCheck.reset();
    ++m_budgetGeneration; // a check of the previous source is dropped too
    ++m_targetGeneration;
    m_banner->setAlerts({});
    m_targets->setStatuses({});
    m_budgetsButton->setEnabled(false);
    m_targetsButton->setEnabled(false);
    m_worker->supersede(++m_generation); // results for the previous source are dropped
    showMessage(spec.source.isPostgres() ? tr("Connecting to %1…").arg(spec.source.displayName())
                                         : tr("Opening %1…").arg(spec.source.displayName()));
    DashboardWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, spec] { worker->open(spec); }, Qt::QueuedConnection);
}

void DashboardPage::setPriceTable(const PriceTable &prices)
{
    DashboardWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, prices] { worker->setPrices(prices); }, Qt::QueuedConnection);
    m_prices = prices;
    if (m_open) {
        refresh();
        refreshBudgets();
        refreshTargets(); // cost per call is priced
    }
}

void DashboardPage::refreshBudgets()
{
    if (!m_open)
        return;
    const quint64 generation = ++m_budgetGeneration;
    // Budgets are monthly: they are checked on today, whatever range the charts show.
    const QDate asOf = m_now.value_or(QDateTime::currentDateTime()).toTimeZone(m_zone).date();
    const QTimeZone zone = m_zone;
    DashboardWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, generation, asOf, zone] { worker->checkBudgets(generation, asOf, zone); },
                              Qt::QueuedConnection);
}

void DashboardPage::refreshTargets()
{
    if (!m_open)
        return;
    const quint64 generation = ++m_targetGeneration;
    // Each target reads its own trailing window ending now, whatever range the charts show.
    const QDateTime now = m_now.value_or(QDateTime::currentDateTimeUtc()).toUTC();
    DashboardWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, generation, now] { worker->checkTargets(generation, now); },
                              Qt::QueuedConnection);
}

QStringList DashboardPage::targetLines() const
{
    return m_targets->isVisibleTo(this) ? m_targets->lines() : QStringList();
}

void DashboardPage::openBudgetsDialog()
{
    if (!m_hasSource) {
        Q_EMIT problem(tr("Open a log first: budgets are kept with each source."));
        return;
    }
    const QDate asOf = m_now.value_or(QDateTime::currentDateTime()).toTimeZone(m_zone).date();
    auto *dialog = new BudgetsDialog(m_spec, m_prices, asOf, m_zone, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &BudgetsDialog::budgetsChanged, this, &DashboardPage::refreshBudgets);
    dialog->open();
}

void DashboardPage::openTargetsDialog()
{
    if (!m_hasSource) {
        Q_EMIT problem(tr("Open a log first: quality targets are kept with each source."));
        return;
    }
    auto *dialog = new TargetsDialog(m_spec, m_prices, m_now.value_or(QDateTime::currentDateTimeUtc()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TargetsDialog::targetsChanged, this, &DashboardPage::refreshTargets);
    dialog->open();
}

QString DashboardPage::budgetBannerText() const
{
    return m_banner->text();
}

void DashboardPage::setRange(RangeChoice choice)
{
    m_rangeCombo->setCurrentIndex(m_rangeCombo->findData(int(choice)));
}

void DashboardPage::setCustomRange(const QDate &first, const QDate &last)
{
    const QSignalBlocker a(m_fromEdit);
    const QSignalBlocker b(m_toEdit);
    m_fromEdit->setDate(first);
    m_toEdit->setDate(last);
    if (m_rangeCombo->currentData().toInt() != int(RangeChoice::Custom))
        setRange(RangeChoice::Custom);
    else
        m_refreshDelay->start();
}

void DashboardPage::setGroupBy(UsageGroupBy group)
{
    m_groupCombo->setCurrentIndex(m_groupCombo->findData(int(group)));
}

void DashboardPage::setNow(const QDateTime &now)
{
    m_now = now;
    updateRangeWidgets();
}

void DashboardPage::updateRangeWidgets()
{
    const bool custom = m_rangeCombo->currentData().toInt() == int(RangeChoice::Custom);
    if (!custom) {
        // The date fields follow the preset, so switching to Custom starts from what was shown.
        const DayRange range = currentRange();
        const QSignalBlocker a(m_fromEdit);
        const QSignalBlocker b(m_toEdit);
        m_fromEdit->setDate(range.first);
        m_toEdit->setDate(range.last);
    }
    m_fromEdit->setEnabled(custom);
    m_toEdit->setEnabled(custom);
}

DayRange DashboardPage::currentRange() const
{
    const QDateTime now = m_now.value_or(QDateTime::currentDateTime());
    switch (RangeChoice(m_rangeCombo->currentData().toInt())) {
    case RangeChoice::Last7Days: return lastDays(7, now, m_zone);
    case RangeChoice::Last30Days: return lastDays(30, now, m_zone);
    case RangeChoice::Last90Days: return lastDays(90, now, m_zone);
    case RangeChoice::Custom: break;
    }
    return {m_fromEdit->date(), m_toEdit->date()};
}

int DashboardPage::plotWidth() const
{
    // Charts sit two abreast in the stack, whichever of its pages shows: its width is known as
    // soon as the page is laid out, while hidden chart views keep stale sizes. Before any layout
    // (the page not shown yet) half a typical window stands in.
    const int stack = m_stack->width() > 200 ? m_stack->width() : std::max(width(), 1200);
    // Models and prompt versions are usually more than a bottom legend holds, so the legend will
    // go to the right (DashboardCharts.cpp) and take its width from the plot.
    const bool legendRight = UsageGroupBy(m_groupCombo->currentData().toInt()) != UsageGroupBy::Feature;
    return std::max(100, stack / 2 - axesWidthPx - (legendRight ? legendWidthPx : 0));
}

void DashboardPage::refresh()
{
    m_refreshDelay->stop();
    if (!m_open)
        return;
    DashboardQuery query;
    query.range = currentRange();
    query.groupBy = UsageGroupBy(m_groupCombo->currentData().toInt());
    query.zone = m_zone;
    query.period = choosePeriod(query.range, plotWidth(), m_zone);
    query.rereadPromptHistory = std::exchange(m_rereadHistory, false);
    if (!query.range.isValid()) {
        m_worker->supersede(++m_generation);
        m_data.reset();
        showMessage(tr("The range is empty: its first day is after its last."));
        Q_EMIT refreshed();
        return;
    }
    const quint64 generation = ++m_generation;
    m_worker->supersede(generation);
    m_summary->setText(tr("Computing %1 – %2…").arg(day(query.range.first), day(query.range.last)));
    if (!m_data)
        showMessage(tr("Computing…"));
    DashboardWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, generation, query] { worker->load(generation, query); },
                              Qt::QueuedConnection);
}

void DashboardPage::showMessage(const QString &text)
{
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
    m_csvButton->setEnabled(false);
}

QString DashboardPage::messageText() const
{
    return m_stack->currentWidget() == m_message ? m_message->text() : QString();
}

QString DashboardPage::summaryText() const
{
    return m_summary->text();
}

QString DashboardPage::unpricedText() const
{
    return m_unpriced->isVisibleTo(this) ? m_unpriced->text() : QString();
}

UsageBucket DashboardPage::shownTotals() const
{
    UsageBucket total;
    if (m_data) {
        for (const UsageBucket &b : m_data->overall)
            addInto(total, b);
    }
    return total;
}

void DashboardPage::onReady(quint64 generation, const DashboardData &data)
{
    if (generation != m_generation)
        return; // a newer request is on its way
    applyData(data);
    Q_EMIT refreshed();
}

void DashboardPage::applyData(const DashboardData &data)
{
    const QDate first = data.query.range.first;
    const QDate last = data.query.range.last;
    m_notes->setText(data.notes.join(u'\n'));
    m_notes->setVisible(!data.notes.isEmpty());
    m_unpriced->hide();
    if (data.overall.isEmpty()) {
        m_data.reset();
        m_tableModel->setFigures({}, {});
        m_summary->setText(tr("%1 – %2: no calls").arg(day(first), day(last)));
        if (data.logIsEmpty)
            showMessage(tr("The log has no calls yet: there is nothing to chart."));
        else if (data.newestCall)
            showMessage(tr("No calls between %1 and %2.\nThe newest call in the log is from %3: pick a range "
                           "that includes it.")
                            .arg(day(first), day(last),
                                 QLocale().toString(data.newestCall->toTimeZone(data.query.zone), QLocale::ShortFormat)));
        else
            showMessage(tr("No calls between %1 and %2.").arg(day(first), day(last)));
        return;
    }
    m_data = data;

    const UsageBucket total = shownTotals();
    const QLocale locale;
    const QString where = data.postgres ? tr(", computed on the PostgreSQL server") : QString();
    m_summary->setText(tr("%1 – %2, by %3 (%4%5): %6 calls · $%7 · %8 input + %9 output tokens · %10% errors")
                           .arg(day(first), day(last), usagePeriodName(data.query.period),
                                QString::fromUtf8(data.query.zone.id()), where, locale.toString(total.calls),
                                locale.toString(total.costUsd, 'f', 2), locale.toString(total.inputTokens),
                                locale.toString(total.outputTokens))
                           .arg(locale.toString(100.0 * total.errorRate(), 'f', 1))
                       + tr(" · computed in %1 s").arg(locale.toString(double(data.elapsedMs) / 1000.0, 'f', 2)));
    if (total.unpricedCalls + total.noUsageCalls > 0) {
        QStringList models;
        for (auto it = total.unpricedModels.cbegin(); it != total.unpricedModels.cend(); ++it)
            models << tr("%1 (%2 calls)").arg(it.key().isEmpty() ? tr("no model") : it.key(), locale.toString(it.value()));
        QString text = tr("%1% of calls have no price and are not in the cost")
                           .arg(locale.toString(100.0 * total.unpricedShare(), 'f', 1));
        if (!models.isEmpty())
            text += tr(": no price for %1").arg(models.join(u", "_s));
        if (total.noUsageCalls > 0)
            text += tr("; %1 calls logged neither a cost nor token counts").arg(locale.toString(total.noUsageCalls));
        m_unpriced->setText(text + tr(". Prices are added in Settings ▸ Prices."));
        m_unpriced->show();
    }

    m_groups = gridOf(data.byGroup, data.periods, maxGroupsDrawn);
    if (data.query.groupBy == UsageGroupBy::None && !m_groups.groups.isEmpty())
        m_groups.groups.first() = tr("all calls"); // the log cannot be grouped (see the notes)
    QList<UsageBucket> overall = data.overall;
    for (UsageBucket &b : overall)
        b.group.clear();
    m_overall = gridOf(overall, data.periods, 1);
    m_tableModel->setFigures(featureFigures(data.byFeature), featureFigures(data.previousByFeature));
    // The table is as tall as its rows (up to a point), so the charts get the rest of the page.
    const int tableHeight = m_table->horizontalHeader()->sizeHint().height()
                            + m_tableModel->rowCount() * m_table->verticalHeader()->defaultSectionSize()
                            + 2 * m_table->frameWidth() + 2;
    m_table->setFixedHeight(std::clamp(tableHeight, 80, 400));
    rebuildCharts();
    m_stack->setCurrentIndex(1);
    m_csvButton->setEnabled(m_tableModel->rowCount() > 0);
}

void DashboardPage::rebuildCharts()
{
    if (!m_data)
        return;
    ChartInputs in;
    in.groups = m_groups;
    in.overall = m_overall;
    in.period = m_data->query.period;
    in.zone = m_data->query.zone;
    in.plotWidthPx = plotWidth();
    in.rollouts = m_data->rollouts;
    in.groupName = m_groupCombo->itemText(m_groupCombo->findData(int(m_data->query.groupBy)));
    if (m_data->query.groupBy == UsageGroupBy::None)
        in.groupName = tr("all calls");
    m_builtForWidth = in.plotWidthPx;
    const std::pair<DashboardChartView *, QChart *> charts[] = {{m_costView, buildCostChart(in)},
                                                                {m_volumeView, buildVolumeChart(in)},
                                                                {m_qualityView, buildQualityChart(in)},
                                                                {m_latencyView, buildLatencyChart(in)}};
    for (const auto &[view, chart] : charts) {
        QChart *old = view->chart();
        view->setChart(chart); // the view owns the new chart; the old one is ours to delete
        delete old;
        wireSeries(chart);
    }
    labelRolloutMarkers(m_qualityView->chart());
}

int DashboardPage::groupIndexOf(QAbstractSeries *series, QBarSet *set) const
{
    if (auto *bars = qobject_cast<QAbstractBarSeries *>(series))
        return int(bars->barSets().indexOf(set));
    return series->property(groupIndexProperty).toInt();
}

void DashboardPage::wireSeries(QChart *chart)
{
    for (QAbstractSeries *series : chart->series()) {
        if (auto *bars = qobject_cast<QStackedBarSeries *>(series)) {
            connect(bars, &QAbstractBarSeries::hovered, this, [this, bars](bool on, int index, QBarSet *set) {
                if (on)
                    showTooltip(bars, index, set);
                else
                    QToolTip::hideText();
            });
            connect(bars, &QAbstractBarSeries::clicked, this,
                    [this, bars](int index, QBarSet *set) { emitSlice(bars, index, set); });
        } else if (auto *line = qobject_cast<QLineSeries *>(series)) {
            connect(line, &QXYSeries::hovered, this, [this, line](const QPointF &point, bool on) {
                if (on)
                    showTooltip(line, qRound(point.x()));
                else
                    QToolTip::hideText();
            });
            if (line->property(rolloutProperty).isValid())
                continue; // a marker is not a slice of the log
            connect(line, &QXYSeries::clicked, this,
                    [this, line](const QPointF &point) { emitSlice(line, qRound(point.x())); });
        }
    }
}

QString DashboardPage::tooltipFor(QAbstractSeries *series, int periodIndex, QBarSet *set) const
{
    if (!m_data || !series)
        return {};
    if (const QVariant ref = series->property(rolloutProperty); ref.isValid()) {
        for (const PromptRollout &r : m_data->rollouts) {
            if (r.ref == ref.toString())
                return tr("<b>%1</b> first used %2")
                    .arg(r.ref.toHtmlEscaped(),
                         QLocale().toString(r.firstSeen.toTimeZone(m_data->query.zone), QLocale::ShortFormat));
        }
        return ref.toString();
    }
    if (periodIndex < 0 || periodIndex >= m_groups.periods.size())
        return {};
    const QString period = periodLabel(m_groups.periods[periodIndex], m_data->query.period, m_data->query.zone);
    const int group = groupIndexOf(series, set);
    if (group >= 0 && group < m_groups.cells.size())
        return sliceTooltip(m_groups.cells[group][periodIndex], period, m_groups.groups[group]);
    if (group == -1 && !m_overall.cells.isEmpty())
        return sliceTooltip(m_overall.cells[0][periodIndex], period, tr("all calls"));
    return {};
}

void DashboardPage::showTooltip(QAbstractSeries *series, int periodIndex, QBarSet *set)
{
    const QString text = tooltipFor(series, periodIndex, set);
    if (!text.isEmpty())
        QToolTip::showText(QCursor::pos(), text, this);
}

void DashboardPage::emitSlice(QAbstractSeries *series, int periodIndex, QBarSet *set)
{
    if (!m_data || periodIndex < 0 || periodIndex >= m_groups.periods.size())
        return;
    const int group = groupIndexOf(series, set);
    const PeriodSpan &span = m_groups.periods[periodIndex];
    if (group < 0 || group >= m_groups.members.size()) {
        Q_EMIT sliceRequested(sliceFilter(span, UsageGroupBy::None, {}));
        return;
    }
    Q_EMIT sliceRequested(sliceFilter(span, m_data->query.groupBy, m_groups.members[group]));
}

Result<void> DashboardPage::exportTableCsv(const QString &path) const
{
    if (m_tableModel->rowCount() == 0)
        return fail(tr("The table is empty: nothing to export."));
    return saveText(path, m_tableModel->toCsv());
}

void DashboardPage::exportCsvInteractive()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Export table"), u"features.csv"_s, tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(u".csv"_s, Qt::CaseInsensitive))
        path += u".csv"_s;
    if (auto saved = exportTableCsv(path); !saved)
        Q_EMIT problem(saved.error());
}

void DashboardPage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_resizeDelay->start();
}

} // namespace assay

#include "settings/TargetsDialog.h"

#include "common/ToneColors.h"
#include "common/WorkerThread.h"
#include "settings/TargetsDialogWorker.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

enum Column { TargetColumn, LimitColumn, WindowColumn, StatusColumn, MeasuredColumn, ColumnCount };

QTableWidgetItem *cell(const QString &text, bool numeric = false)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (numeric)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString limitHint(TargetMetric metric)
{
    switch (metric) {
    case TargetMetric::P95Latency: return QObject::tr("milliseconds, e.g. 1500");
    case TargetMetric::CostPerCall: return QObject::tr("USD per call, e.g. 0.004");
    default: return QObject::tr("a rate, e.g. 5% or 0.05");
    }
}

} // namespace

TargetsDialog::TargetsDialog(const SessionSpec &spec, const PriceTable &prices, const QDateTime &now, QWidget *parent)
    : QDialog(parent)
{
    qRegisterMetaType<QList<TargetStatus>>();
    setWindowTitle(tr("Quality targets"));
    setObjectName(u"targetsDialog"_s);

    auto *note = new QLabel(tr("The acceptable rate of each measure, per feature (optionally per prompt), over a "
                               "trailing window, for %1. A rate is breached only when its 95% interval lies wholly "
                               "above the limit, met when wholly below, at risk in between; under %2 outputs there "
                               "is not enough data.").arg(spec.source.displayName()).arg(kMinimumTargetTrials),
                            this);
    note->setWordWrap(true);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(u"targetsTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Target"), tr("At most"), tr("Window"), tr("Status"), tr("Measured")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &TargetsDialog::fillFormFromSelection);

    m_feature = new QComboBox(this);
    m_feature->setObjectName(u"targetFeature"_s);
    m_feature->setEditable(true);
    m_prompt = new QLineEdit(this);
    m_prompt->setObjectName(u"targetPrompt"_s);
    m_prompt->setPlaceholderText(tr("empty: every prompt of the feature; or NAME or NAME@VERSION"));
    m_metric = new QComboBox(this);
    m_metric->setObjectName(u"targetMetric"_s);
    for (TargetMetric metric : allTargetMetrics())
        m_metric->addItem(targetMetricName(metric), int(metric));
    m_check = new QLineEdit(this);
    m_check->setObjectName(u"targetCheck"_s);
    m_check->setPlaceholderText(tr("the check's name, e.g. json_valid"));
    m_limit = new QLineEdit(this);
    m_limit->setObjectName(u"targetLimit"_s);
    m_window = new QLineEdit(u"7d"_s, this);
    m_window->setObjectName(u"targetWindow"_s);
    m_window->setPlaceholderText(tr("24h, 7d, 4w"));
    connect(m_metric, &QComboBox::currentIndexChanged, this, &TargetsDialog::updateFormForMetric);
    updateFormForMetric();

    m_save = new QPushButton(tr("Save target"), this);
    m_save->setObjectName(u"saveTarget"_s);
    m_remove = new QPushButton(tr("Remove selected"), this);
    m_remove->setObjectName(u"removeTarget"_s);
    connect(m_save, &QPushButton::clicked, this, &TargetsDialog::saveFromForm);
    connect(m_limit, &QLineEdit::returnPressed, this, &TargetsDialog::saveFromForm);
    connect(m_remove, &QPushButton::clicked, this, &TargetsDialog::removeSelected);

    m_status = new QLabel(this);
    m_status->setObjectName(u"targetStatus"_s);
    m_status->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Feature:"), m_feature);
    form->addRow(tr("Prompt:"), m_prompt);
    form->addRow(tr("Measure:"), m_metric);
    form->addRow(tr("Check:"), m_check);
    form->addRow(tr("At most:"), m_limit);
    form->addRow(tr("Window:"), m_window);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_save);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addWidget(m_table, 1);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(close);
    resize(980, 520);

    m_worker = new TargetsDialogWorker(spec, prices, now);
    m_worker->moveToThread(&m_thread);
    m_interrupter = m_worker->interrupter();
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(u"assay-targets"_s);
    m_thread.start();
    connect(m_worker, &TargetsDialogWorker::loaded, this,
            [this](const QList<TargetStatus> &statuses, const QStringList &features) {
                showStatuses(statuses, features);
                setBusy(false);
                Q_EMIT reloaded();
            });
    connect(m_worker, &TargetsDialogWorker::changed, this, [this](const QString &what) {
        showStatus(what, false);
        m_statusSaysWhatHappened = true;
        Q_EMIT targetsChanged();
    });
    connect(m_worker, &TargetsDialogWorker::failed, this, [this](const QString &message) {
        showStatus(message, true);
        m_statusSaysWhatHappened = true;
        setBusy(false);
        Q_EMIT problem(message);
    });

    setBusy(true);
    showStatus(tr("Reading the targets…"), false);
    TargetsDialogWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->reload(); }, Qt::QueuedConnection);
}

TargetsDialog::~TargetsDialog()
{
    stopWorkerThread(m_thread, m_interrupter.get());
}

QString TargetsDialog::statusText() const
{
    return m_status->text();
}

void TargetsDialog::showStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #b00020;"_s : QString());
}

void TargetsDialog::setBusy(bool busy)
{
    if (busy)
        m_statusSaysWhatHappened = false;
    m_save->setEnabled(!busy);
    m_remove->setEnabled(!busy && m_table->currentRow() >= 0 && m_table->rowCount() > 0);
}

void TargetsDialog::updateFormForMetric()
{
    const auto metric = TargetMetric(m_metric->currentData().toInt());
    m_check->setEnabled(metric == TargetMetric::CheckFailures);
    m_limit->setPlaceholderText(limitHint(metric));
}

void TargetsDialog::showStatuses(const QList<TargetStatus> &statuses, const QStringList &features)
{
    m_statuses = statuses;
    const QString typed = m_feature->currentText();
    m_feature->clear();
    m_feature->addItems(features);
    m_feature->setEditText(typed.isEmpty() && !features.isEmpty() ? features.first() : typed);
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(0);
    for (const TargetStatus &s : statuses) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, TargetColumn, cell(s.target.subject()));
        m_table->setItem(row, LimitColumn, cell(s.target.describeLimit(), true));
        m_table->setItem(row, WindowColumn, cell(windowName(s.target.windowSeconds)));
        auto *verdict = cell(targetVerdictName(s.verdict));
        if (s.verdict == TargetVerdict::Breached)
            verdict->setForeground(badColor(palette()));
        else if (s.verdict == TargetVerdict::Met)
            verdict->setForeground(goodColor(palette()));
        m_table->setItem(row, StatusColumn, verdict);
        QString measured = s.observedText();
        if (const QString decide = s.decisionText(); !decide.isEmpty())
            measured += u"; "_s + decide;
        m_table->setItem(row, MeasuredColumn, cell(measured));
    }
    if (m_statusSaysWhatHappened)
        return;
    showStatus(statuses.isEmpty() ? tr("No targets yet: pick a feature and a measure, and enter the most you accept.")
                                  : QString(),
               false);
}

void TargetsDialog::fillFormFromSelection()
{
    const int row = m_table->currentRow();
    m_remove->setEnabled(row >= 0 && m_save->isEnabled());
    if (row < 0 || row >= m_statuses.size())
        return;
    const QualityTarget &t = m_statuses.at(row).target;
    m_feature->setEditText(t.feature);
    m_prompt->setText(t.prompt);
    m_metric->setCurrentIndex(m_metric->findData(int(t.metric)));
    m_check->setText(t.check);
    m_limit->setText(isRateMetric(t.metric) ? QString::number(t.limit * 100, 'g', 6) + u'%'
                                            : QString::number(t.limit, 'g', 8));
    m_window->setText(windowName(t.windowSeconds));
}

void TargetsDialog::saveFromForm()
{
    if (!m_save->isEnabled())
        return;
    QualityTarget t;
    t.feature = m_feature->currentText().trimmed();
    t.prompt = m_prompt->text().trimmed();
    t.metric = TargetMetric(m_metric->currentData().toInt());
    t.check = t.metric == TargetMetric::CheckFailures ? m_check->text().trimmed() : QString();
    // Each field is checked by the rule the CLI uses; nothing is written while one is wrong.
    if (t.feature.isEmpty()) {
        showStatus(tr("Name the feature the target is for."), true);
        m_feature->setFocus();
        return;
    }
    if (t.metric == TargetMetric::CheckFailures && t.check.isEmpty()) {
        showStatus(tr("Name the check whose failures the target bounds."), true);
        m_check->setFocus();
        return;
    }
    auto limit = parseTargetLimit(t.metric, m_limit->text());
    if (!limit) {
        showStatus(limit.error(), true);
        m_limit->setFocus();
        return;
    }
    t.limit = *limit;
    auto window = parseWindow(m_window->text());
    if (!window) {
        showStatus(window.error(), true);
        m_window->setFocus();
        return;
    }
    t.windowSeconds = *window;
    setBusy(true);
    TargetsDialogWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, t] { worker->save(t); }, Qt::QueuedConnection);
}

void TargetsDialog::removeSelected()
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_statuses.size()) {
        showStatus(tr("Select a target to remove."), true);
        return;
    }
    const QualityTarget t = m_statuses.at(row).target;
    setBusy(true);
    TargetsDialogWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, t] { worker->remove(t); }, Qt::QueuedConnection);
}

} // namespace assay

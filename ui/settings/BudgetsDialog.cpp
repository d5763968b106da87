#include "settings/BudgetsDialog.h"

#include "common/WorkerThread.h"

#include "settings/BudgetsDialogWorker.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

enum Column { FeatureColumn, BudgetColumn, MonthToDateColumn, ProjectedColumn, StateColumn, SpikesColumn, ColumnCount };

QString usd(double amount)
{
    return u"$"_s + QLocale().toString(amount, 'f', 2);
}

QTableWidgetItem *cell(const QString &text, bool numeric)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (numeric)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

BudgetsDialog::BudgetsDialog(const SessionSpec &spec, const PriceTable &prices, const QDate &asOf,
                             const QTimeZone &zone, QWidget *parent)
    : QDialog(parent)
{
    qRegisterMetaType<BudgetCheck>();
    setWindowTitle(tr("Budgets"));
    setObjectName(u"budgetsDialog"_s);

    m_asOfNote = new QLabel(tr("Monthly budgets in USD for %1. Month to date and the month-end projection (the "
                               "trailing 7 days' spend per day, for the rest of the month) as of %2.")
                                .arg(spec.source.displayName(), QLocale().toString(asOf, QLocale::LongFormat)),
                            this);
    m_asOfNote->setWordWrap(true);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(u"budgetsTable"_s);
    m_table->setHorizontalHeaderLabels(
        {tr("Feature"), tr("Budget"), tr("Month to date"), tr("Projected"), tr("State"), tr("Spikes")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true); // the spikes, the longest text
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &BudgetsDialog::fillFormFromSelection);

    m_feature = new QLineEdit(this);
    m_feature->setObjectName(u"budgetFeature"_s);
    m_feature->setPlaceholderText(tr("empty: the overall budget"));
    m_amount = new QLineEdit(this);
    m_amount->setObjectName(u"budgetAmount"_s);
    m_amount->setPlaceholderText(tr("e.g. 250"));
    m_save = new QPushButton(tr("Save budget"), this);
    m_save->setObjectName(u"saveBudget"_s);
    m_remove = new QPushButton(tr("Remove selected"), this);
    m_remove->setObjectName(u"removeBudget"_s);
    connect(m_save, &QPushButton::clicked, this, &BudgetsDialog::saveFromForm);
    connect(m_amount, &QLineEdit::returnPressed, this, &BudgetsDialog::saveFromForm);
    connect(m_remove, &QPushButton::clicked, this, &BudgetsDialog::removeSelected);

    m_status = new QLabel(this);
    m_status->setObjectName(u"budgetStatus"_s);
    m_status->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Feature:"), m_feature);
    form->addRow(tr("Monthly budget (USD):"), m_amount);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_save);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_asOfNote);
    layout->addWidget(m_table, 1);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(close);
    resize(860, 420);

    m_worker = new BudgetsDialogWorker(spec, prices, asOf, zone);
    m_worker->moveToThread(&m_thread);
    m_interrupter = m_worker->interrupter();
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(u"assay-budgets"_s);
    m_thread.start();
    connect(m_worker, &BudgetsDialogWorker::loaded, this, [this](const BudgetCheck &check) {
        showCheck(check);
        setBusy(false);
        Q_EMIT reloaded();
    });
    connect(m_worker, &BudgetsDialogWorker::changed, this, [this](const QString &what) {
        showStatus(what, false);
        m_statusSaysWhatHappened = true;
        Q_EMIT budgetsChanged();
    });
    connect(m_worker, &BudgetsDialogWorker::failed, this, [this](const QString &message) {
        showStatus(message, true);
        m_statusSaysWhatHappened = true;
        setBusy(false);
        Q_EMIT problem(message);
    });

    setBusy(true);
    showStatus(tr("Reading the budgets…"), false);
    BudgetsDialogWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->reload(); }, Qt::QueuedConnection);
}

BudgetsDialog::~BudgetsDialog()
{
    stopWorkerThread(m_thread, m_interrupter.get());
}

Result<double> BudgetsDialog::parseAmount(const QString &text)
{
    QString t = text.trimmed();
    if (t.startsWith(u'$'))
        t = t.mid(1).trimmed();
    if (t.isEmpty())
        return fail(tr("Enter the monthly budget in USD, e.g. 250."));
    bool ok = false;
    double amount = QLocale().toDouble(t, &ok);
    if (!ok)
        amount = QLocale::c().toDouble(t, &ok);
    if (!ok)
        return fail(tr("\"%1\" is not an amount of USD: enter a number such as 250 or 1200.50.").arg(text.trimmed()));
    if (!std::isfinite(amount) || amount <= 0)
        return fail(tr("A budget must be more than $0 (\"%1\" is not).").arg(text.trimmed()));
    return amount;
}

QString BudgetsDialog::statusText() const
{
    return m_status->text();
}

void BudgetsDialog::showStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #b00020;"_s : QString());
}

void BudgetsDialog::setBusy(bool busy)
{
    if (busy)
        m_statusSaysWhatHappened = false; // a new request: its answer will say what happened
    m_save->setEnabled(!busy);
    m_remove->setEnabled(!busy && m_table->currentRow() >= 0 && m_table->rowCount() > 0);
}

void BudgetsDialog::showCheck(const BudgetCheck &check)
{
    m_check = check;
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(0);
    for (const BudgetStatus &s : check.statuses) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto *feature = cell(s.budget.isOverall() ? tr("(overall)") : s.budget.feature, false);
        feature->setData(Qt::UserRole, s.budget.feature);
        m_table->setItem(row, FeatureColumn, feature);
        m_table->setItem(row, BudgetColumn, cell(usd(s.budget.monthlyUsd), true));
        m_table->setItem(row, MonthToDateColumn, cell(usd(s.monthToDateUsd), true));
        m_table->setItem(row, ProjectedColumn, cell(usd(s.projectedUsd), true));
        auto *state = cell(budgetStateName(s.state), false);
        if (s.exceeds())
            state->setForeground(QColor(0xb0, 0x00, 0x20));
        m_table->setItem(row, StateColumn, state);
        QStringList spikes;
        for (const SpendSpike &spike : s.spikes)
            spikes << tr("%1: %2").arg(QLocale().toString(spike.day, QLocale::ShortFormat), usd(spike.usd));
        m_table->setItem(row, SpikesColumn, cell(spikes.join(u", "_s), false));
    }
    if (m_statusSaysWhatHappened)
        return; // "Saved the budget…" or why not: more to the point than the notes below
    showStatus({}, false);
    if (check.statuses.isEmpty())
        showStatus(tr("No budgets yet: enter a feature (or nothing, for the overall spend) and an amount."), false);
    else if (check.uncostedCalls > 0)
        showStatus(tr("%1 calls this month have no price and are not in these figures.")
                       .arg(QLocale().toString(check.uncostedCalls)),
                   false);
}

void BudgetsDialog::fillFormFromSelection()
{
    const int row = m_table->currentRow();
    m_remove->setEnabled(row >= 0 && m_save->isEnabled());
    if (row < 0 || !m_check || row >= m_check->statuses.size())
        return;
    const Budget &budget = m_check->statuses.at(row).budget;
    m_feature->setText(budget.feature);
    m_amount->setText(QLocale::c().toString(budget.monthlyUsd, 'f', 2));
}

void BudgetsDialog::saveFromForm()
{
    if (!m_save->isEnabled())
        return;
    auto amount = parseAmount(m_amount->text());
    if (!amount) {
        showStatus(amount.error(), true);
        m_amount->setFocus();
        return; // nothing is written, and the form keeps what was typed
    }
    const Budget budget{m_feature->text().trimmed(), *amount};
    setBusy(true);
    BudgetsDialogWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, budget] { worker->save(budget); }, Qt::QueuedConnection);
}

void BudgetsDialog::removeSelected()
{
    const int row = m_table->currentRow();
    if (row < 0 || !m_check || row >= m_check->statuses.size()) {
        showStatus(tr("Select a budget to remove."), true);
        return;
    }
    const QString feature = m_check->statuses.at(row).budget.feature;
    setBusy(true);
    BudgetsDialogWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, feature] { worker->remove(feature); }, Qt::QueuedConnection);
}

} // namespace assay

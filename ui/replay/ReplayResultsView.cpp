#include "replay/ReplayResultsView.h"

#include "replay/ReplayCaseView.h"
#include "replay/ReplayResultsFilter.h"
#include "replay/ReplayResultsModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

ReplayResultsView::ReplayResultsView(QWidget *parent) : QWidget(parent)
{
    m_model = new ReplayResultsModel(this);
    m_filter = new ReplayResultsFilter(m_model, this);

    m_status = new QComboBox(this);
    m_status->setObjectName(u"replayStatusFilter"_s);
    m_status->addItem(tr("Any status"));
    for (ReplayResultStatus s : {ReplayResultStatus::Ok, ReplayResultStatus::Failed, ReplayResultStatus::RenderError,
                                 ReplayResultStatus::Pending})
        m_status->addItem(replayResultStatusName(s), replayResultStatusName(s));
    m_target = new QComboBox(this);
    m_target->setObjectName(u"replayTargetFilter"_s);
    m_target->addItem(tr("Every target"), -1);
    m_change = new QComboBox(this);
    m_change->setObjectName(u"replayChangeFilter"_s);
    m_change->addItem(tr("Changed or not"));
    m_change->addItem(tr("Output changed"));
    m_change->addItem(tr("Output unchanged"));
    m_count = new QLabel(this);
    auto *exportButton = new QPushButton(tr("Export…"), this);
    exportButton->setObjectName(u"replayExport"_s);
    exportButton->setToolTip(tr("Write this run's results to CSV or JSONL."));

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Show:"), this));
    bar->addWidget(m_status);
    bar->addWidget(m_target);
    bar->addWidget(m_change);
    bar->addWidget(m_count, 1);
    bar->addWidget(exportButton);

    m_table = new QTableView(this);
    m_table->setObjectName(u"replayResults"_s);
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setDefaultSectionSize(150);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // case order until a header is clicked
    m_case = new ReplayCaseView(this);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_case);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    connect(m_status, &QComboBox::currentIndexChanged, this, [this] {
        const QString name = m_status->currentData().toString();
        m_filter->setStatus(name.isEmpty() ? std::nullopt : replayResultStatusFromName(name));
        updateCount();
    });
    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setTarget(m_target->currentData().toInt());
        updateCount();
    });
    connect(m_change, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_filter->setChange(static_cast<ReplayResultsFilter::Change>(index));
        updateCount();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ReplayResultsView::showCurrentCase);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        updateCount();
        // The case being read may just have got its result; other rows leave the pane alone.
        const int current = m_filter->mapToSource(m_table->currentIndex()).row();
        if (current >= from.row() && current <= to.row())
            showCurrentCase();
    });
    connect(exportButton, &QPushButton::clicked, this, &ReplayResultsView::exportRequested);
}

qint64 ReplayResultsView::runId() const
{
    return m_model->comparison().runId;
}

void ReplayResultsView::setComparison(const ReplayComparison &comparison)
{
    const bool sameRun = comparison.runId == runId();
    m_model->setComparison(comparison);
    if (!sameRun || m_target->count() != comparison.targets.size() + 1) {
        const QSignalBlocker block(m_target);
        m_target->clear();
        m_target->addItem(tr("Every target"), -1);
        for (int t = 0; t < comparison.targets.size(); ++t)
            m_target->addItem(comparison.targets.at(t).label(), t);
        m_filter->setTarget(-1);
    }
    // The logged input and output are long: room for the targets' columns first.
    m_table->setColumnWidth(0, 90);
    m_table->setColumnWidth(1, 200);
    m_table->setColumnWidth(2, 240);
    using Column = ReplayResultsModel::TargetColumn;
    for (int t = 0; t < comparison.targets.size(); ++t) {
        m_table->setColumnWidth(m_model->column(t, Column::Output), 240);
        m_table->setColumnWidth(m_model->column(t, Column::Status), 80);
        for (Column delta : {Column::OutputTokensDelta, Column::CostDelta, Column::LatencyDelta})
            m_table->setColumnWidth(m_model->column(t, delta), 115);
    }
    updateCount();
    showCurrentCase();
}

void ReplayResultsView::updateResult(qint64 runId, const ReplayResult &result)
{
    if (runId == this->runId())
        m_model->updateResult(result);
}

void ReplayResultsView::showCurrentCase()
{
    const QModelIndex current = m_filter->mapToSource(m_table->currentIndex());
    if (!current.isValid() || current.row() >= m_model->comparison().rows.size()) {
        m_case->clearCase();
        return;
    }
    m_case->showCase(m_model->comparison(), m_model->comparison().rows.at(current.row()));
}

void ReplayResultsView::updateCount()
{
    m_count->setText(tr("%1 of %2 cases").arg(m_filter->rowCount()).arg(m_model->rowCount()));
}

} // namespace assay

#include "browse/BrowserPage.h"

#include "browse/DetailPane.h"
#include "browse/FilterBar.h"
#include "browse/OutputsModel.h"
#include "labels/ReviewerLabelProxy.h"
#include "labels/TableLabeller.h"
#include "search/SearchIndexJob.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

BrowserPage::BrowserPage(QWidget *parent) : QWidget(parent)
{
    m_model = new OutputsModel(this);
    m_filters = new FilterBar(this);
    m_table = new QTableView(this);
    m_table->setObjectName(u"outputsTable"_s);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setSortingEnabled(false); // sorting is the model's, by key; see the header click below
    m_table->verticalHeader()->hide();
    // Fixed row heights: the view then never measures rows, which keeps a million cheap.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    m_table->horizontalHeader()->setSectionsClickable(true);
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);

    m_detail = new DetailPane(this);
    m_detail->setObjectName(u"detailPane"_s);
    // Sets the table's model: the outputs plus the reviewer-label column.
    m_labeller = new TableLabeller(m_model, m_table, m_detail, this);
    auto *tableSide = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tableSide);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->setSpacing(0);
    tableLayout->addWidget(m_table, 1);
    tableLayout->addWidget(m_labeller->labelBar());
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(tableSide);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_filters);
    layout->addWidget(m_splitter, 1);

    m_detailDelay = new QTimer(this);
    m_detailDelay->setSingleShot(true);
    m_detailDelay->setInterval(60); // holding an arrow key should not queue a fetch per row
    connect(m_detailDelay, &QTimer::timeout, this, &BrowserPage::requestDetailForCurrentRow);

    m_indexJob = new SearchIndexJob(this);
    m_indexTimer = new QTimer(this);
    m_indexTimer->setInterval(60'000); // new rows logged by the product get indexed too
    connect(m_indexTimer, &QTimer::timeout, this, &BrowserPage::startIndexing);

    connect(m_filters, &FilterBar::filterChanged, m_model, &OutputsModel::setFilter);
    connect(m_filters, &FilterBar::saveViewRequested, m_model, &OutputsModel::saveView);
    connect(m_filters, &FilterBar::deleteViewRequested, m_model, &OutputsModel::deleteView);
    connect(m_model, &OutputsModel::savedViewsReady, m_filters, &FilterBar::setSavedViews);
    connect(m_model, &OutputsModel::savedViewsFailed, this, &BrowserPage::problem);
    connect(m_model, &OutputsModel::filterValuesReady, m_filters, &FilterBar::setFilterValues);
    connect(m_model, &OutputsModel::countChanged, this, &BrowserPage::rowCountChanged);
    connect(m_model, &OutputsModel::countFailed, this, &BrowserPage::rowCountFailed);
    connect(m_model, &OutputsModel::errorOccurred, this, &BrowserPage::problem);
    connect(m_model, &OutputsModel::workspaceProblem, this, [this](const QString &message) {
        Q_EMIT problem(tr("Workspace unavailable (saved views and the search index are off): %1").arg(message));
    });
    connect(m_model, &OutputsModel::openFailed, this, &BrowserPage::sourceFailed);
    connect(m_model, &OutputsModel::opened, this, [this] {
        const LogSchema &schema = m_model->schema();
        m_filters->adaptTo(schema);
        m_filters->clearAll();
        restoreColumns();
        m_labeller->placeLabelColumn();
        m_table->horizontalHeader()->setSortIndicator(m_model->columnOf(LogField::CreatedAt), Qt::DescendingOrder);
        m_detail->clear();
        m_detailKey = {};
        m_model->requestFilterValues();
        m_model->requestSavedViews();
        Q_EMIT sourceOpened(m_model->sessionSpec().source.displayName(), schema.qualifiedTable(),
                            schema.disabledCapabilities());
        startIndexing();
        m_indexTimer->start();
    });
    connect(m_model, &OutputsModel::modelReset, this, [this] {
        m_pendingRow = -1;
        m_detailKey = {};
        m_detail->clear(); // the selection is gone with the old rows
    });
    connect(m_table->horizontalHeader(), &QHeaderView::sectionClicked, this, [this](int column) {
        if (column >= m_model->columnCount())
            return; // the review column is not the log's to sort
        const LogField field = m_model->fieldAt(column);
        const bool sortable = field == LogField::CreatedAt || field == LogField::InputTokens
            || field == LogField::OutputTokens || field == LogField::LatencyMs || field == LogField::Cost;
        if (!sortable)
            return;
        const bool same = m_model->fieldAt(m_table->horizontalHeader()->sortIndicatorSection()) == field;
        const Qt::SortOrder order = same && m_table->horizontalHeader()->sortIndicatorOrder() == Qt::DescendingOrder
            ? Qt::AscendingOrder : Qt::DescendingOrder;
        m_model->sort(column, order);
        m_table->horizontalHeader()->setSortIndicator(column, order);
    });
    connect(m_table->horizontalHeader(), &QHeaderView::customContextMenuRequested, this, &BrowserPage::showColumnMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &BrowserPage::onCurrentRowChanged);
    connect(m_model, &OutputsModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        if (m_pendingRow >= from.row() && m_pendingRow <= to.row())
            requestDetailForCurrentRow();
    });
    connect(m_model, &OutputsModel::recordReady, this, [this](const QVariant &key, const OutputRecord &record) {
        if (key == m_detailKey) {
            m_detail->showRecord(record);
            m_labeller->refreshDetail();
        }
    });
    connect(m_model, &OutputsModel::checkResultsReady, this, [this](const QVariant &key, const QList<StoredCheckResult> &results) {
        if (key == m_detailKey)
            m_detail->setCheckResults(results);
    });
    connect(m_model, &OutputsModel::checkNamesReady, m_filters, &FilterBar::setCheckNames);
    connect(m_model, &OutputsModel::recordFailed, this, [this](const QVariant &key, const QString &message) {
        if (key == m_detailKey)
            m_detail->showError(message);
    });
    connect(m_detail, &DetailPane::showAllRequested, this, [this](const QVariant &key) {
        m_detailKey = key;
        m_detail->showLoading();
        m_model->requestRecord(key, -1);
    });
    connect(m_indexJob, &SearchIndexJob::progress, this, [this](qint64 indexed, qint64 pending, double rate) {
        Q_EMIT indexStatusChanged(pending > 0 ? tr("Indexing for search: %1 rows, %2 to go (%3 rows/s)")
                                                    .arg(QLocale().toString(indexed), QLocale().toString(pending))
                                                    .arg(qRound64(rate))
                                              : tr("Search index: %1 rows").arg(QLocale().toString(indexed)));
        m_model->refreshSearchSupport();
    });
    connect(m_indexJob, &SearchIndexJob::finished, this, [this](qint64) { m_model->refreshSearchSupport(); });
    connect(m_indexJob, &SearchIndexJob::failed, this, [this](const QString &message) {
        Q_EMIT indexStatusChanged(tr("Search index failed: %1 (search scans the log instead)").arg(message));
    });
    connect(m_indexJob, &SearchIndexJob::unsupported, this, [this](const QString &reason) {
        m_indexTimer->stop();
        Q_EMIT indexStatusChanged(tr("Search scans the log: %1").arg(reason));
    });
    connect(m_model, &OutputsModel::searchIndexStateChanged, this, [this](qint64 through, qint64 rows) {
        if (!m_indexJob->isRunning() && through >= 0)
            Q_EMIT indexStatusChanged(tr("Search index: %1 rows").arg(QLocale().toString(rows)));
    });

    connect(m_labeller, &TableLabeller::openDetailRequested, this, &BrowserPage::requestDetailForCurrentRow);
    connect(m_labeller, &TableLabeller::labelsSaved, this, &BrowserPage::labelsSaved);
    connect(m_labeller, &TableLabeller::labelsSaved, this, &BrowserPage::scheduleLabelFilterRefresh);
    connect(m_labeller, &TableLabeller::availabilityChanged, m_filters, &FilterBar::setReviewFiltersAvailable);
    connect(m_labeller, &TableLabeller::reviewValuesChanged, m_filters, &FilterBar::setReviewValues);
    m_labelRefresh = new QTimer(this);
    m_labelRefresh->setSingleShot(true);
    // Labelling at typing speed re-queries once, after the burst, not per key.
    m_labelRefresh->setInterval(300);
    connect(m_labelRefresh, &QTimer::timeout, this, &BrowserPage::refreshLabelFilter);
    const auto tryRestore = [this] {
        if (m_restore.active)
            restoreCurrentAfterRefresh();
    };
    connect(m_model, &OutputsModel::dataChanged, this, tryRestore);
    connect(m_model, &OutputsModel::countChanged, this, tryRestore);
    connect(m_labeller, &TableLabeller::labelsNotSaved, this, &BrowserPage::labelsNotSaved);
    // Enter went into the detail; Esc comes back to the table and its label keys.
    auto *backToTable = new QShortcut(QKeySequence(Qt::Key_Escape), m_detail);
    backToTable->setContext(Qt::WidgetWithChildrenShortcut);
    connect(backToTable, &QShortcut::activated, this, [this] { m_table->setFocus(Qt::ShortcutFocusReason); });

    QSettings settings;
    m_splitter->restoreState(settings.value(u"browser/splitter"_s).toByteArray());
}

BrowserPage::~BrowserPage()
{
    saveState();
    m_indexJob->cancel();
}

void BrowserPage::openSource(const SessionSpec &spec)
{
    m_indexTimer->stop();
    m_indexJob->cancel();
    m_detail->clear();
    m_restore = {};
    m_filters->setReviewFiltersAvailable(false, tr("The workspace is still opening."));
    m_model->open(spec);
    m_labeller->open(spec);
}

void BrowserPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Back from another tab (the review page labels through its own worker): fresh labels.
    m_labeller->reloadLabels();
    if (m_model->isOpen() && m_model->filter().usesReviewLabels())
        scheduleLabelFilterRefresh();
}

void BrowserPage::showOutput(const QString &key)
{
    if (!m_model->isOpen() || key.isEmpty())
        return;
    // Loaded rows only: the cache is bounded, so this never walks millions of rows' data.
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->isRowLoaded(row) && m_model->keyAt(row).toString() == key) {
            const QModelIndex index = m_table->model()->index(row, 0);
            m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_table->scrollTo(index);
            m_table->setFocus(Qt::OtherFocusReason);
            return;
        }
    }
    // Not in the list as filtered (or not loaded): the detail shows it, labels and all.
    bool numeric = false;
    const qint64 number = key.toLongLong(&numeric);
    const QVariant rowKey = m_model->schema().idIsInteger && numeric ? QVariant(number) : QVariant(key);
    m_detailDelay->stop(); // a row change just before must not replace it
    m_pendingRow = -1;
    m_detailKey = rowKey;
    m_detail->showLoading();
    m_model->requestRecord(rowKey);
    m_labeller->requestLabels({key});
}

void BrowserPage::scheduleLabelFilterRefresh()
{
    if (m_model->isOpen() && m_model->filter().usesReviewLabels())
        m_labelRefresh->start();
}

void BrowserPage::refreshLabelFilter()
{
    if (!m_model->isOpen() || !m_model->filter().usesReviewLabels())
        return;
    const QModelIndex current = m_table->currentIndex();
    m_restore = {};
    if (current.isValid()) {
        m_restore.key = m_model->keyAt(current.row());
        m_restore.row = current.row();
        // Labelled rows above the current one may leave the list: look that far back for it.
        // (Summed over ranges: a selection of a million rows is a handful of ranges, not a list.)
        int selected = 0;
        for (const QItemSelectionRange &range : m_table->selectionModel()->selection())
            selected += range.height();
        m_restore.span = std::max(1, selected);
        m_restore.active = m_restore.key.isValid();
    }
    m_model->reload();
    if (m_restore.active)
        restoreCurrentAfterRefresh();
}

void BrowserPage::restoreCurrentAfterRefresh()
{
    const int rows = m_model->rowCount();
    if (rows == 0) {
        if (m_model->isCountExact())
            m_restore.active = false; // nothing left under this filter
        return;
    }
    const int from = std::max(0, m_restore.row - m_restore.span);
    const int to = std::min(rows - 1, m_restore.row);
    // Asking for the rows is what fetches them; wait until the whole window has arrived.
    bool loaded = true;
    for (int r = from; r <= to; ++r) {
        if (!m_model->isRowLoaded(r)) {
            m_model->data(m_model->index(r, 0));
            loaded = false;
        }
    }
    if (!loaded)
        return;
    int target = -1;
    for (int r = to; r >= from && target < 0; --r) {
        if (m_model->keyAt(r) == m_restore.key)
            target = r;
    }
    if (target < 0) {
        if (m_restore.row >= rows && !m_model->isCountExact())
            return; // the list may still be growing towards that row
        // The output left the filter: the row that took its place is what the user reads next.
        target = std::min(m_restore.row, rows - 1);
    }
    m_restore.active = false;
    const QModelIndex index = m_table->model()->index(target, 0);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

void BrowserPage::startIndexing()
{
    if (m_model->isOpen() && !m_indexJob->isRunning())
        m_indexJob->start(m_model->sessionSpec());
}

void BrowserPage::focusSearch()
{
    m_filters->focusSearch();
}

void BrowserPage::onCurrentRowChanged()
{
    // The reader moved on while the refreshed list was loading: their choice wins.
    if (m_restore.active && m_table->currentIndex().isValid())
        m_restore.active = false;
    m_detailDelay->start();
}

void BrowserPage::requestDetailForCurrentRow()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_pendingRow = -1;
        return;
    }
    const QVariant key = m_model->keyAt(current.row());
    if (!key.isValid()) {
        m_pendingRow = current.row(); // still loading; dataChanged brings us back
        m_detail->showLoading();
        return;
    }
    m_pendingRow = -1;
    if (key == m_detailKey)
        return;
    m_detailKey = key;
    m_detail->showLoading();
    m_model->requestRecord(key);
}

QString BrowserPage::filterSummary() const
{
    const OutputFilter f = m_filters->filter();
    QStringList parts;
    if (!f.features.isEmpty())
        parts << tr("feature = %1").arg(f.features.join(u", "_s));
    if (!f.models.isEmpty())
        parts << tr("model = %1").arg(f.models.join(u", "_s));
    if (f.since)
        parts << tr("since %1").arg(QLocale().toString(f.since->toLocalTime(), QLocale::ShortFormat));
    if (f.until)
        parts << tr("until %1").arg(QLocale().toString(f.until->toLocalTime(), QLocale::ShortFormat));
    if (!f.feedback.isEmpty())
        parts << tr("feedback = %1").arg(OutputFilter::feedbackName(f.feedback.first()));
    if (!f.promptName.isEmpty())
        parts << tr("prompt = %1").arg(f.promptVersion.isEmpty() ? f.promptName : f.promptName + u'@' + f.promptVersion);
    if (!f.userId.isEmpty())
        parts << tr("user = %1").arg(f.userId);
    if (!f.sessionId.isEmpty())
        parts << tr("session = %1").arg(f.sessionId);
    if (f.errorsOnly)
        parts << tr("errors only");
    if (!f.search.isEmpty())
        parts << tr("text contains \"%1\"").arg(f.search);
    if (f.reviewed == ReviewedFilter::Reviewed)
        parts << (f.reviewer.isEmpty() ? tr("reviewed") : tr("reviewed by %1").arg(f.reviewer));
    else if (f.reviewed == ReviewedFilter::Unreviewed)
        parts << (f.reviewer.isEmpty() ? tr("not reviewed") : tr("not reviewed by %1").arg(f.reviewer));
    else if (!f.reviewer.isEmpty())
        parts << tr("labelled by %1").arg(f.reviewer);
    if (!f.reviewLabels.isEmpty())
        parts << tr("reviewer label = %1").arg(f.reviewLabels.join(tr(" or ")));
    if (f.hasNote)
        parts << tr("label has a note");
    if (!f.tag.isEmpty())
        parts << tr("tagged %1").arg(f.tag);
    if (f.disagreesWithUser)
        parts << tr("reviewer disagrees with end user");
    if (!f.failsCheck.isEmpty())
        parts << tr("fails check %1").arg(f.failsCheck);
    return parts.isEmpty() ? tr("all outputs") : parts.join(u", "_s);
}

void BrowserPage::showColumnMenu(const QPoint &pos)
{
    QMenu menu(this);
    QHeaderView *header = m_table->horizontalHeader();
    for (int c = 0; c < m_model->columnCount(); ++c) {
        QAction *a = menu.addAction(m_model->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!header->isSectionHidden(c));
        connect(a, &QAction::toggled, this, [this, header, c](bool on) {
            header->setSectionHidden(c, !on);
            saveState();
        });
    }
    menu.exec(header->mapToGlobal(pos));
}

void BrowserPage::restoreColumns()
{
    QHeaderView *header = m_table->horizontalHeader();
    const QStringList hidden = QSettings().value(u"browser/hiddenColumns"_s,
                                                 QStringList{u"input_hash"_s, u"session_id"_s, u"cache_read_tokens"_s,
                                                             u"cache_write_tokens"_s, u"error"_s, u"status"_s})
                                   .toStringList();
    for (int c = 0; c < m_model->columnCount(); ++c)
        header->setSectionHidden(c, hidden.contains(logFieldName(m_model->fieldAt(c))));
    // Widths from what each field holds, not from rows that may still be placeholders.
    const QFontMetrics metrics = m_table->fontMetrics();
    for (int c = 0; c + 1 < m_model->columnCount(); ++c) {
        QString sample;
        switch (m_model->fieldAt(c)) {
        case LogField::CreatedAt:
            sample = u"2026-11-26 23:59:59"_s;
            break;
        case LogField::Feature:
        case LogField::PromptName:
        case LogField::Model:
            sample = u"inline_suggestion_x"_s;
            break;
        case LogField::Cost:
            sample = u"$0.000000"_s;
            break;
        case LogField::Id:
        case LogField::UserId:
        case LogField::SessionId:
            sample = u"u_0123456789"_s;
            break;
        default:
            sample = m_model->headerData(c, Qt::Horizontal).toString() + u"00"_s;
            break;
        }
        header->resizeSection(c, metrics.horizontalAdvance(sample) + 16);
    }
}

void BrowserPage::saveState() const
{
    QSettings settings;
    settings.setValue(u"browser/splitter"_s, m_splitter->saveState());
    if (!m_model->isOpen())
        return;
    QStringList hidden;
    for (int c = 0; c < m_model->columnCount(); ++c) {
        if (m_table->horizontalHeader()->isSectionHidden(c))
            hidden << logFieldName(m_model->fieldAt(c));
    }
    settings.setValue(u"browser/hiddenColumns"_s, hidden);
}


ReviewerLabelProxy *BrowserPage::labelModel() const
{
    return m_labeller->labelModel();
}

QAction *BrowserPage::autoAdvanceAction() const
{
    return m_labeller->autoAdvanceAction();
}

QAction *BrowserPage::blindModeAction() const
{
    return m_labeller->blindModeAction();
}

QAction *BrowserPage::undoLabelAction() const
{
    return m_labeller->undoLabelAction();
}

QAction *BrowserPage::redoLabelAction() const
{
    return m_labeller->redoLabelAction();
}

QString BrowserPage::reviewer() const
{
    return m_labeller->reviewer();
}

void BrowserPage::showShortcuts()
{
    m_labeller->showShortcuts();
}

} // namespace assay

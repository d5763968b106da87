#include "browse/BrowserPage.h"

#include "browse/DetailPane.h"
#include "browse/FilterBar.h"
#include "browse/OutputsModel.h"
#include "labels/LabelDialogs.h"
#include "labels/LabelKeys.h"
#include "labels/LabelService.h"
#include "labels/ReviewerLabelProxy.h"
#include "labels/ShortcutHelp.h"
#include "search/SearchIndexJob.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QShortcut>
#include <QLabel>
#include <QToolButton>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

BrowserPage::BrowserPage(QWidget *parent) : QWidget(parent)
{
    m_model = new OutputsModel(this);
    m_labels = new ReviewerLabelProxy(this);
    m_labels->setOutputs(m_model);
    m_labelService = new LabelService(u"assay-labels"_s, this);
    m_filters = new FilterBar(this);
    m_table = new QTableView(this);
    m_table->setObjectName(u"outputsTable"_s);
    m_table->setModel(m_labels);
    m_table->installEventFilter(this);
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
    auto *tableSide = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tableSide);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->setSpacing(0);
    tableLayout->addWidget(m_table, 1);
    tableLayout->addWidget(buildLabelBar());
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
        placeLabelColumn();
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
            refreshDetailLabels();
        }
    });
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

    connectLabelWorker();
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
    m_model->open(spec);
    m_labelsReady = false;
    m_labelsError = tr("The workspace is still opening.");
    m_pendingEdits.clear();
    m_labels->resetLabels();
    setLabelStatus(tr("Opening labels…"));
    const QString reviewer = LabelService::configuredReviewer();
    m_labelService->post([spec, reviewer](LabelWorker &w) { w.open(spec, reviewer); });
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


// --- Reviewer labels ---------------------------------------------------------------------

QWidget *BrowserPage::buildLabelBar()
{
    QSettings settings;
    m_autoAdvance = new QAction(tr("Auto-advance"), this);
    m_autoAdvance->setObjectName(u"autoAdvanceAction"_s);
    m_autoAdvance->setCheckable(true);
    m_autoAdvance->setChecked(settings.value(u"labels/autoAdvance"_s, false).toBool());
    m_autoAdvance->setToolTip(tr("After labelling one row, move to the next"));
    connect(m_autoAdvance, &QAction::toggled, this, [](bool on) { QSettings().setValue(u"labels/autoAdvance"_s, on); });

    m_blindMode = new QAction(tr("Blind"), this);
    m_blindMode->setObjectName(u"blindModeAction"_s);
    m_blindMode->setCheckable(true);
    m_blindMode->setChecked(settings.value(u"labels/blind"_s, false).toBool());
    m_blindMode->setToolTip(tr("Hide other reviewers' labels on an output until you have labelled it"));
    m_labels->setBlind(m_blindMode->isChecked());
    connect(m_blindMode, &QAction::toggled, this, [this](bool on) {
        QSettings().setValue(u"labels/blind"_s, on);
        m_labels->setBlind(on);
        refreshDetailLabels();
    });

    m_undoLabel = new QAction(tr("Undo label"), this);
    m_undoLabel->setObjectName(u"undoLabelAction"_s);
    m_undoLabel->setEnabled(false);
    connect(m_undoLabel, &QAction::triggered, this, &BrowserPage::undoLabel);
    m_redoLabel = new QAction(tr("Redo label"), this);
    m_redoLabel->setObjectName(u"redoLabelAction"_s);
    m_redoLabel->setEnabled(false);
    connect(m_redoLabel, &QAction::triggered, this, &BrowserPage::redoLabel);

    auto *bar = new QWidget;
    bar->setObjectName(u"labelBar"_s);
    m_labelStatus = new QLabel;
    m_labelStatus->setObjectName(u"labelStatus"_s);
    m_labelStatus->setTextFormat(Qt::PlainText);
    m_labelStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const auto toolButton = [bar](QAction *action) {
        auto *button = new QToolButton(bar);
        button->setDefaultAction(action);
        button->setAutoRaise(true);
        button->setFocusPolicy(Qt::NoFocus); // the keys belong to the table
        return button;
    };
    auto *help = new QAction(tr("Keys…"), this);
    help->setToolTip(tr("Every labelling shortcut (F1 or ?)"));
    connect(help, &QAction::triggered, this, &BrowserPage::showShortcuts);
    auto *reviewerAction = new QAction(tr("Reviewer…"), this);
    reviewerAction->setToolTip(tr("The name your labels are saved under"));
    connect(reviewerAction, &QAction::triggered, this, &BrowserPage::chooseReviewer);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(m_labelStatus, 1);
    layout->addWidget(toolButton(reviewerAction));
    layout->addWidget(toolButton(m_autoAdvance));
    layout->addWidget(toolButton(m_blindMode));
    layout->addWidget(toolButton(help));
    return bar;
}

void BrowserPage::connectLabelWorker()
{
    LabelWorker *worker = m_labelService->worker();
    connect(worker, &LabelWorker::opened, this, [this](const QString &reviewer, const QString &, bool isRole) {
        m_reviewer = reviewer;
        m_reviewerIsRole = isRole;
        m_undoLabel->setEnabled(false); // a fresh worker session has nothing to undo yet
        m_redoLabel->setEnabled(false);
        m_labelsReady = true;
        m_labelsError.clear();
        m_labels->setReviewer(reviewer);
        m_labels->resetLabels(); // rows painted while the worker was opening asked in vain
        setLabelStatus(tr("Labelling as %1 · 1 positive, 2 negative, 3 edited, 0 clear · F1 keys").arg(reviewer));
        m_labelService->post([](LabelWorker &w) { w.loadTags(); });
    });
    connect(worker, &LabelWorker::openFailed, this, [this](const QString &message) {
        m_labelsReady = false;
        m_labelsError = message;
        setLabelStatus(tr("Labels unavailable: %1").arg(message), true);
    });
    connect(m_labels, &ReviewerLabelProxy::labelsWanted, this, [this](const QStringList &keys) {
        if (m_labelsReady)
            m_labelService->post([keys](LabelWorker &w) { w.loadLabels(keys); });
    });
    connect(worker, &LabelWorker::labelsReady, m_labels, &ReviewerLabelProxy::setLabels);
    connect(m_labels, &ReviewerLabelProxy::labelsChanged, this, [this](const QStringList &keys) {
        if (m_detailKey.isValid() && (keys.isEmpty() || keys.contains(m_detailKey.toString())))
            refreshDetailLabels();
    });
    connect(worker, &LabelWorker::tagsReady, this, [this](const QStringList &tags) { m_knownTags = tags; });
    connect(worker, &LabelWorker::problem, this, [this](const QString &message) { setLabelStatus(message, true); });
    connect(worker, &LabelWorker::committed, this,
            [this](quint64 request, const QList<LabelEvent> &events, bool canUndo, bool canRedo) {
                m_labels->finishSaving(m_pendingEdits.take(request));
                m_labels->applyCommitted(events);
                m_undoLabel->setEnabled(canUndo);
                m_redoLabel->setEnabled(canRedo);
                setLabelStatus(tr("Saved %n label change(s).", nullptr, int(events.size())));
                Q_EMIT labelsSaved(int(events.size()));
                bool tagged = false;
                for (const LabelEvent &e : events)
                    tagged = tagged || !e.tags.isEmpty();
                if (tagged)
                    m_labelService->post([](LabelWorker &w) { w.loadTags(); });
            });
    connect(worker, &LabelWorker::commitFailed, this, [this](quint64 request, const QString &message) {
        m_labels->finishSaving(m_pendingEdits.take(request), message);
        setLabelStatus(tr("Not saved: %1").arg(message), true);
        Q_EMIT labelsNotSaved(message);
    });
}

void BrowserPage::setLabelStatus(const QString &text, bool error)
{
    m_labelStatus->setText(text);
    m_labelStatus->setToolTip(text);
    m_labelStatus->setStyleSheet(error ? u"color: #c62828; font-weight: bold;"_s : QString());
    m_labelStatus->setProperty("error", error);
}

void BrowserPage::placeLabelColumn()
{
    QHeaderView *header = m_table->horizontalHeader();
    const int column = m_labels->labelColumn();
    header->setSectionHidden(column, false);
    header->resizeSection(column, m_table->fontMetrics().horizontalAdvance(u"saving… ✎ edited  +2 more"_s) + 16);
    // Beside the end-user feedback, so the two verdicts read side by side.
    const int feedback = m_model->columnOf(LogField::Feedback);
    if (feedback < 0)
        return;
    const int target = header->visualIndex(feedback) + 1;
    if (header->visualIndex(column) != target)
        header->moveSection(header->visualIndex(column), target < header->visualIndex(column) ? target : target - 1);
}

void BrowserPage::refreshDetailLabels()
{
    if (!m_detailKey.isValid())
        return;
    m_detail->setReviewerLabels(
        reviewerLabelsHtml(m_labels->labelsOf(m_detailKey.toString()), m_reviewer, m_blindMode->isChecked()));
}

QString BrowserPage::currentKey() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_labels->keyAt(current.row()) : QString();
}

QStringList BrowserPage::selectedKeys() const
{
    QStringList keys;
    QList<int> rows;
    for (const QItemSelectionRange &range : m_table->selectionModel()->selection()) {
        for (int row = range.top(); row <= range.bottom(); ++row)
            rows << row;
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (int row : std::as_const(rows)) {
        const QString key = m_labels->keyAt(row);
        if (!key.isEmpty()) // rows still loading have no key yet
            keys << key;
    }
    if (keys.isEmpty() && !currentKey().isEmpty())
        keys << currentKey();
    return keys;
}

void BrowserPage::moveCurrentRow(int delta)
{
    const int rows = m_labels->rowCount();
    if (rows == 0)
        return;
    const QModelIndex current = m_table->currentIndex();
    const int row = qBound(0, (current.isValid() ? current.row() : -delta) + delta, rows - 1);
    const int column = current.isValid() ? current.column() : 0;
    m_table->setCurrentIndex(m_labels->index(row, column)); // also selects only that row
    m_table->scrollTo(m_labels->index(row, column));
}

void BrowserPage::sendEdit(const QStringList &keys, const LabelEdit &edit, std::optional<LabelValue> pending)
{
    if (!m_labelsReady) {
        setLabelStatus(tr("Not saved: %1").arg(m_labelsError), true);
        Q_EMIT labelsNotSaved(m_labelsError);
        return;
    }
    if (keys.isEmpty()) {
        setLabelStatus(tr("Select an output to label."), true);
        return;
    }
    const quint64 request = m_labelService->nextRequest();
    m_pendingEdits.insert(request, keys);
    m_labels->markSaving(keys, pending);
    setLabelStatus(tr("Saving %n label(s)…", nullptr, int(keys.size())));
    m_labelService->post([request, keys, edit](LabelWorker &w) { w.edit(request, keys, edit); });
}

void BrowserPage::labelSelection(std::optional<LabelValue> label)
{
    const QStringList keys = selectedKeys();
    LabelEdit edit;
    edit.kind = label ? LabelEdit::Kind::SetLabel : LabelEdit::Kind::Clear;
    if (label)
        edit.label = *label;
    sendEdit(keys, edit, label);
    if (m_labelsReady && keys.size() == 1 && m_autoAdvance->isChecked())
        moveCurrentRow(1);
}

void BrowserPage::editNote()
{
    const QString key = currentKey();
    if (key.isEmpty())
        return;
    const ItemLabels item = m_labels->labelsOf(key);
    if (!item.mine) {
        setLabelStatus(tr("Label %1 first (1, 2 or 3), then add a note.").arg(key), true);
        return;
    }
    const QStringList keys = selectedKeys();
    askNote(this, tr("Note on %1").arg(keys.size() == 1 ? key : tr("%1 outputs").arg(keys.size())), item.mine->note,
            [this, keys, label = item.mine->label](const QString &note) {
                LabelEdit edit;
                edit.kind = LabelEdit::Kind::SetNote;
                edit.text = note;
                sendEdit(keys, edit, label);
            });
}

void BrowserPage::editTags()
{
    const QString key = currentKey();
    if (key.isEmpty())
        return;
    const ItemLabels item = m_labels->labelsOf(key);
    if (!item.mine) {
        setLabelStatus(tr("Label %1 first (1, 2 or 3), then tag it.").arg(key), true);
        return;
    }
    const QStringList keys = selectedKeys();
    askTags(this, item.mine->tags, m_knownTags, [this, keys, label = item.mine->label](const QStringList &tags) {
        LabelEdit edit;
        edit.kind = LabelEdit::Kind::SetTags;
        edit.tags = tags;
        sendEdit(keys, edit, label);
    });
}

void BrowserPage::editCorrectedOutput()
{
    const QString key = currentKey();
    if (key.isEmpty())
        return;
    if (m_detailKey.toString() != key || m_detail->recordKey() != m_detailKey) {
        setLabelStatus(tr("Wait for the output to load, then press E again."), true);
        return;
    }
    const ItemLabels item = m_labels->labelsOf(key);
    const QString current = item.mine && item.mine->label == LabelValue::Edited ? item.mine->correctedOutput : QString();
    askCorrectedOutput(this, m_detail->outputText(), current, [this, key](const QString &corrected) {
        LabelEdit edit;
        edit.kind = LabelEdit::Kind::SetCorrected;
        edit.text = corrected;
        sendEdit({key}, edit, LabelValue::Edited);
    });
}

void BrowserPage::undoLabel()
{
    if (!m_labelsReady)
        return;
    const quint64 request = m_labelService->nextRequest();
    setLabelStatus(tr("Undoing…"));
    m_labelService->post([request](LabelWorker &w) { w.undo(request); });
}

void BrowserPage::redoLabel()
{
    if (!m_labelsReady)
        return;
    const quint64 request = m_labelService->nextRequest();
    setLabelStatus(tr("Redoing…"));
    m_labelService->post([request](LabelWorker &w) { w.redo(request); });
}

void BrowserPage::chooseReviewer()
{
    if (m_reviewerIsRole) {
        setLabelStatus(tr("In a PostgreSQL workspace your database role is your reviewer name (%1).").arg(m_reviewer));
        return;
    }
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(u"reviewerDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Reviewer name"));
    dialog->setLabelText(tr("Save my labels as (empty: the OS user name):"));
    dialog->setTextValue(LabelService::configuredReviewer());
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &name) {
        LabelService::setConfiguredReviewer(name);
        if (!m_model->isOpen())
            return;
        // A new identity is a new worker session: its undo stack starts empty, as it should.
        m_labelsReady = false;
        m_pendingEdits.clear();
        setLabelStatus(tr("Switching reviewer…"));
        const SessionSpec spec = m_model->sessionSpec();
        const QString reviewer = name.trimmed();
        m_labelService->post([spec, reviewer](LabelWorker &w) { w.open(spec, reviewer); });
    });
    dialog->open();
}

void BrowserPage::showShortcuts()
{
    showShortcutHelp(this);
}

bool BrowserPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table && (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride)) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (labelKeyFor(key, false) == LabelKey::None)
            return QWidget::eventFilter(watched, event);
        if (event->type() == QEvent::ShortcutOverride) {
            event->accept(); // ours while the table has the focus, before any window shortcut
            return true;
        }
        return handleLabelKey(key);
    }
    return QWidget::eventFilter(watched, event);
}

bool BrowserPage::handleLabelKey(QKeyEvent *event)
{
    switch (labelKeyFor(event, false)) {
    case LabelKey::Positive: labelSelection(LabelValue::Positive); return true;
    case LabelKey::Negative: labelSelection(LabelValue::Negative); return true;
    case LabelKey::Edited: labelSelection(LabelValue::Edited); return true;
    case LabelKey::Clear: labelSelection(std::nullopt); return true;
    case LabelKey::Next: moveCurrentRow(1); return true;
    case LabelKey::Previous: moveCurrentRow(-1); return true;
    case LabelKey::Note: editNote(); return true;
    case LabelKey::Corrected: editCorrectedOutput(); return true;
    case LabelKey::Tag: editTags(); return true;
    case LabelKey::Open:
        requestDetailForCurrentRow();
        m_detail->focusOutput();
        return true;
    case LabelKey::Undo: undoLabel(); return true;
    case LabelKey::Redo: redoLabel(); return true;
    case LabelKey::Help: showShortcuts(); return true;
    case LabelKey::None: return false;
    }
    return false;
}

} // namespace assay

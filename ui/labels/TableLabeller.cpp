#include "labels/TableLabeller.h"

#include "common/ToneDelegate.h"

#include "browse/DetailPane.h"
#include "browse/OutputsModel.h"
#include "labels/LabelDialogs.h"
#include "labels/LabelHistoryDialog.h"
#include "labels/LabelKeys.h"
#include "labels/LabelService.h"
#include "labels/ReviewerLabelProxy.h"
#include "labels/ShortcutHelp.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QSettings>
#include <QTableView>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace assay {

TableLabeller::TableLabeller(OutputsModel *outputs, QTableView *table, DetailPane *detail, QObject *parent)
    : QObject(parent), m_outputs(outputs), m_table(table), m_detail(detail)
{
    m_labels = new ReviewerLabelProxy(this);
    m_labels->setOutputs(outputs);
    m_service = new LabelService(u"assay-labels"_s, this);
    m_table->setModel(m_labels);
    m_table->setItemDelegate(new ToneDelegate(m_table)); // the label colours and the unsaved italics
    m_table->installEventFilter(this);
    m_bar = buildLabelBar();
    connectLabelWorker();
}

TableLabeller::~TableLabeller()
{
    if (m_bar && !m_bar->parent())
        delete m_bar.data(); // the page never took it into a layout
}

void TableLabeller::open(const SessionSpec &spec)
{
    m_spec = spec;
    m_labelsReady = false;
    m_labelsError = tr("The workspace is still opening.");
    m_pendingEdits.clear();
    m_labels->resetLabels();
    setLabelStatus(tr("Opening labels…"));
    const QString reviewer = LabelService::configuredReviewer();
    m_service->post([spec, reviewer](LabelWorker &w) { w.open(spec, reviewer); });
}

QWidget *TableLabeller::buildLabelBar()
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
        refreshDetail();
    });

    m_undoLabel = new QAction(tr("Undo label"), this);
    m_undoLabel->setObjectName(u"undoLabelAction"_s);
    m_undoLabel->setEnabled(false);
    connect(m_undoLabel, &QAction::triggered, this, &TableLabeller::undoLabel);
    m_redoLabel = new QAction(tr("Redo label"), this);
    m_redoLabel->setObjectName(u"redoLabelAction"_s);
    m_redoLabel->setEnabled(false);
    connect(m_redoLabel, &QAction::triggered, this, &TableLabeller::redoLabel);

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
    connect(help, &QAction::triggered, this, &TableLabeller::showShortcuts);
    auto *reviewerAction = new QAction(tr("Reviewer…"), this);
    reviewerAction->setToolTip(tr("The name your labels are saved under"));
    connect(reviewerAction, &QAction::triggered, this, &TableLabeller::chooseReviewer);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(m_labelStatus, 1);
    layout->addWidget(toolButton(reviewerAction));
    layout->addWidget(toolButton(m_autoAdvance));
    layout->addWidget(toolButton(m_blindMode));
    layout->addWidget(toolButton(help));
    return bar;
}

void TableLabeller::connectLabelWorker()
{
    LabelWorker *worker = m_service->worker();
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
        m_service->post([](LabelWorker &w) {
            w.loadTags();
            w.loadReviewers();
        });
        Q_EMIT availabilityChanged(true, {});
    });
    connect(worker, &LabelWorker::openFailed, this, [this](const QString &message) {
        m_labelsReady = false;
        m_labelsError = message;
        setLabelStatus(tr("Labels unavailable: %1").arg(message), true);
        Q_EMIT availabilityChanged(false, message);
    });
    connect(m_labels, &ReviewerLabelProxy::labelsWanted, this, [this](const QStringList &keys) {
        if (m_labelsReady)
            m_service->post([keys](LabelWorker &w) { w.loadLabels(keys); });
    });
    connect(worker, &LabelWorker::labelsReady, m_labels, &ReviewerLabelProxy::setLabels);
    connect(m_labels, &ReviewerLabelProxy::labelsChanged, this, [this](const QStringList &keys) {
        const QVariant shown = m_detail->recordKey();
        if (shown.isValid() && (keys.isEmpty() || keys.contains(shown.toString())))
            refreshDetail();
    });
    connect(m_detail, &DetailPane::labelHistoryRequested, this,
            [this](const QVariant &key) { showLabelHistory(key.toString()); });
    connect(worker, &LabelWorker::historyReady, this, [this](const QString &key, const QList<LabelEvent> &events) {
        if (m_history && m_history->outputKey() == key)
            m_history->setEvents(events);
    });
    connect(worker, &LabelWorker::historyFailed, this, [this](const QString &key, const QString &message) {
        if (m_history && m_history->outputKey() == key)
            m_history->showError(message);
    });
    connect(worker, &LabelWorker::tagsReady, this, [this](const QStringList &tags) {
        m_knownTags = tags;
        Q_EMIT reviewValuesChanged(m_knownReviewers, m_knownTags);
    });
    connect(worker, &LabelWorker::reviewersReady, this, [this](const QStringList &reviewers) {
        m_knownReviewers = reviewers;
        Q_EMIT reviewValuesChanged(m_knownReviewers, m_knownTags);
    });
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
                    m_service->post([](LabelWorker &w) { w.loadTags(); });
                if (!m_knownReviewers.contains(m_reviewer))
                    m_service->post([](LabelWorker &w) { w.loadReviewers(); }); // your first label
            });
    connect(worker, &LabelWorker::commitFailed, this, [this](quint64 request, const QString &message) {
        m_labels->finishSaving(m_pendingEdits.take(request), message);
        setLabelStatus(tr("Not saved: %1").arg(message), true);
        Q_EMIT labelsNotSaved(message);
    });
}

void TableLabeller::setLabelStatus(const QString &text, bool error)
{
    m_labelStatus->setText(text);
    m_labelStatus->setToolTip(text);
    m_labelStatus->setStyleSheet(error ? u"color: #c62828; font-weight: bold;"_s : QString());
    m_labelStatus->setProperty("error", error);
}

void TableLabeller::placeLabelColumn()
{
    QHeaderView *header = m_table->horizontalHeader();
    const int column = m_labels->labelColumn();
    header->setSectionHidden(column, false);
    header->resizeSection(column, m_table->fontMetrics().horizontalAdvance(u"saving… ✎ edited  +2 more"_s) + 16);
    // Beside the end-user feedback, so the two verdicts read side by side.
    const int feedback = m_outputs->columnOf(LogField::Feedback);
    if (feedback < 0)
        return;
    const int target = header->visualIndex(feedback) + 1;
    if (header->visualIndex(column) != target)
        header->moveSection(header->visualIndex(column), target < header->visualIndex(column) ? target : target - 1);
}

void TableLabeller::reloadLabels()
{
    if (!m_labelsReady)
        return;
    // Reviewers and tags too: the filter bar offers whoever labelled meanwhile.
    m_service->post([](LabelWorker &w) {
        w.loadReviewers();
        w.loadTags();
    });
    if (m_pendingEdits.isEmpty())
        m_labels->resetLabels();
}

void TableLabeller::requestLabels(const QStringList &keys)
{
    if (m_labelsReady && !keys.isEmpty())
        m_service->post([keys](LabelWorker &w) { w.loadLabels(keys); });
}

void TableLabeller::refreshDetail()
{
    const QVariant key = m_detail->recordKey();
    if (!key.isValid())
        return;
    m_detail->setReviewerLabels(
        reviewerLabelsHtml(m_labels->labelsOf(key.toString()), m_reviewer, m_blindMode->isChecked()));
}

QString TableLabeller::currentKey() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_labels->keyAt(current.row()) : QString();
}

QStringList TableLabeller::selectedKeys() const
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

void TableLabeller::moveCurrentRow(int delta)
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

void TableLabeller::sendEdit(const QStringList &keys, const LabelEdit &edit, std::optional<LabelValue> pending)
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
    const quint64 request = m_service->nextRequest();
    m_pendingEdits.insert(request, keys);
    m_labels->markSaving(keys, pending);
    setLabelStatus(tr("Saving %n label(s)…", nullptr, int(keys.size())));
    m_service->post([request, keys, edit](LabelWorker &w) { w.edit(request, keys, edit); });
}

void TableLabeller::labelSelection(std::optional<LabelValue> label)
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

void TableLabeller::editNote()
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
    askNote(m_table->window(), tr("Note on %1").arg(keys.size() == 1 ? key : tr("%1 outputs").arg(keys.size())), item.mine->note,
            [this, keys, label = item.mine->label](const QString &note) {
                LabelEdit edit;
                edit.kind = LabelEdit::Kind::SetNote;
                edit.text = note;
                sendEdit(keys, edit, label);
            });
}

void TableLabeller::editTags()
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
    askTags(m_table->window(), item.mine->tags, m_knownTags, [this, keys, label = item.mine->label](const QStringList &tags) {
        LabelEdit edit;
        edit.kind = LabelEdit::Kind::SetTags;
        edit.tags = tags;
        sendEdit(keys, edit, label);
    });
}

void TableLabeller::editCorrectedOutput()
{
    const QString key = currentKey();
    if (key.isEmpty())
        return;
    if (m_detail->recordKey().toString() != key) {
        setLabelStatus(tr("Wait for the output to load, then press E again."), true);
        return;
    }
    const ItemLabels item = m_labels->labelsOf(key);
    const QString current = item.mine && item.mine->label == LabelValue::Edited ? item.mine->correctedOutput : QString();
    askCorrectedOutput(m_table->window(), m_detail->outputText(), current, [this, key](const QString &corrected) {
        LabelEdit edit;
        edit.kind = LabelEdit::Kind::SetCorrected;
        edit.text = corrected;
        sendEdit({key}, edit, LabelValue::Edited);
    });
}

void TableLabeller::undoLabel()
{
    if (!m_labelsReady)
        return;
    const quint64 request = m_service->nextRequest();
    setLabelStatus(tr("Undoing…"));
    m_service->post([request](LabelWorker &w) { w.undo(request); });
}

void TableLabeller::redoLabel()
{
    if (!m_labelsReady)
        return;
    const quint64 request = m_service->nextRequest();
    setLabelStatus(tr("Redoing…"));
    m_service->post([request](LabelWorker &w) { w.redo(request); });
}

void TableLabeller::chooseReviewer()
{
    if (m_reviewerIsRole) {
        setLabelStatus(tr("In a PostgreSQL workspace your database role is your reviewer name (%1).").arg(m_reviewer));
        return;
    }
    auto *dialog = new QInputDialog(m_table->window());
    dialog->setObjectName(u"reviewerDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Reviewer name"));
    dialog->setLabelText(tr("Save my labels as (empty: the OS user name):"));
    dialog->setTextValue(LabelService::configuredReviewer());
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &name) {
        LabelService::setConfiguredReviewer(name);
        if (!m_spec)
            return;
        // A new identity is a new worker session: its undo stack starts empty, as it should.
        m_labelsReady = false;
        m_pendingEdits.clear();
        setLabelStatus(tr("Switching reviewer…"));
        const SessionSpec spec = *m_spec;
        const QString reviewer = name.trimmed();
        m_service->post([spec, reviewer](LabelWorker &w) { w.open(spec, reviewer); });
    });
    dialog->open();
}

void TableLabeller::showLabelHistory(const QString &outputKey)
{
    if (m_history)
        m_history->close(); // one at a time: the newest question is the one that matters
    auto *dialog = new LabelHistoryDialog(outputKey, m_reviewer, m_blindMode->isChecked(), m_table->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_history = dialog;
    dialog->show();
    if (!m_labelsReady) {
        dialog->showError(m_labelsError);
        return;
    }
    m_service->post([outputKey](LabelWorker &w) { w.loadHistory(outputKey); });
}

void TableLabeller::showShortcuts()
{
    showShortcutHelp(m_table);
}

bool TableLabeller::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table && (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride)) {
        auto *key = static_cast<QKeyEvent *>(event);
        // H: the browser's own key (a review item's history is the browser's to show).
        if (key->key() == Qt::Key_H && key->modifiers() == Qt::NoModifier) {
            event->accept();
            if (event->type() == QEvent::KeyPress && !currentKey().isEmpty())
                showLabelHistory(currentKey());
            return true;
        }
        if (labelKeyFor(key, false) == LabelKey::None)
            return QObject::eventFilter(watched, event);
        if (event->type() == QEvent::ShortcutOverride) {
            event->accept(); // ours while the table has the focus, before any window shortcut
            return true;
        }
        return handleLabelKey(key);
    }
    return QObject::eventFilter(watched, event);
}

bool TableLabeller::handleLabelKey(QKeyEvent *event)
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
        Q_EMIT openDetailRequested();
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

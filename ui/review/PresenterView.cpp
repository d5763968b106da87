#include "review/PresenterView.h"

#include "review/ReadingView.h"
#include "browse/DetailText.h"
#include "labels/LabelDialogs.h"
#include "labels/LabelKeys.h"
#include "labels/LabelService.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr qint64 kMaxOutputChars = 512 * 1024;

QLabel *sectionTitle(const QString &text)
{
    auto *label = new QLabel(text);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    return label;
}

} // namespace

PresenterView::PresenterView(LabelService *service, QWidget *parent) : QWidget(parent), m_service(service)
{
    setObjectName(u"presenterView"_s);
    setFocusPolicy(Qt::StrongFocus);
    m_blind = QSettings().value(u"labels/blind"_s, false).toBool();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildHeader());
    layout->addWidget(buildBody(), 1);
    layout->addWidget(buildFooter());
    connectWorker();
    installEventFilter(this); // ShortcutOverride: the label keys win over window shortcuts here
}

QWidget *PresenterView::buildHeader()
{
    auto *header = new QWidget;
    m_title = new QLabel;
    m_title->setObjectName(u"presenterTitle"_s);
    m_feature = new QLabel;
    m_feature->setObjectName(u"presenterFeature"_s);
    m_progress = new QLabel;
    m_progress->setObjectName(u"presenterProgress"_s);
    QFont big = font();
    big.setPointSizeF(qMax(big.pointSizeF() * 1.8, 18.0));
    big.setBold(true);
    m_progress->setFont(big);
    m_title->setFont(big);
    QFont medium = font();
    medium.setPointSizeF(qMax(medium.pointSizeF() * 1.3, 13.0));
    m_feature->setFont(medium);
    m_status = new QLabel;
    m_status->setObjectName(u"presenterStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    auto *layout = new QHBoxLayout(header);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(m_title);
    layout->addSpacing(16);
    layout->addWidget(m_feature);
    layout->addStretch(1);
    layout->addWidget(m_status);
    layout->addSpacing(16);
    layout->addWidget(m_progress);
    return header;
}

QWidget *PresenterView::buildBody()
{
    // Large type for a shared screen: well above the UI font, never under 15 pt.
    QFont reading = font();
    reading.setPointSizeF(qMax(reading.pointSizeF() * 1.5, 15.0));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(reading.pointSizeF() - 1.0);

    m_input = new ReadingView(reading, mono);
    m_input->setObjectName(u"presenterInput"_s);
    m_output = new ReadingView(reading, mono);
    m_output->setObjectName(u"presenterOutput"_s);
    const auto column = [](const QString &title, QWidget *view) {
        auto *box = new QWidget;
        auto *layout = new QVBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(sectionTitle(title));
        layout->addWidget(view, 1);
        return box;
    };
    auto *split = new QSplitter(Qt::Horizontal);
    split->setObjectName(u"presenterSplit"_s);
    split->addWidget(column(tr("Input"), m_input));
    split->addWidget(column(tr("Output"), m_output));
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    QFont labelFont = font();
    labelFont.setPointSizeF(qMax(labelFont.pointSizeF() * 1.25, 13.0));
    m_labelsView = new QLabel;
    m_labelsView->setObjectName(u"presenterLabels"_s);
    m_labelsView->setTextFormat(Qt::RichText);
    m_labelsView->setWordWrap(true);
    m_labelsView->setFont(labelFont);
    m_userFeedback = new QLabel;
    m_userFeedback->setObjectName(u"presenterUserFeedback"_s);
    m_userFeedback->setFont(labelFont);
    m_userFeedback->setTextFormat(Qt::PlainText);

    auto *body = new QWidget;
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split, 1);
    auto *verdicts = new QHBoxLayout;
    verdicts->addWidget(m_labelsView, 1);
    verdicts->addWidget(m_userFeedback);
    layout->addLayout(verdicts);
    return body;
}

QWidget *PresenterView::buildFooter()
{
    m_note = new QPlainTextEdit;
    m_note->setObjectName(u"itemNote"_s);
    m_note->setPlaceholderText(tr("Notes on this output (N to write, Esc to go back to the keys)"));
    m_note->setTabChangesFocus(true);
    m_note->setMaximumHeight(110);
    m_note->installEventFilter(this);

    m_decisions = new QListWidget;
    m_decisions->setObjectName(u"decisionList"_s);
    m_decisions->setFocusPolicy(Qt::NoFocus);
    m_decisions->setMaximumHeight(110);
    m_decisions->setWordWrap(true);
    m_decisionEdit = new QLineEdit;
    m_decisionEdit->setObjectName(u"decisionEdit"_s);
    m_decisionEdit->setPlaceholderText(tr("A decision for the log (D, then Enter)"));
    m_decisionEdit->installEventFilter(this);
    connect(m_decisionEdit, &QLineEdit::returnPressed, this, &PresenterView::addDecision);

    const auto button = [this](const QString &text, const QString &name) {
        auto *b = new QPushButton(text);
        b->setObjectName(name);
        b->setFocusPolicy(Qt::NoFocus);
        return b;
    };
    m_previous = button(tr("◀ Previous (K)"), u"previousButton"_s);
    m_next = button(tr("Next (J) ▶"), u"nextButton"_s);
    QPushButton *finishButton = button(tr("Finish (F)"), u"finishButton"_s);
    QPushButton *back = button(tr("Sessions"), u"backButton"_s);
    QPushButton *help = button(tr("Keys (F1)"), u"helpButton"_s);
    connect(m_previous, &QPushButton::clicked, this, [this] { showItem(m_index - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { showItem(m_index + 1); });
    connect(finishButton, &QPushButton::clicked, this, &PresenterView::finish);
    connect(back, &QPushButton::clicked, this, [this] {
        saveNote();
        Q_EMIT backRequested();
    });
    connect(help, &QPushButton::clicked, this, &PresenterView::helpRequested);

    auto *notes = new QWidget;
    auto *notesLayout = new QVBoxLayout(notes);
    notesLayout->setContentsMargins(0, 0, 0, 0);
    notesLayout->addWidget(sectionTitle(tr("Item notes")));
    notesLayout->addWidget(m_note);
    notesLayout->addStretch(1);
    auto *log = new QWidget;
    auto *logLayout = new QVBoxLayout(log);
    logLayout->setContentsMargins(0, 0, 0, 0);
    logLayout->addWidget(sectionTitle(tr("Decision log")));
    logLayout->addWidget(m_decisions);
    logLayout->addWidget(m_decisionEdit);

    auto *footer = new QWidget;
    auto *grid = new QHBoxLayout;
    grid->addWidget(notes, 1);
    grid->addWidget(log, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(back);
    buttons->addWidget(help);
    buttons->addStretch(1);
    buttons->addWidget(m_previous);
    buttons->addWidget(m_next);
    buttons->addWidget(finishButton);
    auto *layout = new QVBoxLayout(footer);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(grid);
    layout->addLayout(buttons);
    return footer;
}

void PresenterView::connectWorker()
{
    LabelWorker *worker = m_service->worker();
    connect(worker, &LabelWorker::recordReady, this, [this](const QString &key, const OutputRecord &record) {
        m_records.insert(key, record);
        if (key == currentKey())
            showRecord(record);
    });
    connect(worker, &LabelWorker::recordFailed, this, [this](const QString &key, const QString &message) {
        if (key != currentKey())
            return;
        m_output->showMessage(tr("This output could not be read from the log: %1").arg(message));
        m_input->clear();
    });
    connect(worker, &LabelWorker::labelsReady, this, [this](const QStringList &keys, const QList<LabelEvent> &labels) {
        for (const QString &key : keys) {
            ItemLabels &item = m_labels[key];
            item.loaded = true;
            item.others.clear();
            if (item.saving == 0)
                item.mine.reset();
        }
        for (const LabelEvent &e : labels) {
            ItemLabels &item = m_labels[e.outputKey];
            if (e.reviewer != m_reviewer)
                item.others << e;
            else if (item.saving == 0)
                item.mine = e;
        }
        if (m_resumePending) {
            m_resumePending = false;
            for (int i = 0; i < m_session.items.size() && m_index == 0; ++i) {
                if (!m_labels.value(m_session.items.at(i).outputKey).mine) {
                    showItem(i);
                    break;
                }
            }
        }
        updateLabels();
    });
    connect(worker, &LabelWorker::tagsReady, this, [this](const QStringList &tags) { m_knownTags = tags; });
    connect(worker, &LabelWorker::committed, this,
            [this](quint64 request, const QList<LabelEvent> &events, bool, bool) {
                const bool ours = m_pendingEdits.contains(request);
                const QString key = m_pendingEdits.take(request);
                if (ours && m_labels.contains(key)) {
                    ItemLabels &item = m_labels[key];
                    item.saving = qMax(0, item.saving - 1);
                }
                for (const LabelEvent &e : events) {
                    ItemLabels &item = m_labels[e.outputKey];
                    item.mine = e.label ? std::optional<LabelEvent>(e) : std::nullopt;
                    item.error.clear();
                }
                setStatus(events.size() == 1 && events.first().label
                              ? tr("Saved: %1").arg(labelName(*events.first().label))
                              : tr("Saved."));
                updateLabels();
            });
    connect(worker, &LabelWorker::commitFailed, this, [this](quint64 request, const QString &message) {
        const QString key = m_pendingEdits.take(request);
        if (m_labels.contains(key)) {
            ItemLabels &item = m_labels[key];
            item.saving = qMax(0, item.saving - 1);
            item.error = message;
        }
        setStatus(tr("Not saved: %1").arg(message), true);
        updateLabels();
    });
    connect(worker, &LabelWorker::noteSaved, this, [this](const QString &name, int position) {
        if (name != m_session.name)
            return;
        m_unsavedNotes.remove(position);
        setStatus(tr("Note saved."));
    });
    connect(worker, &LabelWorker::noteFailed, this, [this](const QString &name, int position, const QString &message) {
        if (name != m_session.name)
            return;
        setStatus(message, true);
        // Not stored: the next Esc or move tries again, and the text stays in the field.
        m_unsavedNotes.insert(position);
        if (m_index >= 0 && m_index < m_session.items.size() && m_session.items.at(m_index).position == position)
            m_savedNote.reset();
    });
}

void PresenterView::present(const ReviewSession &session)
{
    m_session = session;
    m_blind = QSettings().value(u"labels/blind"_s, false).toBool(); // as set on the browser
    m_records.clear();
    m_unsavedNotes.clear();
    m_labels.clear();
    m_pendingEdits.clear();
    m_title->setText(session.name);
    updateDecisions();
    QStringList keys;
    for (const ReviewItem &item : std::as_const(session.items))
        keys << item.outputKey;
    m_service->post([keys](LabelWorker &w) {
        w.loadLabels(keys);
        w.loadTags();
    });
    m_index = -1;
    m_resumePending = true;
    showItem(0);
    setStatus(session.status == u"closed"_s ? tr("This session is closed: labels still save; F shows the summary.")
                                            : tr("Labelling as %1").arg(m_reviewer));
    setFocus();
}

void PresenterView::refreshSession(const ReviewSession &session)
{
    if (session.name != m_session.name)
        return;
    // Notes typed here are newer than what the store sent back while they were being saved.
    const QList<ReviewItem> items = m_session.items;
    m_session = session;
    m_session.items = items;
    updateDecisions();
}

void PresenterView::setBlind(bool blind)
{
    m_blind = blind;
    updateLabels();
}

QString PresenterView::currentKey() const
{
    return m_index >= 0 && m_index < m_session.items.size() ? m_session.items.at(m_index).outputKey : QString();
}

void PresenterView::showItem(int index)
{
    if (m_session.items.isEmpty())
        return;
    index = qBound(0, index, int(m_session.items.size()) - 1);
    if (index != m_index)
        saveNote();
    m_index = index;
    const ReviewItem &item = m_session.items.at(index);
    m_progress->setText(u"%1 / %2"_s.arg(index + 1).arg(m_session.items.size()));
    m_feature->setText(tr("%1 · output %2").arg(item.feature, item.outputKey));
    m_note->setPlainText(item.note);
    m_savedNote = m_unsavedNotes.contains(item.position) ? std::nullopt : std::optional<QString>(item.note);
    m_previous->setEnabled(index > 0);
    m_next->setEnabled(index + 1 < m_session.items.size());
    setStatus(QString()); // "Saved" of the previous item must not read as this one's
    updateLabels();

    const auto fetch = [this](const QString &key) {
        if (!m_records.contains(key))
            m_service->post([key](LabelWorker &w) { w.fetchRecord(key, kMaxOutputChars); });
    };
    if (m_records.contains(item.outputKey)) {
        showRecord(m_records.value(item.outputKey));
    } else {
        m_input->showMessage(tr("Loading…"));
        m_output->showMessage(tr("Loading…"));
        m_userFeedback->clear();
        fetch(item.outputKey);
    }
    if (index + 1 < m_session.items.size())
        fetch(m_session.items.at(index + 1).outputKey); // the next one is ready when the room is
}

void PresenterView::showRecord(const OutputRecord &record)
{
    const QVariant input = record.value(LogField::Input);
    if (!record.has(LogField::Input))
        m_input->showMessage(tr("This log has no input column."));
    else if (detail::isNullValue(input))
        m_input->showMessage(tr("(no input logged)"));
    else
        m_input->showContent(detail::valueText(input));
    const QVariant output = record.value(LogField::Output);
    if (detail::isNullValue(output))
        m_output->showMessage(record.isError() ? tr("(no output: the call failed)") : tr("(no output logged)"));
    else
        m_output->showContent(detail::valueText(output));
    if (record.outputTruncated)
        m_output->append(tr("\n[cut off after %1 characters]").arg(QLocale().toString(kMaxOutputChars)));
    const QString feedback = record.value(LogField::Feedback).toString();
    m_userFeedback->setText(record.has(LogField::Feedback)
                                ? tr("End user: %1").arg(feedback.isEmpty() ? tr("no feedback") : feedback)
                                : QString());
}

void PresenterView::updateLabels()
{
    const QString key = currentKey();
    if (key.isEmpty()) {
        m_labelsView->clear();
        return;
    }
    m_labelsView->setText(reviewerLabelsHtml(m_labels.value(key), m_reviewer, m_blind));
}

void PresenterView::updateDecisions()
{
    m_decisions->clear();
    for (const ReviewDecision &d : std::as_const(m_session.decisions))
        m_decisions->addItem(u"%1 — %2"_s.arg(d.text, d.author));
    m_decisions->scrollToBottom();
}

void PresenterView::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #c62828; font-weight: bold;"_s : QString());
    m_status->setProperty("error", error);
}

void PresenterView::sendEdit(const QString &key, const LabelEdit &edit, std::optional<LabelValue> pending)
{
    if (key.isEmpty())
        return;
    const quint64 request = m_service->nextRequest();
    m_pendingEdits.insert(request, key);
    ItemLabels &item = m_labels[key];
    ++item.saving;
    item.pending = pending;
    item.error.clear();
    setStatus(tr("Saving…"));
    updateLabels();
    m_service->post([request, key, edit](LabelWorker &w) { w.edit(request, {key}, edit); });
}

void PresenterView::label(std::optional<LabelValue> value)
{
    LabelEdit edit;
    edit.kind = value ? LabelEdit::Kind::SetLabel : LabelEdit::Kind::Clear;
    if (value)
        edit.label = *value;
    sendEdit(currentKey(), edit, value);
}

void PresenterView::undo()
{
    const quint64 request = m_service->nextRequest();
    setStatus(tr("Undoing…"));
    m_service->post([request](LabelWorker &w) { w.undo(request); });
}

void PresenterView::redo()
{
    const quint64 request = m_service->nextRequest();
    setStatus(tr("Redoing…"));
    m_service->post([request](LabelWorker &w) { w.redo(request); });
}

void PresenterView::saveNote()
{
    if (m_index < 0 || m_index >= m_session.items.size())
        return;
    const QString note = m_note->toPlainText().trimmed();
    if (m_savedNote && note == *m_savedNote)
        return;
    m_savedNote = note;
    m_session.items[m_index].note = note;
    const QString name = m_session.name;
    const int position = m_session.items.at(m_index).position;
    setStatus(tr("Saving note…"));
    m_service->post([name, position, note](LabelWorker &w) { w.setItemNote(name, position, note); });
}

void PresenterView::showProblem(const QString &message)
{
    setStatus(message, true);
}

void PresenterView::addDecision()
{
    const QString text = m_decisionEdit->text().trimmed();
    if (text.isEmpty())
        return;
    m_decisionEdit->clear();
    m_session.decisions << ReviewDecision{m_reviewer, text, QDateTime::currentDateTimeUtc()};
    updateDecisions();
    const QString name = m_session.name;
    m_service->post([name, text](LabelWorker &w) { w.addDecision(name, text); });
    setFocus();
}

void PresenterView::finish()
{
    saveNote();
    Q_EMIT finishRequested(m_session.name);
}

void PresenterView::editTags()
{
    const QString key = currentKey();
    const ItemLabels item = m_labels.value(key);
    if (!item.mine) {
        setStatus(tr("Label it first (1, 2 or 3), then tag it."), true);
        return;
    }
    askTags(this, item.mine->tags, m_knownTags, [this, key, label = item.mine->label](const QStringList &tags) {
        LabelEdit edit;
        edit.kind = LabelEdit::Kind::SetTags;
        edit.tags = tags;
        sendEdit(key, edit, label);
        setFocus();
    });
}

void PresenterView::editCorrected()
{
    const QString key = currentKey();
    if (!m_records.contains(key)) {
        setStatus(tr("Wait for the output to load, then press E again."), true);
        return;
    }
    const ItemLabels item = m_labels.value(key);
    const QString current = item.mine && item.mine->label == LabelValue::Edited ? item.mine->correctedOutput : QString();
    askCorrectedOutput(this, detail::valueText(m_records.value(key).value(LogField::Output)), current,
                       [this, key](const QString &corrected) {
                           LabelEdit edit;
                           edit.kind = LabelEdit::Kind::SetCorrected;
                           edit.text = corrected;
                           sendEdit(key, edit, LabelValue::Edited);
                           setFocus();
                       });
}

bool PresenterView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == this && event->type() == QEvent::ShortcutOverride) {
        auto *key = static_cast<QKeyEvent *>(event);
        const bool plainLetter = key->modifiers() == Qt::NoModifier && (key->key() == Qt::Key_D || key->key() == Qt::Key_F);
        if (plainLetter || labelKeyFor(key, true) != LabelKey::None) {
            event->accept();
            return true;
        }
    }
    if ((watched == m_note || watched == m_decisionEdit) && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            if (watched == m_note)
                saveNote();
            setFocus(); // back to the label keys
            return true;
        }
    }
    if (watched == m_note && event->type() == QEvent::FocusOut)
        saveNote();
    return QWidget::eventFilter(watched, event);
}

void PresenterView::keyPressEvent(QKeyEvent *event)
{
    if (!handleKey(event))
        QWidget::keyPressEvent(event);
}

bool PresenterView::handleKey(QKeyEvent *event)
{
    if (event->modifiers() == Qt::NoModifier && event->key() == Qt::Key_D) {
        m_decisionEdit->setFocus();
        return true;
    }
    if (event->modifiers() == Qt::NoModifier && event->key() == Qt::Key_F) {
        finish();
        return true;
    }
    switch (labelKeyFor(event, true)) {
    case LabelKey::Positive: label(LabelValue::Positive); return true;
    case LabelKey::Negative: label(LabelValue::Negative); return true;
    case LabelKey::Edited: label(LabelValue::Edited); return true;
    case LabelKey::Clear: label(std::nullopt); return true;
    case LabelKey::Next: showItem(m_index + 1); return true;
    case LabelKey::Previous: showItem(m_index - 1); return true;
    case LabelKey::Note:
        m_note->setFocus();
        m_note->moveCursor(QTextCursor::End);
        return true;
    case LabelKey::Corrected: editCorrected(); return true;
    case LabelKey::Tag: editTags(); return true;
    case LabelKey::Undo: undo(); return true;
    case LabelKey::Redo: redo(); return true;
    case LabelKey::Help: Q_EMIT helpRequested(); return true;
    case LabelKey::Open:
    case LabelKey::None: return false;
    }
    return false;
}

} // namespace assay

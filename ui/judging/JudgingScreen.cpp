#include "judging/JudgingScreen.h"

#include "judging/JudgingService.h"
#include "review/ReadingView.h"
#include "util/Money.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString revealText(const SideReveal &side)
{
    QStringList parts{QObject::tr("%1 · %2").arg(side.side, side.label)};
    if (side.costUsd)
        parts << formatUsd(*side.costUsd);
    if (side.latencyMs)
        parts << QObject::tr("%1 ms").arg(*side.latencyMs);
    if (side.outputTokens)
        parts << QObject::tr("%1 tokens").arg(*side.outputTokens);
    return parts.join(u" · "_s);
}

QString choiceText(PairChoice choice)
{
    switch (choice) {
    case PairChoice::Left:
        return QObject::tr("Left is better");
    case PairChoice::Right:
        return QObject::tr("Right is better");
    case PairChoice::Tie:
        break;
    }
    return QObject::tr("Tie");
}

QString winnerText(PairWinner winner)
{
    switch (winner) {
    case PairWinner::A:
        return QObject::tr("A wins");
    case PairWinner::B:
        return QObject::tr("B wins");
    case PairWinner::Tie:
        break;
    }
    return QObject::tr("a tie");
}

} // namespace

JudgingScreen::JudgingScreen(JudgingService *service, QWidget *parent) : QWidget(parent), m_service(service)
{
    setFocusPolicy(Qt::StrongFocus);
    m_title = new QLabel(this);
    m_title->setObjectName(u"judgingTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    m_progress = new QLabel(this);
    m_progress->setObjectName(u"judgingProgress"_s);
    m_judge = new QLabel(this);
    m_judge->setObjectName(u"judgingJudge"_s);
    m_judge->setTextFormat(Qt::PlainText);
    m_presenterButton = new QPushButton(tr("Presenter mode (P)"), this);
    m_presenterButton->setObjectName(u"judgingPresenter"_s);
    m_presenterButton->setCheckable(true);
    m_presenterButton->setFocusPolicy(Qt::NoFocus);
    m_back = new QPushButton(tr("Sessions (Esc)"), this);
    m_back->setFocusPolicy(Qt::NoFocus);
    auto *header = new QHBoxLayout;
    header->addWidget(m_title);
    header->addSpacing(16);
    header->addWidget(m_judge);
    header->addStretch(1);
    header->addWidget(m_progress);
    header->addSpacing(16);
    header->addWidget(m_presenterButton);
    header->addWidget(m_back);

    const QFont plain = font();
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_input = new ReadingView(plain, mono, this);
    m_input->setObjectName(u"judgingInput"_s);
    m_left = new ReadingView(plain, mono, this);
    m_left->setObjectName(u"judgingLeft"_s);
    m_right = new ReadingView(plain, mono, this);
    m_right->setObjectName(u"judgingRight"_s);
    m_leftCaption = new QLabel(tr("Left (1)"), this);
    m_rightCaption = new QLabel(tr("Right (2)"), this);
    m_leftReveal = new QLabel(this);
    m_leftReveal->setObjectName(u"judgingLeftReveal"_s);
    m_rightReveal = new QLabel(this);
    m_rightReveal->setObjectName(u"judgingRightReveal"_s);
    for (QLabel *label : {m_leftReveal, m_rightReveal}) {
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
        label->setVisible(false);
    }
    const auto column = [this](QLabel *caption, ReadingView *view, QLabel *reveal) {
        auto *box = new QWidget(this);
        auto *layout = new QVBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(caption);
        layout->addWidget(view, 1);
        layout->addWidget(reveal);
        return box;
    };
    auto *outputs = new QSplitter(Qt::Horizontal, this);
    outputs->addWidget(column(m_leftCaption, m_left, m_leftReveal));
    outputs->addWidget(column(m_rightCaption, m_right, m_rightReveal));
    auto *inputBox = new QWidget(this);
    auto *inputLayout = new QVBoxLayout(inputBox);
    inputLayout->setContentsMargins(0, 0, 0, 0);
    inputLayout->addWidget(new QLabel(tr("Input"), this));
    inputLayout->addWidget(m_input, 1);
    auto *body = new QSplitter(Qt::Vertical, this);
    body->addWidget(inputBox);
    body->addWidget(outputs);
    body->setStretchFactor(0, 1);
    body->setStretchFactor(1, 3);

    m_verdict = new QLabel(this);
    m_verdict->setObjectName(u"judgingVerdict"_s);
    m_verdict->setTextFormat(Qt::PlainText);
    m_note = new QLineEdit(this);
    m_note->setObjectName(u"judgingNote"_s);
    m_note->setPlaceholderText(tr("A note on this pair (Enter saves, Esc cancels)"));
    m_note->setVisible(false);
    m_note->installEventFilter(this);
    m_status = new QLabel(this);
    m_status->setObjectName(u"judgingStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_keys = new QLabel(tr("1 left better · 2 right better · 3 tie · N note · U / Ctrl+Z undo · J / K next / previous · P presenter"), this);
    m_keys->setObjectName(u"judgingKeys"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(body, 1);
    layout->addWidget(m_verdict);
    layout->addWidget(m_note);
    layout->addWidget(m_status);
    layout->addWidget(m_keys);

    connect(m_presenterButton, &QPushButton::toggled, this, &JudgingScreen::setPresenterMode);
    connect(m_back, &QPushButton::clicked, this, &JudgingScreen::backRequested);
    applyFonts();
    connectWorker();
}

void JudgingScreen::connectWorker()
{
    JudgingWorker *worker = m_service->worker();
    connect(worker, &JudgingWorker::saved, this, [this](quint64 request, const RevealedVerdict &judged) {
        if (!m_pending.remove(request))
            return;
        m_view.mine.insert(judged.verdict.pairNo, judged);
        m_noteDrafts.remove(judged.verdict.pairNo);
        if (judged.verdict.pairNo == currentPairNo()) {
            updateVerdict();
            setStatus(tr("Saved."));
        } else {
            setStatus(tr("Saved pair %1.").arg(judged.verdict.pairNo));
        }
        updateHeader();
        Q_EMIT verdictSaved(judged.verdict.pairNo);
    });
    connect(worker, &JudgingWorker::saveFailed, this, [this](quint64 request, int pairNo, const QString &message) {
        if (!m_pending.remove(request))
            return;
        setStatus(tr("Not saved (pair %1): %2").arg(pairNo).arg(message), true);
        Q_EMIT problem(message);
    });
    connect(worker, &JudgingWorker::undone, this, [this](quint64 request, int pairNo, bool restored, const RevealedVerdict &now) {
        if (!m_pending.remove(request))
            return;
        if (restored)
            m_view.mine.insert(pairNo, now);
        else
            m_view.mine.remove(pairNo);
        if (pairNo == currentPairNo())
            updateVerdict();
        updateHeader();
        setStatus(restored ? tr("Undone: your earlier verdict on pair %1 stands again.").arg(pairNo)
                           : tr("Undone: pair %1 has no verdict of yours.").arg(pairNo));
    });
    connect(worker, &JudgingWorker::undoRefused, this, [this](quint64 request, int, const QString &message) {
        if (!m_pending.remove(request))
            return;
        setStatus(tr("Undo refused: %1").arg(message), true);
    });
}

void JudgingScreen::present(const JudgingSessionView &view)
{
    m_view = view;
    m_pending.clear();
    m_noteDrafts.clear();
    m_title->setText(tr("Judging %1").arg(view.session.name));
    m_judge->setText(tr("as %1").arg(view.judge));
    // Resume at the first pair this judge has not judged.
    int first = 0;
    while (first < m_view.pairs.size() && m_view.mine.contains(m_view.pairs.at(first).pairNo))
        ++first;
    showPair(first < m_view.pairs.size() ? first : 0);
    setStatus(view.missing > 0 ? tr("%1 drawn pairs are left out: a side's output is gone from the run.").arg(view.missing)
                               : QString());
    setFocus();
}

int JudgingScreen::currentPairNo() const
{
    return m_index >= 0 && m_index < m_view.pairs.size() ? m_view.pairs.at(m_index).pairNo : 0;
}

const RevealedVerdict *JudgingScreen::currentVerdict() const
{
    const auto it = m_view.mine.constFind(currentPairNo());
    return it == m_view.mine.cend() ? nullptr : &it.value();
}

QString JudgingScreen::statusText() const
{
    return m_status->text();
}

void JudgingScreen::showPair(int index)
{
    if (m_view.pairs.isEmpty()) {
        m_index = -1;
        m_input->showMessage(tr("This session has no pairs left to judge."));
        m_left->showMessage({});
        m_right->showMessage({});
        updateVerdict();
        updateHeader();
        return;
    }
    m_index = std::clamp(index, 0, int(m_view.pairs.size()) - 1);
    const BlindPair &pair = m_view.pairs.at(m_index);
    m_input->showContent(pair.input);
    m_left->showContent(pair.left);
    m_right->showContent(pair.right);
    m_note->setVisible(false);
    // "Saved." belonged to the pair left behind; a failure stays until the next action.
    if (!m_statusIsError)
        m_status->clear();
    updateVerdict();
    updateHeader();
}

void JudgingScreen::updateHeader()
{
    m_progress->setText(m_index < 0 ? QString()
                                    : tr("Pair %1 / %2 · %3 judged").arg(m_index + 1).arg(m_view.pairs.size()).arg(m_view.mine.size()));
}

void JudgingScreen::updateVerdict()
{
    const RevealedVerdict *judged = currentVerdict();
    // Before a verdict the reveal labels are empty as well as hidden: nothing to read off them.
    m_leftReveal->setText(judged ? revealText(judged->reveal.left) : QString());
    m_rightReveal->setText(judged ? revealText(judged->reveal.right) : QString());
    m_leftReveal->setVisible(judged);
    m_rightReveal->setVisible(judged);
    if (!judged) {
        const QString draft = m_noteDrafts.value(currentPairNo());
        m_verdict->setText(draft.isEmpty() ? tr("Which is better? 1 left, 2 right, 3 tie.")
                                           : tr("Which is better? Your note goes with the verdict: “%1”").arg(draft));
        return;
    }
    const PairVerdict &v = judged->verdict;
    QString text = tr("Your verdict: %1 (saved) — %2.").arg(choiceText(v.choice), winnerText(v.winner));
    if (!v.note.isEmpty())
        text += tr(" Note: “%1”").arg(v.note);
    m_verdict->setText(text);
}

void JudgingScreen::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_statusIsError = error;
    QPalette p = palette();
    if (error)
        p.setColor(QPalette::WindowText, QColor(0xb3, 0x26, 0x1e));
    m_status->setPalette(p);
    QFont f = m_status->font();
    f.setBold(error);
    m_status->setFont(f);
}

void JudgingScreen::judge(PairChoice choice)
{
    const int pairNo = currentPairNo();
    if (pairNo == 0)
        return;
    const RevealedVerdict *judged = currentVerdict();
    const QString note = m_noteDrafts.contains(pairNo) ? m_noteDrafts.value(pairNo) : judged ? judged->verdict.note : QString();
    const quint64 request = m_service->nextRequest();
    m_pending.insert(request, pairNo);
    setStatus(tr("Saving…"));
    const QString session = m_view.session.name;
    m_service->post([request, session, pairNo, choice, note](JudgingWorker &w) { w.record(request, session, pairNo, int(choice), note); });
}

void JudgingScreen::undo()
{
    const RevealedVerdict *judged = currentVerdict();
    if (!judged) {
        setStatus(tr("Nothing to undo: you have no verdict on this pair."), true);
        return;
    }
    const quint64 request = m_service->nextRequest();
    const int pairNo = currentPairNo();
    m_pending.insert(request, pairNo);
    const QString session = m_view.session.name;
    const qint64 id = judged->verdict.id;
    m_service->post([request, session, pairNo, id](JudgingWorker &w) { w.undo(request, session, pairNo, id); });
}

void JudgingScreen::editNote()
{
    if (currentPairNo() == 0)
        return;
    const RevealedVerdict *judged = currentVerdict();
    m_note->setText(m_noteDrafts.value(currentPairNo(), judged ? judged->verdict.note : QString()));
    m_note->setVisible(true);
    m_note->setFocus();
    m_note->selectAll();
}

void JudgingScreen::saveNote()
{
    const int pairNo = currentPairNo();
    const QString note = m_note->text().trimmed();
    m_note->setVisible(false);
    setFocus();
    const RevealedVerdict *judged = currentVerdict();
    m_noteDrafts.insert(pairNo, note);
    if (judged) {
        // A note on a verdict given is that verdict again with the note: one more appended row.
        if (note != judged->verdict.note)
            judge(judged->verdict.choice);
        else
            m_noteDrafts.remove(pairNo);
        return;
    }
    updateVerdict();
    setStatus(tr("The note is saved with your verdict."));
}

void JudgingScreen::setPresenterMode(bool on)
{
    m_presenter = on;
    if (m_presenterButton->isChecked() != on)
        m_presenterButton->setChecked(on);
    applyFonts();
    showPair(m_index);
}

void JudgingScreen::applyFonts()
{
    // The presenter's type is read from across a meeting room: twice the UI font, never under 18 pt.
    const QFont base = QWidget::font();
    const qreal scale = m_presenter ? 2.0 : 1.15;
    QFont reading = base;
    reading.setPointSizeF(qMax(base.pointSizeF() * scale, m_presenter ? 18.0 : 10.0));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(reading.pointSizeF() - 1.0);
    for (ReadingView *view : {m_input, m_left, m_right})
        view->setFonts(reading, mono);
    QFont caption = base;
    caption.setBold(true);
    caption.setPointSizeF(reading.pointSizeF() * 1.1);
    for (QLabel *label : {m_leftCaption, m_rightCaption, m_title, m_progress})
        label->setFont(caption);
    QFont small = base;
    small.setPointSizeF(m_presenter ? reading.pointSizeF() * 0.8 : base.pointSizeF());
    for (QLabel *label : {m_leftReveal, m_rightReveal, m_verdict, m_judge})
        label->setFont(small);
    m_note->setFont(small);
}

bool JudgingScreen::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_note && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            saveNote();
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            m_note->setVisible(false);
            setFocus();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void JudgingScreen::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Undo)) {
        undo();
        return;
    }
    if (event->modifiers() & ~Qt::KeypadModifier) {
        QWidget::keyPressEvent(event);
        return;
    }
    switch (event->key()) {
    case Qt::Key_1:
        judge(PairChoice::Left);
        return;
    case Qt::Key_2:
        judge(PairChoice::Right);
        return;
    case Qt::Key_3:
        judge(PairChoice::Tie);
        return;
    case Qt::Key_N:
        editNote();
        return;
    case Qt::Key_U:
        undo();
        return;
    case Qt::Key_J:
    case Qt::Key_Down:
        showPair(m_index + 1);
        return;
    case Qt::Key_K:
    case Qt::Key_Up:
        showPair(m_index - 1);
        return;
    case Qt::Key_P:
        setPresenterMode(!m_presenter);
        return;
    case Qt::Key_Escape:
        Q_EMIT backRequested();
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

} // namespace assay

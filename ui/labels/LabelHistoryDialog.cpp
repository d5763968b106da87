#include "labels/LabelHistoryDialog.h"

#include "labels/LabelText.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {
enum Column { WhenColumn, WhoColumn, ActionColumn, ChangeColumn, NoteColumn, TagsColumn };

QString captionOrNone(const std::optional<LabelValue> &label)
{
    return label ? labelCaption(label) : LabelHistoryDialog::tr("(none)");
}
} // namespace

LabelHistoryDialog::LabelHistoryDialog(const QString &outputKey, const QString &me, bool blind, QWidget *parent)
    : QDialog(parent), m_key(outputKey), m_me(me), m_blind(blind)
{
    setObjectName(u"labelHistoryDialog"_s);
    setWindowTitle(tr("Label history of %1").arg(outputKey));
    m_status = new QLabel(tr("Reading the history…"));
    m_status->setObjectName(u"labelHistoryStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_list = new QTreeWidget;
    m_list->setObjectName(u"labelHistoryList"_s);
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("When"), tr("Reviewer"), tr("Action"), tr("Old → new"), tr("Note"), tr("Tags")});
    m_list->header()->setSectionResizeMode(NoteColumn, QHeaderView::Stretch);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(820, 360);
}

void LabelHistoryDialog::setEvents(const QList<LabelEvent> &events)
{
    m_list->clear();
    bool mineExists = false;
    for (const LabelEvent &e : events)
        mineExists = mineExists || e.reviewer == m_me;
    // Blind mode: the same rule as the labels panel, judged on the history itself.
    const bool hideOthers = m_blind && !mineExists;
    QHash<QString, std::optional<LabelValue>> before; // reviewer -> label before this event
    int hidden = 0;
    for (const LabelEvent &e : events) {
        const std::optional<LabelValue> old = before.value(e.reviewer);
        before.insert(e.reviewer, e.label);
        if (hideOthers && e.reviewer != m_me) {
            ++hidden;
            continue;
        }
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(WhenColumn, QLocale().toString(e.labelledAt.toLocalTime(), QLocale::ShortFormat));
        item->setData(WhenColumn, Qt::UserRole, e.labelledAt);
        item->setText(WhoColumn, e.reviewer == m_me ? tr("%1 (you)").arg(e.reviewer) : e.reviewer);
        item->setText(ActionColumn, e.action);
        item->setText(ChangeColumn, u"%1 → %2"_s.arg(captionOrNone(old), captionOrNone(e.label)));
        item->setText(NoteColumn, e.note);
        item->setToolTip(NoteColumn, e.note);
        item->setText(TagsColumn, e.tags.join(u", "_s));
    }
    for (int c = 0; c < m_list->columnCount(); ++c) {
        if (c != NoteColumn)
            m_list->resizeColumnToContents(c);
    }
    QString status = events.isEmpty() ? tr("No reviewer has labelled this output.")
                                      : tr("%n change(s), oldest first. Nothing is ever overwritten.", nullptr,
                                           int(events.size()));
    if (hidden > 0)
        status += u' ' + tr("%n change(s) by other reviewers hidden until you label it (blind mode).", nullptr, hidden);
    m_status->setText(status);
    m_status->setStyleSheet({});
}

void LabelHistoryDialog::showError(const QString &message)
{
    m_list->clear();
    m_status->setText(tr("The history could not be read: %1").arg(message));
    m_status->setStyleSheet(u"color: #c62828;"_s);
}

} // namespace assay

#include "labels/ShortcutHelp.h"

#include "labels/LabelKeys.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

ShortcutHelp::ShortcutHelp(QWidget *parent) : QDialog(parent)
{
    setObjectName(u"shortcutHelp"_s);
    setWindowTitle(tr("Keyboard shortcuts"));
    const QList<ShortcutLine> lines = labelShortcutLines() + windowShortcutLines();
    auto *table = new QTableWidget(int(lines.size()), 3, this);
    table->setObjectName(u"shortcutTable"_s);
    table->setHorizontalHeaderLabels({tr("Keys"), tr("Does"), tr("Where")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setFocusPolicy(Qt::NoFocus);
    table->setWordWrap(false); // one line a shortcut: rows keep one height and the list reads at a glance
    table->setShowGrid(false);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
    QFont keysFont = table->font();
    keysFont.setBold(true);
    for (int row = 0; row < lines.size(); ++row) {
        auto *keys = new QTableWidgetItem(lines[row].keys);
        keys->setFont(keysFont);
        table->setItem(row, 0, keys);
        table->setItem(row, 1, new QTableWidgetItem(lines[row].action));
        table->setItem(row, 2, new QTableWidgetItem(lines[row].where));
    }
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    table->setTextElideMode(Qt::ElideRight);
    table->setToolTip(tr("Where: Everywhere = the outputs browser and a review session"));

    auto *intro = new QLabel(tr("Labels are saved to the workspace as you type them; a label shows as saved only "
                                "once it is on disk. Keys act on the list that has the focus."));
    intro->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(table, 1);
    layout->addWidget(buttons);
    const int rowsHeight = table->verticalHeader()->defaultSectionSize() * int(lines.size());
    resize(760, rowsHeight + table->horizontalHeader()->sizeHint().height() + 140);
}

void ShortcutHelp::keyPressEvent(QKeyEvent *event)
{
    // The key that opened it closes it again.
    if (event->key() == Qt::Key_F1 || event->text() == u"?") {
        reject();
        return;
    }
    QDialog::keyPressEvent(event);
}

ShortcutHelp *showShortcutHelp(QWidget *parent)
{
    QWidget *window = parent ? parent->window() : nullptr;
    auto *help = window ? window->findChild<ShortcutHelp *>(u"shortcutHelp"_s, Qt::FindDirectChildrenOnly) : nullptr;
    if (!help) {
        help = new ShortcutHelp(window);
        help->setAttribute(Qt::WA_DeleteOnClose);
    }
    help->show();
    help->raise();
    help->activateWindow();
    return help;
}

} // namespace assay

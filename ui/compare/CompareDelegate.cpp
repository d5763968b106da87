#include "compare/CompareDelegate.h"

#include "compare/CompareRoles.h"
#include "compare/WinRatePainter.h"

#include <QApplication>
#include <QPainter>

namespace assay {

namespace {

constexpr int kBarWidth = 140;

} // namespace

CompareDelegate::CompareDelegate(int winRateColumn, QObject *parent) : QStyledItemDelegate(parent), m_winRateColumn(winRateColumn)
{
}

void CompareDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QVariant tone = index.data(CompareRole::Tone);
    if (tone.isValid() && !(opt.state & QStyle::State_Selected)) {
        const auto t = CompareTone(tone.toInt());
        if (t == CompareTone::Good)
            opt.palette.setColor(QPalette::Text, goodColor(opt.palette));
        else if (t == CompareTone::Bad)
            opt.palette.setColor(QPalette::Text, badColor(opt.palette));
        if (t != CompareTone::Neutral)
            opt.font.setBold(true);
    }
    if (index.column() != m_winRateColumn) {
        const QWidget *widget = opt.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        return;
    }
    // The bar on the left of the cell, the figures to its right.
    const QString text = opt.text;
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    const QRect bar(opt.rect.left(), opt.rect.top(), qMin(kBarWidth, opt.rect.width() / 2), opt.rect.height());
    const bool hasData = index.data(CompareRole::Decisive).toLongLong() > 0;
    paintWinRate(*painter, bar, opt.palette, index.data(CompareRole::WinRate).toDouble(), index.data(CompareRole::CiLow).toDouble(),
                 index.data(CompareRole::CiHigh).toDouble(), hasData);
    const QRect textRect = opt.rect.adjusted(bar.width() + 4, 0, -4, 0);
    painter->save();
    painter->setPen(opt.palette.color(opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, opt.fontMetrics.elidedText(text, Qt::ElideRight, textRect.width()));
    painter->restore();
}

QSize CompareDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.column() == m_winRateColumn)
        size.setWidth(size.width() + kBarWidth + 8);
    return size;
}

} // namespace assay

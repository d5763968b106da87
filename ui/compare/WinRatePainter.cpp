#include "compare/WinRatePainter.h"

#include <QPainter>

namespace assay {

void paintWinRate(QPainter &painter, const QRect &rect, const QPalette &palette, double rate, double low, double high,
                  bool hasData)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const QRect area = rect.adjusted(6, 3, -6, -3);
    const auto xAt = [&area](double fraction) { return area.left() + fraction * area.width(); };
    const int midY = area.center().y();
    QColor axis = palette.color(QPalette::Mid);
    painter.setPen(QPen(axis, 1));
    painter.drawLine(QPointF(area.left(), midY), QPointF(area.right(), midY));
    // No difference: the line an interval must clear for a verdict.
    painter.setPen(QPen(palette.color(QPalette::WindowText), 1, Qt::DashLine));
    painter.drawLine(QPointF(xAt(0.5), area.top()), QPointF(xAt(0.5), area.bottom()));
    if (hasData) {
        const bool clearsHalf = low > 0.5 || high < 0.5;
        QColor bar = !clearsHalf ? palette.color(QPalette::Highlight) : low > 0.5 ? goodColor(palette) : badColor(palette);
        const qreal barHeight = qMax(4.0, area.height() * 0.45);
        const QRectF interval(QPointF(xAt(low), midY - barHeight / 2), QPointF(xAt(high), midY + barHeight / 2));
        bar.setAlpha(150);
        painter.setPen(Qt::NoPen);
        painter.setBrush(bar);
        painter.drawRoundedRect(interval, 2, 2);
        painter.setBrush(palette.color(QPalette::WindowText));
        const qreal dot = qMax(3.0, barHeight * 0.6);
        painter.drawEllipse(QPointF(xAt(rate), midY), dot, dot);
    }
    painter.restore();
}

} // namespace assay

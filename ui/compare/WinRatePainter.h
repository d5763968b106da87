#pragma once

#include <QColor>
#include <QPalette>
#include <QRect>

class QPainter;

namespace assay {

// Draws a win rate on a 0-100% axis: the 50% line (no difference), the 95% interval as a bar
// and the observed rate as a dot, so whether the interval clears 50% is seen at a glance.
// Shared by the scoreboard and the per-feature rows.
void paintWinRate(QPainter &painter, const QRect &rect, const QPalette &palette, double rate, double low, double high,
                  bool hasData);

// The shades the Compare view marks good and bad with, readable on light and dark palettes.
QColor goodColor(const QPalette &palette);
QColor badColor(const QPalette &palette);

} // namespace assay

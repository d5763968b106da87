#pragma once

#include "common/ToneColors.h"

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

} // namespace assay

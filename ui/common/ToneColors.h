#pragma once

#include <QColor>
#include <QPalette>

namespace assay {

// The shades cells and verdicts are marked good and bad with, readable on light and dark palettes.
QColor goodColor(const QPalette &palette);
QColor badColor(const QPalette &palette);

} // namespace assay

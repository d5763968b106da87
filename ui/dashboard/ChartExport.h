#pragma once

#include "util/Result.h"

#include <QString>

class QWidget;

namespace assay {

// Writes what `widget` shows to `path`: SVG (vector, through QSvgGenerator) when the name ends
// in .svg, else PNG at the screen's pixel ratio. The file is written whole or not at all.
Result<void> saveWidgetImage(QWidget &widget, const QString &path, const QString &title = QString());

// Writes text as UTF-8, atomically (QSaveFile).
Result<void> saveText(const QString &path, const QString &text);

} // namespace assay

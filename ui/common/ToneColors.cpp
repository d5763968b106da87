#include "common/ToneColors.h"

namespace assay {

namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

} // namespace

QColor goodColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x6f, 0xcf, 0x7f) : QColor(0x1e, 0x7b, 0x34);
}

QColor badColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x7b, 0x72) : QColor(0xb3, 0x26, 0x1e);
}

} // namespace assay

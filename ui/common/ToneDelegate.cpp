#include "common/ToneDelegate.h"

#include "common/CellTone.h"
#include "common/ToneColors.h"
#include "labels/LabelText.h"

namespace assay {

void ToneDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QVariant tone = index.data(CellRole::Tone);
    if (!tone.isValid() || (option->state & QStyle::State_Selected))
        return;
    QPalette &p = option->palette;
    const bool dark = p.color(QPalette::Base).lightness() < 128;
    switch (CellTone(tone.toInt())) {
    case CellTone::Neutral:
        return;
    case CellTone::Good:
        p.setColor(QPalette::Text, goodColor(p));
        return;
    case CellTone::Bad:
        p.setColor(QPalette::Text, badColor(p));
        return;
    case CellTone::Pending:
        option->font.setItalic(true);
        [[fallthrough]];
    case CellTone::Muted:
        p.setColor(QPalette::Text, p.color(QPalette::PlaceholderText));
        return;
    case CellTone::LabelPositive:
        p.setColor(QPalette::Text, labelColor(LabelValue::Positive, dark));
        return;
    case CellTone::LabelNegative:
        p.setColor(QPalette::Text, labelColor(LabelValue::Negative, dark));
        return;
    case CellTone::LabelEdited:
        p.setColor(QPalette::Text, labelColor(LabelValue::Edited, dark));
        return;
    }
}

} // namespace assay

#pragma once

#include <Qt>

namespace assay {

// How a cell reads, for models that must not pick colours or fonts themselves: the model says
// which tone (CellRole::Tone), ToneDelegate paints it from the view's palette, so a dark theme
// and a selected row stay readable.
enum class CellTone {
    Neutral,
    Good,          // a change for the better
    Bad,           // a change for the worse
    Muted,         // read-only or secondary: the placeholder colour
    Pending,       // not saved yet: muted and italic
    LabelPositive, // a reviewer's label, in the label's own colour
    LabelNegative,
    LabelEdited,
};

namespace CellRole {
enum : int { Tone = Qt::UserRole + 300 }; // int, CellTone
}

} // namespace assay

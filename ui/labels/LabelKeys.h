#pragma once

#include <QKeySequence>
#include <QList>
#include <QString>

class QKeyEvent;

namespace assay {

// The labelling keys, the same on every list (browser and review session).
enum class LabelKey {
    None,
    Positive,  // 1
    Negative,  // 2
    Edited,    // 3
    Clear,     // 0
    Next,      // J (and Down where the list does not move by itself)
    Previous,  // K (and Up)
    Note,      // N
    Corrected, // E
    Tag,       // T
    Open,      // Enter
    Undo,      // Ctrl+Z
    Redo,      // Ctrl+Shift+Z (and Ctrl+Y)
    Help,      // F1 or ?
};

// Which labelling key an event is; arrows only when `arrows` (a table moves by itself).
LabelKey labelKeyFor(const QKeyEvent *event, bool arrows);

// One line of the shortcut help.
struct ShortcutLine {
    QString keys;
    QString action;
    QString where; // "Everywhere", "Outputs browser", "Review session"
};
QList<ShortcutLine> labelShortcutLines();
// The window's own shortcuts (pages, open, export, report), listed after the label keys.
QList<ShortcutLine> windowShortcutLines();

} // namespace assay

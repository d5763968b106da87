#include "labels/LabelKeys.h"

#include <QCoreApplication>
#include <QKeyEvent>

using namespace Qt::StringLiterals;

namespace assay {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("assay::LabelKeys", text);
}
QString native(const QKeySequence &keys)
{
    return keys.toString(QKeySequence::NativeText);
}
} // namespace

LabelKey labelKeyFor(const QKeyEvent *event, bool arrows)
{
    if (event->matches(QKeySequence::Undo))
        return LabelKey::Undo;
    if (event->matches(QKeySequence::Redo))
        return LabelKey::Redo;
    if (event->key() == Qt::Key_F1 || event->text() == u"?")
        return LabelKey::Help;
    // Plain keys only: Ctrl+1 or Alt+J belong to someone else. Keypad digits count as digits.
    const Qt::KeyboardModifiers mods = event->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier);
    if (mods != Qt::NoModifier)
        return LabelKey::None;
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    switch (event->key()) {
    case Qt::Key_1: return shift ? LabelKey::None : LabelKey::Positive;
    case Qt::Key_2: return shift ? LabelKey::None : LabelKey::Negative;
    case Qt::Key_3: return shift ? LabelKey::None : LabelKey::Edited;
    case Qt::Key_0: return shift ? LabelKey::None : LabelKey::Clear;
    case Qt::Key_J: return LabelKey::Next;
    case Qt::Key_K: return LabelKey::Previous;
    case Qt::Key_Down: return arrows ? LabelKey::Next : LabelKey::None;
    case Qt::Key_Up: return arrows ? LabelKey::Previous : LabelKey::None;
    case Qt::Key_N: return LabelKey::Note;
    case Qt::Key_E: return LabelKey::Corrected;
    case Qt::Key_T: return LabelKey::Tag;
    case Qt::Key_Return:
    case Qt::Key_Enter: return shift ? LabelKey::None : LabelKey::Open;
    default: return LabelKey::None;
    }
}

QList<ShortcutLine> labelShortcutLines()
{
    const QString everywhere = tr("Everywhere");
    const QString browser = tr("Outputs browser");
    const QString review = tr("Review session");
    return {
        {tr("1"), tr("Label positive (all selected rows in the browser)"), everywhere},
        {tr("2"), tr("Label negative"), everywhere},
        {tr("3"), tr("Label edited"), everywhere},
        {tr("0"), tr("Clear your label"), everywhere},
        {tr("J / ↓"), tr("Next output"), everywhere},
        {tr("K / ↑"), tr("Previous output"), everywhere},
        {tr("Shift+↑/↓, Ctrl+click"), tr("Select several rows; a label key labels them all (one undo step)"), browser},
        {tr("N"), tr("Note on your label (browser) / the session note of the item (review)"), everywhere},
        {tr("E"), tr("Corrected output: edit the output, see the diff, save as edited"), everywhere},
        {tr("T"), tr("Tags on your label (completes known tags)"), everywhere},
        {tr("Enter"), tr("Open the detail of the current output"), browser},
        {tr("H"), tr("Label history of the current output: every change, who and when"), browser},
        {tr("Esc"), tr("Back to the label keys (from the detail, the note or the decision field)"), everywhere},
        {tr("D"), tr("Add an entry to the decision log"), review},
        {tr("F"), tr("Finish: close the session and show its summary"), review},
        {native(QKeySequence(Qt::CTRL | Qt::Key_Z)), tr("Undo the last label change (a bulk change is one step)"),
         everywhere},
        {native(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)) + u" / "_s + native(QKeySequence(Qt::CTRL | Qt::Key_Y)),
         tr("Redo"), everywhere},
        {tr("F1 / ?"), tr("This help"), everywhere},
    };
}

QList<ShortcutLine> windowShortcutLines()
{
    const QString window = tr("Window");
    const auto key = [](QKeySequence::StandardKey standard) { return native(QKeySequence(standard)); };
    return {
        {u"Ctrl+1 / 2 / 3 / 4 / 5"_s, tr("Outputs, Prompts, Review, Dashboard, Replay page"), window},
        {key(QKeySequence::Find), tr("Search outputs and inputs"), window},
        {key(QKeySequence::Open), tr("Open a SQLite log"), window},
        {native(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)), tr("Open a PostgreSQL log"), window},
        {native(QKeySequence(Qt::CTRL | Qt::Key_E)), tr("Export the filtered outputs"), window},
        {native(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)), tr("Write the weekly report"), window},
        {key(QKeySequence::Refresh), tr("Reload (the log has grown)"), window},
        {u"Ctrl+Home / Ctrl+End"_s, tr("Newest / oldest output"), tr("Outputs browser")},
    };
}

} // namespace assay

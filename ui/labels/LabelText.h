#pragma once

#include "labels/LabelStore.h"

#include <QColor>
#include <QList>
#include <QString>

#include <optional>

namespace assay {

// One output's reviewer labels as the UI holds them: what is saved, and what is being saved.
struct ItemLabels {
    bool loaded = false;
    std::optional<LabelEvent> mine; // this reviewer's saved label
    QList<LabelEvent> others;       // other reviewers' current labels
    int saving = 0;                 // edits sent and not yet confirmed
    std::optional<LabelValue> pending; // what the newest of them sets (none: a clear)
    QString error;                  // why the last edit was not saved
};

// "✓", "✗", "✎": one glyph per label, readable at a glance in a narrow column.
QString labelGlyph(LabelValue value);
// "✓ positive"; "" for no label.
QString labelCaption(std::optional<LabelValue> value);
QColor labelColor(LabelValue value, bool darkPalette);

// Whether other reviewers' labels may be shown: blind mode hides them until you have labelled.
bool othersVisible(const ItemLabels &labels, bool blind);

// The review column's text: your label (or "saving…"), and how many others labelled it.
QString reviewColumnText(const ItemLabels &labels, bool blind);
// Every visible reviewer's label with note, tags and time, as rich text for the detail pane.
QString reviewerLabelsHtml(const ItemLabels &labels, const QString &me, bool blind);

} // namespace assay

#pragma once

#include <QByteArray>
#include <QList>

namespace assay {

// The 1-based line on which each element of a JSON document's list of checks starts: the
// top-level array, or the array under `key` in a top-level object. JSON parsers keep no
// positions, so this is a small scan of the (already validated) text. Empty when not found.
QList<int> jsonElementLines(const QByteArray &text, const QByteArray &key);

// The 1-based line of a byte offset.
int lineOfOffset(const QByteArray &text, qsizetype offset);

} // namespace assay

#pragma once

#include "prompts/TextDiff.h"

#include <QString>

namespace assay {

// One hunk of a unified diff: rows [firstRow, lastRow] of TextDiff::rows (context included),
// and the ranges it covers, 0-based, as `@@ -leftStart+1,leftCount +rightStart+1,rightCount @@`.
struct DiffHunk {
    int firstRow = 0;
    int lastRow = 0;
    int leftStart = 0;
    int leftCount = 0;
    int rightStart = 0;
    int rightCount = 0;
};

// Hunks as GNU diff forms them: changes less than 2 * context + 1 unchanged lines apart share
// a hunk, each with up to `context` lines around it.
QList<DiffHunk> diffHunks(const TextDiff &diff, int context = 3);

// "@@ -1,4 +1,5 @@": ranges written the way GNU diff and patch expect (",1" left out, an empty
// range numbered by the line before it).
QString hunkHeader(const DiffHunk &hunk);

// The diff in GNU diff's unified format (-u), byte for byte what `diff -u --label L --label R`
// prints for the same alignment: ---/+++ headers, hunks, and "\ No newline at end of file".
// Context lines come from the left text. Empty when the texts are equal.
QString unifiedDiff(const TextDiff &diff, const QString &leftLabel, const QString &rightLabel, int context = 3);

// The same hunks with changes inline, as git's --word-diff=plain writes them: unchanged text as
// is, [-removed-] and {+added+} inside each changed line. Empty when the texts are equal.
QString wordDiffText(const TextDiff &diff, const QString &leftLabel, const QString &rightLabel, int context = 3);

} // namespace assay

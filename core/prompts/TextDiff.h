#pragma once

#include "prompts/WordDiff.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace assay {

enum class RowKind { Equal, Changed, Added, Removed };

// One row of the side-by-side view. Changed rows pair a removed line with the added line that
// replaced it; the spans mark the words that differ (whole lines when the two have little in
// common). Line numbers are 0-based indexes into TextDiff::left / right; -1 on the empty side.
struct DiffRow {
    RowKind kind = RowKind::Equal;
    int left = -1;
    int right = -1;
    QList<TextSpan> leftSpans;
    QList<TextSpan> rightSpans;
    bool spansDone = false; // Changed rows: the spans have been computed (see fillWordSpans)
};

struct DiffOptions {
    // Like GNU diff -w: lines that differ only in white space (and a missing final newline)
    // are equal, and white space is never highlighted.
    bool ignoreWhitespace = false;
    // Compute the word-level spans of every Changed row now. A view of a big diff can leave
    // this off and call fillWordSpans() for the rows it shows.
    bool wordLevel = true;
    // Pair each edited line with its new form by similarity (for the side-by-side view); off,
    // a block's lines pair in order, which is all the unified text needs.
    bool pairSimilarLines = true;
};

// A line diff of two texts with as few changed lines as possible (the count `diff --minimal`
// reports), laid out for a side-by-side view.
struct TextDiff {
    QStringList left; // lines without their "\n"
    QStringList right;
    bool leftMissingNewline = false; // the text does not end with "\n"
    bool rightMissingNewline = false;
    QList<DiffRow> rows;
    int removedLines = 0; // lines only in the left text (Changed rows count one each side)
    int addedLines = 0;
    bool ignoreWhitespace = false;
    // False only for texts so far apart that dtl's exact search hit its size cap; the
    // result is then still a correct diff, but may not be the smallest.
    bool minimal = true;

    bool identical() const { return removedLines == 0 && addedLines == 0; }
};

TextDiff diffTexts(const QString &left, const QString &right, const DiffOptions &options = {});

// Computes the word-level spans of the Changed rows in [firstRow, lastRow] that lack them, so a
// view can highlight only what is on screen (a few hundred microseconds per screenful).
void fillWordSpans(TextDiff &diff, int firstRow, int lastRow);

// The diff options the unified text needs: alignment only, no pairing or spans (fastest).
inline DiffOptions unifiedDiffOptions(bool ignoreWhitespace = false)
{
    return DiffOptions{ignoreWhitespace, false, false};
}

// The lines as diff sees them: split on "\n"; a final "\n" ends the last line rather than
// starting an empty one.
QStringList splitLines(const QString &text, bool *missingNewline = nullptr);

} // namespace assay

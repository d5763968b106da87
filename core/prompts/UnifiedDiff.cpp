#include "prompts/UnifiedDiff.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// A maximal run of non-equal rows, in row indexes [first, last].
struct Change {
    int first;
    int last;
};

QList<Change> changesOf(const TextDiff &diff)
{
    QList<Change> changes;
    for (int i = 0; i < diff.rows.size(); ++i) {
        if (diff.rows[i].kind == RowKind::Equal)
            continue;
        if (!changes.isEmpty() && changes.last().last == i - 1)
            changes.last().last = i;
        else
            changes.append({i, i});
    }
    return changes;
}

// The left line number at a row (its own or, for an added row, the next left line).
int leftLineAt(const TextDiff &diff, int row)
{
    for (int i = row; i < diff.rows.size(); ++i) {
        if (diff.rows[i].left >= 0)
            return diff.rows[i].left;
    }
    return static_cast<int>(diff.left.size());
}

int rightLineAt(const TextDiff &diff, int row)
{
    for (int i = row; i < diff.rows.size(); ++i) {
        if (diff.rows[i].right >= 0)
            return diff.rows[i].right;
    }
    return static_cast<int>(diff.right.size());
}

QString range(int start, int count)
{
    if (count == 0)
        return u"%1,0"_s.arg(start); // the line before the empty range (0 for the top)
    if (count == 1)
        return QString::number(start + 1);
    return u"%1,%2"_s.arg(start + 1).arg(count);
}

void appendLine(QString &out, QChar prefix, const QString &text, bool missingNewline)
{
    out += prefix;
    out += text;
    out += u'\n';
    if (missingNewline)
        out += u"\\ No newline at end of file\n"_s;
}

QString inlineChanges(const TextDiff &diff, const DiffRow &row)
{
    QString out;
    for (const WordSegment &s : diffWords(diff.left[row.left], diff.right[row.right], diff.ignoreWhitespace).segments) {
        switch (s.change) {
        case WordChange::Equal:
            out += s.text;
            break;
        case WordChange::Removed:
            out += u"[-"_s + s.text + u"-]"_s;
            break;
        case WordChange::Added:
            out += u"{+"_s + s.text + u"+}"_s;
            break;
        }
    }
    return out;
}

} // namespace

QList<DiffHunk> diffHunks(const TextDiff &diff, int context)
{
    context = std::max(0, context);
    QList<DiffHunk> hunks;
    const QList<Change> changes = changesOf(diff);
    const int rowCount = static_cast<int>(diff.rows.size());
    for (qsizetype c = 0; c < changes.size();) {
        qsizetype last = c;
        // GNU's find_hunk: keep going while fewer than 2 * context + 1 equal rows separate changes.
        while (last + 1 < changes.size() && changes[last + 1].first - changes[last].last - 1 < 2 * context + 1)
            ++last;
        DiffHunk h;
        h.firstRow = std::max(0, changes[c].first - context);
        h.lastRow = std::min(rowCount - 1, changes[last].last + context);
        h.leftStart = leftLineAt(diff, h.firstRow);
        h.rightStart = rightLineAt(diff, h.firstRow);
        for (int r = h.firstRow; r <= h.lastRow; ++r) {
            h.leftCount += diff.rows[r].left >= 0 ? 1 : 0;
            h.rightCount += diff.rows[r].right >= 0 ? 1 : 0;
        }
        hunks.append(h);
        c = last + 1;
    }
    return hunks;
}

QString hunkHeader(const DiffHunk &hunk)
{
    return u"@@ -%1 +%2 @@"_s.arg(range(hunk.leftStart, hunk.leftCount), range(hunk.rightStart, hunk.rightCount));
}

QString unifiedDiff(const TextDiff &diff, const QString &leftLabel, const QString &rightLabel, int context)
{
    const QList<DiffHunk> hunks = diffHunks(diff, context);
    if (hunks.isEmpty())
        return {};
    const int lastLeft = static_cast<int>(diff.left.size()) - 1;
    const int lastRight = static_cast<int>(diff.right.size()) - 1;
    QString out = u"--- "_s + leftLabel + u"\n+++ "_s + rightLabel + u'\n';
    for (const DiffHunk &h : hunks) {
        out += hunkHeader(h);
        out += u'\n';
        QList<int> removed;
        QList<int> added;
        const auto flush = [&] {
            for (int l : removed)
                appendLine(out, u'-', diff.left[l], diff.leftMissingNewline && l == lastLeft);
            for (int r : added)
                appendLine(out, u'+', diff.right[r], diff.rightMissingNewline && r == lastRight);
            removed.clear();
            added.clear();
        };
        for (int i = h.firstRow; i <= h.lastRow; ++i) {
            const DiffRow &row = diff.rows[i];
            if (row.kind == RowKind::Equal) {
                flush(); // a change prints all its removed lines, then all its added ones
                appendLine(out, u' ', diff.left[row.left], diff.leftMissingNewline && row.left == lastLeft);
                continue;
            }
            if (row.left >= 0)
                removed << row.left;
            if (row.right >= 0)
                added << row.right;
        }
        flush();
    }
    return out;
}

QString wordDiffText(const TextDiff &diff, const QString &leftLabel, const QString &rightLabel, int context)
{
    const QList<DiffHunk> hunks = diffHunks(diff, context);
    if (hunks.isEmpty())
        return {};
    QString out = u"--- "_s + leftLabel + u"\n+++ "_s + rightLabel + u'\n';
    for (const DiffHunk &h : hunks) {
        out += hunkHeader(h);
        out += u'\n';
        for (int i = h.firstRow; i <= h.lastRow; ++i) {
            const DiffRow &row = diff.rows[i];
            switch (row.kind) {
            case RowKind::Equal:
                out += diff.left[row.left];
                break;
            case RowKind::Changed:
                out += inlineChanges(diff, row);
                break;
            case RowKind::Removed:
                out += u"[-"_s + diff.left[row.left] + u"-]"_s;
                break;
            case RowKind::Added:
                out += u"{+"_s + diff.right[row.right] + u"+}"_s;
                break;
            }
            out += u'\n';
        }
    }
    return out;
}

} // namespace assay

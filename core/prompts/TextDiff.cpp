#include "prompts/TextDiff.h"

#include "prompts/SequenceMatch.h"

#include <QHash>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Above this many line pairs in one changed block, pairing by similarity costs more than it
// helps; lines are paired in order instead.
constexpr qsizetype kMaxPairingCells = 10'000;
// Below this share of common words two lines are not "the same line, edited".
constexpr double kSimilarEnough = 0.3;

bool isAsciiSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\v' || c == u'\f' || c == u'\r' || c == u'\n';
}

QString withoutWhitespace(const QString &line)
{
    QString out;
    out.reserve(line.size());
    for (QChar c : line) {
        if (!isAsciiSpace(c))
            out += c;
    }
    return out;
}

// Ids for lines; a last line without "\n" differs from the same text with one, as in GNU diff.
std::vector<int> symbolsOf(const QStringList &lines, bool missingNewline, bool ignoreWhitespace,
                           QHash<QString, int> &ids)
{
    std::vector<int> out;
    out.reserve(static_cast<std::size_t>(lines.size()));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString key = ignoreWhitespace ? withoutWhitespace(lines[i]) : lines[i];
        if (!ignoreWhitespace && missingNewline && i == lines.size() - 1)
            key.prepend(u'\n'); // no line contains "\n", so this key is unique to the case
        out.push_back(*ids.insert(key, ids.value(key, static_cast<int>(ids.size()))));
    }
    return out;
}

void computeSpans(const TextDiff &diff, DiffRow &row)
{
    row.spansDone = true;
    const QString &a = diff.left[row.left];
    const QString &b = diff.right[row.right];
    // A cheap word-overlap check first: lines that share few words are highlighted whole, and
    // the word diff (the costly part) runs only for lines that are edits of each other.
    const bool related = fingerprintSimilarity(wordFingerprint(a), wordFingerprint(b)) >= kSimilarEnough;
    const WordDiff words = related ? diffWords(a, b, diff.ignoreWhitespace, false) : WordDiff{};
    if (related && words.similarity >= kSimilarEnough) {
        row.leftSpans = words.left;
        row.rightSpans = words.right;
        return;
    }
    // Nothing much in common: the whole line changed.
    row.leftSpans = a.isEmpty() ? QList<TextSpan>{} : QList<TextSpan>{TextSpan{0, a.size()}};
    row.rightSpans = b.isEmpty() ? QList<TextSpan>{} : QList<TextSpan>{TextSpan{0, b.size()}};
}

class RowBuilder {
public:
    RowBuilder(TextDiff &diff, const DiffOptions &options) : m_diff(diff), m_options(options) {}

    void equal(int l, int r) { m_diff.rows.append(DiffRow{RowKind::Equal, l, r, {}, {}, false}); }

    // A block of removed lines [l0, l1) replaced by [r0, r1).
    void block(int l0, int l1, int r0, int r1)
    {
        m_diff.removedLines += l1 - l0;
        m_diff.addedLines += r1 - r0;
        const int k = l1 - l0;
        const int m = r1 - r0;
        // The unified text prints a block's removed lines, then its added ones: it needs no pairs.
        if (!m_options.pairSimilarLines || k == 0 || m == 0 || static_cast<qsizetype>(k) * m > kMaxPairingCells) {
            pairInOrder(l0, l1, r0, r1);
            return;
        }
        // Align by similarity (a small LCS where "equal" means "similar enough"), so an edited
        // line sits beside its new form even when lines were inserted before it.
        std::vector<WordSet> leftWords, rightWords;
        for (int i = l0; i < l1; ++i)
            leftWords.push_back(wordSet(m_diff.left[i]));
        for (int j = r0; j < r1; ++j)
            rightWords.push_back(wordSet(m_diff.right[j]));
        std::vector<double> sim(static_cast<std::size_t>(k * m));
        for (int i = 0; i < k; ++i) {
            for (int j = 0; j < m; ++j) {
                sim[static_cast<std::size_t>(i * m + j)] =
                    wordSetSimilarity(leftWords[static_cast<std::size_t>(i)], rightWords[static_cast<std::size_t>(j)]);
            }
        }
        std::vector<double> best(static_cast<std::size_t>((k + 1) * (m + 1)), 0.0);
        const auto at = [m](int i, int j) { return static_cast<std::size_t>(i * (m + 1) + j); };
        for (int i = 1; i <= k; ++i) {
            for (int j = 1; j <= m; ++j) {
                double v = std::max(best[at(i - 1, j)], best[at(i, j - 1)]);
                const double s = sim[static_cast<std::size_t>((i - 1) * m + (j - 1))];
                if (s >= kSimilarEnough)
                    v = std::max(v, best[at(i - 1, j - 1)] + s);
                best[at(i, j)] = v;
            }
        }
        std::vector<std::pair<int, int>> anchors;
        for (int i = k, j = m; i > 0 && j > 0;) {
            const double s = sim[static_cast<std::size_t>((i - 1) * m + (j - 1))];
            if (s >= kSimilarEnough && best[at(i, j)] == best[at(i - 1, j - 1)] + s) {
                anchors.emplace_back(i - 1, j - 1);
                --i;
                --j;
            } else if (best[at(i, j)] == best[at(i - 1, j)]) {
                --i;
            } else {
                --j;
            }
        }
        int li = l0;
        int rj = r0;
        for (auto it = anchors.rbegin(); it != anchors.rend(); ++it) {
            pairInOrder(li, l0 + it->first, rj, r0 + it->second);
            changed(l0 + it->first, r0 + it->second);
            li = l0 + it->first + 1;
            rj = r0 + it->second + 1;
        }
        pairInOrder(li, l1, rj, r1);
    }

private:
    // Lines between two anchors sit side by side in order; the longer side's rest stands alone.
    void pairInOrder(int l0, int l1, int r0, int r1)
    {
        const int pairs = std::min(l1 - l0, r1 - r0);
        for (int p = 0; p < pairs; ++p)
            changed(l0 + p, r0 + p);
        for (int l = l0 + pairs; l < l1; ++l)
            m_diff.rows.append(DiffRow{RowKind::Removed, l, -1, {}, {}, false});
        for (int r = r0 + pairs; r < r1; ++r)
            m_diff.rows.append(DiffRow{RowKind::Added, -1, r, {}, {}, false});
    }

    void changed(int l, int r)
    {
        DiffRow row{RowKind::Changed, l, r, {}, {}, false};
        if (m_options.wordLevel)
            computeSpans(m_diff, row);
        m_diff.rows.append(row);
    }

    TextDiff &m_diff;
    const DiffOptions &m_options;
};

} // namespace

QStringList splitLines(const QString &text, bool *missingNewline)
{
    QStringList lines;
    if (missingNewline)
        *missingNewline = !text.isEmpty() && !text.endsWith(u'\n');
    if (text.isEmpty())
        return lines;
    lines = text.split(u'\n');
    if (text.endsWith(u'\n'))
        lines.removeLast();
    return lines;
}

TextDiff diffTexts(const QString &left, const QString &right, const DiffOptions &options)
{
    TextDiff diff;
    diff.ignoreWhitespace = options.ignoreWhitespace;
    diff.left = splitLines(left, &diff.leftMissingNewline);
    diff.right = splitLines(right, &diff.rightMissingNewline);
    QHash<QString, int> ids;
    ids.reserve(diff.left.size() + diff.right.size());
    const std::vector<int> a = symbolsOf(diff.left, diff.leftMissingNewline, options.ignoreWhitespace, ids);
    const std::vector<int> b = symbolsOf(diff.right, diff.rightMissingNewline, options.ignoreWhitespace, ids);
    const SequenceMatch match = matchSequences(a, b);
    diff.minimal = match.minimal;

    diff.rows.reserve(std::max(diff.left.size(), diff.right.size()));
    RowBuilder rows(diff, options);
    int l = 0;
    int r = 0;
    for (const auto &[i, j] : match.pairs) {
        if (i > l || j > r)
            rows.block(l, i, r, j);
        rows.equal(i, j);
        l = i + 1;
        r = j + 1;
    }
    if (l < diff.left.size() || r < diff.right.size())
        rows.block(l, static_cast<int>(diff.left.size()), r, static_cast<int>(diff.right.size()));
    return diff;
}

void fillWordSpans(TextDiff &diff, int firstRow, int lastRow)
{
    firstRow = std::max(0, firstRow);
    lastRow = std::min(lastRow, static_cast<int>(diff.rows.size()) - 1);
    for (int i = firstRow; i <= lastRow; ++i) {
        DiffRow &row = diff.rows[i];
        if (row.kind == RowKind::Changed && !row.spansDone)
            computeSpans(diff, row);
    }
}

} // namespace assay

#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <array>
#include <vector>

namespace assay {

// A range of a line to highlight, in UTF-16 units.
struct TextSpan {
    qsizetype start = 0;
    qsizetype length = 0;
    bool operator==(const TextSpan &) const = default;
};

enum class WordChange { Equal, Removed, Added };

struct WordSegment {
    WordChange change = WordChange::Equal;
    QString text;
};

// What changed inside one changed line. Words are runs of letters, digits and _; every other
// character is a token of its own, and runs of white space are one token. With
// ignoreWhitespace, white space never counts as a change.
struct WordDiff {
    QList<TextSpan> left;  // removed words in the old line; neighbours only white space apart are merged
    QList<TextSpan> right; // added words in the new line
    // The two lines as one stream: equal text, then what was removed, then what was added
    // (git's --word-diff shape). Equal text is the old line's.
    QList<WordSegment> segments;
    double similarity = 1.0; // share of the two lines' words in common, 0..1
};

// `withSegments` false leaves WordDiff::segments empty (the side-by-side view needs only spans).
WordDiff diffWords(QStringView left, QStringView right, bool ignoreWhitespace = false, bool withSegments = true);

// Share of words two lines have in common (2 * common / (words in both)); 1 for two blank lines.
double lineSimilarity(QStringView left, QStringView right);

// The same in two steps, for comparing every line of a block with every other: a line's words
// as sorted hashes, then the similarity of two such fingerprints.
std::vector<std::size_t> wordFingerprint(QStringView line);
double fingerprintSimilarity(const std::vector<std::size_t> &a, const std::vector<std::size_t> &b);

// Rougher and much cheaper: a line's distinct words hashed into 256 bits, compared with a few
// popcounts. Good enough to line up the lines of a big changed block for the side-by-side view.
struct WordSet {
    std::array<quint64, 4> bits{};
};
WordSet wordSet(QStringView line);
double wordSetSimilarity(const WordSet &a, const WordSet &b);

} // namespace assay

#include "prompts/WordDiff.h"

#include "prompts/SequenceMatch.h"

#include <QHash>

#include <algorithm>
#include <bit>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

struct Token {
    qsizetype start;
    qsizetype length;
    bool space;
};

bool isWordChar(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x80) // prompts are mostly ASCII: skip the Unicode tables for it
        return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'_';
    return c.isLetterOrNumber() || c.isMark();
}

QList<Token> tokenize(QStringView text)
{
    QList<Token> tokens;
    tokens.reserve(text.size() / 3 + 1);
    qsizetype i = 0;
    while (i < text.size()) {
        const qsizetype start = i;
        const QChar c = text[i];
        if (c.isSpace()) {
            while (i < text.size() && text[i].isSpace())
                ++i;
            tokens.append({start, i - start, true});
        } else if (isWordChar(c)) {
            while (i < text.size() && isWordChar(text[i]))
                ++i;
            tokens.append({start, i - start, false});
        } else {
            // Keep surrogate pairs (emoji) whole.
            i += (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) ? 2 : 1;
            tokens.append({start, i - start, false});
        }
    }
    return tokens;
}

// Spans of the tokens not matched, merging neighbours that only white space separates. Changed
// white space counts too ("a b" -> "a  b"), unless the caller ignores it (then it is matched).
QList<TextSpan> changedSpans(QStringView text, const QList<Token> &tokens, const std::vector<bool> &matched)
{
    QList<TextSpan> spans;
    for (qsizetype t = 0; t < tokens.size(); ++t) {
        if (matched[static_cast<std::size_t>(t)])
            continue;
        const Token &tok = tokens[t];
        if (!spans.isEmpty()) {
            TextSpan &last = spans.last();
            const qsizetype gapStart = last.start + last.length;
            const QStringView gap = text.sliced(gapStart, tok.start - gapStart);
            if (gap.trimmed().isEmpty()) {
                last.length = tok.start + tok.length - last.start;
                continue;
            }
        }
        spans.append({tok.start, tok.length});
    }
    return spans;
}

// The tokens of tokenize() without building them: FNV-1a over each word or symbol, white space
// skipped. Used for every line of every changed block, so it allocates nothing.
template <typename Visit>
void forEachWordHash(QStringView line, Visit visit)
{
    constexpr std::size_t basis = 14695981039346656037ULL;
    constexpr std::size_t prime = 1099511628211ULL;
    qsizetype i = 0;
    while (i < line.size()) {
        const QChar c = line[i];
        if (c.isSpace()) {
            ++i;
            continue;
        }
        std::size_t h = basis;
        const auto mix = [&h](QChar ch) { h = (h ^ ch.unicode()) * prime; };
        if (isWordChar(c)) {
            for (; i < line.size() && isWordChar(line[i]); ++i)
                mix(line[i]);
        } else {
            mix(line[i++]);
            if (c.isHighSurrogate() && i < line.size() && line[i].isLowSurrogate())
                mix(line[i++]);
        }
        visit(h);
    }
}

} // namespace

WordDiff diffWords(QStringView left, QStringView right, bool ignoreWhitespace, bool withSegments)
{
    const QList<Token> lt = tokenize(left);
    const QList<Token> rt = tokenize(right);
    QHash<QStringView, int> ids;
    std::vector<int> a, b;
    std::vector<qsizetype> ai, bi; // token index behind each symbol
    const auto symbol = [&](QStringView text) { return *ids.insert(text, ids.value(text, static_cast<int>(ids.size()))); };
    for (qsizetype t = 0; t < lt.size(); ++t) {
        if (ignoreWhitespace && lt[t].space)
            continue;
        a.push_back(symbol(left.sliced(lt[t].start, lt[t].length)));
        ai.push_back(t);
    }
    for (qsizetype t = 0; t < rt.size(); ++t) {
        if (ignoreWhitespace && rt[t].space)
            continue;
        b.push_back(symbol(right.sliced(rt[t].start, rt[t].length)));
        bi.push_back(t);
    }
    const SequenceMatch match = matchSequences(a, b);
    // With white space ignored, white-space tokens count as matched: they are never highlighted.
    std::vector<bool> lm(static_cast<std::size_t>(lt.size()), false);
    std::vector<bool> rm(static_cast<std::size_t>(rt.size()), false);
    for (qsizetype t = 0; t < lt.size(); ++t)
        lm[static_cast<std::size_t>(t)] = ignoreWhitespace && lt[t].space;
    for (qsizetype t = 0; t < rt.size(); ++t)
        rm[static_cast<std::size_t>(t)] = ignoreWhitespace && rt[t].space;
    for (const auto &[i, j] : match.pairs) {
        lm[static_cast<std::size_t>(ai[static_cast<std::size_t>(i)])] = true;
        rm[static_cast<std::size_t>(bi[static_cast<std::size_t>(j)])] = true;
    }

    WordDiff out;
    out.left = changedSpans(left, lt, lm);
    out.right = changedSpans(right, rt, rm);
    const std::size_t words = a.size() + b.size();
    out.similarity = words == 0 ? 1.0 : 2.0 * static_cast<double>(match.pairs.size()) / static_cast<double>(words);

    if (!withSegments)
        return out;
    // The merged stream: walk both token lists, flushing unmatched runs before each match.
    const auto push = [&out](WordChange change, QStringView text) {
        if (text.isEmpty())
            return;
        if (!out.segments.isEmpty() && out.segments.last().change == change)
            out.segments.last().text += text;
        else
            out.segments.append({change, text.toString()});
    };
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < lt.size() || j < rt.size()) {
        QString removed;
        QString added;
        for (; i < lt.size() && !lm[static_cast<std::size_t>(i)]; ++i)
            removed += left.sliced(lt[i].start, lt[i].length);
        for (; j < rt.size() && !rm[static_cast<std::size_t>(j)]; ++j)
            added += right.sliced(rt[j].start, rt[j].length);
        push(WordChange::Removed, removed);
        push(WordChange::Added, added);
        if (i < lt.size() && j < rt.size()) {
            push(WordChange::Equal, left.sliced(lt[i].start, lt[i].length));
            // White space ignored: a space token may stand on one side only; emit the old side's.
            if (ignoreWhitespace && lt[i].space != rt[j].space) {
                if (lt[i].space)
                    ++i;
                else
                    ++j;
                continue;
            }
            ++i;
            ++j;
        } else if (i < lt.size()) {
            push(WordChange::Equal, left.sliced(lt[i].start, lt[i].length)); // trailing white space
            ++i;
        } else if (j < rt.size()) {
            ++j;
        }
    }
    return out;
}

std::vector<std::size_t> wordFingerprint(QStringView line)
{
    std::vector<std::size_t> out;
    out.reserve(static_cast<std::size_t>(line.size() / 4 + 1));
    forEachWordHash(line, [&out](std::size_t h) { out.push_back(h); });
    std::sort(out.begin(), out.end());
    return out;
}

double fingerprintSimilarity(const std::vector<std::size_t> &a, const std::vector<std::size_t> &b)
{
    if (a.empty() && b.empty())
        return 1.0;
    // Branch-free merge of the two sorted lists: the comparisons are unpredictable, and this
    // runs for every pair of lines in a changed block.
    std::size_t common = 0;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        const std::size_t x = a[i];
        const std::size_t y = b[j];
        common += x == y ? 1 : 0;
        i += x <= y ? 1 : 0;
        j += y <= x ? 1 : 0;
    }
    return 2.0 * static_cast<double>(common) / static_cast<double>(a.size() + b.size());
}

WordSet wordSet(QStringView line)
{
    WordSet set;
    forEachWordHash(line, [&set](std::size_t h) {
        const std::size_t bit = (h ^ (h >> 29) ^ (h >> 47)) & 255;
        set.bits[bit >> 6] |= quint64(1) << (bit & 63);
    });
    return set;
}

double wordSetSimilarity(const WordSet &a, const WordSet &b)
{
    int common = 0;
    int total = 0;
    for (std::size_t i = 0; i < a.bits.size(); ++i) {
        common += std::popcount(a.bits[i] & b.bits[i]);
        total += std::popcount(a.bits[i]) + std::popcount(b.bits[i]);
    }
    return total == 0 ? 1.0 : 2.0 * common / total;
}

double lineSimilarity(QStringView left, QStringView right)
{
    return fingerprintSimilarity(wordFingerprint(left), wordFingerprint(right));
}

} // namespace assay

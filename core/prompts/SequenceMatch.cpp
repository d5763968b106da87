#include "prompts/SequenceMatch.h"

#include <algorithm>

// dtl is header-only and written for older compilers: keep its warnings out of our build.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wshadow=local"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
#include <dtl/dtl.hpp>
#pragma GCC diagnostic pop

namespace assay {

namespace {

// dtl walks the O(NP) search one diagonal band per p and stops early, answering with a
// possibly longer script, once it has recorded MAX_CORDINATES_SIZE path points. Each round p
// records delta + 2p + 1 points, so after rounds 0..p it holds (p + 1)(delta + p + 1). When
// dtl's own answer has p_ans and p_ans * (delta + p_ans) stays under the cap, the true p (which
// is <= p_ans) finished before the cap could stop it: the answer is exact.
bool certifiedMinimal(std::size_t m, std::size_t n, std::size_t edits)
{
    const unsigned long long shorter = std::min(m, n);
    const unsigned long long longer = std::max(m, n);
    const unsigned long long delta = longer - shorter;
    const unsigned long long p = edits >= delta ? (edits - delta) / 2 : 0;
    return p * (delta + p) < dtl::MAX_CORDINATES_SIZE;
}

} // namespace

SequenceMatch matchSequences(const std::vector<int> &a, const std::vector<int> &b)
{
    SequenceMatch out;
    const int m = static_cast<int>(a.size());
    const int n = static_cast<int>(b.size());
    // Common ends first: cheap, and they are always part of some longest common subsequence.
    int head = 0;
    while (head < m && head < n && a[static_cast<std::size_t>(head)] == b[static_cast<std::size_t>(head)])
        ++head;
    int tail = 0;
    while (tail < m - head && tail < n - head
           && a[static_cast<std::size_t>(m - 1 - tail)] == b[static_cast<std::size_t>(n - 1 - tail)])
        ++tail;
    for (int i = 0; i < head; ++i)
        out.pairs.emplace_back(i, i);

    // A symbol missing from the other side can never match: leaving it out keeps the result
    // exact and makes rewrites of whole sections (mostly unique lines) cheap.
    std::vector<int> countB;
    std::vector<int> countA;
    for (int j = head; j < n - tail; ++j) {
        const auto s = static_cast<std::size_t>(b[static_cast<std::size_t>(j)]);
        if (s >= countB.size())
            countB.resize(s + 1, 0);
        ++countB[s];
    }
    for (int i = head; i < m - tail; ++i) {
        const auto s = static_cast<std::size_t>(a[static_cast<std::size_t>(i)]);
        if (s >= countA.size())
            countA.resize(s + 1, 0);
        ++countA[s];
    }
    std::vector<int> ra, rb, mapA, mapB;
    for (int i = head; i < m - tail; ++i) {
        const auto s = static_cast<std::size_t>(a[static_cast<std::size_t>(i)]);
        if (s < countB.size() && countB[s] > 0) {
            ra.push_back(a[static_cast<std::size_t>(i)]);
            mapA.push_back(i);
        }
    }
    for (int j = head; j < n - tail; ++j) {
        const auto s = static_cast<std::size_t>(b[static_cast<std::size_t>(j)]);
        if (s < countA.size() && countA[s] > 0) {
            rb.push_back(b[static_cast<std::size_t>(j)]);
            mapB.push_back(j);
        }
    }
    if (!ra.empty() && !rb.empty()) {
        dtl::Diff<int, std::vector<int>> diff(ra, rb);
        diff.compose();
        std::size_t edits = 0;
        for (const auto &entry : diff.getSes().getSequence()) {
            const dtl::elemInfo &info = entry.second;
            if (info.type == dtl::SES_COMMON) {
                // 1-based positions in the first and second sequence, whichever dtl swapped.
                out.pairs.emplace_back(mapA[static_cast<std::size_t>(info.beforeIdx - 1)],
                                       mapB[static_cast<std::size_t>(info.afterIdx - 1)]);
            } else {
                ++edits;
            }
        }
        out.minimal = certifiedMinimal(ra.size(), rb.size(), edits);
    }
    for (int t = tail; t > 0; --t)
        out.pairs.emplace_back(m - t, n - t);
    return out;
}

} // namespace assay

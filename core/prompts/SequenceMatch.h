#pragma once

#include <utility>
#include <vector>

namespace assay {

struct SequenceMatch {
    // Pairs (index in a, index in b) of a longest common subsequence, both ascending.
    std::vector<std::pair<int, int>> pairs;
    // False only when the inputs were so far apart that dtl gave up on its exact search and
    // the result may have a few more changes than the minimum (see the .cpp).
    bool minimal = true;
};

// A longest common subsequence of two sequences of symbol ids, through dtl (Wu, Manber, Myers
// and Miller's O(NP) algorithm). Both the line diff and the word diff use it.
SequenceMatch matchSequences(const std::vector<int> &a, const std::vector<int> &b);

} // namespace assay

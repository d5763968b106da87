#pragma once

#include "eval/ComparedPairs.h"
#include "eval/JudgingStore.h"

#include <QList>

namespace assay {

// Draws `size` pairs for a judging session from a comparison, stratified per feature in
// proportion to the pairs each has (as review sessions are), reproducibly: each case gets a
// rank from a hash of (seed, case), each feature takes its lowest ranks, and judges see the
// pairs in rank order, so features interleave. Which side is shown on the left is balanced
// (half the pairs, +-1, have A on the left) and drawn from the same seed, so every judge, and
// `judge new`, sees the same left and right. Fewer pairs than `size`: all of them.
QList<JudgingPair> drawJudgingPairs(const ComparedPairs &pairs, int size, quint64 seed);

} // namespace assay

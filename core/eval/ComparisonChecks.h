#pragma once

#include "eval/CheckSet.h"
#include "eval/ComparedPairs.h"
#include "eval/ComparisonSummary.h"

namespace assay {

// Runs every check of `set` on both sides of every pair (the case's logged input as the
// variables), for the per-check pass rates and McNemar of a comparison. A pair where the check
// cannot judge either side is not counted for that check.
QList<CheckPairResults> checkPairs(const CheckSet &set, const ComparedPairs &pairs);

} // namespace assay

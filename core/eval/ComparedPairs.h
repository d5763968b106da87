#pragma once

#include "eval/ComparisonSide.h"
#include "replay/ReplayComparison.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace assay {

// What one side produced for a case.
struct PairSideOutput {
    QString output;
    std::optional<double> costUsd;
    std::optional<qint64> latencyMs;
    std::optional<qint64> outputTokens;
};

// One case with both sides' outputs present: the unit every A/B statistic counts.
struct ComparedPair {
    int caseNo = 0;
    QString outputKey; // the logged output the case replays
    QString feature;
    QString input; // the logged input (JSON text of the variables)
    PairSideOutput a;
    PairSideOutput b;
};

// Cases left out of the pairs, by why: counted and reported, never silently dropped. A case
// is counted once, under the first reason that applies (A's before B's).
struct PairExclusions {
    qint64 failed = 0;       // a call failed after its retries
    qint64 renderErrors = 0; // the prompt could not be rendered from the logged input
    qint64 pending = 0;      // the run has no result for it yet
    qint64 missingBaseline = 0; // the logged output could not be read back from the log

    qint64 total() const { return failed + renderErrors + pending + missingBaseline; }
};

struct ComparedPairs {
    qint64 runId = 0;
    // The run's targets, then those of each other run a side comes from (at otherRunOffsets).
    QList<ReplayTarget> targets;
    QHash<qint64, int> otherRunOffsets;
    ComparisonSide a;
    ComparisonSide b;
    qint64 cases = 0; // every case of the run
    QList<ComparedPair> pairs;
    PairExclusions excluded;

    const ComparedPair *pairForCase(int caseNo) const;
    // The target a side replays; null for the baseline.
    const ReplayTarget *targetOf(const ComparisonSide &side) const;
};

// Puts side A beside side B for every case of a loaded run. A and B must differ.
Result<ComparedPairs> pairSides(const ReplayComparison &run, const ComparisonSide &a, const ComparisonSide &b);

} // namespace assay

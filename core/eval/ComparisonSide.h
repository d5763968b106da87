#pragma once

#include "replay/ReplayTarget.h"
#include "util/Result.h"

#include <QList>
#include <QString>

namespace assay {

// One side of an A/B comparison over a replay run: the logged baseline, one of the run's
// targets, or a target of another run over the same saved dataset (ComparisonSides.h). Stored
// by key() ("baseline", "target:2", "run:15:target:1"), valid as long as the runs are.
struct ComparisonSide {
    int targetNo = -1; // -1: the logged baseline; else the 0-based index into the run's targets
    qint64 runId = 0;  // 0: the comparison's own run; else the other run `targetNo` belongs to
    QString label = {}; // another run's target: its label (describe() knows only the own run's)

    bool isBaseline() const { return targetNo < 0; }
    bool isOtherRun() const { return runId != 0 && !isBaseline(); }
    QString key() const;
    // "baseline (logged)", the target's label ("churn_risk@v2 anthropic/claude-haiku-4-5") or,
    // for another run's target, "run 15: " and its label.
    QString describe(const QList<ReplayTarget> &targets) const;
    bool operator==(const ComparisonSide &other) const { return targetNo == other.targetNo && runId == other.runId; }
};

// What a user types for a side: "baseline" (or "log"), a 1-based target index ("2"), a target's
// label, or its prompt reference or model when only one target has it. Fails naming the sides
// the run has.
Result<ComparisonSide> resolveComparisonSide(const QString &text, const QList<ReplayTarget> &targets);

// key() read back; fails for a target the run does not have, and for another run's side (read
// those with sideOfRunFromKey(), which has the workspace).
Result<ComparisonSide> comparisonSideFromKey(const QString &key, const QList<ReplayTarget> &targets);

} // namespace assay

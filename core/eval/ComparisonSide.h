#pragma once

#include "replay/ReplayTarget.h"
#include "util/Result.h"

#include <QList>
#include <QString>

namespace assay {

// One side of an A/B comparison over a replay run: the logged baseline, or one of the run's
// targets. Stored by key() ("baseline", "target:2"), which stays valid as long as the run does.
struct ComparisonSide {
    int targetNo = -1; // -1: the logged baseline; else the 0-based index into the run's targets

    bool isBaseline() const { return targetNo < 0; }
    QString key() const;
    // "baseline (logged)" or the target's label, "churn_risk@v2 anthropic/claude-haiku-4-5".
    QString describe(const QList<ReplayTarget> &targets) const;
    bool operator==(const ComparisonSide &) const = default;
};

// What a user types for a side: "baseline" (or "log"), a 1-based target index ("2"), a target's
// label, or its prompt reference or model when only one target has it. Fails naming the sides
// the run has.
Result<ComparisonSide> resolveComparisonSide(const QString &text, const QList<ReplayTarget> &targets);

// key() read back; fails for a target the run does not have.
Result<ComparisonSide> comparisonSideFromKey(const QString &key, const QList<ReplayTarget> &targets);

} // namespace assay

#pragma once

#include "eval/ComparisonSide.h"
#include "replay/ReplayRunStore.h"
#include "util/Result.h"

#include <QList>
#include <QString>

namespace assay {

// A comparison over run R can put R's baseline or targets against the targets of another run S
// over the same saved dataset: a prompt tried last week against one tried today, on the same
// frozen cases, without replaying either again. Such a side is typed "S:SIDE" ("15:1",
// "15:churn@v3") and kept as the key "run:S:target:N". "S:baseline" is R's own baseline: both
// runs replay the same logged outputs. The run that saved the dataset (--save-dataset, "Save as
// dataset") counts as over it. Any other run over a filter or an id list has no such sides (its
// cases are not frozen), and naming one fails with the reason.

// Whether run `other`'s targets can be a side of a comparison over `run`: both over one dataset.
bool sharesDataset(const ReplayRunInfo &run, const ReplayRunInfo &other);

// Every side a comparison over `run` can have, for the pickers: the baseline, the run's targets,
// then the targets of each run in `runs` over the same dataset, in `runs`' order.
QList<ComparisonSide> comparisonSidesAmong(const ReplayRunInfo &run, const QList<ReplayRunInfo> &runs);

// What a user typed: the run's own sides as resolveComparisonSide() reads them, or "RUN:SIDE".
Result<ComparisonSide> resolveSideOfRun(ReplayRunStore &store, const ReplayRunInfo &run, const QString &text);

// key() read back, another run's target included (with its label).
Result<ComparisonSide> sideOfRunFromKey(ReplayRunStore &store, const ReplayRunInfo &run, const QString &key);

} // namespace assay

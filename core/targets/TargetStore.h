#pragma once

#include "targets/QualityTarget.h"
#include "util/Result.h"

#include <QList>

namespace assay {

class Workspace;

// The quality targets a team has set, kept in the workspace (one row per feature, prompt,
// measure and check: setting a target again replaces its limit and window).
class TargetStore {
public:
    explicit TargetStore(Workspace &workspace) : m_ws(workspace) {}

    Result<QList<QualityTarget>> list();
    Result<void> set(const QualityTarget &target);
    // Removes the feature's targets (only those of `prompt` when given, only `metric` when
    // given); returns how many went.
    Result<int> remove(const QString &feature, const QString &prompt = {},
                       std::optional<TargetMetric> metric = std::nullopt);
    // Removes exactly the target in `target`'s slot (feature, prompt, measure, check); false
    // when there was none.
    Result<bool> removeSlot(const QualityTarget &target);

private:
    Workspace &m_ws;
};

// The targets of a folder registry's `targets.json` ({"targets": [QualityTarget JSON, ...]}),
// which a team versions with its prompts. A missing file is no targets; a broken one an error
// naming the file and the problem.
Result<QList<QualityTarget>> readTargetsFile(const QString &path);

// `extra` over `base`: a target of `extra` replaces the one in the same slot.
QList<QualityTarget> mergeTargets(QList<QualityTarget> base, const QList<QualityTarget> &extra);

// The targets that hold for a source: the workspace's, with `registryFolder`/targets.json over
// them when the registry is a folder (empty, or a registry table: the workspace's alone).
Result<QList<QualityTarget>> effectiveTargets(Workspace &workspace, const QString &registryFolder);

} // namespace assay

#pragma once

#include "replay/ReplayEstimate.h"
#include "replay/ReplaySpec.h"
#include "util/Result.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace assay {

class OutputsRepository;
class PriceTable;
class PromptRegistry;
class Workspace;

// One case as rendered for one target: the prompt to send, or why there is none.
struct PlannedCall {
    QString prompt;
    QString renderError; // non-empty: nothing is sent; the case is recorded with this error
    qint64 estInputTokens = 0;
    qint64 estOutputTokens = 0;
    std::optional<double> estCostUsd; // none: no price for the target's model
};

// One logged output replayed: its key and one call per target, in target order.
struct PlannedCase {
    QString outputKey;
    QList<PlannedCall> calls;
};

struct ReplayPlan {
    QList<ReplayTarget> targets; // resolved: versions, models and parameters filled in
    QList<PlannedCase> cases;    // empty when the cases went to a sink
    ReplayEstimate estimate;
};

// Takes each case as it is rendered (a failure stops the plan with that reason).
using PlannedCaseSink = std::function<Result<void>(const PlannedCase &)>;

// Resolves the spec's targets against the registry (an empty version is the latest; an empty
// model, max_tokens 0 or no temperature take the prompt version's own, max_tokens else 1024),
// reads the inputs (a filter through the repository, explicit ids, or a dataset from the
// workspace) and renders every case for every target from the logged input variables. A case
// that cannot be rendered (missing variables, an input that is not a JSON object, an id not in
// the log) carries that reason and the plan goes on; unknown prompts, an unreadable log or a
// log without an input column fail the plan. Estimates: see ReplayEstimate.h.
Result<ReplayPlan> planReplay(const ReplaySpec &spec, OutputsRepository &outputs, PromptRegistry &registry,
                              const PriceTable &prices, Workspace *workspace);
// The same, handing each case to `sink` as it is rendered instead of keeping it (see ReplayRunWriter).
Result<ReplayPlan> planReplay(const ReplaySpec &spec, OutputsRepository &outputs, PromptRegistry &registry,
                              const PriceTable &prices, Workspace *workspace, const PlannedCaseSink &sink);

} // namespace assay

#pragma once

#include "labels/Agreement.h"
#include "util/Result.h"

#include <QList>

namespace assay {

class LabelStore;
class LogSchema;
class SourceConnection;

// Agreement between reviewers now: every current label in the workspace, each output's
// feature read from the log, through agreementByFeature(). The Review tab's agreement and
// `assay agreement` both call it.
struct CurrentAgreement {
    QList<FeatureAgreement> features;
    int labels = 0;  // current labels counted
    int missing = 0; // labelled outputs the log no longer has
};
Result<CurrentAgreement> currentAgreement(LabelStore &store, SourceConnection &log, const LogSchema &schema);

} // namespace assay

#pragma once

#include "eval/ComparedPairs.h"
#include "eval/JudgeRubric.h"
#include "eval/JudgingStore.h"
#include "replay/ReplayPlan.h"

#include <QList>
#include <QString>

#include <optional>

namespace assay {

class PriceTable;

// What a judge run asks: which session, which model, with which rubric and criteria.
struct JudgeRunRequest {
    QString session;
    QString provider;
    QString model;
    QString baseUrl;
    int maxTokens = 512;   // a verdict and a sentence or two fit in far less
    double temperature = 0; // the same pair should get the same verdict
    JudgeRubric rubric = JudgeRubric::builtIn();
    QString criteria = defaultJudgeCriteria();
    ReplayOptions options;

    // The run's one target: prompt "judge" at the rubric's fingerprint.
    ReplayTarget target() const;
};

// A replay case's output key names its pair and order: "judge:<session>:<pair>:<order>".
QString judgeOutputKey(const QString &session, int pairNo, int order);
struct JudgeCaseKey {
    QString session;
    int pairNo = 0;
    int order = 0;
};
std::optional<JudgeCaseKey> parseJudgeOutputKey(const QString &key); // session names may hold ':'

// The replay run a judge run is: for each drawn pair, in pair order, order 1 (A as response 1)
// then order 2 (B as response 1), rendered through the rubric, with the estimate. A pair whose
// case no longer has both outputs is kept as two render errors, so it is counted as failed and
// never silently dropped. Output tokens are estimated at max_tokens, the most a call can cost.
struct JudgePlan {
    ReplaySpec spec;
    ReplayPlan plan; // targets and estimate; cases in `plan.cases`
};
Result<JudgePlan> planJudgeRun(const JudgeRunRequest &request, const QList<JudgingPair> &drawn,
                               const ComparedPairs &pairs, const PriceTable &prices);

} // namespace assay

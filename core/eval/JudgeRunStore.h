#pragma once

#include "eval/JudgeOrders.h"
#include "eval/JudgeRunPlan.h"
#include "util/Result.h"

#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace assay {

class Workspace;

// A judge run as the workspace links it to its judging session.
struct JudgeRunLink {
    qint64 runId = 0;
    QString session;
    QString provider;
    QString model;
    QString baseUrl;
    QString rubricFingerprint;
    QString rubric;
    QString criteria;
    QDateTime createdAt;

    QString judgeName() const { return u"llm:"_qs + model; }
};

// Judge runs and the outcome of each order. The run itself is an ordinary replay run (retries,
// the response cache, the budget, resume all come from the replay engine); this store adds the
// link to the session, written in the same transaction as the run, and each order's reply read
// strictly (JudgeReply.h), which settle() derives from the run's stored results. Settling is
// idempotent and only adds rows, so it can run after any stop, kill -9 included.
class JudgeRunStore {
public:
    explicit JudgeRunStore(Workspace &workspace);

    // The run a rerun of the same request continues: same session, provider, model, base URL,
    // rubric text and criteria. Newest first when several match (none is ever replaced).
    Result<std::optional<JudgeRunLink>> find(const JudgeRunRequest &request);
    Result<JudgeRunLink> createRun(const JudgeRunRequest &request, const JudgePlan &plan, const QString &source,
                                   const QString &createdBy);
    Result<QList<JudgeRunLink>> runsOf(const QString &session); // newest first
    // Every judge run's id: replay runs that are not a comparison's cases (their "baseline"
    // is no logged output), so run pickers and comparisons leave them out.
    Result<QSet<qint64>> judgeRunIds();

    // Reads every result of the run that has no outcome yet; returns how many were added.
    Result<qint64> settle(qint64 runId);
    Result<QList<JudgeOrderOutcome>> outcomes(qint64 runId);

private:
    QString table(const QString &name) const;
    QVariant timestamp(const QDateTime &when) const;

    Workspace &m_ws;
};

// An order's outcome from its replay result: an answer read by parseJudgeReply, a failed call
// or a prompt that could not be rendered (both Failed, with the reason).
JudgeOrderOutcome judgeOrderOutcome(int pairNo, int order, const ReplayResult &result);

} // namespace assay

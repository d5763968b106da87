#pragma once

#include "eval/ComparisonSummary.h"
#include "util/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace assay {

class Workspace;

// One verdict on a case, in A/B terms, with what its judge said: a person's note, or the judge
// model's reasons for both orders (or why an order has no answer).
struct PairVerdictLine {
    QString session;
    QString judge; // a person, or "llm:<model>"
    bool isModel = false;
    bool counted = true; // false: the judge model cast no vote (an order invalid, failed or not answered)
    PairWinner winner = PairWinner::Tie;
    QString note;
    QDateTime createdAt;
};

// What everyone said about one case of a comparison: people's current verdicts and each judge
// model's newest run, from every judging session over the same run and sides
// (sessionsComparing()), oldest first.
Result<QList<PairVerdictLine>> verdictsOnCase(Workspace &workspace, qint64 runId, const QString &sideA,
                                              const QString &sideB, int caseNo);

} // namespace assay

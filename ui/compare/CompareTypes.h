#pragma once
// What the Compare view and the judging screen hand between their workers and their widgets.

#include "eval/CaseVerdicts.h"
#include "eval/ComparedPairs.h"
#include "eval/ComparisonSummary.h"
#include "prompts/DiffJob.h"
#include "prompts/TextDiff.h"

#include <QDateTime>
#include <QMetaType>
#include <QStringList>

namespace assay {

// A replay run as the run pickers show it, with the sides it offers.
struct CompareRunChoice {
    qint64 runId = 0;
    QDateTime createdAt;
    QStringList sideKeys;  // ComparisonSide::key(), the baseline first
    QStringList sideNames; // ComparisonSide::describe(), in the same order
    QString title() const;
};

// Which comparison to compute. `generation` lets the view drop replies it no longer wants.
struct CompareRequest {
    quint64 generation = 0;
    qint64 runId = 0;
    QString sideA; // keys
    QString sideB;
    QString judges = QStringLiteral("people"); // JudgeSelection::parse() text
    double alpha = 0.05;
};

struct CompareReport {
    CompareRequest request;
    ComparedPairs pairs;
    QList<JudgeVote> votes; // everyone's; the summary admits what the selection asks for
    ComparisonSummary summary;
    QList<CheckPairResults> checked; // per check, both sides' outcome on each pair (pairs.pairs order)
    QString error; // set: nothing else is
};

// The three-way view of one pair: how the two sides' prompts differ, how their outputs differ,
// and what people and the judge model said about it.
struct PairDetail {
    quint64 generation = 0;
    int caseNo = 0;
    QString sideA; // described
    QString sideB;
    QString promptRefA; // "name@version", empty when unknown
    QString promptRefB;
    bool hasPromptDiff = false;
    DiffResult promptDiff;
    QString promptNote; // why there is no prompt diff
    TextDiff outputDiff;
    QList<PairVerdictLine> verdicts;
    QString error;
};

} // namespace assay

Q_DECLARE_METATYPE(assay::CompareRunChoice)
Q_DECLARE_METATYPE(assay::CompareRequest)
Q_DECLARE_METATYPE(assay::CompareReport)
Q_DECLARE_METATYPE(assay::PairDetail)

#pragma once
// What the judging screen and its worker hand each other. The screen is blind by construction:
// before a verdict it holds only BlindPair (the input and two texts); what tells the sides apart
// (PairReveal) reaches it only with the saved verdict.

#include "eval/JudgingStore.h"
#include "replay/ReplayEstimate.h"

#include <QHash>
#include <QMetaType>
#include <QString>

#include <optional>

namespace assay {

struct BlindPair {
    int pairNo = 0;
    QString input;
    QString left;
    QString right;
};

struct SideReveal {
    QString side;  // "A" or "B"
    QString label; // ComparisonSide::describe(): the target label or "baseline (logged)"
    std::optional<double> costUsd;
    std::optional<qint64> latencyMs;
    std::optional<qint64> outputTokens;
};

struct PairReveal {
    int pairNo = 0;
    QString feature;
    SideReveal left;
    SideReveal right;
};

// A verdict of this judge and what it revealed.
struct RevealedVerdict {
    PairVerdict verdict;
    PairReveal reveal;
};

struct JudgingSessionRow {
    JudgingSession session;
    QString sideAName;
    QString sideBName;
    int judgedByMe = 0;
    int verdicts = 0; // every judge's current ones
};

struct JudgingSessionView {
    JudgingSession session;
    QString judge;
    QList<BlindPair> pairs; // in the order judges see them
    QHash<int, RevealedVerdict> mine; // by pair number: this judge's current verdicts
    int missing = 0; // drawn pairs whose case no longer has both outputs
};

struct JudgingRequest {
    qint64 runId = 0;
    QString sideA; // ComparisonSide::key()
    QString sideB;
    int size = 50;
    quint64 seed = 1;
    QString name;
};

// What "Judge with a model…" asks for one session: the judge, its rubric and criteria, its limits.
struct JudgeModelRequest {
    QString session;
    QString provider;
    QString model;
    QString baseUrl;
    QString rubricText;
    QString rubricOrigin; // "built-in" or the file it was loaded from
    QString criteria;
    int maxTokens = 512;
    double budgetUsd = 0; // 0: no budget
    bool operator==(const JudgeModelRequest &) const = default;
};

// The answer to an estimate: what starting exactly `request` would send and cost.
struct JudgeModelEstimate {
    JudgeModelRequest request;
    qint64 pairs = 0;
    qint64 existingRunId = 0; // not 0: starting resumes this run
    qint64 pendingCalls = 0;
    qint64 totalCalls = 0;
    ReplayEstimate estimate; // a new run's; empty for a resume
};

} // namespace assay

Q_DECLARE_METATYPE(assay::JudgeModelRequest)
Q_DECLARE_METATYPE(assay::JudgeModelEstimate)
Q_DECLARE_METATYPE(assay::RevealedVerdict)
Q_DECLARE_METATYPE(assay::JudgingSessionRow)
Q_DECLARE_METATYPE(assay::JudgingSessionView)
Q_DECLARE_METATYPE(assay::JudgingRequest)

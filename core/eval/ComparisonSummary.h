#pragma once

#include "eval/ComparedPairs.h"
#include "eval/JudgingStore.h"
#include "eval/PairStatistics.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace assay {

// One judge's verdict on one pair, from a person or from the judge model, in A/B terms.
struct JudgeVote {
    int caseNo = 0;
    QString judge;        // a person's name, or "llm:<model>"
    bool isModel = false;
    PairWinner winner = PairWinner::Tie;
    bool choseLeft = false;            // decisive human verdicts: was the left side picked (position bias)
    bool positionInconsistent = false; // judge model: the two orders disagreed (then winner is Tie)
};

// Whose votes count: one person, all people, the judge model, or everyone.
struct JudgeSelection {
    enum class Kind { People, Person, Model, All } kind = Kind::People;
    QString person;
    static Result<JudgeSelection> parse(const QString &text); // "people" (default), "llm", "all", or a name
    bool admits(const JudgeVote &vote) const;
    QString describe() const;
};

// Wins of B over A on decisive pairs (ties excluded), with the tests a verdict rests on.
struct WinTally {
    qint64 wins = 0;   // B better
    qint64 losses = 0; // B worse
    qint64 ties = 0;
    double winRate = 0; // wins / decisive, 0 when none
    Interval ci{0, 1};
    double signTestP = 1;
    double adjustedP = 1; // Holm over the family of comparisons; signTestP when alone
    std::optional<qint64> morePairs; // to decide at the observed rate
    qint64 decisive() const { return wins + losses; }
};

struct FeatureTally {
    QString feature;
    WinTally tally;
};

// A check's pass rates on the two sides of the same pairs, and McNemar on the discordant ones.
struct CheckComparison {
    QString name;
    qint64 pairs = 0;
    qint64 aPassed = 0;
    qint64 bPassed = 0;
    qint64 onlyAPassed = 0;
    qint64 onlyBPassed = 0;
    double mcnemarP = 1;
    bool significantlyWorse(double alpha) const { return mcnemarP < alpha && onlyAPassed > onlyBPassed; }
};

// One check's outcome on both sides of each pair, aligned with ComparedPairs::pairs.
struct CheckPairResults {
    QString name;
    QList<bool> aPassed;
    QList<bool> bPassed;
    // Empty: every pair counts. Else false where the check could not judge a side (no latency
    // logged, a variable the case lacks): such pairs are left out of this check's figures.
    QList<bool> counted;
};

// B - A per pair for cost, latency and output tokens.
struct DeltaSummary {
    QString metric; // "cost_usd", "latency_ms", "output_tokens"
    qint64 pairs = 0; // pairs where both sides have the figure
    double meanA = 0;
    double meanB = 0;
    std::optional<MeanDifference> difference;
};

enum class ComparisonVerdict { Better, Worse, NotYet };
QString comparisonVerdictText(ComparisonVerdict verdict); // "B is better", "B is worse", "not distinguishable yet"

struct ComparisonSummary {
    qint64 runId = 0;
    QString sideA; // described, e.g. "baseline (logged)"
    QString sideB;
    QString judges; // JudgeSelection::describe()
    double alpha = 0.05;
    int family = 1; // comparisons adjusted together (Holm)
    qint64 cases = 0;
    qint64 pairs = 0;  // cases with both outputs
    qint64 judged = 0; // pairs with at least one admitted vote
    PairExclusions excluded;
    WinTally overall;
    QList<FeatureTally> features;
    // Position bias over decisive human verdicts: how often the left side won.
    qint64 leftChosen = 0;
    qint64 decisiveHumanVerdicts = 0;
    // Agreement between people on pairs two or more of them judged (A/B/tie).
    QStringList people;
    qint64 pairsJudgedByTwo = 0;
    std::optional<double> peopleKappa;
    QString peopleKappaMethod; // "cohen" or "fleiss"
    // The judge model: how often its two orders agreed, and its agreement with people.
    qint64 modelPairs = 0;
    qint64 modelConsistent = 0;
    qint64 modelAndPeoplePairs = 0;
    std::optional<double> modelPeopleKappa;
    QList<CheckComparison> checks;
    QList<DeltaSummary> deltas;
    ComparisonVerdict verdict = ComparisonVerdict::NotYet;
    QString reason; // the sentence a verdict rests on, figures included

    bool anyCheckSignificantlyWorse() const;
};

// Everything `assay compare` and the Compare view show, from pairs, votes and checks. Pure:
// no database, so every figure is testable against an outside computation.
ComparisonSummary summarizeComparison(const ComparedPairs &pairs, const QList<JudgeVote> &votes,
                                      const JudgeSelection &selection, const QList<CheckPairResults> &checks,
                                      double alpha);

// Several targets against one baseline: Holm over their sign tests, verdicts restated.
void adjustForFamily(QList<ComparisonSummary> &family);

} // namespace assay

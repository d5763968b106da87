#pragma once

#include "analytics/BudgetProjection.h"
#include "analytics/UsageBucket.h"
#include "labels/Agreement.h"
#include "replay/ReplayRunStore.h"
#include "targets/TargetStatus.h"
#include "util/CalendarWeek.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace assay {

// One feature or model: its figures this week and the week before (empty buckets when it had
// no calls in one of them).
struct VolumeRow {
    QString group; // "" when the log left the value empty
    UsageBucket current;
    UsageBucket previous;
};

// The difference of two weekly figures. No percentage when the earlier one is zero.
struct Change {
    double absolute = 0;
    std::optional<double> percent; // 12.5 means +12.5%
};
Change changeBetween(double previous, double current);

// End-user feedback of one feature's calls this week (the log's feedback column).
struct FeedbackRates {
    QString feature;
    qint64 calls = 0;
    qint64 positive = 0, negative = 0, edited = 0;
    Interval positiveRate; // Wilson 95% of positive / rated
    Interval negativeRate; // Wilson 95% of negative / rated
    qint64 rated() const { return positive + negative + edited; }
};

// Reviewer labels (the workspace's current labels) on one feature's outputs of this week.
struct ReviewerQuality {
    QString feature;
    qint64 outputs = 0; // outputs with at least one label
    qint64 labels = 0;  // every reviewer's label counts
    qint64 positive = 0, negative = 0, edited = 0;
    Interval positiveRate; // Wilson 95% of positive / labels
    QStringList reviewers;
    qint64 itemsCompared = 0; // outputs two or more reviewers labelled
    qint64 itemsAgreed = 0;
    std::optional<double> kappa; // Cohen for two reviewers, Fleiss for more
    QString kappaMethod;         // "cohen", "fleiss" or "" (not enough overlap)
};

// An output someone found bad: a reviewer's negative label, or an end user's negative feedback.
struct NegativeExample {
    QString outputKey;
    QString feature;
    QDateTime createdAt; // in the report's zone
    QString reviewer;    // empty for end-user feedback
    QString note;        // the reviewer's note, if any
    QString excerpt;     // the start of the output, on one line
};

// A prompt version the registry dates within the week, against the version before it.
struct PromptChange {
    QString name;
    QString version;
    QDateTime createdAt; // in the report's zone
    QString author;
    QString note;
    QString previousVersion; // empty: the prompt's first version
    int linesAdded = 0;      // against previousVersion (the whole template for a first version)
    int linesRemoved = 0;
    bool modelChanged = false; // against previousVersion
    QString previousModel;
    QString model;
};

// Cost per feature on one local day.
struct DailyCost {
    QDate day;
    QMap<QString, double> costByFeature;
    qint64 calls = 0;
    double total() const;
};

// One target of a replay run against the logged calls it replayed (the baseline).
struct ReplayTargetOutcome {
    QString target; // "ticket_summary@v3 anthropic/claude-haiku-4-5"
    qint64 ok = 0, failed = 0, renderErrors = 0, pending = 0;
    double costUsd = 0;     // of the ok results with a price
    qint64 unpriced = 0;    // ok results whose model has no price
    qint64 compared = 0;    // ok results whose logged call could be read
    qint64 outputChanged = 0; // of those, how many answered with a different output text
    qint64 tokensCompared = 0;   // ok results where both sides have output tokens
    qint64 outputTokenDelta = 0; // summed over them: replay - logged
    qint64 costCompared = 0;     // ok results where both sides have a cost
    double costDeltaUsd = 0;     // summed over them: replay - logged
};

// A replay run created during the report week.
struct ReplayRunSummary {
    qint64 id = 0;
    QDateTime createdAt; // in the report's zone
    QString createdBy;
    ReplayRunStatus status = ReplayRunStatus::Running;
    qint64 cases = 0;
    ReplayTally tally;
    QList<ReplayTargetOutcome> targets; // in the run's target order
};

// Everything the weekly report says, gathered once and rendered as Markdown, HTML or PDF.
struct WeeklyReportData {
    QString sourceName; // secret-free
    CalendarWeek week;
    QDateTime generatedAt; // UTC

    UsageBucket current;  // the whole week, with its latency percentiles
    UsageBucket previous; // the week before
    QList<VolumeRow> byFeature; // by this week's cost, highest first
    QList<VolumeRow> byModel;

    QList<FeedbackRates> feedback; // by feature name

    // Reviewer labels: unavailable without a workspace (labelsNote says why).
    bool labelsAvailable = false;
    QString labelsNote;
    QList<ReviewerQuality> reviewerQuality; // by feature name

    int negativeCap = 10; // examples listed per kind
    qint64 reviewerNegativeCount = 0;
    qint64 endUserNegativeCount = 0;
    QList<NegativeExample> reviewerNegatives; // those with notes first
    QList<NegativeExample> endUserNegatives;  // newest first

    // Prompt versions: unavailable without a registry (promptsNote says why).
    bool promptsAvailable = false;
    QString promptsNote;
    QList<PromptChange> promptChanges; // by created_at
    int undatedPromptVersions = 0;     // versions the registry gives no date, so no week

    QList<DailyCost> daily;   // the 14 days of both weeks, oldest first
    QStringList features;     // every feature of either week, by this week's cost (chart order)

    qint64 undatedRows = 0; // rows in neither week because their time cannot be read

    // Budgets as of the week's Sunday: unavailable without a workspace (budgetsNote says why).
    bool budgetsAvailable = false;
    QString budgetsNote;
    QDate budgetsAsOf;
    QList<BudgetStatus> budgets;     // exactly as checkBudgets() gives them on budgetsAsOf
    QList<QList<SpendSpike>> weekSpikes; // per budget: its spikes on the days of the week (also
                                         // those before the 1st, when the week began in the month before)
    qint64 budgetUncostedCalls = 0;  // calls of the month to date without a cost

    // Quality targets at the week's end: unavailable without a workspace (targetsNote says why).
    bool targetsAvailable = false;
    QString targetsNote;
    QList<TargetStatus> targets;
    QStringList targetProblems; // "subject: why it could not be measured"

    // Replay runs created this week: unavailable without a workspace (replaysNote says why).
    bool replaysAvailable = false;
    QString replaysNote;
    QList<ReplayRunSummary> replays; // oldest first
};

} // namespace assay

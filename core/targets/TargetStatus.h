#pragma once

#include "targets/QualityTarget.h"
#include "util/Result.h"
#include "util/WilsonInterval.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>

#include <optional>

namespace assay {

class LogSession;
class PriceTable;

// Honest about uncertainty: a rate is "breached" only when its Wilson 95% interval lies wholly
// above the limit, "met" only when it lies wholly below, "at risk" while it straddles the limit,
// and "not enough data" under kMinimumTargetTrials outputs.
enum class TargetVerdict { Met, AtRisk, Breached, NotEnoughData };
QString targetVerdictName(TargetVerdict verdict); // "met", "at risk", "breached", "not enough data"

inline constexpr qint64 kMinimumTargetTrials = 20;
// p95 <= L exactly when at most this share of calls takes longer than L.
inline constexpr double kP95SlowShare = 0.05;

// What the window holds for one target.
struct TargetMeasure {
    // The denominator: rated outputs (negative feedback), reviewed outputs (negative labels),
    // outputs with a stored result of the check, calls (errors), calls with a latency (p95),
    // priced calls (cost per call).
    qint64 trials = 0;
    // The numerator: negatives, outputs a reviewer labelled negative, failures, errors, calls
    // slower than the limit. Unused for cost per call.
    qint64 events = 0;
    double usd = 0;                  // cost per call: the priced calls' cost
    qint64 unpriced = 0;             // cost per call: calls left out, no price or no usage logged
    std::optional<double> p95Ms;     // p95 latency: the measured percentile, for the reader
};

struct TargetStatus {
    QualityTarget target;
    QDateTime since; // the window, UTC
    QDateTime until;
    TargetMeasure measure;
    TargetVerdict verdict = TargetVerdict::NotEnoughData;
    double threshold = 0;               // the share the interval is judged against
    std::optional<double> observed;     // events / trials, or the mean cost per call
    std::optional<Interval> interval;   // rates and p95 latency
    // More outputs that would decide it if the rate stayed where it is (none: no number would).
    std::optional<qint64> moreToDecide;

    QString observedText() const;       // "7.1% (95% CI 5.2–9.6%) of 1,234 rated outputs"
    QString decisionText() const;       // "about 420 more rated outputs would decide it", or ""
    QJsonObject toJson() const;
};

// The verdict rules, on counts already measured (pure: what the tests pin at the boundaries).
TargetStatus judgeTarget(const QualityTarget &target, const TargetMeasure &measure);

// Measures `target` over [since, until) of the session's log (and, for labels and checks, its
// workspace: open the session with one).
Result<TargetMeasure> measureTarget(LogSession &session, const PriceTable &prices, const QualityTarget &target,
                                    const QDateTime &since, const QDateTime &until);

// Each target over its own trailing window ending at `now`.
Result<QList<TargetStatus>> checkTargets(LogSession &session, const PriceTable &prices,
                                         const QList<QualityTarget> &targets, const QDateTime &now);

// True when any status is breached (what `assay targets check` exits 4 on).
bool anyBreached(const QList<TargetStatus> &statuses);

} // namespace assay

Q_DECLARE_METATYPE(assay::TargetStatus)
Q_DECLARE_METATYPE(QList<assay::TargetStatus>)

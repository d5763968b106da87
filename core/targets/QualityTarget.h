#pragma once

#include "util/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace assay {

// What a quality target bounds. The first four are rates (a share of outputs), judged with their
// Wilson interval; p95 latency is judged as the rate of calls slower than the limit against 5%
// (p95 <= L exactly when at most 5% of calls take longer than L), so it gets an interval too.
// Cost per call is a mean of known amounts and is compared as measured.
enum class TargetMetric { NegativeFeedback, NegativeLabels, CheckFailures, Errors, P95Latency, CostPerCall };

QString targetMetricName(TargetMetric metric); // "negative-feedback", ..., as the CLI flags spell them
std::optional<TargetMetric> targetMetricFromName(QStringView name);
QList<TargetMetric> allTargetMetrics();
bool isRateMetric(TargetMetric metric); // the limit is a share in [0, 1]

// "The acceptable error rate, defined before you build": one bound on one measure of one
// feature (optionally one prompt, NAME or NAME@VERSION), over a trailing window.
struct QualityTarget {
    QString feature;
    QString prompt;      // empty: every prompt of the feature
    TargetMetric metric = TargetMetric::NegativeFeedback;
    QString check;       // CheckFailures: the check's name
    double limit = 0;    // a share for rates, milliseconds for p95 latency, USD for cost per call
    qint64 windowSeconds = 7 * 86400;

    // "ticket_summary@v3 negative-feedback", "churn_risk check-failures json_valid"
    QString subject() const;
    QString describeLimit() const; // "5%", "1,200 ms", "$0.0040"
    QJsonObject toJson() const;
    static Result<QualityTarget> fromJson(const QJsonObject &json);
    // Same feature, prompt, metric and check: setting one replaces the other.
    bool sameSlot(const QualityTarget &other) const;
};

// "5%", "0.05" -> 0.05; fails unless it lies in [0, 1].
Result<double> parseRate(const QString &text);
// A limit as typed for `metric`: a rate (parseRate) for the shares, a non-negative number of
// milliseconds for p95 latency, of USD ("$0.004" too) for cost per call.
Result<double> parseTargetLimit(TargetMetric metric, const QString &text);
// "7d", "24h", "2w" -> seconds; fails on anything else or a window over ten years.
Result<qint64> parseWindow(const QString &text);
QString windowName(qint64 seconds); // "7d", "36h"

} // namespace assay

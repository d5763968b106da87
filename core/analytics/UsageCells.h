#pragma once

#include "analytics/UsageBucket.h"
#include "pricing/PriceTable.h"

#include <QDate>
#include <QList>
#include <QString>

namespace assay {

// What a price can depend on besides the model, reduced to small integers that SQL can group
// by: the price epoch (which effectiveFrom dates a call's UTC day has reached) and the tier
// band (which tier thresholds the call's prompt exceeds). Calls alike in model, epoch and band
// cost their summed tokens times one set of rates, so pricing runs per cell and never per row.
class PricingPlan {
public:
    explicit PricingPlan(const PriceTable &prices);

    const QList<QDate> &epochStarts() const { return m_epochStarts; } // sorted, distinct
    const QList<qint64> &thresholds() const { return m_thresholds; }  // sorted, distinct
    int epochOfMs(qint64 utcMs) const;
    int bandOf(qint64 promptTokens) const;

    struct Rates { // USD per million tokens
        double input = 0, output = 0, cacheRead = 0, cacheWrite = 0;
    };
    // The price of `model` for calls of that epoch and band; nothing when no row covers it.
    std::optional<Rates> rates(const QString &model, int epoch, int band) const;

private:
    const PriceTable &m_prices;
    QList<QDate> m_epochStarts;
    QList<qint64> m_epochStartMs;
    QList<qint64> m_thresholds;
};

// Whether the logged input count of `model` already leaves cache reads out (RecordCost.h).
bool inputExcludesCache(InputTokens convention, const QString &model);

// Sums over the calls of one period, group, model, epoch and band.
struct ModelCell {
    qint64 periodStartMs = 0;
    QString group;
    QString model;
    int epoch = 0;
    int band = 0;
    qint64 calls = 0;
    qint64 inputTokens = 0, outputTokens = 0, cacheReadTokens = 0, cacheWriteTokens = 0; // as logged
    double loggedUsd = 0;
    qint64 loggedCalls = 0;
    // Calls without a logged cost: their count, those without any token count, and their
    // tokens as priced (input without cache reads, by the model's convention).
    qint64 unloggedCalls = 0;
    qint64 noUsageCalls = 0;
    qint64 pricedInput = 0, pricedOutput = 0, pricedCacheRead = 0, pricedCacheWrite = 0;
};

// What does not depend on the model: per period and group.
struct GroupCell {
    qint64 periodStartMs = 0;
    QString group;
    qint64 latencyCalls = 0;
    std::optional<double> p50, p95;
    qint64 errors = 0;
    qint64 feedbackPositive = 0, feedbackNegative = 0, feedbackEdited = 0;
};

// Prices the model cells, merges them with the group cells and orders by period, then group.
QList<UsageBucket> finishBuckets(const QList<ModelCell> &cells, const QList<GroupCell> &groups,
                                 const PricingPlan &plan, const QTimeZone &zone);

// percentile_cont over `values` (reordered in place): linear between the closest ranks.
std::optional<double> percentileCont(std::vector<double> &values, double fraction);

} // namespace assay

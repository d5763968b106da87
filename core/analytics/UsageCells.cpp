#include "analytics/UsageCells.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <map>

using namespace Qt::StringLiterals;

namespace assay {

PricingPlan::PricingPlan(const PriceTable &prices) : m_prices(prices)
{
    for (const ModelPrice &row : prices.rows()) {
        if (row.effectiveFrom.isValid())
            m_epochStarts << row.effectiveFrom;
        for (const PriceTier &tier : row.tiers)
            m_thresholds << tier.aboveTokens;
    }
    std::sort(m_epochStarts.begin(), m_epochStarts.end());
    m_epochStarts.erase(std::unique(m_epochStarts.begin(), m_epochStarts.end()), m_epochStarts.end());
    std::sort(m_thresholds.begin(), m_thresholds.end());
    m_thresholds.erase(std::unique(m_thresholds.begin(), m_thresholds.end()), m_thresholds.end());
    for (const QDate &d : std::as_const(m_epochStarts))
        m_epochStartMs << QDateTime(d, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
}

int PricingPlan::epochOfMs(qint64 utcMs) const
{
    return int(std::upper_bound(m_epochStartMs.cbegin(), m_epochStartMs.cend(), utcMs) - m_epochStartMs.cbegin());
}

int PricingPlan::bandOf(qint64 promptTokens) const
{
    // costOf picks a tier when the prompt is strictly above its threshold.
    return int(std::lower_bound(m_thresholds.cbegin(), m_thresholds.cend(), promptTokens) - m_thresholds.cbegin());
}

std::optional<PricingPlan::Rates> PricingPlan::rates(const QString &model, int epoch, int band) const
{
    // Any day of the epoch selects the same rows; the day before the first date stands for
    // "before every effective date" (an invalid date would mean today to find()).
    const QDate day = epoch > 0 ? m_epochStarts.at(epoch - 1)
                                : (m_epochStarts.isEmpty() ? QDate(2000, 1, 1) : m_epochStarts.first().addDays(-1));
    const auto price = m_prices.find(model, day);
    if (!price)
        return std::nullopt;
    // Probe costOf with a prompt inside the band, so the tier choice and the cache-price
    // scaling stay costOf's own rather than a copy of them.
    const qint64 probe = band > 0 ? m_thresholds.at(band - 1) + 1 : (m_thresholds.isEmpty() ? 1 : qMin<qint64>(1, m_thresholds.first()));
    constexpr double million = 1'000'000.0;
    Rates r;
    r.output = costOf(*price, probe, 1'000'000, 0, 0).output;
    if (probe > 0) {
        const double n = static_cast<double>(probe);
        r.input = costOf(*price, probe, 0, 0, 0).input * million / n;
        r.cacheRead = costOf(*price, 0, 0, probe, 0).cacheRead * million / n;
        r.cacheWrite = costOf(*price, 0, 0, 0, probe).cacheWrite * million / n;
    }
    return r;
}

bool inputExcludesCache(InputTokens convention, const QString &model)
{
    if (convention != InputTokens::Auto)
        return convention == InputTokens::ExcludeCache;
    return model.contains("claude"_L1, Qt::CaseInsensitive);
}

std::optional<double> percentileCont(std::vector<double> &values, double fraction)
{
    if (values.empty())
        return std::nullopt;
    const double rank = fraction * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<size_t>(std::floor(rank));
    std::nth_element(values.begin(), values.begin() + qsizetype(lo), values.end());
    const double low = values[lo];
    if (lo + 1 >= values.size() || rank == static_cast<double>(lo))
        return low;
    // The next rank is the smallest value above position lo, which nth_element left to its right.
    const double high = *std::min_element(values.begin() + qsizetype(lo) + 1, values.end());
    return low + (high - low) * (rank - static_cast<double>(lo));
}

QList<UsageBucket> finishBuckets(const QList<ModelCell> &cells, const QList<GroupCell> &groups,
                                 const PricingPlan &plan, const QTimeZone &zone)
{
    std::map<std::pair<qint64, QString>, UsageBucket> out;
    auto bucketFor = [&](qint64 startMs, const QString &group) -> UsageBucket & {
        auto [it, added] = out.try_emplace({startMs, group});
        if (added) {
            it->second.periodStart = QDateTime::fromMSecsSinceEpoch(startMs, zone);
            it->second.group = group;
        }
        return it->second;
    };

    // Cells share models, epochs and bands across periods: look each price up once.
    QHash<QString, std::optional<PricingPlan::Rates>> rateCache;
    auto ratesFor = [&](const ModelCell &c) {
        const QString key = u"%1\x1f%2\x1f%3"_s.arg(c.model).arg(c.epoch).arg(c.band);
        auto it = rateCache.find(key);
        if (it == rateCache.end())
            it = rateCache.insert(key, plan.rates(c.model, c.epoch, c.band));
        return *it;
    };

    for (const ModelCell &c : cells) {
        UsageBucket &b = bucketFor(c.periodStartMs, c.group);
        b.calls += c.calls;
        b.inputTokens += c.inputTokens;
        b.outputTokens += c.outputTokens;
        b.cacheReadTokens += c.cacheReadTokens;
        b.cacheWriteTokens += c.cacheWriteTokens;
        b.costUsd += c.loggedUsd;
        b.loggedCostCalls += c.loggedCalls;
        if (c.unloggedCalls == 0)
            continue;
        const auto rates = ratesFor(c);
        if (!rates) {
            b.unpricedCalls += c.unloggedCalls;
            b.unpricedModels[c.model.isEmpty() ? u"(no model)"_s : c.model] += c.unloggedCalls;
            continue;
        }
        b.noUsageCalls += c.noUsageCalls;
        b.computedCostCalls += c.unloggedCalls - c.noUsageCalls;
        b.costUsd += (static_cast<double>(c.pricedInput) * rates->input + static_cast<double>(c.pricedOutput) * rates->output
                      + static_cast<double>(c.pricedCacheRead) * rates->cacheRead
                      + static_cast<double>(c.pricedCacheWrite) * rates->cacheWrite)
                     / 1'000'000.0;
    }
    for (const GroupCell &g : groups) {
        UsageBucket &b = bucketFor(g.periodStartMs, g.group);
        b.latencyCalls += g.latencyCalls;
        b.latencyP50Ms = g.p50;
        b.latencyP95Ms = g.p95;
        b.errors += g.errors;
        b.feedbackPositive += g.feedbackPositive;
        b.feedbackNegative += g.feedbackNegative;
        b.feedbackEdited += g.feedbackEdited;
    }

    QList<UsageBucket> list;
    list.reserve(qsizetype(out.size()));
    for (auto &[key, bucket] : out)
        list.append(std::move(bucket));
    return list;
}

} // namespace assay

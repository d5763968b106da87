#include "pricing/RecordCost.h"

#include "util/LoggedNumber.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// A logged number, or nothing when the column is absent, NULL or not a number.
std::optional<double> number(const OutputRecord &record, LogField field)
{
    return loggedNumber(record.value(field));
}

qint64 tokens(const std::optional<double> &n)
{
    return loggedTokenCount(n);
}

bool excludesCache(InputTokens convention, const QString &model)
{
    if (convention != InputTokens::Auto)
        return convention == InputTokens::ExcludeCache;
    return model.contains("claude"_L1, Qt::CaseInsensitive);
}

} // namespace

RecordCost costOfRecord(const OutputRecord &record, const PriceTable &prices, InputTokens convention)
{
    RecordCost cost;
    cost.model = record.value(LogField::Model).toString().trimmed();

    if (const auto logged = number(record, LogField::Cost)) {
        cost.basis = RecordCost::Basis::Logged;
        cost.usd = *logged;
        return cost;
    }

    const QDate day = record.createdAt.isValid() ? record.createdAt.toUTC().date() : QDate();
    const auto price = prices.find(cost.model, day);
    if (!price) {
        cost.basis = RecordCost::Basis::Unpriced;
        return cost;
    }

    const auto input = number(record, LogField::InputTokens);
    const auto output = number(record, LogField::OutputTokens);
    const auto read = number(record, LogField::CacheReadTokens);
    const auto write = number(record, LogField::CacheWriteTokens);
    if (!input && !output && !read && !write) {
        cost.basis = RecordCost::Basis::NoUsage;
        return cost;
    }

    qint64 uncachedInput = tokens(input);
    if (!excludesCache(convention, cost.model))
        uncachedInput = qMax<qint64>(uncachedInput - tokens(read), 0);
    cost.breakdown = costOf(*price, uncachedInput, tokens(output), tokens(read), tokens(write));
    cost.basis = RecordCost::Basis::Computed;
    cost.usd = cost.breakdown.total();
    return cost;
}

void CostTally::add(const RecordCost &cost)
{
    ++calls;
    switch (cost.basis) {
    case RecordCost::Basis::Logged:
        ++logged;
        usd += cost.usd;
        break;
    case RecordCost::Basis::Computed:
        ++computed;
        usd += cost.usd;
        break;
    case RecordCost::Basis::Unpriced:
        ++unpriced;
        ++unpricedModels[cost.model.isEmpty() ? u"(no model)"_s : cost.model];
        break;
    case RecordCost::Basis::NoUsage:
        ++noUsage;
        break;
    }
}

} // namespace assay

#include "pricing/ModelPrice.h"

#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr double perMillion = 1'000'000.0;

double usd(qint64 tokens, double pricePerMillion)
{
    return static_cast<double>(qMax<qint64>(tokens, 0)) * pricePerMillion / perMillion;
}

// A cache price the tier does not state: the base one moved by the same factor as input.
double scaledCachePrice(const std::optional<double> &tierPrice, const std::optional<double> &basePrice,
                        double baseInput, double tierInput)
{
    if (tierPrice)
        return *tierPrice;
    if (!basePrice)
        return tierInput; // no cache pricing at all: charged as input, like the base case
    return baseInput > 0 ? *basePrice * tierInput / baseInput : *basePrice;
}

} // namespace

CostBreakdown costOf(const ModelPrice &price, qint64 inputTokens, qint64 outputTokens, qint64 cacheReadTokens,
                     qint64 cacheWriteTokens)
{
    const qint64 promptTokens =
        qMax<qint64>(inputTokens, 0) + qMax<qint64>(cacheReadTokens, 0) + qMax<qint64>(cacheWriteTokens, 0);

    const PriceTier *tier = nullptr;
    for (const PriceTier &t : price.tiers) {
        if (promptTokens > t.aboveTokens && (!tier || t.aboveTokens > tier->aboveTokens))
            tier = &t;
    }

    double inputPrice = price.input;
    double outputPrice = price.output;
    double readPrice = price.cacheRead.value_or(price.input);
    double writePrice = price.cacheWrite.value_or(price.input);
    if (tier) {
        inputPrice = tier->input;
        outputPrice = tier->output;
        readPrice = scaledCachePrice(tier->cacheRead, price.cacheRead, price.input, tier->input);
        writePrice = scaledCachePrice(tier->cacheWrite, price.cacheWrite, price.input, tier->input);
    }

    CostBreakdown cost;
    cost.input = usd(inputTokens, inputPrice);
    cost.output = usd(outputTokens, outputPrice);
    cost.cacheRead = usd(cacheReadTokens, readPrice);
    cost.cacheWrite = usd(cacheWriteTokens, writePrice);
    cost.tierAbove = tier ? tier->aboveTokens : 0;
    return cost;
}

QString priceSourceName(PriceSource source)
{
    switch (source) {
    case PriceSource::BuiltIn:
        return u"builtin"_s;
    case PriceSource::Imported:
        return u"imported"_s;
    case PriceSource::User:
        return u"user"_s;
    }
    return {};
}

std::optional<PriceSource> priceSourceFromName(QStringView name)
{
    for (PriceSource s : {PriceSource::BuiltIn, PriceSource::Imported, PriceSource::User}) {
        if (name.compare(priceSourceName(s), Qt::CaseInsensitive) == 0)
            return s;
    }
    return std::nullopt;
}

} // namespace assay

#pragma once

#include <QDate>
#include <QList>
#include <QString>

#include <optional>

namespace assay {

// How a price row names the models it covers.
enum class PriceMatch {
    Exact, // one model name ("gpt-4o"); dated snapshots and provider prefixes of it match too
    Glob,  // shell wildcards over the whole name ("ft:gpt-4o-mini:*")
    Regex, // a regular expression, anchored by its author if they want it anchored
};

// Where a row came from. Later layers win: a user's own row beats an imported one, which beats
// the built-in list prices, because each is a more deliberate statement about what the team pays.
enum class PriceSource {
    BuiltIn,
    Imported,
    User,
};

// Prices for prompts above a size, the whole call billed at these rates (Anthropic long context,
// Gemini 2.5 Pro above 200k). All prices are USD per million tokens.
struct PriceTier {
    qint64 aboveTokens = 0; // applies when prompt tokens (input + cache read + cache write) exceed this
    double input = 0;
    double output = 0;
    // Unset: the base cache price scaled like input, since providers price cache as a multiple of input.
    std::optional<double> cacheRead;
    std::optional<double> cacheWrite;

    friend bool operator==(const PriceTier &, const PriceTier &) = default;
};

struct ModelPrice {
    QString pattern;
    PriceMatch match = PriceMatch::Exact;
    double input = 0;  // USD per million uncached input tokens
    double output = 0; // USD per million output tokens (reasoning tokens included)
    // Unset: the provider has no such price; tokens logged there are charged as input, so that a
    // cost is never understated for lack of a row.
    std::optional<double> cacheRead;
    std::optional<double> cacheWrite; // the 5-minute write where a provider has several
    QDate effectiveFrom;              // null: in force since forever
    QList<PriceTier> tiers;
    PriceSource source = PriceSource::BuiltIn;
    QString note; // free text: where the price came from

    bool inForceOn(const QDate &day) const { return effectiveFrom.isNull() || !day.isValid() || effectiveFrom <= day; }

    friend bool operator==(const ModelPrice &, const ModelPrice &) = default;
};

// The dollars of one call, per token kind, at the tier that applied.
struct CostBreakdown {
    double input = 0;
    double output = 0;
    double cacheRead = 0;
    double cacheWrite = 0;
    qint64 tierAbove = 0; // the tier's threshold, 0 when the base prices applied

    double total() const { return input + output + cacheRead + cacheWrite; }
};

// inputTokens are uncached input only (Anthropic's convention); cache reads and writes are
// priced on their own. The tier is chosen by the whole prompt, as providers bill it.
CostBreakdown costOf(const ModelPrice &price, qint64 inputTokens, qint64 outputTokens, qint64 cacheReadTokens = 0,
                     qint64 cacheWriteTokens = 0);

QString priceSourceName(PriceSource source);
std::optional<PriceSource> priceSourceFromName(QStringView name);

} // namespace assay

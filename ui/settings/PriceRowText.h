#pragma once

#include "pricing/ModelPrice.h"
#include "util/Result.h"

#include <QDate>
#include <QList>
#include <QString>

namespace assay {

// One price row as the user typed it. Prices are text so that "-1", "1,5" or "abc" reach the
// validation (and get a sentence) instead of being silently clamped by a spin box.
struct PriceRowText {
    struct Tier {
        QString aboveTokens, input, output, cacheRead, cacheWrite;
    };
    PriceMatch match = PriceMatch::Exact;
    QString pattern;
    QDate effectiveFrom; // null: always in force
    QString input, output, cacheRead, cacheWrite; // cache prices may be empty: none
    QList<Tier> tiers;
    QString note;
};

// The user row the text describes, or the first thing wrong with it, named so it can be fixed:
// an empty or invalid pattern (with the regular expression's own error and position), a price
// that is not a number or is negative, a tier without a threshold, two tiers with one threshold.
Result<ModelPrice> parsePriceRow(const PriceRowText &text);

// The text a row is edited as (inverse of parsePriceRow for valid rows).
PriceRowText textOf(const ModelPrice &row);

// "1.25": prices shown without trailing zeros, in the C locale like the price file.
QString priceText(double usdPerMillion);
QString priceText(const std::optional<double> &usdPerMillion); // "" when unset
// "above 200,000: 6 / 22.5" per tier, "; "-separated.
QString tiersSummary(const QList<PriceTier> &tiers);
QString matchName(PriceMatch match); // "exact", "glob", "regex"

} // namespace assay

#include "pricing/LiteLlmImport.h"

#include "pricing/PriceFile.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// USD per token to USD per million tokens, rounded so that 3e-06 reads back as 3, not 3.0000000000000004.
double perMillion(double perToken)
{
    return std::round(perToken * 1e6 * 1e9) / 1e9;
}

std::optional<double> price(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble() || v.toDouble() < 0)
        return std::nullopt;
    // 1e308 per token overflows per million: no price, rather than one no price file can hold.
    const double perMillionTokens = perMillion(v.toDouble());
    if (!std::isfinite(perMillionTokens))
        return std::nullopt;
    return perMillionTokens;
}

// "_above_200k_tokens" -> 200000; LiteLLM also writes "_above_128k_tokens" and "_above_1m_tokens".
std::optional<qint64> tierThreshold(const QString &suffix)
{
    static const QRegularExpression re(u"^_above_(\\d+)([km]?)_tokens$"_s);
    const QRegularExpressionMatch m = re.match(suffix);
    if (!m.hasMatch())
        return std::nullopt;
    // Bounded before multiplying: "_above_99999999999999m_tokens" must not overflow (nor does any
    // context window come near 2^53 tokens).
    constexpr qint64 maxTokens = qint64(1) << 53;
    bool ok = false;
    const qint64 n = m.captured(1).toLongLong(&ok);
    const qint64 unit = m.captured(2) == "k"_L1 ? 1000 : m.captured(2) == "m"_L1 ? 1000000 : 1;
    if (!ok || n > maxTokens / unit)
        return std::nullopt;
    return n * unit;
}

QList<PriceTier> readTiers(const QJsonObject &o)
{
    static const QString inputKey = u"input_cost_per_token"_s;
    static const QString outputKey = u"output_cost_per_token"_s;
    static const QString readKey = u"cache_read_input_token_cost"_s;
    static const QString writeKey = u"cache_creation_input_token_cost"_s;

    // Collect the suffixes that carry an input price; a tier without one cannot be billed.
    QMap<qint64, QString> suffixes;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it.key().startsWith(inputKey) || it.key().size() == inputKey.size())
            continue;
        const QString suffix = it.key().mid(inputKey.size());
        if (const auto above = tierThreshold(suffix))
            suffixes.insert(*above, suffix);
    }

    QList<PriceTier> tiers;
    for (auto it = suffixes.cbegin(); it != suffixes.cend(); ++it) {
        const auto input = price(o, inputKey + it.value());
        const auto output = price(o, outputKey + it.value());
        if (!input)
            continue;
        PriceTier tier;
        tier.aboveTokens = it.key();
        tier.input = *input;
        // A tier that states only input keeps the base output price.
        tier.output = output ? *output : price(o, outputKey).value_or(0);
        tier.cacheRead = price(o, readKey + it.value());
        tier.cacheWrite = price(o, writeKey + it.value());
        tiers.append(tier);
    }
    return tiers;
}

} // namespace

Result<LiteLlmImport> importLiteLlm(const QByteArray &json, const QString &note)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(u"The LiteLLM price file is not valid JSON (%1)."_s.arg(
            describeJsonError(json, error.offset, error.errorString())));
    if (!doc.isObject())
        return fail(u"The LiteLLM price file must be an object keyed by model name."_s);

    LiteLlmImport result;
    const QJsonObject root = doc.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        const QString name = it.key().trimmed();
        const QJsonObject o = it.value().toObject();
        const auto input = price(o, u"input_cost_per_token"_s);
        const auto output = price(o, u"output_cost_per_token"_s);
        // sample_spec documents the format with zeroes; it is no model.
        if (name.isEmpty() || name == "sample_spec"_L1 || !it.value().isObject() || (!input && !output)) {
            ++result.skipped;
            result.skippedModels.append(it.key());
            continue;
        }
        ModelPrice row;
        row.pattern = name;
        row.match = PriceMatch::Exact;
        row.source = PriceSource::Imported;
        row.input = input.value_or(0);
        row.output = output.value_or(0);
        row.cacheRead = price(o, u"cache_read_input_token_cost"_s);
        row.cacheWrite = price(o, u"cache_creation_input_token_cost"_s);
        row.tiers = readTiers(o);
        row.note = note.isEmpty() ? u"LiteLLM"_s : note;
        result.rows.append(row);
        ++result.imported;
    }
    std::sort(result.skippedModels.begin(), result.skippedModels.end());
    return result;
}

} // namespace assay

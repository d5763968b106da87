#include "pricing/PriceFile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr auto formatName = "assay-prices"_L1;

// Reads a price (USD per million tokens): a missing optional key is fine, anything else that is
// not a non-negative number is an error the user has to fix.
Result<std::optional<double>> readPrice(const QJsonObject &o, QLatin1StringView key, bool required,
                                        const QString &where)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return fail(u"%1: \"%2\" is missing (USD per million tokens)"_s.arg(where, key));
        return std::optional<double>{};
    }
    if (!v.isDouble() || v.toDouble() < 0)
        return fail(u"%1: \"%2\" must be a non-negative number (USD per million tokens)"_s.arg(where, key));
    return std::optional<double>{v.toDouble()};
}

// The four prices a row or a tier carries: input and output required, the cache ones optional.
struct PriceSet {
    double input = 0;
    double output = 0;
    std::optional<double> cacheRead;
    std::optional<double> cacheWrite;
};

Result<PriceSet> readPriceSet(const QJsonObject &o, const QString &where)
{
    auto input = readPrice(o, "input"_L1, true, where);
    auto output = readPrice(o, "output"_L1, true, where);
    auto read = readPrice(o, "cacheRead"_L1, false, where);
    auto write = readPrice(o, "cacheWrite"_L1, false, where);
    for (const auto *r : {&input, &output, &read, &write}) {
        if (!r->ok())
            return fail(r->error());
    }
    return PriceSet{**input, **output, *read, *write};
}

Result<PriceTier> readTier(const QJsonValue &value, const QString &where)
{
    if (!value.isObject())
        return fail(u"%1: a tier must be an object"_s.arg(where));
    const QJsonObject o = value.toObject();
    PriceTier tier;
    const QJsonValue above = o.value("aboveTokens"_L1);
    // Bounded as a double before the cast: one beyond qint64 is undefined behaviour (and no prompt
    // comes near 2^53 tokens).
    constexpr double maxTokens = 9007199254740992.0; // 2^53
    if (!above.isDouble() || !(above.toDouble() >= 0 && above.toDouble() <= maxTokens))
        return fail(u"%1: \"aboveTokens\" must be a non-negative number of tokens"_s.arg(where));
    tier.aboveTokens = static_cast<qint64>(above.toDouble());
    auto prices = readPriceSet(o, where);
    if (!prices)
        return fail(prices.error());
    tier.input = prices->input;
    tier.output = prices->output;
    tier.cacheRead = prices->cacheRead;
    tier.cacheWrite = prices->cacheWrite;
    return tier;
}

// One object of "prices" becomes one row per model name it lists.
Result<QList<ModelPrice>> readRow(const QJsonObject &o, PriceSource defaultSource, const QString &where)
{
    ModelPrice base;
    base.source = defaultSource;
    if (o.contains("source"_L1)) {
        const auto source = priceSourceFromName(o.value("source"_L1).toString());
        if (!source)
            return fail(u"%1: \"source\" must be \"user\" or \"imported\""_s.arg(where));
        base.source = *source;
    }
    base.note = o.value("note"_L1).toString();

    auto prices = readPriceSet(o, where);
    if (!prices)
        return fail(prices.error());
    base.input = prices->input;
    base.output = prices->output;
    base.cacheRead = prices->cacheRead;
    base.cacheWrite = prices->cacheWrite;

    if (o.contains("effectiveFrom"_L1)) {
        const QString text = o.value("effectiveFrom"_L1).toString();
        base.effectiveFrom = QDate::fromString(text, Qt::ISODate);
        if (!base.effectiveFrom.isValid())
            return fail(u"%1: \"effectiveFrom\" must be a date like 2026-03-01, not \"%2\""_s.arg(where, text));
    }

    const QJsonArray tiers = o.value("tiers"_L1).toArray();
    for (qsizetype i = 0; i < tiers.size(); ++i) {
        auto tier = readTier(tiers.at(i), u"%1.tiers[%2]"_s.arg(where).arg(i));
        if (!tier)
            return fail(tier.error());
        base.tiers.append(*tier);
    }

    QStringList names;
    const int kinds = int(o.contains("model"_L1)) + int(o.contains("models"_L1)) + int(o.contains("glob"_L1))
        + int(o.contains("regex"_L1));
    if (kinds != 1)
        return fail(u"%1: give exactly one of \"model\", \"models\", \"glob\" or \"regex\""_s.arg(where));
    if (o.contains("model"_L1)) {
        names.append(o.value("model"_L1).toString());
    } else if (o.contains("models"_L1)) {
        for (const QJsonValue &v : o.value("models"_L1).toArray())
            names.append(v.toString());
    } else if (o.contains("glob"_L1)) {
        base.match = PriceMatch::Glob;
        names.append(o.value("glob"_L1).toString());
    } else {
        base.match = PriceMatch::Regex;
        names.append(o.value("regex"_L1).toString());
        const QRegularExpression re(names.constFirst());
        if (!re.isValid())
            return fail(u"%1: the regex \"%2\" is invalid: %3"_s.arg(where, names.constFirst(), re.errorString()));
    }

    QList<ModelPrice> rows;
    for (const QString &name : std::as_const(names)) {
        if (name.trimmed().isEmpty())
            return fail(u"%1: a model name or pattern is empty"_s.arg(where));
        ModelPrice row = base;
        row.pattern = name.trimmed();
        rows.append(row);
    }
    return rows;
}

QJsonObject tierObject(const PriceTier &tier)
{
    QJsonObject o{{u"aboveTokens"_s, static_cast<double>(tier.aboveTokens)},
                  {u"input"_s, tier.input},
                  {u"output"_s, tier.output}};
    if (tier.cacheRead)
        o.insert(u"cacheRead"_s, *tier.cacheRead);
    if (tier.cacheWrite)
        o.insert(u"cacheWrite"_s, *tier.cacheWrite);
    return o;
}

} // namespace

QString describeJsonError(const QByteArray &json, int offset, const QString &error)
{
    const QByteArray before = json.left(offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return u"line %1, column %2: %3"_s.arg(line).arg(column).arg(error);
}

Result<QList<ModelPrice>> parsePriceFile(const QByteArray &json, PriceSource defaultSource)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(u"The price file is not valid JSON (%1)."_s.arg(
            describeJsonError(json, error.offset, error.errorString())));
    if (!doc.isObject() || !doc.object().value("prices"_L1).isArray())
        return fail(u"The price file needs an object with a \"prices\" array."_s);
    const QJsonObject root = doc.object();
    if (root.contains("format"_L1) && root.value("format"_L1).toString() != formatName)
        return fail(u"The file's format is \"%1\", not \"%2\"; LiteLLM price files are imported, not loaded."_s.arg(
            root.value("format"_L1).toString(), formatName));

    QList<ModelPrice> rows;
    const QJsonArray prices = root.value("prices"_L1).toArray();
    for (qsizetype i = 0; i < prices.size(); ++i) {
        const QString where = u"prices[%1]"_s.arg(i);
        if (!prices.at(i).isObject())
            return fail(u"%1: each price must be an object"_s.arg(where));
        auto row = readRow(prices.at(i).toObject(), defaultSource, where);
        if (!row)
            return fail(row.error());
        rows.append(*row);
    }
    return rows;
}

QByteArray writePriceFile(const QList<ModelPrice> &rows)
{
    QJsonArray prices;
    for (const ModelPrice &row : rows) {
        QJsonObject o;
        switch (row.match) {
        case PriceMatch::Exact:
            o.insert(u"model"_s, row.pattern);
            break;
        case PriceMatch::Glob:
            o.insert(u"glob"_s, row.pattern);
            break;
        case PriceMatch::Regex:
            o.insert(u"regex"_s, row.pattern);
            break;
        }
        o.insert(u"input"_s, row.input);
        o.insert(u"output"_s, row.output);
        if (row.cacheRead)
            o.insert(u"cacheRead"_s, *row.cacheRead);
        if (row.cacheWrite)
            o.insert(u"cacheWrite"_s, *row.cacheWrite);
        if (row.effectiveFrom.isValid())
            o.insert(u"effectiveFrom"_s, row.effectiveFrom.toString(Qt::ISODate));
        if (!row.tiers.isEmpty()) {
            QJsonArray tiers;
            for (const PriceTier &tier : row.tiers)
                tiers.append(tierObject(tier));
            o.insert(u"tiers"_s, tiers);
        }
        o.insert(u"source"_s, priceSourceName(row.source));
        if (!row.note.isEmpty())
            o.insert(u"note"_s, row.note);
        prices.append(o);
    }
    const QJsonObject root{{u"format"_s, QString(formatName)}, {u"version"_s, 1}, {u"prices"_s, prices}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace assay

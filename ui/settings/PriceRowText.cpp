#include "settings/PriceRowText.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <set>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PriceRowText", text);
}

// A price as typed: "2.5", "2,5" in a comma locale, "$2.50". Fails with the field's name.
Result<double> parsePrice(const QString &typed, const QString &field)
{
    QString t = typed.trimmed();
    if (t.startsWith(u'$'))
        t = t.mid(1).trimmed();
    if (t.isEmpty())
        return fail(tr("%1: a price is required (USD per million tokens).").arg(field));
    bool ok = false;
    double value = QLocale::c().toDouble(t, &ok);
    if (!ok)
        value = QLocale().toDouble(t, &ok);
    if (!ok || !std::isfinite(value))
        return fail(tr("%1: \"%2\" is not a number.").arg(field, typed.trimmed()));
    if (value < 0)
        return fail(tr("%1: a price cannot be negative (%2).").arg(field, typed.trimmed()));
    return value;
}

Result<std::optional<double>> parseOptionalPrice(const QString &typed, const QString &field)
{
    if (typed.trimmed().isEmpty())
        return std::optional<double>();
    auto value = parsePrice(typed, field);
    if (!value)
        return fail(value.error());
    return std::optional<double>(*value);
}

} // namespace

QString matchName(PriceMatch match)
{
    switch (match) {
    case PriceMatch::Exact: return u"exact"_s;
    case PriceMatch::Glob: return u"glob"_s;
    case PriceMatch::Regex: return u"regex"_s;
    }
    return {};
}

QString priceText(double usdPerMillion)
{
    return QLocale::c().toString(usdPerMillion, 'g', 12);
}

QString priceText(const std::optional<double> &usdPerMillion)
{
    return usdPerMillion ? priceText(*usdPerMillion) : QString();
}

QString tiersSummary(const QList<PriceTier> &tiers)
{
    QStringList parts;
    for (const PriceTier &t : tiers)
        parts << tr("above %1: %2 / %3").arg(QLocale().toString(t.aboveTokens), priceText(t.input), priceText(t.output));
    return parts.join(u"; "_s);
}

Result<ModelPrice> parsePriceRow(const PriceRowText &text)
{
    ModelPrice row;
    row.source = PriceSource::User;
    row.match = text.match;
    row.pattern = text.pattern.trimmed();
    if (row.pattern.isEmpty())
        return fail(tr("Model or pattern: give the model name (or a glob or regular expression) this price is for."));
    if (row.match == PriceMatch::Regex) {
        const QRegularExpression re(row.pattern);
        if (!re.isValid())
            return fail(tr("Pattern: \"%1\" is not a valid regular expression: %2 (at character %3).")
                            .arg(row.pattern, re.errorString())
                            .arg(re.patternErrorOffset() + 1));
    }
    row.effectiveFrom = text.effectiveFrom;
    row.note = text.note.trimmed();

    auto input = parsePrice(text.input, tr("Input"));
    if (!input)
        return fail(input.error());
    auto output = parsePrice(text.output, tr("Output"));
    if (!output)
        return fail(output.error());
    auto cacheRead = parseOptionalPrice(text.cacheRead, tr("Cache read"));
    if (!cacheRead)
        return fail(cacheRead.error());
    auto cacheWrite = parseOptionalPrice(text.cacheWrite, tr("Cache write"));
    if (!cacheWrite)
        return fail(cacheWrite.error());
    row.input = *input;
    row.output = *output;
    row.cacheRead = *cacheRead;
    row.cacheWrite = *cacheWrite;

    std::set<qint64> thresholds;
    for (qsizetype i = 0; i < text.tiers.size(); ++i) {
        const PriceRowText::Tier &t = text.tiers[i];
        const QString name = tr("Tier %1").arg(i + 1);
        bool ok = false;
        const QString above = QString(t.aboveTokens).remove(u',').remove(u'_').remove(u' ');
        const qint64 tokens = above.toLongLong(&ok);
        if (!ok || tokens <= 0)
            return fail(tr("%1: \"above tokens\" must be a whole number of prompt tokens above 0, not \"%2\".")
                            .arg(name, t.aboveTokens.trimmed()));
        if (!thresholds.insert(tokens).second)
            return fail(tr("%1: another tier already starts above %2 tokens.").arg(name, QLocale().toString(tokens)));
        PriceTier tier;
        tier.aboveTokens = tokens;
        auto tin = parsePrice(t.input, name + tr(" input"));
        if (!tin)
            return fail(tin.error());
        auto tout = parsePrice(t.output, name + tr(" output"));
        if (!tout)
            return fail(tout.error());
        auto tread = parseOptionalPrice(t.cacheRead, name + tr(" cache read"));
        if (!tread)
            return fail(tread.error());
        auto twrite = parseOptionalPrice(t.cacheWrite, name + tr(" cache write"));
        if (!twrite)
            return fail(twrite.error());
        tier.input = *tin;
        tier.output = *tout;
        tier.cacheRead = *tread;
        tier.cacheWrite = *twrite;
        row.tiers << tier;
    }
    std::sort(row.tiers.begin(), row.tiers.end(),
              [](const PriceTier &a, const PriceTier &b) { return a.aboveTokens < b.aboveTokens; });
    return row;
}

PriceRowText textOf(const ModelPrice &row)
{
    PriceRowText t;
    t.match = row.match;
    t.pattern = row.pattern;
    t.effectiveFrom = row.effectiveFrom;
    t.input = priceText(row.input);
    t.output = priceText(row.output);
    t.cacheRead = priceText(row.cacheRead);
    t.cacheWrite = priceText(row.cacheWrite);
    for (const PriceTier &tier : row.tiers)
        t.tiers << PriceRowText::Tier{QString::number(tier.aboveTokens), priceText(tier.input), priceText(tier.output),
                                      priceText(tier.cacheRead), priceText(tier.cacheWrite)};
    t.note = row.note;
    return t;
}

} // namespace assay

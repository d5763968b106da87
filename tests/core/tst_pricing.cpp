#include "pricing/LiteLlmImport.h"
#include "pricing/PriceFile.h"
#include "pricing/PriceTable.h"
#include "pricing/RecordCost.h"

#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

// Dollar amounts computed by hand; doubles differ from them only in the last bits.
bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-12 * std::max(1.0, std::abs(b));
}

#define QCOMPARE_USD(actual, expected) \
    QVERIFY2(near((actual), (expected)), qPrintable(u"%1 != %2"_s.arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17)))

ModelPrice userPrice(const QString &pattern, double input, double output, PriceMatch match = PriceMatch::Exact,
                     QDate from = QDate())
{
    ModelPrice p;
    p.pattern = pattern;
    p.match = match;
    p.input = input;
    p.output = output;
    p.effectiveFrom = from;
    p.source = PriceSource::User;
    return p;
}

OutputRecord record(const QString &model, QHash<LogField, QVariant> values)
{
    OutputRecord r;
    r.createdAt = QDateTime(QDate(2026, 5, 1), QTime(12, 0), QTimeZone::utc());
    r.values = std::move(values);
    r.values.insert(LogField::Model, model);
    return r;
}

const QDate day(2026, 5, 1);

// JSON written with single quotes, so that the samples read well without escapes (moc cannot parse
// raw string literals).
QByteArray json(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

} // namespace

class TestPricing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaults_data()
    {
        // The list-price table of shared/reference/llm-apis.md; -1: the provider has no such price.
        QTest::addColumn<QString>("model");
        QTest::addColumn<double>("input");
        QTest::addColumn<double>("cacheWrite");
        QTest::addColumn<double>("cacheRead");
        QTest::addColumn<double>("output");
        for (const char *m : {"claude-opus-4-5", "claude-opus-4-6", "claude-opus-4-7"})
            QTest::newRow(m) << QString::fromLatin1(m) << 5.0 << 6.25 << 0.50 << 25.0;
        for (const char *m : {"claude-opus-4", "claude-opus-4-1"})
            QTest::newRow(m) << QString::fromLatin1(m) << 15.0 << 18.75 << 1.50 << 75.0;
        for (const char *m : {"claude-sonnet-4", "claude-sonnet-4-5", "claude-sonnet-4-6"})
            QTest::newRow(m) << QString::fromLatin1(m) << 3.0 << 3.75 << 0.30 << 15.0;
        QTest::newRow("claude-haiku-4-5") << u"claude-haiku-4-5"_s << 1.0 << 1.25 << 0.10 << 5.0;
        QTest::newRow("claude-3-5-haiku") << u"claude-3-5-haiku"_s << 0.80 << 1.00 << 0.08 << 4.0;
        QTest::newRow("gpt-4o") << u"gpt-4o"_s << 2.50 << -1.0 << 1.25 << 10.0;
        QTest::newRow("gpt-4o-mini") << u"gpt-4o-mini"_s << 0.15 << -1.0 << 0.075 << 0.60;
        QTest::newRow("gpt-4.1") << u"gpt-4.1"_s << 2.00 << -1.0 << 0.50 << 8.00;
        QTest::newRow("gpt-4.1-mini") << u"gpt-4.1-mini"_s << 0.40 << -1.0 << 0.10 << 1.60;
        QTest::newRow("gpt-5") << u"gpt-5"_s << 1.25 << -1.0 << 0.125 << 10.0;
        QTest::newRow("gpt-5-mini") << u"gpt-5-mini"_s << 0.25 << -1.0 << 0.025 << 2.00;
        QTest::newRow("o3") << u"o3"_s << 2.00 << -1.0 << 0.50 << 8.00;
        QTest::newRow("o4-mini") << u"o4-mini"_s << 1.10 << -1.0 << 0.275 << 4.40;
        QTest::newRow("gemini-2.5-pro") << u"gemini-2.5-pro"_s << 1.25 << -1.0 << 0.125 << 10.0;
        QTest::newRow("gemini-2.5-flash") << u"gemini-2.5-flash"_s << 0.30 << -1.0 << 0.03 << 2.50;
    }
    void defaults()
    {
        QFETCH(QString, model);
        QFETCH(double, input);
        QFETCH(double, cacheWrite);
        QFETCH(double, cacheRead);
        QFETCH(double, output);
        const PriceTable table = PriceTable::withDefaults();
        const auto p = table.find(model, day);
        QVERIFY(p);
        QCOMPARE(p->pattern, model); // its own row, not a family's
        QCOMPARE(p->source, PriceSource::BuiltIn);
        QCOMPARE(p->input, input);
        QCOMPARE(p->output, output);
        QCOMPARE(p->cacheRead.value_or(-1), cacheRead);
        QCOMPARE(p->cacheWrite.value_or(-1), cacheWrite);
    }
    void defaultTiers()
    {
        const PriceTable table = PriceTable::withDefaults();
        for (const QString &m : {u"claude-sonnet-4"_s, u"claude-sonnet-4-5"_s}) {
            const auto p = table.find(m, day);
            QVERIFY(p);
            QCOMPARE(p->tiers.size(), 1);
            QCOMPARE(p->tiers[0], (PriceTier{200000, 6.0, 22.50, std::nullopt, std::nullopt}));
        }
        const auto pro = table.find(u"gemini-2.5-pro"_s, day);
        QCOMPARE(pro->tiers, (QList<PriceTier>{{200000, 2.50, 15.0, 0.25, std::nullopt}}));
        QVERIFY(table.find(u"gpt-4o"_s, day)->tiers.isEmpty());
        // The reference names the long-context tier for Sonnet 4 and 4.5 only.
        QVERIFY(table.find(u"claude-sonnet-4-6"_s, day)->tiers.isEmpty());
        QVERIFY(PriceTable::builtInRows().ok());
        QCOMPARE(PriceTable::builtInRows()->size(), 22); // 20 names of the reference + 2 "-0" aliases
    }

    void snapshotsAndPrefixes_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("row"); // empty: unpriced
        QTest::newRow("anthropic snapshot") << u"claude-sonnet-4-5-20250929"_s << u"claude-sonnet-4-5"_s;
        QTest::newRow("sonnet 4 snapshot") << u"claude-sonnet-4-20250514"_s << u"claude-sonnet-4"_s;
        QTest::newRow("opus 4.1 snapshot") << u"claude-opus-4-1-20250805"_s << u"claude-opus-4-1"_s;
        QTest::newRow("openai snapshot") << u"gpt-4o-2024-08-06"_s << u"gpt-4o"_s;
        QTest::newRow("mini is not 4o") << u"gpt-4o-mini-2024-07-18"_s << u"gpt-4o-mini"_s;
        QTest::newRow("o3 snapshot") << u"o3-2025-04-16"_s << u"o3"_s;
        QTest::newRow("gpt-4.1 snapshot") << u"gpt-4.1-2025-04-14"_s << u"gpt-4.1"_s;
        QTest::newRow("latest alias") << u"claude-3-5-haiku-latest"_s << u"claude-3-5-haiku"_s;
        QTest::newRow("vertex") << u"claude-sonnet-4-5@20250929"_s << u"claude-sonnet-4-5"_s;
        QTest::newRow("anthropic/") << u"anthropic/claude-opus-4-1"_s << u"claude-opus-4-1"_s;
        QTest::newRow("openai/") << u"openai/gpt-4o"_s << u"gpt-4o"_s;
        QTest::newRow("prefix and snapshot")
            << u"openrouter/anthropic/claude-haiku-4-5-20251001"_s << u"claude-haiku-4-5"_s;
        QTest::newRow("gemini models/") << u"models/gemini-2.5-pro"_s << u"gemini-2.5-pro"_s;
        QTest::newRow("bedrock") << u"us.anthropic.claude-haiku-4-5-20251001-v1:0"_s << u"claude-haiku-4-5"_s;
        QTest::newRow("case") << u"  GPT-4o "_s << u"gpt-4o"_s;
        QTest::newRow("flash-lite is another model") << u"gemini-2.5-flash-lite"_s << QString();
        QTest::newRow("gpt-4 is not gpt-4o") << u"gpt-4"_s << QString();
        QTest::newRow("local model") << u"llama3.1:8b"_s << QString();
        QTest::newRow("empty") << QString() << QString();
    }
    void snapshotsAndPrefixes()
    {
        QFETCH(QString, model);
        QFETCH(QString, row);
        const auto p = PriceTable::withDefaults().find(model, day);
        QCOMPARE(p ? p->pattern : QString(), row);
    }

    void patterns()
    {
        PriceTable t = PriceTable::withDefaults();
        QVERIFY(t.add(userPrice(u"acme-*"_s, 1, 2, PriceMatch::Glob)).ok());
        QVERIFY(t.add(userPrice(u"acme-large-*"_s, 3, 4, PriceMatch::Glob)).ok());
        QVERIFY(t.add(userPrice(u"acme-large-v2"_s, 5, 6)).ok());
        QVERIFY(t.add(userPrice(u"^ft:gpt-4o-mini:[a-z0-9-]+:"_s, 0.3, 1.2, PriceMatch::Regex)).ok());
        QVERIFY(t.add(userPrice(u"gateway/*"_s, 7, 8, PriceMatch::Glob)).ok());
        QCOMPARE(t.find(u"acme-small"_s, day)->input, 1.0);
        QCOMPARE(t.find(u"acme-large-v1"_s, day)->input, 3.0); // longest pattern wins
        QCOMPARE(t.find(u"ACME-LARGE-V2"_s, day)->input, 5.0); // an exact name beats every pattern
        QCOMPARE(t.find(u"ft:gpt-4o-mini:acme:custom:abc123"_s, day)->input, 0.3);
        QCOMPARE(t.find(u"gateway/team-a/model"_s, day)->input, 7.0); // '*' crosses '/'
        QVERIFY(!t.find(u"acm"_s, day));

        // A user's snapshot pattern is more specific than the family it belongs to.
        QVERIFY(t.add(userPrice(u"gpt-4o"_s, 9, 9)).ok());
        QVERIFY(t.add(userPrice(u"gpt-4o-2024-05-*"_s, 7, 7, PriceMatch::Glob)).ok());
        QCOMPARE(t.find(u"gpt-4o-2024-05-13"_s, day)->input, 7.0);
        QCOMPARE(t.find(u"gpt-4o-2024-08-06"_s, day)->input, 9.0);

        const auto bad = t.add(userPrice(u"gpt-(4o"_s, 1, 1, PriceMatch::Regex));
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().contains(u"invalid"_s), qPrintable(bad.error()));
    }

    void effectiveDates()
    {
        PriceTable t = PriceTable::withDefaults();
        QVERIFY(t.add(userPrice(u"acme"_s, 5, 15)).ok());
        QVERIFY(t.add(userPrice(u"acme"_s, 2, 8, PriceMatch::Exact, QDate(2026, 3, 1))).ok());
        QVERIFY(t.add(userPrice(u"acme"_s, 1, 4, PriceMatch::Exact, QDate(2026, 9, 1))).ok());
        QCOMPARE(t.find(u"acme"_s, QDate(2026, 2, 28))->input, 5.0);
        QCOMPARE(t.find(u"acme"_s, QDate(2026, 3, 1))->input, 2.0);
        QCOMPARE(t.find(u"acme-20260401"_s, QDate(2026, 8, 31))->input, 2.0); // snapshots follow their family
        QCOMPARE(t.find(u"acme"_s, QDate(2027, 1, 1))->input, 1.0);

        // A price announced for later leaves today's built-in price in force until then.
        QVERIFY(t.add(userPrice(u"gpt-5"_s, 2, 20, PriceMatch::Exact, QDate(2026, 6, 1))).ok());
        QCOMPARE(t.find(u"gpt-5"_s, QDate(2026, 5, 31))->input, 1.25);
        QCOMPARE(t.find(u"gpt-5"_s, QDate(2026, 5, 31))->source, PriceSource::BuiltIn);
        QCOMPARE(t.find(u"gpt-5-2025-08-07"_s, QDate(2026, 6, 1))->input, 2.0);
        QVERIFY(!t.find(u"later"_s, day));
        QVERIFY(t.add(userPrice(u"later"_s, 1, 1, PriceMatch::Exact, QDate(2026, 6, 1))).ok());
        QVERIFY(!t.find(u"later"_s, QDate(2026, 5, 31)));
    }

    void cacheArithmetic()
    {
        const PriceTable t = PriceTable::withDefaults();
        // Haiku 4.5: 1000 x $1 + 500 x $5 + 20000 x $0.10 + 3000 x $1.25, per million.
        const CostBreakdown haiku = costOf(*t.find(u"claude-haiku-4-5"_s, day), 1000, 500, 20000, 3000);
        QCOMPARE_USD(haiku.input, 0.001);
        QCOMPARE_USD(haiku.output, 0.0025);
        QCOMPARE_USD(haiku.cacheRead, 0.002);
        QCOMPARE_USD(haiku.cacheWrite, 0.00375);
        QCOMPARE_USD(haiku.total(), 0.00925);
        QCOMPARE(haiku.tierAbove, 0);
        // gpt-4o has no cache-write price: such tokens are charged as input, never as free.
        const CostBreakdown gpt = costOf(*t.find(u"gpt-4o"_s, day), 2000, 100, 4000, 1000);
        QCOMPARE_USD(gpt.input, 0.005);
        QCOMPARE_USD(gpt.output, 0.001);
        QCOMPARE_USD(gpt.cacheRead, 0.005);
        QCOMPARE_USD(gpt.cacheWrite, 0.0025);
        QCOMPARE_USD(costOf(*t.find(u"claude-opus-4-7"_s, day), 1'000'000, 1'000'000).total(), 30.0);
    }

    void tiers()
    {
        const PriceTable t = PriceTable::withDefaults();
        const ModelPrice sonnet = *t.find(u"claude-sonnet-4-5-20250929"_s, day);
        // Exactly 200k prompt tokens (input + cache read + cache write) is not above 200k.
        const CostBreakdown base = costOf(sonnet, 150000, 1000, 30000, 20000);
        QCOMPARE(base.tierAbove, 0);
        QCOMPARE_USD(base.total(), 0.45 + 0.015 + 0.009 + 0.075);
        // One more token and the whole call is long-context: 6 / 22.50, cache prices doubled with input.
        const CostBreakdown lc = costOf(sonnet, 150001, 1000, 30000, 20000);
        QCOMPARE(lc.tierAbove, 200000);
        QCOMPARE_USD(lc.input, 150001 * 6.0 / 1e6);
        QCOMPARE_USD(lc.output, 0.0225);
        QCOMPARE_USD(lc.cacheRead, 30000 * 0.60 / 1e6);
        QCOMPARE_USD(lc.cacheWrite, 20000 * 7.50 / 1e6);
        // Gemini 2.5 Pro above 200k: 250000 x 2.50 + 1000 x 15 + 10000 x 0.25.
        const CostBreakdown pro = costOf(*t.find(u"gemini-2.5-pro"_s, day), 250000, 1000, 10000, 0);
        QCOMPARE_USD(pro.total(), 0.625 + 0.015 + 0.0025);
        QCOMPARE_USD(costOf(*t.find(u"gemini-2.5-pro"_s, day), 200000, 1000).total(), 0.25 + 0.01);
    }

    void overrides()
    {
        PriceTable t = PriceTable::withDefaults();
        ModelPrice mine = userPrice(u"gpt-4o"_s, 1, 2);
        mine.cacheRead = 0.5;
        mine.tiers = {{100000, 2, 4, std::nullopt, 1.0}};
        mine.note = u"negotiated"_s;
        QVERIFY(t.add(mine).ok());
        QVERIFY(t.add(userPrice(u"acme-*"_s, 3, 4, PriceMatch::Glob, QDate(2026, 1, 1))).ok());
        QCOMPARE(t.find(u"openai/gpt-4o-2024-08-06"_s, day)->input, 1.0); // the user's row wins

        QTemporaryDir dir;
        const QString path = dir.filePath(u"prices.json"_s);
        QVERIFY(t.saveOverridesFile(path).ok());
        PriceTable loaded = PriceTable::withDefaults();
        QVERIFY(loaded.loadOverridesFile(path).ok());
        QCOMPARE(loaded.rows(PriceSource::User), t.rows(PriceSource::User));
        QCOMPARE(loaded.rows(PriceSource::BuiltIn).size(), 22);
        QCOMPARE(loaded.find(u"gpt-4o"_s, day), mine);

        // Loading replaces the previous overrides; a bad file leaves the table as it was.
        QVERIFY(loaded.loadOverrides(json("{'prices': [{'model': 'gpt-5', 'input': 1, 'output': 1}]}")).ok());
        QCOMPARE(loaded.find(u"gpt-4o"_s, day)->source, PriceSource::BuiltIn);
        const QByteArray bad[] = {
            json("{'prices': [{'model': 'x', 'output': 1}]}"),
            json("{'prices': [{'regex': '(', 'input': 1, 'output': 1}]}"),
            json("{'prices': [{'model': 'x', 'input': 1, 'output': 1, 'effectiveFrom': 'May 1'}]}"),
            json("{'prices': [{'model': 'x', 'glob': 'y*', 'input': 1, 'output': 1}]}"),
            json("{'prices': [{'model': 'x', 'input': -1, 'output': 1}]}"),
            json("{'gpt-4o': {'input_cost_per_token': 1e-6}}"),
            json("{'prices': ["),
        };
        for (const QByteArray &json : bad) {
            const auto r = loaded.loadOverrides(json);
            QVERIFY2(!r.ok(), json.constData());
            QVERIFY(!r.error().isEmpty());
            QCOMPARE(loaded.find(u"gpt-5"_s, day)->source, PriceSource::User);
        }
        QVERIFY(loaded.loadOverrides(json("{'prices': [{'model': 'x'}]}")).error().contains(u"prices[0]"_s));
        QVERIFY(!loaded.loadOverridesFile(dir.filePath(u"missing.json"_s)).ok());
    }

    void liteLlm()
    {
        const QByteArray sample =
            json("{"
                 "'sample_spec': {'max_tokens': 'LEGACY', 'input_cost_per_token': 0.0, 'output_cost_per_token': 0.0},"
                 "'claude-sonnet-4-5': {'input_cost_per_token': 3e-06, 'output_cost_per_token': 1.5e-05,"
                 "'cache_read_input_token_cost': 3e-07, 'cache_creation_input_token_cost': 3.75e-06,"
                 "'input_cost_per_token_above_200k_tokens': 6e-06, 'output_cost_per_token_above_200k_tokens': 2.25e-05,"
                 "'cache_read_input_token_cost_above_200k_tokens': 6e-07,"
                 "'cache_creation_input_token_cost_above_200k_tokens': 7.5e-06, 'litellm_provider': 'anthropic'},"
                 "'vertex_ai/acme-chat': {'input_cost_per_token': 1e-07, 'output_cost_per_token': 4e-07},"
                 "'dall-e-3': {'output_cost_per_image': 0.04, 'mode': 'image_generation'},"
                 "'tts-1': {'input_cost_per_character': 1.5e-05},"
                 "'broken': 'not an object'"
                 "}");
        PriceTable t = PriceTable::withDefaults();
        const auto report = t.importLiteLlm(sample);
        QVERIFY2(report.ok(), qPrintable(report.error()));
        QCOMPARE(report->imported, 2);
        QCOMPARE(report->skipped, 4);
        QCOMPARE(report->skippedModels, (QStringList{u"broken"_s, u"dall-e-3"_s, u"sample_spec"_s, u"tts-1"_s}));

        const auto sonnet = t.find(u"claude-sonnet-4-5-20250929"_s, day);
        QCOMPARE(sonnet->source, PriceSource::Imported);
        QCOMPARE(sonnet->input, 3.0); // per million, without float noise
        QCOMPARE(sonnet->output, 15.0);
        QCOMPARE(*sonnet->cacheRead, 0.3);
        QCOMPARE(*sonnet->cacheWrite, 3.75);
        QCOMPARE(sonnet->tiers, (QList<PriceTier>{{200000, 6.0, 22.5, 0.6, 7.5}}));
        QCOMPARE(t.find(u"vertex_ai/acme-chat"_s, day)->input, 0.1);
        QVERIFY(!t.find(u"dall-e-3"_s, day));

        // Imported rows persist with the overrides, and the user's own rows still win over them.
        QVERIFY(t.add(userPrice(u"claude-sonnet-4-5"_s, 2, 10)).ok());
        QCOMPARE(t.find(u"claude-sonnet-4-5"_s, day)->input, 2.0);
        PriceTable reloaded = PriceTable::withDefaults();
        QVERIFY(reloaded.loadOverrides(t.overridesJson()).ok());
        QCOMPARE(reloaded.rows(PriceSource::Imported), t.rows(PriceSource::Imported));
        QCOMPARE(reloaded.rows(PriceSource::User), t.rows(PriceSource::User));

        // A malformed file says where, and leaves the earlier import alone.
        const auto bad = t.importLiteLlm("{\n  \"gpt-4o\": {\"input_cost_per_token\": 2.5e-06,\n}");
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().contains(u"not valid JSON"_s) && bad.error().contains(u"line 3"_s),
                 qPrintable(bad.error()));
        QVERIFY(!t.importLiteLlm("[1, 2]").ok());
        QCOMPARE(t.rows(PriceSource::Imported).size(), 2);
    }

    // Inputs found by tests/fuzz (fuzz_pricefile, fuzz_litellm).
    void fuzzedPriceFiles()
    {
        // A tier threshold beyond qint64 was cast to it: undefined behaviour (UBSan). Now refused.
        const auto huge = parsePriceFile(
            json("{'prices': [{'model': 'x', 'input': 5, 'output': 10,"
                 " 'tiers': [{'aboveTokens': 209223372036854775807, 'input': 1, 'output': 15}]}]}"),
            PriceSource::User);
        QVERIFY(!huge.ok());
        QVERIFY2(huge.error().contains(u"aboveTokens"_s), qPrintable(huge.error()));
        const auto big = parsePriceFile(
            json("{'prices': [{'model': 'x', 'input': 5, 'output': 10,"
                 " 'tiers': [{'aboveTokens': 9007199254740992, 'input': 1, 'output': 15}]}]}"),
            PriceSource::User);
        QVERIFY2(big.ok(), qPrintable(big.error()));
        QCOMPARE(big->constFirst().tiers.constFirst().aboveTokens, 9007199254740992LL);
    }

    void fuzzedLiteLlmFiles()
    {
        // 1e308 USD per token is infinite per million: it was imported as inf, which the saved
        // overrides file cannot hold, so they no longer loaded. Now it is no price.
        const auto infinite = importLiteLlm(
            json("{'vertex_ai/acme-chat': {'input_cost_per_token': 1e308, 'output_cost_per_token': 4e-07}}"));
        QVERIFY(infinite.ok());
        QCOMPARE(infinite->rows.size(), 1);
        QCOMPARE(infinite->rows.constFirst().input, 0.0);
        QCOMPARE(infinite->rows.constFirst().output, 0.4);
        const auto saved = parsePriceFile(writePriceFile(infinite->rows), PriceSource::Imported);
        QVERIFY2(saved.ok(), qPrintable(saved.error()));
        QCOMPARE(*saved, infinite->rows);

        // A tier threshold of 10^20 tokens overflowed qint64 when multiplied (UBSan); such a tier is
        // no tier.
        const auto overflow = importLiteLlm(
            json("{'m': {'input_cost_per_token': 1e-06, 'output_cost_per_token': 2e-06,"
                 " 'input_cost_per_token_above_99999999999999m_tokens': 3e-06,"
                 " 'input_cost_per_token_above_1m_tokens': 4e-06}}"));
        QVERIFY(overflow.ok());
        QCOMPARE(overflow->rows.constFirst().tiers, (QList<PriceTier>{{1000000, 4.0, 2.0, std::nullopt, std::nullopt}}));
    }

    void recordCosts()
    {
        const PriceTable t = PriceTable::withDefaults();
        using B = RecordCost::Basis;
        // The logged cost wins even when tokens would give another figure.
        const auto logged =
            costOfRecord(record(u"gpt-4o"_s, {{LogField::Cost, u"0.0123"_s}, {LogField::InputTokens, 1000}}), t);
        QCOMPARE(logged.basis, B::Logged);
        QCOMPARE(logged.usd, 0.0123);
        // Claude: input_tokens is uncached input. 1000 x 3 + 200 x 15 + 5000 x 0.30 + 400 x 3.75.
        const auto claude = costOfRecord(record(u"claude-sonnet-4-5-20250929"_s,
                                                {{LogField::InputTokens, 1000},
                                                 {LogField::OutputTokens, 200},
                                                 {LogField::CacheReadTokens, 5000},
                                                 {LogField::CacheWriteTokens, 400},
                                                 {LogField::Cost, QVariant()}}),
                                         t);
        QCOMPARE(claude.basis, B::Computed);
        QCOMPARE_USD(claude.usd, 0.003 + 0.003 + 0.0015 + 0.0015);
        // OpenAI: prompt_tokens includes the cached ones. 6000 x 2.50 + 4000 x 1.25 + 100 x 10.
        const QHash<LogField, QVariant> openAiUsage{
            {LogField::InputTokens, 10000}, {LogField::OutputTokens, 100}, {LogField::CacheReadTokens, 4000}};
        QCOMPARE_USD(costOfRecord(record(u"gpt-4o"_s, openAiUsage), t).usd, 0.015 + 0.005 + 0.001);
        QCOMPARE_USD(costOfRecord(record(u"gpt-4o"_s, openAiUsage), t, InputTokens::ExcludeCache).usd,
                     0.025 + 0.005 + 0.001);

        const auto unknown = costOfRecord(record(u"mystery-model"_s, {{LogField::InputTokens, 10}}), t);
        QCOMPARE(unknown.basis, B::Unpriced);
        QVERIFY(!unknown.hasCost());
        const auto noUsage = costOfRecord(record(u"gpt-4o"_s, {}), t);
        QCOMPARE(noUsage.basis, B::NoUsage);

        CostTally tally;
        for (const RecordCost &c : {logged, claude, unknown, unknown, noUsage})
            tally.add(c);
        QCOMPARE(tally.calls, 5);
        QCOMPARE(tally.logged, 1);
        QCOMPARE(tally.computed, 1);
        QCOMPARE(tally.unpriced, 2);
        QCOMPARE(tally.noUsage, 1);
        QCOMPARE(tally.unpricedModels, (QMap<QString, qint64>{{u"mystery-model"_s, 2}}));
        QCOMPARE(tally.uncostedShare(), 0.6);
        QCOMPARE_USD(tally.usd, 0.0123 + 0.009);
    }
};

QTEST_GUILESS_MAIN(TestPricing)
#include "tst_pricing.moc"

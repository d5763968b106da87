// Check semantics case by case. Cases marked "promptfoo docs" are the examples of
// site/docs/configuration/expected-outputs/deterministic.md in promptfoo/promptfoo; "promptfoo src"
// cases restate what src/assertions/*.ts does (contains.ts, equals.ts, json.ts, levenshtein.ts,
// latency.ts, cost.ts, characterCount.ts, assertionsResult.ts, util/parseCommaSeparatedValues.ts).
#include "eval/CheckSet.h"
#include "eval/Levenshtein.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <vector>

using namespace Qt::StringLiterals;
using assay::CheckInput;
using assay::CheckOutcome;
using assay::CheckSet;

namespace {

CheckSet setOf(const QString &json, const QString &origin = u"checks.json"_s)
{
    auto set = CheckSet::parse(json.toUtf8(), origin);
    if (!set)
        qFatal("%s", qPrintable(set.error()));
    return *set;
}

CheckOutcome runOne(const QString &check, const QString &output, const QString &vars = {})
{
    const CheckSet set = setOf(u"["_s + check + u"]"_s);
    CheckInput input;
    input.output = output;
    input.varsJson = vars;
    return set.evaluate(input).first();
}

QString parseError(const QString &json, const QString &origin = u"checks.json"_s)
{
    auto set = CheckSet::parse(json.toUtf8(), origin);
    return set ? QString() : set.error();
}

// The textbook O(n*m) dynamic programme, to check the banded one against.
qsizetype naiveLevenshtein(const QString &a, const QString &b)
{
    std::vector<qsizetype> row(static_cast<std::size_t>(b.size() + 1));
    for (qsizetype j = 0; j <= b.size(); ++j)
        row[static_cast<std::size_t>(j)] = j;
    for (qsizetype i = 1; i <= a.size(); ++i) {
        qsizetype diagonal = row[0];
        row[0] = i;
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const auto ju = static_cast<std::size_t>(j);
            const qsizetype above = row[ju];
            row[ju] = std::min({row[ju] + 1, row[ju - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[static_cast<std::size_t>(b.size())];
}

} // namespace

class TestChecks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void semantics_data();
    void semantics();
    void notApplicableWithoutTheFigure();
    void varsFillValues();
    void reasonsSayWhy();
    void scoreWeightThreshold();
    void namesAreUniqueAndReadable();
    void fingerprintFollowsTheDefinition();
    void badInputNamesLineAndCheck_data();
    void badInputNamesLineAndCheck();
    void schemaFromFile();
    void levenshteinAgreesWithTheTextbook();
    void megabyteOutputsStayFast();
};

void TestChecks::semantics_data()
{
    QTest::addColumn<QString>("check");
    QTest::addColumn<QString>("output");
    QTest::addColumn<bool>("passed");

    const QString latLong = uR"({"required": ["latitude", "longitude"], "type": "object", "properties": {
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180}}})"_s;

    // promptfoo docs: Contains / icontains.
    QTest::newRow("contains") << uR"({"type": "contains", "value": "The expected substring"})"_s
                              << u"Here is The expected substring, as asked."_s << true;
    QTest::newRow("contains is case-sensitive") << uR"({"type": "contains", "value": "The expected substring"})"_s
                                                << u"the expected substring"_s << false;
    QTest::newRow("icontains") << uR"({"type": "icontains", "value": "The expected substring"})"_s
                               << u"THE EXPECTED SUBSTRING"_s << true;
    // promptfoo docs: "Numbers are converted to strings, so value: 0 matches output containing 0".
    QTest::newRow("contains number 0") << uR"({"type": "contains", "value": 0})"_s << u"error 404"_s << true;
    QTest::newRow("not-contains") << uR"({"type": "not-contains", "value": "sorry"})"_s << u"Done."_s << true;
    QTest::newRow("not-contains fails") << uR"({"type": "not-contains", "value": "sorry"})"_s << u"I'm sorry"_s << false;
    // promptfoo docs: Contains-All / Contains-Any with three values.
    QTest::newRow("contains-all") << uR"({"type": "contains-all", "value": ["Value 1", "Value 2", "Value 3"]})"_s
                                  << u"Value 1, Value 2 and Value 3"_s << true;
    QTest::newRow("contains-all missing one") << uR"({"type": "contains-all", "value": ["Value 1", "Value 2", "Value 3"]})"_s
                                              << u"Value 1 and Value 3"_s << false;
    QTest::newRow("contains-any") << uR"({"type": "contains-any", "value": ["Value 1", "Value 2", "Value 3"]})"_s
                                  << u"only Value 2 here"_s << true;
    QTest::newRow("contains-any none") << uR"({"type": "contains-any", "value": ["Value 1", "Value 2"]})"_s
                                       << u"nothing"_s << false;
    // promptfoo docs: the structured form keeps "1,000" whole: two values, not three.
    QTest::newRow("contains-all keeps 1,000") << uR"({"type": "contains-all", "value": ["1,000", "in stock"]})"_s
                                              << u"1,000 units in stock"_s << true;
    // promptfoo src (parseCommaSeparatedValues): a string splits on commas; quotes keep them.
    QTest::newRow("contains-all comma string") << uR"({"type": "contains-all", "value": "red, green ,blue"})"_s
                                               << u"red green blue"_s << true;
    QTest::newRow("contains-all quoted comma") << uR"({"type": "contains-all", "value": "\"1,000\", in stock"})"_s
                                               << u"1,000 in stock"_s << true;
    QTest::newRow("contains-all quoted comma absent") << uR"({"type": "contains-all", "value": "\"1,000\", in stock"})"_s
                                                      << u"1 000 in stock"_s << false;
    QTest::newRow("icontains-any") << uR"({"type": "icontains-any", "value": ["REFUND", "credit"]})"_s
                                   << u"We issued a Refund."_s << true;
    QTest::newRow("icontains-all") << uR"({"type": "icontains-all", "value": ["refund", "ORDER"]})"_s
                                   << u"Refund for order 12"_s << true;
    QTest::newRow("not-icontains-any") << uR"({"type": "not-icontains-any", "value": ["as an ai", "i cannot"]})"_s
                                       << u"As an AI model I cannot"_s << false;
    // promptfoo docs: Regex "\d{4}" matches a 4-digit number; a search, not a full match.
    QTest::newRow("regex 4 digits") << uR"({"type": "regex", "value": "\\d{4}"})"_s << u"Order 1234 shipped"_s << true;
    QTest::newRow("regex no match") << uR"({"type": "regex", "value": "\\d{4}"})"_s << u"Order 123 shipped"_s << false;
    QTest::newRow("regex anchors") << uR"({"type": "regex", "value": "^A"})"_s << u"B then A"_s << false;
    QTest::newRow("not-regex") << uR"({"type": "not-regex", "value": "(?i)error"})"_s << u"all fine"_s << true;
    // promptfoo docs: Starts-With "Yes".
    QTest::newRow("starts-with") << uR"({"type": "starts-with", "value": "Yes"})"_s << u"Yes, we can."_s << true;
    QTest::newRow("starts-with no") << uR"({"type": "starts-with", "value": "Yes"})"_s << u" Yes"_s << false;
    // promptfoo docs: Equality, text and JSON.
    QTest::newRow("equals") << uR"({"type": "equals", "value": "The expected output"})"_s << u"The expected output"_s << true;
    QTest::newRow("equals is exact") << uR"({"type": "equals", "value": "The expected output"})"_s
                                     << u"The expected output\n"_s << false;
    QTest::newRow("equals json") << uR"({"type": "equals", "value": {"key": "value"}})"_s << u"{ \"key\" : \"value\" }"_s << true;
    QTest::newRow("equals json other") << uR"({"type": "equals", "value": {"key": "value"}})"_s << u"{\"key\": \"v\"}"_s << false;
    QTest::newRow("equals json 1 is 1.0") << uR"({"type": "equals", "value": {"n": 1}})"_s << u"{\"n\": 1.0}"_s << true;
    // promptfoo src (equals.ts): an object value against output that is not JSON fails, and
    // not-equals passes there.
    QTest::newRow("equals json not json") << uR"({"type": "equals", "value": {"a": 1}})"_s << u"a=1"_s << false;
    QTest::newRow("not-equals json not json") << uR"({"type": "not-equals", "value": {"a": 1}})"_s << u"a=1"_s << true;
    QTest::newRow("equals number") << uR"({"type": "equals", "value": 42})"_s << u"42"_s << true;
    // promptfoo docs: Is-JSON (any JSON value parses) and the latitude/longitude schema.
    QTest::newRow("is-json") << uR"({"type": "is-json"})"_s << u"{\"a\": [1, 2]}"_s << true;
    QTest::newRow("is-json number") << uR"({"type": "is-json"})"_s << u" 42 "_s << true;
    QTest::newRow("is-json prose") << uR"({"type": "is-json"})"_s << u"Sure! {\"a\": 1}"_s << false;
    QTest::newRow("is-json truncated") << uR"({"type": "is-json"})"_s << u"{\"a\": [1, 2"_s << false;
    QTest::newRow("not-is-json") << uR"({"type": "not-is-json"})"_s << u"plain text"_s << true;
    QTest::newRow("is-json schema ok") << uR"({"type": "is-json", "value": )"_s + latLong + u"}"_s
                                       << u"{\"latitude\": 52.5, \"longitude\": 13.4}"_s << true;
    QTest::newRow("is-json schema range") << uR"({"type": "is-json", "value": )"_s + latLong + u"}"_s
                                          << u"{\"latitude\": 152.5, \"longitude\": 13.4}"_s << false;
    QTest::newRow("is-json schema missing") << uR"({"type": "is-json", "value": )"_s + latLong + u"}"_s
                                            << u"{\"latitude\": 52.5}"_s << false;
    QTest::newRow("is-json schema as text") << uR"({"type": "is-json", "value": "{\"type\": \"array\"}"})"_s
                                            << u"[1]"_s << true;
    // promptfoo src (json.ts): not-is-json with a schema passes on JSON that does not conform.
    QTest::newRow("not-is-json schema") << uR"({"type": "not-is-json", "value": )"_s + latLong + u"}"_s
                                        << u"{\"latitude\": 52.5}"_s << true;
    // promptfoo docs: Contains-JSON, with and without the schema.
    QTest::newRow("contains-json") << uR"({"type": "contains-json"})"_s
                                   << u"Here you go: {\"latitude\": 1, \"longitude\": 2} Anything else?"_s << true;
    QTest::newRow("contains-json none") << uR"({"type": "contains-json"})"_s << u"use {braces} wisely"_s << false;
    QTest::newRow("contains-json schema second object") << uR"({"type": "contains-json", "value": )"_s + latLong + u"}"_s
                                                        << u"{\"x\": 1} and then {\"latitude\": 1, \"longitude\": 2}"_s << true;
    QTest::newRow("contains-json schema none valid") << uR"({"type": "contains-json", "value": )"_s + latLong + u"}"_s
                                                     << u"{\"latitude\": 100, \"longitude\": 2}"_s << false;
    QTest::newRow("contains-json braces in strings") << uR"({"type": "contains-json"})"_s
                                                     << u"note: {\"text\": \"a } inside\", \"n\": 1}"_s << true;
    // promptfoo docs: Word Count (exact, range, min only, max only).
    QTest::newRow("word-count exact") << uR"({"type": "word-count", "value": 5})"_s << u"  one two  three\nfour five "_s << true;
    QTest::newRow("word-count exact off") << uR"({"type": "word-count", "value": 5})"_s << u"one two three four"_s << false;
    QTest::newRow("word-count range") << uR"({"type": "word-count", "value": {"min": 2, "max": 3}})"_s << u"a b c"_s << true;
    QTest::newRow("word-count min") << uR"({"type": "word-count", "value": {"min": 4}})"_s << u"a b c"_s << false;
    QTest::newRow("word-count max") << uR"({"type": "word-count", "value": {"max": 3}})"_s << u"a b c"_s << true;
    QTest::newRow("word-count empty") << uR"({"type": "word-count", "value": 0})"_s << u"   "_s << true;
    // promptfoo src (characterCount.ts): code points, so an emoji counts once.
    QTest::newRow("character-count emoji") << uR"({"type": "character-count", "value": 3})"_s << u"a😀b"_s << true;
    QTest::newRow("character-count max") << uR"({"type": "character-count", "value": {"max": 4}})"_s << u"hello"_s << false;
    // promptfoo docs: Levenshtein "hello world" within 5; kitten -> sitting is 3 (Wikipedia).
    QTest::newRow("levenshtein") << uR"({"type": "levenshtein", "threshold": 5, "value": "hello world"})"_s
                                 << u"helo wrld!"_s << true;
    QTest::newRow("levenshtein kitten 3") << uR"({"type": "levenshtein", "threshold": 3, "value": "kitten"})"_s
                                          << u"sitting"_s << true;
    QTest::newRow("levenshtein kitten 2") << uR"({"type": "levenshtein", "threshold": 2, "value": "kitten"})"_s
                                          << u"sitting"_s << false;
    // promptfoo src (levenshtein.ts): no threshold means 5.
    QTest::newRow("levenshtein default 5") << uR"({"type": "levenshtein", "value": "abcdefgh"})"_s << u"abc"_s << true;
    QTest::newRow("levenshtein default 5 far") << uR"({"type": "levenshtein", "value": "abcdefghi"})"_s << u"abc"_s << false;
    // Deliberately not promptfoo: threshold 0 means identical here (promptfoo turns 0 into 5).
    QTest::newRow("levenshtein 0 is exact") << uR"({"type": "levenshtein", "threshold": 0, "value": "kitten"})"_s
                                            << u"kittens"_s << false;
    QTest::newRow("levenshtein 0 same") << uR"({"type": "levenshtein", "threshold": 0, "value": "kitten"})"_s
                                        << u"kitten"_s << true;
    QTest::newRow("not-levenshtein") << uR"({"type": "not-levenshtein", "threshold": 1, "value": "kitten"})"_s
                                     << u"sitting"_s << true;
    // JSON field checks (Assay's own): presence, equality, a number range, a pattern.
    QTest::newRow("json-field present") << uR"({"type": "json-field", "path": "/risk_score"})"_s << u"{\"risk_score\": null}"_s << true;
    QTest::newRow("json-field absent") << uR"({"type": "json-field", "path": "/risk_score"})"_s << u"{\"risk\": 1}"_s << false;
    QTest::newRow("json-field in range") << uR"({"type": "json-field", "path": "/risk_score", "min": 0, "max": 1})"_s
                                         << u"{\"risk_score\": 0.25}"_s << true;
    QTest::newRow("json-field edge 1") << uR"({"type": "json-field", "path": "/risk_score", "min": 0, "max": 1})"_s
                                       << u"{\"risk_score\": 1}"_s << true;
    QTest::newRow("json-field out of range") << uR"({"type": "json-field", "path": "/risk_score", "min": 0, "max": 1})"_s
                                             << u"{\"risk_score\": 1.5}"_s << false;
    QTest::newRow("json-field string is not a number") << uR"({"type": "json-field", "path": "/risk_score", "min": 0, "max": 1})"_s
                                                       << u"{\"risk_score\": \"0.5\"}"_s << false;
    QTest::newRow("json-field nested array") << uR"({"type": "json-field", "path": "/items/1/sku", "value": "B-2"})"_s
                                             << u"{\"items\": [{\"sku\": \"A-1\"}, {\"sku\": \"B-2\"}]}"_s << true;
    QTest::newRow("json-field equals object") << uR"({"type": "json-field", "path": "/a", "value": {"b": [1, 2]}})"_s
                                              << u"{\"a\": {\"b\": [1, 2.0]}}"_s << true;
    QTest::newRow("json-field pattern") << uR"({"type": "json-field", "path": "/label", "pattern": "^(churn|stay)$"})"_s
                                        << u"{\"label\": \"churn\"}"_s << true;
    QTest::newRow("json-field pattern no") << uR"({"type": "json-field", "path": "/label", "pattern": "^(churn|stay)$"})"_s
                                           << u"{\"label\": \"maybe\"}"_s << false;
    QTest::newRow("json-field not json") << uR"({"type": "json-field", "path": "/a"})"_s << u"a: 1"_s << false;
    QTest::newRow("json-field escaped pointer") << uR"({"type": "json-field", "path": "/a~1b"})"_s << u"{\"a/b\": 1}"_s << true;
    QTest::newRow("not-json-field") << uR"({"type": "not-json-field", "path": "/error"})"_s << u"{\"ok\": true}"_s << true;
}

void TestChecks::semantics()
{
    QFETCH(QString, check);
    QFETCH(QString, output);
    QFETCH(bool, passed);
    const CheckOutcome outcome = runOne(check, output);
    QVERIFY2(outcome.applicable, qPrintable(outcome.reason));
    QVERIFY2(outcome.passed == passed, qPrintable(outcome.reason));
    QCOMPARE(outcome.score, passed ? 1.0 : 0.0);
    QVERIFY(!outcome.reason.isEmpty());
}

void TestChecks::notApplicableWithoutTheFigure()
{
    // promptfoo docs: latency 5000 ms, cost 0.001. promptfoo throws without the figure; here
    // the check is not applicable: neither a pass nor a failure.
    const CheckSet set = setOf(uR"([{"type": "latency", "threshold": 5000}, {"type": "cost", "threshold": 0.001},
        {"type": "max-output-tokens", "threshold": 200}, {"type": "not-latency", "threshold": 5000}])"_s);
    CheckInput input;
    input.output = u"x"_s;
    QList<CheckOutcome> outcomes = set.evaluate(input);
    for (const CheckOutcome &o : outcomes) {
        QVERIFY2(!o.applicable && !o.passed, qPrintable(o.name));
        QVERIFY(!o.reason.isEmpty());
    }
    input.latencyMs = 5000;
    input.costUsd = 0.0011;
    input.outputTokens = 200;
    outcomes = set.evaluate(input);
    QVERIFY(outcomes[0].passed); // at most the threshold: 5000 <= 5000
    QVERIFY(!outcomes[1].passed);
    QVERIFY(outcomes[2].passed);
    QVERIFY(!outcomes[3].passed);
    // A not-applicable check leaves the set's score alone.
    input.costUsd.reset();
    const auto score = set.score(set.evaluate(input));
    QCOMPARE(score.score, 2.0 / 3.0);
    QVERIFY(!score.passed); // not-latency failed
}

void TestChecks::varsFillValues()
{
    // promptfoo docs: levenshtein against '{{expected}}' = foobar with threshold 2.
    const QString check = uR"({"type": "levenshtein", "threshold": 2, "value": "{{expected}}"})"_s;
    QVERIFY(runOne(check, u"fooba"_s, uR"({"expected": "foobar"})"_s).passed);
    QVERIFY(!runOne(check, u"barfoo"_s, uR"({"expected": "foobar"})"_s).passed);
    const CheckOutcome missing = runOne(check, u"foobar"_s, uR"({"other": 1})"_s);
    QVERIFY(!missing.applicable && !missing.passed);
    QVERIFY2(missing.reason.contains(u"{{expected}}"_s), qPrintable(missing.reason));
    QVERIFY(!runOne(check, u"foobar"_s, u"not json"_s).applicable);
    // Nested keys and the list forms take vars too.
    QVERIFY(runOne(uR"({"type": "contains-all", "value": ["{{customer.name}}", "order {{order}}"]})"_s,
                   u"Dear Ada, order 42 shipped"_s, uR"({"customer": {"name": "Ada"}, "order": 42})"_s).passed);
    QVERIFY(runOne(uR"({"type": "json-field", "path": "/id", "value": "{{id}}"})"_s, u"{\"id\": \"A7\"}"_s,
                   uR"({"id": "A7"})"_s).passed);
}

void TestChecks::reasonsSayWhy()
{
    const CheckOutcome all = runOne(uR"({"type": "contains-all", "value": ["alpha", "beta", "gamma"]})"_s, u"alpha"_s);
    QVERIFY2(all.reason.contains(u"\"beta\""_s) && all.reason.contains(u"\"gamma\""_s), qPrintable(all.reason));
    const CheckOutcome negated = runOne(uR"({"type": "not-contains", "value": "sorry"})"_s, u"so sorry"_s);
    QVERIFY2(negated.reason.startsWith(u"expected not: contains"_s), qPrintable(negated.reason));
    const CheckOutcome schema = runOne(uR"({"type": "is-json", "value": {"type": "object", "properties": {
        "risk_score": {"type": "number", "maximum": 1}}}})"_s, u"{\"risk_score\": 3}"_s);
    QVERIFY2(schema.reason.contains(u"/risk_score"_s), qPrintable(schema.reason));
    const CheckOutcome broken = runOne(uR"({"type": "is-json"})"_s, u"{\"a\": 1,}"_s);
    QVERIFY2(broken.reason.contains(u"byte"_s), qPrintable(broken.reason));
    const CheckOutcome range = runOne(uR"({"type": "json-field", "path": "/risk_score", "min": 0, "max": 1})"_s,
                                      u"{\"risk_score\": 1.5}"_s);
    QVERIFY2(range.reason.contains(u"1.5"_s) && range.reason.contains(u"outside"_s), qPrintable(range.reason));
}

void TestChecks::scoreWeightThreshold()
{
    // promptfoo src (assertionsResult.ts): score = sum(score * weight) / sum(weight); the test
    // passes when no assertion failed, or with a numeric threshold when score >= threshold.
    const QString checks = uR"([{"type": "contains", "value": "a", "weight": 2, "metric": "content"},
                                {"type": "contains", "value": "zzz", "weight": 1, "metric": "content"},
                                {"type": "is-json", "weight": 0, "metric": "format"}])"_s;
    CheckInput input;
    input.output = u"a"_s;
    const CheckSet plain = setOf(checks);
    auto score = plain.score(plain.evaluate(input));
    QCOMPARE(score.score, 2.0 / 3.0); // (1*2 + 0*1 + 0*0) / 3
    QVERIFY(!score.passed);           // a failing check fails the output, even one of weight 0
    QCOMPARE(score.metrics.value(u"content"_s), 2.0 / 3.0);
    QCOMPARE(score.metrics.value(u"format"_s), 0.0); // weight 0 / weight 0
    const CheckSet lenient = setOf(u"{\"threshold\": 0.6, \"checks\": "_s + checks + u"}"_s);
    score = lenient.score(lenient.evaluate(input));
    QVERIFY2(score.passed, qPrintable(score.reason)); // 0.67 >= 0.6
    const CheckSet strict = setOf(u"{\"threshold\": 0.7, \"checks\": "_s + checks + u"}"_s);
    QVERIFY(!strict.score(strict.evaluate(input)).passed);
    QCOMPARE(*strict.threshold(), 0.7);
    // promptfoo's threshold 0 is honoured: score >= 0 always passes.
    const CheckSet zero = setOf(u"{\"threshold\": 0, \"assert\": "_s + checks + u"}"_s);
    QVERIFY(zero.score(zero.evaluate(input)).passed);
}

void TestChecks::namesAreUniqueAndReadable()
{
    const CheckSet set = setOf(uR"([{"type": "is-json"}, {"type": "regex", "value": "^A"},
        {"type": "contains", "value": "x", "metric": "mentions"}, {"type": "contains", "value": "y", "metric": "mentions"},
        {"type": "is-json"}, {"type": "json-field", "path": "/risk_score", "min": 0, "max": 1},
        {"type": "latency", "threshold": 5000}])"_s);
    QCOMPARE(set.names(), (QStringList{u"is-json"_s, u"regex ^A"_s, u"mentions"_s, u"mentions (2)"_s, u"is-json (2)"_s,
                                       u"json-field /risk_score in [0, 1]"_s, u"latency <= 5000 ms"_s}));
    const auto infos = set.checks();
    QCOMPARE(infos.size(), 7);
    QCOMPARE(infos[2].metric, u"mentions"_s);
    QCOMPARE(infos[1].type, u"regex"_s);
    QCOMPARE(set.evaluate(CheckInput{u"A"_s, {}, {}, {}, {}}).size(), 7);
    QVERIFY(setOf(u"[]"_s).isEmpty());
}

void TestChecks::fingerprintFollowsTheDefinition()
{
    const QString a = uR"([{"type": "contains", "value": "x"}])"_s;
    QCOMPARE(setOf(a).fingerprint(), setOf(u"[\n  {\"value\": \"x\",   \"type\": \"contains\"}\n]"_s).fingerprint());
    QVERIFY(setOf(a).fingerprint() != setOf(uR"([{"type": "contains", "value": "y"}])"_s).fingerprint());
    QVERIFY(setOf(a).fingerprint() != setOf(uR"([{"type": "not-contains", "value": "x"}])"_s).fingerprint());
    QVERIFY(setOf(a).fingerprint() != setOf(uR"([{"type": "contains", "value": "x", "weight": 2}])"_s).fingerprint());
    QVERIFY(setOf(a).fingerprint() != setOf(uR"({"threshold": 0.5, "checks": [{"type": "contains", "value": "x"}]})"_s).fingerprint());
    QVERIFY(!setOf(a).fingerprint().isEmpty());
}

void TestChecks::badInputNamesLineAndCheck_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QStringList>("mentions");

    QTest::newRow("invalid regex") << u"[\n  {\"type\": \"contains\", \"value\": \"a\"},\n  {\"type\": \"regex\", \"value\": \"(unclosed\"}\n]"_s
                                   << QStringList{u"checks.json line 3"_s, u"check 2, regex"_s, u"invalid regular expression"_s};
    QTest::newRow("invalid schema") << u"[{\"type\": \"is-json\",\n \"value\": {\"type\": \"objekt\"}}]"_s
                                    << QStringList{u"line 1"_s, u"is-json"_s, u"schema"_s};
    QTest::newRow("schema pattern") << u"[\n{\"type\": \"is-json\", \"value\": {\"properties\": {\"a\": {\"pattern\": \"([a-z\"}}}}]"_s
                                    << QStringList{u"line 2"_s, u"is-json"_s, u"/properties/a/pattern"_s};
    QTest::newRow("not json") << u"[\n  {\"type\": \"contains\", \"value\": \"a\"},\n  {\"type\": \"contains\" \"value\": \"b\"}\n]"_s
                              << QStringList{u"checks.json line 3"_s, u"not valid JSON"_s};
    QTest::newRow("trailing comma") << u"[\n {\"type\": \"is-json\"},\n]"_s << QStringList{u"line 3"_s};
    QTest::newRow("unknown type") << u"[{\"type\": \"contains\", \"value\": \"a\"},\n\n{\"type\": \"containz\", \"value\": \"b\"}]"_s
                                  << QStringList{u"line 3"_s, u"check 2"_s, u"unknown type \"containz\""_s};
    QTest::newRow("model graded") << u"[{\"type\": \"llm-rubric\", \"value\": \"is polite\"}]"_s
                                  << QStringList{u"llm-rubric"_s, u"deterministic"_s};
    QTest::newRow("latency without threshold") << u"[{\"type\": \"latency\", \"metric\": \"ms\"}]"_s
                                               << QStringList{u"latency"_s, u"threshold"_s};
    QTest::newRow("misspelt key") << u"{\"checks\": [\n\n  {\"type\": \"levenshtein\", \"value\": \"a\", \"treshold\": 2}]}"_s
                                  << QStringList{u"line 3"_s, u"\"treshold\""_s};
    QTest::newRow("transform") << u"[{\"type\": \"contains\", \"value\": \"a\", \"transform\": \"output.trim()\"}]"_s
                               << QStringList{u"transform"_s, u"JavaScript"_s};
    QTest::newRow("no type") << u"[{\"value\": \"a\"}]"_s << QStringList{u"no \"type\""_s};
    QTest::newRow("json-field pointer") << u"[{\"type\": \"json-field\", \"path\": \"risk_score\"}]"_s
                                        << QStringList{u"JSON pointer"_s};
    QTest::newRow("bounds upside down") << u"[{\"type\": \"word-count\", \"value\": {\"min\": 9, \"max\": 2}}]"_s
                                        << QStringList{u"min 9 is above max 2"_s};
    QTest::newRow("empty contains") << u"[{\"type\": \"contains\", \"value\": \"\"}]"_s << QStringList{u"empty"_s};
    QTest::newRow("unterminated list quote") << u"[{\"type\": \"contains-any\", \"value\": \"\\\"a, b\"}]"_s
                                             << QStringList{u"quote"_s};
    QTest::newRow("not a list") << u"{\"type\": \"contains\"}"_s << QStringList{u"wrap it in [ ]"_s};
    QTest::newRow("no checks key") << u"{\"threshold\": 1}"_s << QStringList{u"no \"checks\" array"_s};
    QTest::newRow("scalar") << u"42"_s << QStringList{u"JSON array of checks"_s};
    QTest::newRow("missing schema file") << u"[{\"type\": \"is-json\", \"value\": \"file://nowhere.json\"}]"_s
                                         << QStringList{u"nowhere.json"_s};
    // Found trying fuzz_checks on file:// values by hand: a named file was read whole whatever it
    // was, so file:///dev/zero read until memory ran out.
    QTest::newRow("device as file value") << u"[{\"type\": \"contains\", \"value\": \"file:///dev/zero\"}]"_s
                                          << QStringList{u"/dev/zero"_s, u"not a regular file"_s};
    QTest::newRow("device as schema file") << u"[{\"type\": \"is-json\", \"value\": \"/dev/zero\"}]"_s
                                           << QStringList{u"/dev/zero"_s, u"not a regular file"_s};
}

void TestChecks::badInputNamesLineAndCheck()
{
    QFETCH(QString, json);
    QFETCH(QStringList, mentions);
    const QString error = parseError(json);
    QVERIFY2(!error.isEmpty(), "the set should have been refused");
    for (const QString &m : mentions)
        QVERIFY2(error.contains(m), qPrintable(u"\"%1\" not in: %2"_s.arg(m, error)));
}

void TestChecks::schemaFromFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto write = [&](const QString &name, const QByteArray &content) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    };
    write(u"score.json"_s, R"({"type": "number", "minimum": 0, "maximum": 1})");
    write(u"answer.schema.json"_s,
          R"({"type": "object", "required": ["risk_score"], "properties": {"risk_score": {"$ref": "score.json"}}})");
    write(u"checks.json"_s, R"([{"type": "is-json", "value": "file://answer.schema.json"},
                                {"type": "contains-json", "value": "answer.schema.json"}])");
    // A schema in a folder of its own refers to its neighbours, not to the check file's.
    QVERIFY(QDir(dir.path()).mkpath(u"schemas"_s));
    write(u"schemas/score.json"_s, R"({"type": "integer"})");
    write(u"schemas/nested.json"_s, R"({"type": "object", "properties": {"n": {"$ref": "score.json"}}})");
    write(u"nested-checks.json"_s, R"([{"type": "is-json", "value": "file://schemas/nested.json"}])");
    auto nested = CheckSet::load(dir.filePath(u"nested-checks.json"_s));
    QVERIFY2(nested, qPrintable(nested.error()));
    QVERIFY(nested->evaluate(CheckInput{u"{\"n\": 3}"_s, {}, {}, {}, {}}).first().passed);
    QVERIFY(!nested->evaluate(CheckInput{u"{\"n\": 0.5}"_s, {}, {}, {}, {}}).first().passed); // an integer, not [0, 1]
    auto set = CheckSet::load(dir.filePath(u"checks.json"_s));
    QVERIFY2(set, qPrintable(set.error()));
    QCOMPARE(set->names(), (QStringList{u"is-json answer.schema.json"_s, u"contains-json answer.schema.json"_s}));
    CheckInput input;
    input.output = u"{\"risk_score\": 0.4}"_s;
    for (const CheckOutcome &o : set->evaluate(input))
        QVERIFY2(o.passed, qPrintable(o.reason));
    input.output = u"{\"risk_score\": 4}"_s;
    for (const CheckOutcome &o : set->evaluate(input))
        QVERIFY2(!o.passed, qPrintable(o.reason));
    // The fingerprint follows the schema's content, not its file name.
    const QByteArray before = set->fingerprint();
    write(u"answer.schema.json"_s, R"({"type": "object", "required": ["risk"]})");
    auto changed = CheckSet::load(dir.filePath(u"checks.json"_s));
    QVERIFY(changed);
    QVERIFY(changed->fingerprint() != before);
    QVERIFY(!CheckSet::load(dir.filePath(u"absent.json"_s)));
}

void TestChecks::levenshteinAgreesWithTheTextbook()
{
    QCOMPARE(assay::boundedLevenshtein(u"kitten", u"sitting", 10), qsizetype(3));
    QCOMPARE(assay::boundedLevenshtein(u"", u"abc", 3), qsizetype(3));
    QVERIFY(!assay::boundedLevenshtein(u"", u"abcd", 3));
    QRandomGenerator rng(7);
    for (int round = 0; round < 2000; ++round) {
        auto randomText = [&] {
            QString s;
            const int n = rng.bounded(0, 14);
            for (int i = 0; i < n; ++i)
                s += QChar(u'a' + rng.bounded(0, 3));
            return s;
        };
        const QString a = randomText();
        const QString b = randomText();
        const qsizetype limit = rng.bounded(0, 8);
        const qsizetype truth = naiveLevenshtein(a, b);
        const auto bounded = assay::boundedLevenshtein(a, b, limit);
        if (truth <= limit)
            QVERIFY2(bounded && *bounded == truth, qPrintable(u"%1 / %2 limit %3"_s.arg(a, b).arg(limit)));
        else
            QVERIFY2(!bounded, qPrintable(u"%1 / %2 limit %3"_s.arg(a, b).arg(limit)));
    }
}

void TestChecks::megabyteOutputsStayFast()
{
    const QString big = QString(u"lorem ipsum {dolor} \"sit\" amet, "_s).repeated(32 * 1024); // ~1 MB
    const CheckSet set = setOf(uR"([{"type": "contains", "value": "needle"}, {"type": "regex", "value": "\\d{4}"},
        {"type": "levenshtein", "value": "short reference"}, {"type": "contains-json"}, {"type": "is-json"},
        {"type": "word-count", "value": {"max": 100}}, {"type": "icontains-any", "value": ["NEEDLE", "AMET"]}])"_s);
    QElapsedTimer timer;
    timer.start();
    const QList<CheckOutcome> outcomes = set.evaluate(CheckInput{big, {}, {}, {}, {}});
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(outcomes.size(), 7);
    QVERIFY(!outcomes[0].passed);
    QVERIFY(!outcomes[2].passed);
    QVERIFY(!outcomes[3].passed); // {dolor} is no JSON object
    QVERIFY(!outcomes[5].passed);
    QVERIFY(outcomes[6].passed);
    // Unbalanced braces by the hundred thousand: the scan gives up in bounded time, and says so.
    const QString braces = QString(u"{"_s).repeated(400 * 1024) + u"{\"a\": 1}"_s;
    timer.restart();
    const CheckOutcome json = runOne(uR"({"type": "contains-json"})"_s, braces);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!json.reason.isEmpty());
}

QTEST_GUILESS_MAIN(TestChecks)
#include "tst_checks.moc"

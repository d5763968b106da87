// The template engine: {{var}} and Python-style {var}, nested keys, escapes, missing variables
// named, syntax errors with their offset, and templates that are huge or binary junk. Also
// the coverage of a template's variables over logged inputs.

#include "prompts/PromptTemplate.h"
#include "prompts/TemplateCoverage.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

} // namespace

class TestPromptTemplate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void renders_data();
    void renders();
    void errors_data();
    void errors();
    void missingVariablesAreNamed();
    void placeholdersHavePositions();
    void styleDetection_data();
    void styleDetection();
    void parseKeepsGoingAfterAnError();
    void megabyteTemplate();
    void binaryJunkNeverCrashes();
    void coverage();
    void coverageOfUnreadableInputs();
};

void TestPromptTemplate::renders_data()
{
    QTest::addColumn<QString>("tpl");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    const QString plan = u"{\"plan\": \"pro\", \"seats\": 12, \"ratio\": 0.25, \"trial\": false, \"owner\": null, "
                         "\"account\": {\"name\": \"Acme\", \"tags\": [\"a\", \"b\"]}, \"a.b\": \"flat\"}"_s;
    QTest::newRow("plain") << u"Plan: {{plan}}"_s << plan << u"Plan: pro"_s;
    QTest::newRow("spaces inside") << u"Plan: {{ plan }}!"_s << plan << u"Plan: pro!"_s;
    QTest::newRow("repeated") << u"{{plan}}/{{plan}}"_s << plan << u"pro/pro"_s;
    QTest::newRow("numbers") << u"{{seats}} seats at {{ratio}}"_s << plan << u"12 seats at 0.25"_s;
    QTest::newRow("bool and null") << u"{{trial}} {{owner}}"_s << plan << u"false null"_s;
    QTest::newRow("nested") << u"Account {{account.name}}"_s << plan << u"Account Acme"_s;
    QTest::newRow("array index") << u"{{account.tags.1}}"_s << plan << u"b"_s;
    QTest::newRow("object as JSON") << u"{{account}}"_s << plan << u"{\"name\":\"Acme\",\"tags\":[\"a\",\"b\"]}"_s;
    QTest::newRow("flat key with a dot wins") << u"{{a.b}}"_s << plan << u"flat"_s;
    QTest::newRow("triple mustache") << u"{{{plan}}}"_s << plan << u"pro"_s;
    QTest::newRow("escaped braces") << u"Write \\{{plan}} for {{plan}}"_s << plan << u"Write {{plan}} for pro"_s;
    QTest::newRow("JSON example stays") << u"Return {\"risk\": {\"score\": 1}} for {{plan}}"_s << plan
                                        << u"Return {\"risk\": {\"score\": 1}} for pro"_s;
    QTest::newRow("lone closing braces") << u"}} and } for {{plan}}"_s << plan << u"}} and } for pro"_s;
    QTest::newRow("other backslashes stay") << u"C:\\path\\file \\n {{plan}}"_s << plan << u"C:\\path\\file \\n pro"_s;
    QTest::newRow("value with braces is not re-expanded") << u"{{x}}"_s << u"{\"x\": \"{{plan}}\"}"_s << u"{{plan}}"_s;
    QTest::newRow("no variables") << u"Just text."_s << u"{}"_s << u"Just text."_s;
    QTest::newRow("empty") << QString() << u"{}"_s << QString();
    QTest::newRow("python") << u"Plan: {plan}, seats {seats}"_s << plan << u"Plan: pro, seats 12"_s;
    QTest::newRow("python nested") << u"{account.name} / {account[name]} / {account[tags][0]}"_s << plan
                                   << u"Acme / Acme / a"_s;
    QTest::newRow("python doubled braces") << u"JSON: {{\"plan\": \"{plan}\"}}"_s << plan
                                           << u"JSON: {\"plan\": \"pro\"}"_s;
    QTest::newRow("unicode") << u"Résumé {{plan}} ✓ 😀"_s << plan << u"Résumé pro ✓ 😀"_s;
}

void TestPromptTemplate::renders()
{
    QFETCH(QString, tpl);
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const auto out = renderTemplate(tpl, QJsonDocument::fromJson(input.toUtf8()).object());
    QVERIFY2(out.ok(), qPrintable(out.error()));
    QCOMPARE(*out, expected);
}

void TestPromptTemplate::errors_data()
{
    QTest::addColumn<QString>("tpl");
    QTest::addColumn<int>("style");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<QString>("words");
    const int dbl = static_cast<int>(TemplateStyle::DoubleBrace);
    const int py = static_cast<int>(TemplateStyle::Python);
    QTest::newRow("unclosed") << u"Hello {{name"_s << dbl << qsizetype(6) << u"unclosed {{"_s;
    QTest::newRow("unclosed before newline") << u"A {{name\n}}"_s << dbl << qsizetype(2) << u"unclosed {{"_s;
    QTest::newRow("empty placeholder") << u"x {{ }} y"_s << dbl << qsizetype(2) << u"empty placeholder"_s;
    QTest::newRow("spaces in name") << u"{{first name}}"_s << dbl << qsizetype(0) << u"invalid placeholder"_s;
    QTest::newRow("junk inside") << u"ok {{plan}} {{\"a\": 1}}"_s << dbl << qsizetype(12) << u"invalid placeholder"_s;
    QTest::newRow("double dot") << u"{{a..b}}"_s << dbl << qsizetype(0) << u"invalid placeholder"_s;
    QTest::newRow("second line") << u"line one\nline {{two"_s << dbl << qsizetype(14) << u"line 2, column 6"_s;
    QTest::newRow("python unclosed") << u"Hi {name"_s << py << qsizetype(3) << u"unclosed {"_s;
    QTest::newRow("python single }") << u"Hi {name} }"_s << py << qsizetype(10) << u"single }"_s;
    QTest::newRow("python positional") << u"Hi {}"_s << py << qsizetype(3) << u"positional field"_s;
    QTest::newRow("python index") << u"Hi {0}"_s << py << qsizetype(3) << u"positional field"_s;
    QTest::newRow("python format spec") << u"Hi {name:>10}"_s << py << qsizetype(3) << u"format spec"_s;
    QTest::newRow("python conversion") << u"Hi {name!r}"_s << py << qsizetype(3) << u"conversion"_s;
}

void TestPromptTemplate::errors()
{
    QFETCH(QString, tpl);
    QFETCH(int, style);
    QFETCH(qsizetype, offset);
    QFETCH(QString, words);
    const PromptTemplate t = PromptTemplate::parse(tpl, static_cast<TemplateStyle>(style));
    QVERIFY(!t.isValid());
    QCOMPARE(t.error()->offset, offset);
    QVERIFY2(t.error()->message.contains(words), qPrintable(t.error()->message));
    QVERIFY2(t.error()->message.contains(u"offset %1"_s.arg(offset)), qPrintable(t.error()->message));
    const auto rendered = t.render(json(R"({"name": "x", "two": "y", "plan": "p", "a": 1})"));
    QVERIFY(!rendered.ok());
    QVERIFY2(rendered.error().contains(words), qPrintable(rendered.error()));
}

void TestPromptTemplate::missingVariablesAreNamed()
{
    const auto one = renderTemplate(u"{{plan}} and {{tier}}"_s, json(R"({"plan": "pro"})"));
    QVERIFY(!one.ok());
    QVERIFY2(one.error().contains(u"{{tier}}"_s) && !one.error().contains(u"{{plan}}"_s), qPrintable(one.error()));
    const auto two = renderTemplate(u"{{a.b}} {{c}} {{a.b}}"_s, json(R"({"a": {"x": 1}})"));
    QVERIFY(!two.ok());
    QVERIFY2(two.error().contains(u"variables {{a.b}}, {{c}}"_s), qPrintable(two.error()));
    const auto py = renderTemplate(u"{plan} {tier}"_s, json(R"({"plan": "pro"})"));
    QVERIFY(!py.ok());
    QVERIFY2(py.error().contains(u"{tier}"_s), qPrintable(py.error()));
    // Never an empty string in place of a missing value, not even for an index past the end.
    QVERIFY(!renderTemplate(u"{{tags.5}}"_s, json(R"({"tags": ["a"]})")).ok());
    QVERIFY(!renderTemplate(u"{{plan.name}}"_s, json(R"({"plan": "pro"})")).ok());
}

void TestPromptTemplate::placeholdersHavePositions()
{
    const QString text = u"Hi {{ name }}, your {{account.plan}} plan; \\{{not}} {{name}}"_s;
    const PromptTemplate t = PromptTemplate::parse(text);
    QVERIFY(t.isValid());
    QCOMPARE(t.style(), TemplateStyle::DoubleBrace);
    QCOMPARE(t.placeholders().size(), 3);
    QCOMPARE(t.placeholders()[0].path, u"name"_s);
    QCOMPARE(text.mid(t.placeholders()[0].start, t.placeholders()[0].length), u"{{ name }}"_s);
    QCOMPARE(text.mid(t.placeholders()[1].start, t.placeholders()[1].length), u"{{account.plan}}"_s);
    QCOMPARE(t.placeholders()[2].start, text.size() - 8);
    QCOMPARE(t.variables(), (QStringList{u"name"_s, u"account.plan"_s}));
    QCOMPARE(t.spell(u"name"_s), u"{{name}}"_s);

    const QString py = u"{a} {{b}} {c[d]}"_s;
    const PromptTemplate p = PromptTemplate::parse(py, TemplateStyle::Python); // Auto would see {{b}}
    QCOMPARE(p.style(), TemplateStyle::Python);
    QCOMPARE(p.variables(), (QStringList{u"a"_s, u"c.d"_s}));
    QCOMPARE(py.mid(p.placeholders()[1].start, p.placeholders()[1].length), u"{c[d]}"_s);
    QCOMPARE(p.spell(u"a"_s), u"{a}"_s);
}

void TestPromptTemplate::styleDetection_data()
{
    QTest::addColumn<QString>("tpl");
    QTest::addColumn<int>("style");
    const int dbl = static_cast<int>(TemplateStyle::DoubleBrace);
    const int py = static_cast<int>(TemplateStyle::Python);
    QTest::newRow("mustache") << u"Hi {{name}}"_s << dbl;
    QTest::newRow("mustache with JSON example") << u"Return {\"risk\": 1} for {{ account }}"_s << dbl;
    QTest::newRow("python") << u"Hi {name}"_s << py;
    QTest::newRow("python with doubled braces") << u"Return {{\"risk\": 1}} for {account}"_s << py;
    QTest::newRow("no variables") << u"Plain text {not a var}"_s << dbl;
    QTest::newRow("both: double braces win") << u"{a} {{b}}"_s << dbl;
    QTest::newRow("escaped mustache only") << u"\\{{name}}"_s << dbl;
    QTest::newRow("empty") << QString() << dbl;
}

void TestPromptTemplate::styleDetection()
{
    QFETCH(QString, tpl);
    QFETCH(int, style);
    QCOMPARE(static_cast<int>(detectTemplateStyle(tpl)), style);
}

void TestPromptTemplate::parseKeepsGoingAfterAnError()
{
    const PromptTemplate t = PromptTemplate::parse(u"{{a}} {{ bad name }} {{b}} {{c"_s);
    QVERIFY(!t.isValid());
    QCOMPARE(t.error()->offset, 6); // the first error, not the last
    QCOMPARE(t.variables(), (QStringList{u"a"_s, u"b"_s}));
}

void TestPromptTemplate::megabyteTemplate()
{
    // 1 MB of prompt with a variable every few hundred characters renders quickly.
    QString big;
    while (big.size() < 1024 * 1024)
        big += u"Some rules for the model, line after line. Plan: {{plan}}.\n"_s;
    QElapsedTimer timer;
    timer.start();
    const auto out = renderTemplate(big, json(R"({"plan": "pro"})"));
    QVERIFY(out.ok());
    QVERIFY(out->contains(u"Plan: pro."_s));
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));

    // The worst shapes for a naive scanner: a megabyte of opening braces, of "{{a", of "{a".
    for (const QString &unit : {u"{"_s, u"{{a "_s, u"{a"_s, u"}"_s, u"\\{{"_s}) {
        QString junk;
        junk.reserve(1024 * 1024 + 4);
        while (junk.size() < 1024 * 1024)
            junk += unit;
        for (TemplateStyle style : {TemplateStyle::Auto, TemplateStyle::DoubleBrace, TemplateStyle::Python}) {
            timer.restart();
            const PromptTemplate t = PromptTemplate::parse(junk, style);
            (void)t.render({});
            QVERIFY2(timer.elapsed() < 2000, qPrintable(u"%1: %2 ms"_s.arg(unit).arg(timer.elapsed())));
        }
    }
}

void TestPromptTemplate::binaryJunkNeverCrashes()
{
    QRandomGenerator rng(2024);
    for (int round = 0; round < 200; ++round) {
        QByteArray bytes(rng.bounded(4096), Qt::Uninitialized);
        for (char &c : bytes)
            c = static_cast<char>(rng.bounded(256));
        // Braces more often than chance, so the parser's paths get exercised.
        for (int i = 0; i < bytes.size(); i += 1 + rng.bounded(16))
            bytes[i] = "{}\\."[rng.bounded(4)];
        const QString text = QString::fromUtf8(bytes) + QChar(u'\0') + u"{{x}}"_s;
        for (TemplateStyle style : {TemplateStyle::Auto, TemplateStyle::DoubleBrace, TemplateStyle::Python}) {
            const PromptTemplate t = PromptTemplate::parse(text, style);
            const auto rendered = t.render(json(R"({"x": "y"})"));
            QVERIFY(rendered.ok() || !rendered.error().isEmpty());
            for (const TemplatePlaceholder &p : t.placeholders())
                QVERIFY(p.start >= 0 && p.start + p.length <= text.size());
        }
    }
}

void TestPromptTemplate::coverage()
{
    const PromptTemplate t = PromptTemplate::parse(u"{{plan}} {{tier}} {{account.name}}"_s);
    const QStringList inputs{
        uR"({"plan": "pro", "account": {"name": "Acme"}})"_s,
        uR"({"plan": "free", "account": {"name": "Beta"}})"_s,
        uR"({"plan": "team", "account": {}})"_s,
        uR"({"plan": "pro", "account": {"name": "Delta"}, "tier": "gold"})"_s,
    };
    const TemplateCoverage c = templateCoverage(t, inputs);
    QCOMPARE(c.inputs, 4);
    QCOMPARE(c.renderable, 1);
    QVERIFY(!c.complete());
    QCOMPARE(c.variables.size(), 3);
    QCOMPARE(c.variables[0].present, 4);
    QCOMPARE(c.variables[1].present, 1);
    QCOMPARE(c.variables[2].present, 3);
    QCOMPARE(c.variables[2].share(), 0.75);
    const QStringList lines = c.summaryLines();
    QCOMPARE(lines[0], u"{{plan}} present in 100% of logged inputs"_s);
    QVERIFY2(lines[1].startsWith(u"{{tier}} present in 25% (1 of 4): replay would fail"_s), qPrintable(lines[1]));

    const TemplateCoverage none = templateCoverage(PromptTemplate::parse(u"{{tier}}"_s), {uR"({"plan": "pro"})"_s});
    QCOMPARE(none.summaryLines(), QStringList{u"{{tier}} in none: replay would fail"_s});
}

void TestPromptTemplate::coverageOfUnreadableInputs()
{
    const PromptTemplate t = PromptTemplate::parse(u"{plan}"_s);
    const TemplateCoverage c = templateCoverage(t, {u"not json"_s, QString(), u"[1, 2]"_s, uR"({"plan": 1})"_s});
    QCOMPARE(c.inputs, 1);
    QCOMPARE(c.unreadable, 3);
    QVERIFY(c.complete());
    QCOMPARE(c.summaryLines().first(), u"{plan} present in 100% of logged inputs"_s);
    QVERIFY(c.summaryLines().last().contains(u"3 logged inputs are not JSON objects"_s));
    QVERIFY(!templateCoverage(t, {}).complete());
}

QTEST_GUILESS_MAIN(TestPromptTemplate)
#include "tst_prompttemplate.moc"

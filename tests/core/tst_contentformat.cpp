#include "util/ContentFormat.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using assay::ContentFormat;

class TestContentFormat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detect_data();
    void detect();
    void checkJsonValid_data();
    void checkJsonValid();
    void checkJsonReportsErrorOffset();
    void checkJsonOffsetCountsCharactersNotBytes();
    void indentKeepsKeyOrderAndDigits();
    void indentToleratesTruncatedJson();
    void indentKeepsStringsIntact();
    void hugeTextsAreFast();
};

void TestContentFormat::detect_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<ContentFormat>("expected");

    QTest::newRow("empty") << QString() << ContentFormat::Text;
    QTest::newRow("whitespace") << u"  \n\t \r\n"_s << ContentFormat::Text;
    QTest::newRow("prose") << u"The customer wants a refund for order 1234. Escalate."_s << ContentFormat::Text;
    QTest::newRow("prose with a dash") << u"Summary - the user is unhappy - refund."_s << ContentFormat::Text;
    QTest::newRow("hashtag is not a heading") << u"#1 priority: fix login"_s << ContentFormat::Text;
    QTest::newRow("lone bullet") << u"Notes:\n- one thing only"_s << ContentFormat::Text;
    QTest::newRow("lone bold") << u"This is **important** to know."_s << ContentFormat::Text;
    QTest::newRow("arithmetic stars") << u"2**10 is 1024 and 3**2 is 9"_s << ContentFormat::Text;

    QTest::newRow("json object") << uR"({"sentiment": "negative", "score": 0.2})"_s << ContentFormat::Json;
    QTest::newRow("json array") << u"[1, 2, {\"a\": null}]"_s << ContentFormat::Json;
    QTest::newRow("json with leading space") << u"\n  {\"a\": [true, false]}\n"_s << ContentFormat::Json;
    QTest::newRow("empty json object") << u"{}"_s << ContentFormat::Json;
    QTest::newRow("malformed json") << u"{\"a\": 1,, }"_s << ContentFormat::Text;
    QTest::newRow("truncated json") << u"{\"summary\": \"The user"_s << ContentFormat::Text;
    QTest::newRow("json then prose") << u"{\"a\": 1} and that is all"_s << ContentFormat::Text;
    QTest::newRow("scalar is not json output") << u"42"_s << ContentFormat::Text;
    QTest::newRow("bracket prose") << u"[draft] please review"_s << ContentFormat::Text;

    QTest::newRow("heading") << u"# Summary\nThe user wants a refund."_s << ContentFormat::Markdown;
    QTest::newRow("h3 heading") << u"Intro\n### Details\ntext"_s << ContentFormat::Markdown;
    QTest::newRow("bullets") << u"Findings:\n- slow login\n- wrong invoice"_s << ContentFormat::Markdown;
    QTest::newRow("star bullets") << u"* one\n* two"_s << ContentFormat::Markdown;
    QTest::newRow("numbered") << u"Steps:\n1. open settings\n2. click reset"_s << ContentFormat::Markdown;
    QTest::newRow("fence") << u"Use this:\n```python\nprint(1)\n```"_s << ContentFormat::Markdown;
    QTest::newRow("table") << u"| a | b |\n|---|---|\n| 1 | 2 |"_s << ContentFormat::Markdown;
    QTest::newRow("aligned table") << u"a | b\n:--- | ---:\n1 | 2"_s << ContentFormat::Markdown;
    QTest::newRow("bold and link") << u"See **this** at [docs](https://example.com)."_s << ContentFormat::Markdown;
    QTest::newRow("two links") << u"[a](https://a.example) or [b](https://b.example)"_s << ContentFormat::Markdown;
    QTest::newRow("bullet and code") << u"- run `make`"_s << ContentFormat::Markdown;
    QTest::newRow("crlf lines") << u"Result:\r\n- a\r\n- b\r\n"_s << ContentFormat::Markdown;
    QTest::newRow("link starts text") << u"[Invoice](https://x.example/1) is **overdue**"_s << ContentFormat::Markdown;
}

void TestContentFormat::detect()
{
    QFETCH(QString, text);
    QFETCH(ContentFormat, expected);
    QCOMPARE(assay::detectContentFormat(text), expected);
}

void TestContentFormat::checkJsonValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");

    QTest::newRow("object") << u"{\"a\": 1}"_s << true;
    QTest::newRow("array") << u"[]"_s << true;
    QTest::newRow("string scalar") << u"\"hello\""_s << true;
    QTest::newRow("number scalar") << u" 42 "_s << true;
    QTest::newRow("null scalar") << u"null"_s << true;
    QTest::newRow("unicode") << u"{\"name\": \"Zoë 😀\"}"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("whitespace") << u"   "_s << false;
    QTest::newRow("two scalars") << u"1, 2"_s << false;
    QTest::newRow("trailing comma") << u"{\"a\": 1,}"_s << false;
    QTest::newRow("single quotes") << u"{'a': 1}"_s << false;
    QTest::newRow("python repr") << u"{'a': None}"_s << false;
    QTest::newRow("garbage after") << u"{} x"_s << false;
    QTest::newRow("bare word") << u"hello"_s << false;
    QTest::newRow("replacement char in string") << u"{\"a\": \"\uFFFD\"}"_s << true;
}

void TestContentFormat::checkJsonValid()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const assay::JsonCheck check = assay::checkJson(text);
    QCOMPARE(check.valid, valid);
    if (valid) {
        QVERIFY(check.error.isEmpty());
        QCOMPARE(check.offset, -1);
    } else {
        QVERIFY(!check.error.isEmpty());
        QVERIFY(check.offset >= 0);
        QVERIFY(check.offset <= text.size() + 1);
    }
}

void TestContentFormat::checkJsonReportsErrorOffset()
{
    const QString text = u"{\"a\": 1, \"b\": tru}"_s;
    const assay::JsonCheck check = assay::checkJson(text);
    QVERIFY(!check.valid);
    // The parser gives up somewhere in the bad literal, not at the start of the text.
    QVERIFY2(check.offset >= text.indexOf(u"tru") && check.offset <= text.indexOf(u'}') + 1,
             qPrintable(u"offset %1: %2"_s.arg(check.offset).arg(check.error)));

    const assay::JsonCheck scalar = assay::checkJson(u"  nul"_s);
    QVERIFY(!scalar.valid);
    QVERIFY(scalar.offset >= 2 && scalar.offset <= 5);
}

void TestContentFormat::checkJsonOffsetCountsCharactersNotBytes()
{
    // "ééééé" is 10 bytes in UTF-8 but 5 characters; the offset must index the QString.
    const QString text = u"{\"ééééé\": x}"_s;
    const assay::JsonCheck check = assay::checkJson(text);
    QVERIFY(!check.valid);
    const int x = static_cast<int>(text.indexOf(u'x'));
    QVERIFY2(qAbs(check.offset - x) <= 1, qPrintable(u"offset %1, x at %2"_s.arg(check.offset).arg(x)));
}

void TestContentFormat::indentKeepsKeyOrderAndDigits()
{
    const QString in = u"{\"zeta\":1,\"alpha\":{\"id\":12345678901234567890,\"x\":[]},\"list\":[1,2],\"o\":{ }}"_s;
    const QString out = assay::indentJson(in);
    const QString expected = u"{\n"
                             "    \"zeta\": 1,\n"
                             "    \"alpha\": {\n"
                             "        \"id\": 12345678901234567890,\n"
                             "        \"x\": []\n"
                             "    },\n"
                             "    \"list\": [\n"
                             "        1,\n"
                             "        2\n"
                             "    ],\n"
                             "    \"o\": {}\n"
                             "}"_s;
    QCOMPARE(out, expected);
    // Same document as the input, whitespace aside.
    QCOMPARE(QJsonDocument::fromJson(out.toUtf8()), QJsonDocument::fromJson(in.toUtf8()));
    QCOMPARE(assay::indentJson(u"[1]"_s, 2), u"[\n  1\n]"_s);
}

void TestContentFormat::indentToleratesTruncatedJson()
{
    const QString out = assay::indentJson(u"{\"items\": [{\"name\": \"a\"}, {\"name\": \"b"_s);
    QVERIFY(out.startsWith(u"{\n    \"items\": [\n        {\n"_s));
    QVERIFY(out.endsWith(u"\"name\": \"b"_s));
}

void TestContentFormat::indentKeepsStringsIntact()
{
    const QString in = u"{\"a\":\"x, {y}: [z] \\\"q\\\" \\\\\",\"b\":\"\"}"_s;
    const QString out = assay::indentJson(in);
    QVERIFY(out.contains(u"\"a\": \"x, {y}: [z] \\\"q\\\" \\\\\","_s));
    QVERIFY(out.contains(u"\"b\": \"\""_s));
}

void TestContentFormat::hugeTextsAreFast()
{
    // ~2 MB of each kind: detection must stay well under the time a user notices.
    QString json = u"["_s;
    while (json.size() < 2 * 1024 * 1024)
        json += u"{\"id\": 1, \"text\": \"lorem ipsum dolor sit amet\"},"_s;
    json += u"{}]"_s;
    QString prose;
    while (prose.size() < 2 * 1024 * 1024)
        prose += u"The quick brown fox jumps over the lazy dog. "_s;
    QString markdown = prose;
    markdown.prepend(u"# Title\n\n"_s);
    const QString brokenJson = json.left(json.size() - 2);

    QElapsedTimer timer;
    timer.start();
    QCOMPARE(assay::detectContentFormat(json), ContentFormat::Json);
    QCOMPARE(assay::detectContentFormat(prose), ContentFormat::Text);
    QCOMPARE(assay::detectContentFormat(markdown), ContentFormat::Markdown);
    QCOMPARE(assay::detectContentFormat(brokenJson), ContentFormat::Text);
    const assay::JsonCheck check = assay::checkJson(brokenJson);
    QVERIFY(!check.valid);
    QVERIFY(check.offset > brokenJson.size() - 10);
    QVERIFY(assay::indentJson(json).size() > json.size());
    QVERIFY2(timer.elapsed() < 3000, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));
    qInfo("2 MB detection, check and indent took %lld ms", static_cast<long long>(timer.elapsed()));
}

QTEST_GUILESS_MAIN(TestContentFormat)
#include "tst_contentformat.moc"

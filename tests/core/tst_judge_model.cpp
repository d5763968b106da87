// The judge model's pure parts: the strict reading of a reply (every way a model's answer can
// be almost right, each said invalid rather than guessed), the rubric's checks and rendering,
// and the swap rule that turns two orders into one vote. The whole run through the fake
// provider server is tests/cli/tst_judge_llm_cli.cpp.

#include "eval/JudgeOrders.h"
#include "eval/JudgeReply.h"
#include "eval/JudgeRubric.h"
#include "eval/JudgeRunPlan.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

Q_DECLARE_METATYPE(std::optional<assay::JudgeChoice>)

class TestJudgeModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replies_data();
    void replies();
    void rawTextIsKept();
    void builtInRubricShipsAndRenders();
    void badRubricsAreRefused_data();
    void badRubricsAreRefused();
    void rubricFromFile();
    void swapRule_data();
    void swapRule();
    void countsOverOrders();
    void outputKeysRoundTrip();
};

void TestJudgeModel::replies_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<std::optional<JudgeChoice>>("choice");
    QTest::addColumn<QString>("reason");
    const auto none = std::optional<JudgeChoice>();
    QTest::newRow("plain") << uR"({"winner": "1", "reason": "more complete"})"_s << std::optional(JudgeChoice::First) << u"more complete"_s;
    QTest::newRow("two") << uR"({"winner":"2","reason":"shorter"})"_s << std::optional(JudgeChoice::Second) << u"shorter"_s;
    QTest::newRow("tie") << uR"({"winner": "tie", "reason": "same"})"_s << std::optional(JudgeChoice::Tie) << u"same"_s;
    QTest::newRow("fenced") << u"```json\n{\"winner\": \"2\", \"reason\": \"r\"}\n```"_s << std::optional(JudgeChoice::Second) << u"r"_s;
    QTest::newRow("text around") << u"Here is my verdict: {\"winner\": \"1\", \"reason\": \"x\"} Hope it helps."_s
                                 << std::optional(JudgeChoice::First) << u"x"_s;
    QTest::newRow("braces in strings") << uR"({"winner": "2", "reason": "1 uses {{ and } oddly \" {"})"_s
                                       << std::optional(JudgeChoice::Second) << uR"(1 uses {{ and } oddly " {)"_s;
    QTest::newRow("nested object") << uR"({"winner": "1", "reason": "ok", "scores": {"1": 4, "2": 3}})"_s
                                   << std::optional(JudgeChoice::First) << u"ok"_s;
    QTest::newRow("no reason") << uR"({"winner": "tie"})"_s << std::optional(JudgeChoice::Tie) << QString();
    // Invalid, each never guessed:
    QTest::newRow("prose") << u"Response 1 is better."_s << none << QString();
    QTest::newRow("empty") << QString() << none << QString();
    QTest::newRow("number winner") << uR"({"winner": 1, "reason": "x"})"_s << none << QString();
    QTest::newRow("Tie capitalised") << uR"({"winner": "Tie", "reason": "x"})"_s << none << QString();
    QTest::newRow("A instead of 1") << uR"({"winner": "A", "reason": "x"})"_s << none << QString();
    QTest::newRow("padded") << uR"({"winner": " 1", "reason": "x"})"_s << none << QString();
    QTest::newRow("no winner") << uR"({"verdict": "1", "reason": "x"})"_s << none << QString();
    QTest::newRow("reason not text") << uR"({"winner": "1", "reason": 3})"_s << none << QString();
    QTest::newRow("never closes") << uR"({"winner": "1", "reason": "x")"_s << none << QString();
    QTest::newRow("single quotes") << u"{'winner': '1', 'reason': 'x'}"_s << none << QString();
    QTest::newRow("trailing comma") << uR"({"winner": "1", "reason": "x",})"_s << none << QString();
    // The first object decides; a valid one after a broken one is not looked for.
    QTest::newRow("first broken") << uR"({winner: 1} then {"winner": "2", "reason": "x"})"_s << none << QString();
    QTest::newRow("first lacks winner") << uR"({"note": "thinking"} {"winner": "2"})"_s << none << QString();
    QTest::newRow("array") << uR"([{"winner": "1"}])"_s << std::optional(JudgeChoice::First) << QString();
}

void TestJudgeModel::replies()
{
    QFETCH(QString, text);
    QFETCH(std::optional<JudgeChoice>, choice);
    QFETCH(QString, reason);
    const JudgeReply reply = parseJudgeReply(text);
    QCOMPARE(reply.choice, choice);
    QCOMPARE(reply.valid(), choice.has_value());
    QCOMPARE(reply.problem.isEmpty(), choice.has_value());
    if (choice)
        QCOMPARE(reply.reason, reason);
}

void TestJudgeModel::rawTextIsKept()
{
    const QString text = u"I think the second one, but really {\"winner\": \"second\"}"_s;
    const JudgeReply reply = parseJudgeReply(text);
    QVERIFY(!reply.valid());
    QCOMPARE(reply.raw, text);
    QVERIFY2(reply.problem.contains(u"second"_s), qPrintable(reply.problem));
}

void TestJudgeModel::builtInRubricShipsAndRenders()
{
    const JudgeRubric rubric = JudgeRubric::builtIn();
    QCOMPARE(rubric.origin(), u"built-in"_s);
    for (const QString &v : {u"{{criteria}}"_s, u"{{input}}"_s, u"{{response_1}}"_s, u"{{response_2}}"_s})
        QVERIFY2(rubric.text().contains(v), qPrintable(v));
    QCOMPARE(rubric.fingerprint().size(), 12);
    auto text = rubric.render(u"CRIT"_s, u"{\"q\": \"IN {{response_1}}\"}"_s, u"FIRST"_s, u"SECOND"_s);
    QVERIFY2(text.ok(), qPrintable(text.error()));
    QVERIFY(text->contains(u"CRIT"_s));
    QVERIFY(text->indexOf(u"FIRST"_s) < text->indexOf(u"SECOND"_s));
    // Values are put in as they are, never read as placeholders again.
    QVERIFY(text->contains(u"IN {{response_1}}"_s));
    QVERIFY(!text->contains(u"{{criteria}}"_s));
}

void TestJudgeModel::badRubricsAreRefused_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("named");
    QTest::newRow("typo") << u"{{input}} {{response1}} {{response_2}}"_s << u"{{response1}}"_s;
    QTest::newRow("one response") << u"{{input}} {{response_1}}"_s << u"{{response_2}}"_s;
    QTest::newRow("unclosed") << u"{{input}} {{response_1}} {{response_2"_s << u"unclosed"_s;
}

void TestJudgeModel::badRubricsAreRefused()
{
    QFETCH(QString, text);
    QFETCH(QString, named);
    auto rubric = JudgeRubric::fromText(text, u"mine.txt"_s);
    QVERIFY(!rubric.ok());
    QVERIFY2(rubric.error().contains(named) && rubric.error().contains(u"mine.txt"_s), qPrintable(rubric.error()));
}

void TestJudgeModel::rubricFromFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"rubric.txt"_s);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("Pick one.\nA: {{response_1}}\nB: {{response_2}}\n");
    f.close();
    auto rubric = JudgeRubric::fromFile(path);
    QVERIFY2(rubric.ok(), qPrintable(rubric.error()));
    QCOMPARE(rubric->origin(), path);
    QVERIFY(rubric->fingerprint() != JudgeRubric::builtIn().fingerprint());
    QCOMPARE(*rubric->render(u"c"_s, u"i"_s, u"x"_s, u"y"_s), u"Pick one.\nA: x\nB: y\n"_s);
    auto missing = JudgeRubric::fromFile(dir.filePath(u"nope.txt"_s));
    QVERIFY(!missing.ok());
    QVERIFY(missing.error().contains(u"nope.txt"_s));
}

namespace {

std::optional<JudgeOrderOutcome> decided(int order, JudgeChoice c)
{
    JudgeOrderOutcome o;
    o.pairNo = 1;
    o.order = order;
    o.status = JudgeOrderStatus::Decided;
    o.choice = c;
    return o;
}

std::optional<JudgeOrderOutcome> notDecided(int order, JudgeOrderStatus status)
{
    JudgeOrderOutcome o;
    o.pairNo = 1;
    o.order = order;
    o.status = status;
    return o;
}

} // namespace

Q_DECLARE_METATYPE(std::optional<assay::JudgeOrderOutcome>)

void TestJudgeModel::swapRule_data()
{
    QTest::addColumn<std::optional<JudgeOrderOutcome>>("first");
    QTest::addColumn<std::optional<JudgeOrderOutcome>>("second");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("winner");
    using K = JudgedPair::Kind;
    const auto F = JudgeChoice::First, S = JudgeChoice::Second, T = JudgeChoice::Tie;
    // Order 1 shows A first, order 2 shows B first.
    QTest::newRow("A both times") << decided(1, F) << decided(2, S) << int(K::Consistent) << int(PairWinner::A);
    QTest::newRow("B both times") << decided(1, S) << decided(2, F) << int(K::Consistent) << int(PairWinner::B);
    QTest::newRow("tie both times") << decided(1, T) << decided(2, T) << int(K::Consistent) << int(PairWinner::Tie);
    QTest::newRow("always the first shown") << decided(1, F) << decided(2, F) << int(K::Inconsistent) << int(PairWinner::Tie);
    QTest::newRow("always the second shown") << decided(1, S) << decided(2, S) << int(K::Inconsistent) << int(PairWinner::Tie);
    QTest::newRow("A then tie") << decided(1, F) << decided(2, T) << int(K::Inconsistent) << int(PairWinner::Tie);
    QTest::newRow("invalid order") << decided(1, F) << notDecided(2, JudgeOrderStatus::Invalid) << int(K::Excluded) << int(PairWinner::Tie);
    QTest::newRow("failed order") << notDecided(1, JudgeOrderStatus::Failed) << decided(2, S) << int(K::Excluded) << int(PairWinner::Tie);
    QTest::newRow("pending order") << decided(1, F) << std::optional<JudgeOrderOutcome>() << int(K::Excluded) << int(PairWinner::Tie);
}

void TestJudgeModel::swapRule()
{
    QFETCH(std::optional<JudgeOrderOutcome>, first);
    QFETCH(std::optional<JudgeOrderOutcome>, second);
    QFETCH(int, kind);
    QFETCH(int, winner);
    const JudgedPair judged = combineOrders(first, second);
    QCOMPARE(int(judged.kind), kind);
    QCOMPARE(int(judged.winner), winner);
}

void TestJudgeModel::countsOverOrders()
{
    // Pair 1 consistent, 2 inconsistent, 3 one invalid order, 4 one failed, 5 nothing yet.
    QList<JudgeOrderOutcome> outcomes;
    const auto add = [&](int pair, int order, JudgeOrderStatus s, std::optional<JudgeChoice> c) {
        JudgeOrderOutcome o;
        o.pairNo = pair;
        o.order = order;
        o.status = s;
        o.choice = c;
        outcomes << o;
    };
    add(1, 1, JudgeOrderStatus::Decided, JudgeChoice::Second);
    add(1, 2, JudgeOrderStatus::Decided, JudgeChoice::First);
    add(2, 1, JudgeOrderStatus::Decided, JudgeChoice::First);
    add(2, 2, JudgeOrderStatus::Decided, JudgeChoice::First);
    add(3, 1, JudgeOrderStatus::Invalid, std::nullopt);
    add(3, 2, JudgeOrderStatus::Decided, JudgeChoice::Tie);
    add(4, 1, JudgeOrderStatus::Decided, JudgeChoice::Tie);
    add(4, 2, JudgeOrderStatus::Failed, std::nullopt);
    const JudgeRunCounts c = countJudgeOrders({1, 2, 3, 4, 5}, outcomes);
    QCOMPARE(c.pairs, 5);
    QCOMPARE(c.consistent, 1);
    QCOMPARE(c.inconsistent, 1);
    QCOMPARE(c.excluded, 3);
    QCOMPARE(c.decidedOrders, 6);
    QCOMPARE(c.invalidOrders, 1);
    QCOMPARE(c.failedOrders, 1);
    QCOMPARE(c.pendingOrders, 2);
}

void TestJudgeModel::outputKeysRoundTrip()
{
    const QString key = judgeOutputKey(u"team:review:march"_s, 17, 2);
    QCOMPARE(key, u"judge:team:review:march:17:2"_s);
    const auto parsed = parseJudgeOutputKey(key);
    QVERIFY(parsed);
    QCOMPARE(parsed->session, u"team:review:march"_s);
    QCOMPARE(parsed->pairNo, 17);
    QCOMPARE(parsed->order, 2);
    QVERIFY(!parseJudgeOutputKey(u"42"_s));
    QVERIFY(!parseJudgeOutputKey(u"judge:s:1:3"_s));
    QVERIFY(!parseJudgeOutputKey(u"judge::1:1"_s));
}

QTEST_GUILESS_MAIN(TestJudgeModel)
#include "tst_judge_model.moc"

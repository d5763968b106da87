// Quality targets: the verdict rules at their boundaries (against a Wilson interval the test
// computes itself), the measures of each kind on a generated log whose ids are shuffled against
// time (counted by a plain loop over the rows the test wrote, not by SQL), the workspace store
// and targets.json, and failures that name the problem.
#include "TestSupport.h"

#include "browse/LogSession.h"
#include "labels/LabelStore.h"
#include "pricing/PriceTable.h"
#include "targets/QualityTarget.h"
#include "targets/TargetStatus.h"
#include "targets/TargetStore.h"
#include "workspace/Workspace.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

// The Wilson score interval written out again, so the verdicts are checked against a formula
// that shares no code with the product's.
std::pair<double, double> referenceWilson(double k, double n)
{
    const double z = 1.959963984540054;
    const double p = k / n;
    const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    const double half = z / (1 + z * z / n) * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
    return {centre - half, centre + half};
}

TargetMeasure counts(qint64 trials, qint64 events)
{
    TargetMeasure m;
    m.trials = trials;
    m.events = events;
    return m;
}

TargetMeasure spending(qint64 priced, double usd, qint64 unpriced)
{
    TargetMeasure m;
    m.trials = priced;
    m.usd = usd;
    m.unpriced = unpriced;
    return m;
}

QualityTarget rateTarget(TargetMetric metric, double limit)
{
    QualityTarget t;
    t.feature = u"f"_s;
    t.metric = metric;
    t.limit = limit;
    return t;
}

const QDateTime kNow(QDate(2026, 11, 20), QTime(0, 0), QTimeZone::utc());
constexpr int kInWindow = 200; // rows of feature f inside the 7-day window ending kNow

// One generated row of feature f (i = 1..kInWindow inside the window, more outside it).
struct Row {
    int i;
    qint64 id;
    QDateTime at;
    QString feedback;
    bool error;
    qint64 latency;
    double cost;
    QString version;
};

Row rowOf(int i)
{
    Row r;
    r.i = i;
    r.id = (qint64(i) * 7919) % 1000 + 1; // a permutation of 1..1000: ids not in time order
    r.at = kNow.addSecs(-qint64(i) * 50 * 60); // every 50 minutes back from now
    const int m = i % 10;
    r.feedback = m == 0 ? u"negative"_s : m == 1 || m == 2 ? u"positive"_s : m == 3 ? u"edited"_s : QString();
    r.error = i % 25 == 0;
    r.latency = 100 + qint64(i) * 10;
    r.cost = 0.001 * double(i % 3 + 1);
    r.version = i % 2 ? u"v1"_s : u"v2"_s;
    return r;
}

} // namespace

class TestTargets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rateVerdictsAtTheirBoundaries();
    void notEnoughDataUnderTheMinimum();
    void moreToDecideIsTheSmallestDecidingCount();
    void p95AndCostPerCall();
    void targetJsonAndParsing();
    void storeReplacesAndRemoves();
    void targetsFileBesideTheRegistry();
    void measuresMatchThePlainCount();
    void checkTargetsGivesEachItsWindow();
    void failuresNameTheProblem();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::ScopedWorkspaceDir> m_wsDir;
    std::unique_ptr<LogSession> m_session;
    QList<Row> m_rows; // feature f, inside (i <= kInWindow) and outside the window
};

void TestTargets::initTestCase()
{
    m_wsDir = std::make_unique<test::ScopedWorkspaceDir>();
    QList<QVariantList> rows;
    for (int i = 1; i <= kInWindow + 60; ++i) { // i > 201 lies before the window (7 d = 201.6 steps)
        const Row r = rowOf(i);
        m_rows << r;
        QVariantList row = test::TestLog::standardRow(r.id, u"f"_s, r.at.toString(Qt::ISODate), u"out %1"_s.arg(i));
        row[8] = r.feedback.isEmpty() ? QVariant() : QVariant(r.feedback);
        row[9] = u"p"_s;
        row[10] = r.version;
        row[13] = r.cost;
        row[14] = r.latency;
        row[15] = r.error ? u"error"_s : u"ok"_s;
        rows << row;
    }
    // Another feature in the same window, all negative: never counted for f.
    for (int j = 0; j < 40; ++j) {
        QVariantList row = test::TestLog::standardRow(501 + j * 7 % 400 + 1000, u"g"_s,
                                                      kNow.addSecs(-j * 600).toString(Qt::ISODate), u"g"_s);
        row[8] = u"negative"_s;
        row[15] = u"error"_s;
        rows << row;
    }
    const QString log = test::TestLog::create(m_dir, test::TestLog::standardColumns(), rows);
    SessionSpec spec;
    spec.source = test::sqliteSource(log);
    auto session = LogSession::open(spec);
    QVERIFY2(session.ok(), qPrintable(session.error()));
    m_session = std::move(*session);
    QVERIFY(m_session->workspace());
}

void TestTargets::rateVerdictsAtTheirBoundaries()
{
    // 10 of 100: the interval is [low, high]; a limit just under low is breached, just over it
    // at risk, just under high at risk, just over high met.
    const auto [low, high] = referenceWilson(10, 100);
    const TargetMeasure m = counts(100, 10);
    const auto verdict = [&](double limit) { return judgeTarget(rateTarget(TargetMetric::NegativeFeedback, limit), m).verdict; };
    QCOMPARE(verdict(low - 1e-9), TargetVerdict::Breached);
    QCOMPARE(verdict(low + 1e-9), TargetVerdict::AtRisk);
    QCOMPARE(verdict(0.10), TargetVerdict::AtRisk);
    QCOMPARE(verdict(high - 1e-9), TargetVerdict::AtRisk);
    QCOMPARE(verdict(high + 1e-9), TargetVerdict::Met);
    const TargetStatus s = judgeTarget(rateTarget(TargetMetric::Errors, 0.05), m);
    QVERIFY(std::abs(s.interval->low - low) < 1e-12);
    QVERIFY(std::abs(s.interval->high - high) < 1e-12);
    QCOMPARE(*s.observed, 0.10);
    QCOMPARE(s.verdict, TargetVerdict::Breached); // 5% lies under the whole interval
    // A zero limit with no events can never be shown met: the interval always touches 0.
    const TargetStatus zero = judgeTarget(rateTarget(TargetMetric::Errors, 0.0), counts(500, 0));
    QCOMPARE(zero.verdict, TargetVerdict::AtRisk);
    QVERIFY(!zero.moreToDecide);
    QVERIFY(zero.decisionText().contains(u"no number"_s));
    QCOMPARE(judgeTarget(rateTarget(TargetMetric::Errors, 0.0), counts(500, 1)).verdict, TargetVerdict::Breached);
}

void TestTargets::notEnoughDataUnderTheMinimum()
{
    // 19 of 19 negative is still "not enough data"; at 20 the same rate is judged.
    QCOMPARE(judgeTarget(rateTarget(TargetMetric::NegativeFeedback, 0.05), counts(19, 19)).verdict,
             TargetVerdict::NotEnoughData);
    QCOMPARE(judgeTarget(rateTarget(TargetMetric::NegativeFeedback, 0.05), counts(20, 20)).verdict,
             TargetVerdict::Breached);
    const TargetStatus none = judgeTarget(rateTarget(TargetMetric::NegativeFeedback, 0.05), TargetMeasure{});
    QCOMPARE(none.verdict, TargetVerdict::NotEnoughData);
    QCOMPARE(none.moreToDecide.value_or(-1), kMinimumTargetTrials);
    QVERIFY(!none.observed);
    QVERIFY(none.observedText().contains(u"no rated outputs"_s));
}

void TestTargets::moreToDecideIsTheSmallestDecidingCount()
{
    // 6 of 100 against 5%: at risk. At the same rate, n + more must exclude 5% and n + more - 1
    // must not (by the test's own interval).
    const TargetStatus s = judgeTarget(rateTarget(TargetMetric::NegativeFeedback, 0.05), counts(100, 6));
    QCOMPARE(s.verdict, TargetVerdict::AtRisk);
    QVERIFY(s.moreToDecide);
    const double n = 100.0 + double(*s.moreToDecide);
    const auto excludes = [](double trials) {
        const double k = 0.06 * trials;
        const auto [lo, hi] = referenceWilson(k, trials);
        return lo > 0.05 || hi < 0.05;
    };
    QVERIFY(excludes(n));
    QVERIFY(!excludes(n - 1));
    QVERIFY(s.decisionText().contains(QLocale(QLocale::English).toString(*s.moreToDecide)));
}

void TestTargets::p95AndCostPerCall()
{
    QualityTarget p95 = rateTarget(TargetMetric::P95Latency, 1200);
    // 20 of 200 calls slower than the limit: 10%, its interval wholly above 5%.
    TargetStatus slow = judgeTarget(p95, counts(200, 20));
    QCOMPARE(slow.threshold, 0.05);
    QCOMPARE(slow.verdict, TargetVerdict::Breached);
    QCOMPARE(judgeTarget(p95, counts(2000, 20)).verdict, TargetVerdict::Met); // 1%
    QualityTarget cost = rateTarget(TargetMetric::CostPerCall, 0.002);
    TargetMeasure spend = spending(100, 0.25, 3);
    TargetStatus over = judgeTarget(cost, spend);
    QCOMPARE(over.verdict, TargetVerdict::Breached);
    QCOMPARE(*over.observed, 0.0025);
    QVERIFY(over.observedText().contains(u"3 unpriced calls left out"_s));
    spend.usd = 0.15;
    QCOMPARE(judgeTarget(cost, spend).verdict, TargetVerdict::Met);
    QCOMPARE(judgeTarget(cost, spending(5, 1.0, 0)).verdict, TargetVerdict::NotEnoughData);
}

void TestTargets::targetJsonAndParsing()
{
    QualityTarget t = rateTarget(TargetMetric::CheckFailures, 0.02);
    t.check = u"json_valid"_s;
    t.prompt = u"p@v2"_s;
    t.windowSeconds = 24 * 3600;
    auto back = QualityTarget::fromJson(t.toJson());
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QVERIFY(back->sameSlot(t));
    QCOMPARE(back->limit, 0.02);
    QCOMPARE(back->windowSeconds, qint64(24 * 3600));
    QCOMPARE(t.toJson().value(u"window"_s).toString(), u"1d"_s);

    QCOMPARE(parseRate(u"5%"_s).value(), 0.05);
    QCOMPARE(parseRate(u" 0.05 "_s).value(), 0.05);
    QCOMPARE(parseRate(u"100%"_s).value(), 1.0);
    for (const QString &bad : {u"120%"_s, u"-1%"_s, u"nan"_s, u"inf"_s, u"five"_s, u""_s, u"1.5"_s})
        QVERIFY2(!parseRate(bad).ok(), qPrintable(bad));
    QCOMPARE(parseWindow(u"7d"_s).value(), qint64(7 * 86400));
    QCOMPARE(parseWindow(u"36h"_s).value(), qint64(36 * 3600));
    QCOMPARE(parseWindow(u"2w"_s).value(), qint64(14 * 86400));
    for (const QString &bad : {u"0d"_s, u"7"_s, u"7y"_s, u"99999999999d"_s, u"3651d"_s})
        QVERIFY2(!parseWindow(bad).ok(), qPrintable(bad));

    QVERIFY(!QualityTarget::fromJson(QJsonObject{{u"feature"_s, u"f"_s}, {u"metric"_s, u"speed"_s}, {u"limit"_s, 1}}).ok());
    QVERIFY(!QualityTarget::fromJson(QJsonObject{{u"feature"_s, u"f"_s}, {u"metric"_s, u"errors"_s}, {u"limit"_s, 2}}).ok());
    QVERIFY(!QualityTarget::fromJson(QJsonObject{{u"metric"_s, u"errors"_s}, {u"limit"_s, 0.1}}).ok());
    QVERIFY(!QualityTarget::fromJson(QJsonObject{{u"feature"_s, u"f"_s}, {u"metric"_s, u"check-failures"_s},
                                                 {u"limit"_s, 0.1}}).ok()); // no check named
    QVERIFY(QualityTarget::fromJson(QJsonObject{{u"feature"_s, u"f"_s}, {u"metric"_s, u"p95-latency"_s},
                                                {u"limit"_s, 1500}}).ok());
}

void TestTargets::storeReplacesAndRemoves()
{
    TargetStore store(*m_session->workspace());
    QVERIFY(store.set(rateTarget(TargetMetric::NegativeFeedback, 0.05)).ok());
    QVERIFY(store.set(rateTarget(TargetMetric::NegativeFeedback, 0.08)).ok()); // same slot: replaced
    QualityTarget forV2 = rateTarget(TargetMetric::NegativeFeedback, 0.03);
    forV2.prompt = u"p@v2"_s;
    QVERIFY(store.set(forV2).ok());
    QVERIFY(store.set(rateTarget(TargetMetric::Errors, 0.01)).ok());
    QVERIFY(!store.set(rateTarget(TargetMetric::Errors, 7)).ok()); // not a share
    auto listed = store.list();
    QVERIFY2(listed.ok(), qPrintable(listed.error()));
    QCOMPARE(listed->size(), 3);
    QCOMPARE(listed->at(0).metric, TargetMetric::Errors); // ordered by feature, prompt, metric
    QCOMPARE(listed->at(1).limit, 0.08);
    QCOMPARE(listed->at(2).prompt, u"p@v2"_s);
    QCOMPARE(store.remove(u"f"_s, u"p@v2"_s).value(), 1);
    QCOMPARE(store.remove(u"f"_s, {}, TargetMetric::Errors).value(), 1);
    QCOMPARE(store.remove(u"f"_s).value(), 1);
    QCOMPARE(store.remove(u"f"_s).value(), 0);
    QVERIFY(store.list()->isEmpty());
}

void TestTargets::targetsFileBesideTheRegistry()
{
    const QString path = m_dir.filePath(u"targets.json"_s);
    QVERIFY(readTargetsFile(path)->isEmpty()); // no file: no targets
    const auto write = [&](const QByteArray &bytes) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    };
    write(R"({"targets": [{"feature": "f", "metric": "errors", "limit": 0.02, "window": "24h"},
                          {"feature": "f", "metric": "errors", "limit": 0.03}]})");
    auto read = readTargetsFile(path);
    QVERIFY2(read.ok(), qPrintable(read.error()));
    QCOMPARE(read->size(), 1); // the later entry of a slot wins
    QCOMPARE(read->first().limit, 0.03);
    const QList<QualityTarget> merged = mergeTargets({rateTarget(TargetMetric::Errors, 0.5),
                                                      rateTarget(TargetMetric::NegativeFeedback, 0.1)}, *read);
    QCOMPARE(merged.size(), 2);
    QCOMPARE(merged.first().limit, 0.03);

    write(R"({"targets": [{"feature": "f", "metric": "errors", "limit": 0.02)"); // truncated
    QVERIFY(readTargetsFile(path).error().contains(u"not JSON"_s));
    write(R"([{"feature": "f"}])");
    QVERIFY(readTargetsFile(path).error().contains(u"expected {\"targets\""_s));
    write(R"({"targets": [{"feature": "f", "metric": "errors", "limit": "low"}]})");
    QVERIFY2(readTargetsFile(path).error().contains(u"target 1"_s), qPrintable(readTargetsFile(path).error()));
}

void TestTargets::measuresMatchThePlainCount()
{
    Workspace &ws = *m_session->workspace();
    // Reviewer labels on rows 1..40 (negative every fourth), one outside the window, one on g.
    LabelStore alice(ws, u"alice"_s);
    for (int i = 1; i <= 40; ++i)
        QVERIFY(alice.set({QString::number(rowOf(i).id), i % 4 == 0 ? LabelValue::Negative : LabelValue::Positive,
                           {}, {}, {}}).ok());
    QVERIFY(alice.set({QString::number(rowOf(250).id), LabelValue::Negative, {}, {}, {}}).ok());
    // Check results for rows 1..50: failing every fifth; row 1 failed once but its newest
    // result passes; row 51's newest result is not applicable.
    QSqlQuery q(ws.db());
    q.prepare(u"INSERT INTO check_results (subject, set_fingerprint, input_hash, check_no, check_name, passed, "
              "applicable, score, reason, checked_at) VALUES (?, ?, '', 0, 'json_valid', ?, ?, 0, '', ?)"_s);
    const auto result = [&](int i, const QString &set, bool passed, bool applicable, const QString &at) {
        q.addBindValue(u"log:%1"_s.arg(rowOf(i).id));
        q.addBindValue(set);
        q.addBindValue(passed ? 1 : 0);
        q.addBindValue(applicable ? 1 : 0);
        q.addBindValue(at);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    };
    for (int i = 1; i <= 50; ++i)
        result(i, u"new"_s, i % 5 != 0, true, u"2026-11-19T12:00:00.000Z"_s);
    result(1, u"old"_s, false, true, u"2026-11-18T12:00:00.000Z"_s);
    result(51, u"new"_s, false, false, u"2026-11-19T12:00:00.000Z"_s);

    // The reference: a plain loop over the rows this test wrote.
    const QDateTime since = kNow.addDays(-7);
    qint64 calls = 0, rated = 0, negative = 0, errors = 0, slow = 0;
    double usd = 0;
    for (const Row &r : m_rows) {
        if (r.at < since || r.at >= kNow)
            continue;
        ++calls;
        rated += r.feedback.isEmpty() ? 0 : 1;
        negative += r.feedback == "negative"_L1;
        errors += r.error;
        slow += r.latency > 1900;
        usd += r.cost;
    }
    QCOMPARE(calls, qint64(kInWindow + 1)); // i = 1..201 fall inside the 7 days
    PriceTable prices = PriceTable::withDefaults();
    const auto measure = [&](TargetMetric metric, double limit = 0.1, const QString &check = {}) {
        QualityTarget t = rateTarget(metric, limit);
        t.check = check;
        auto m = measureTarget(*m_session, prices, t, since, kNow);
        if (!m)
            qWarning("%s", qPrintable(m.error()));
        return m.ok() ? *m : counts(-1, -1);
    };
    TargetMeasure m = measure(TargetMetric::NegativeFeedback);
    QCOMPARE(m.trials, rated);
    QCOMPARE(m.events, negative);
    m = measure(TargetMetric::Errors);
    QCOMPARE(m.trials, calls);
    QCOMPARE(m.events, errors);
    m = measure(TargetMetric::NegativeLabels);
    QCOMPARE(m.trials, qint64(40));
    QCOMPARE(m.events, qint64(10));
    m = measure(TargetMetric::CheckFailures, 0.1, u"json_valid"_s);
    QCOMPARE(m.trials, qint64(50)); // row 51's newest result did not apply
    QCOMPARE(m.events, qint64(10)); // row 1's old failure is superseded
    m = measure(TargetMetric::P95Latency, 1900);
    QCOMPARE(m.trials, calls);
    QCOMPARE(m.events, slow);
    m = measure(TargetMetric::CostPerCall, 0.002);
    QCOMPARE(m.trials, calls);
    QVERIFY2(std::abs(m.usd - usd) < 1e-9, qPrintable(QString::number(m.usd, 'g', 12)));

    // One prompt version: only its rows.
    QualityTarget v2 = rateTarget(TargetMetric::Errors, 0.1);
    v2.prompt = u"p@v2"_s;
    qint64 v2Calls = 0;
    for (const Row &r : m_rows)
        v2Calls += r.at >= since && r.at < kNow && r.version == "v2"_L1;
    QCOMPARE(measureTarget(*m_session, prices, v2, since, kNow)->trials, v2Calls);
}

void TestTargets::checkTargetsGivesEachItsWindow()
{
    QualityTarget week = rateTarget(TargetMetric::Errors, 0.5);
    QualityTarget day = week;
    day.windowSeconds = 86400;
    day.metric = TargetMetric::NegativeFeedback;
    auto statuses = checkTargets(*m_session, PriceTable::withDefaults(), {week, day}, kNow);
    QVERIFY2(statuses.ok(), qPrintable(statuses.error()));
    QCOMPARE(statuses->size(), 2);
    QCOMPARE(statuses->at(0).since, kNow.addDays(-7));
    QCOMPARE(statuses->at(1).since, kNow.addDays(-1));
    QCOMPARE(statuses->at(0).measure.trials, qint64(kInWindow + 1));
    // A day holds rows i = 1..28 (28 x 50 min < 24 h), of which 11 have feedback.
    qint64 rated = 0;
    for (int i = 1; i <= 28; ++i)
        rated += rowOf(i).feedback.isEmpty() ? 0 : 1;
    QCOMPARE(statuses->at(1).measure.trials, rated);
    QCOMPARE(statuses->at(0).verdict, TargetVerdict::Met); // 8 errors of 201 against 50%
    QVERIFY(!anyBreached(*statuses));
    const QJsonObject json = statuses->at(0).toJson();
    QCOMPARE(json.value(u"status"_s).toString(), u"met"_s);
    QCOMPARE(json.value(u"trials"_s).toInteger(), kInWindow + 1);
    QVERIFY(json.value(u"ci_high"_s).isDouble());
}

void TestTargets::failuresNameTheProblem()
{
    // A log without feedback or latency columns: the target says what is missing.
    QTemporaryDir dir;
    const QString log = test::TestLog::create(dir, {u"id INTEGER PRIMARY KEY"_s, u"feature TEXT"_s,
                                                    u"created_at TEXT"_s, u"output TEXT"_s},
                                              {{1, u"f"_s, u"2026-11-19T00:00:00Z"_s, u"x"_s}});
    SessionSpec spec;
    spec.source = test::sqliteSource(log);
    auto session = LogSession::open(spec);
    QVERIFY(session.ok());
    const PriceTable prices = PriceTable::withDefaults();
    auto fb = measureTarget(**session, prices, rateTarget(TargetMetric::NegativeFeedback, 0.1), kNow.addDays(-7), kNow);
    QVERIFY(!fb.ok());
    QVERIFY2(fb.error().contains(u"feedback"_s), qPrintable(fb.error()));
    auto latency = measureTarget(**session, prices, rateTarget(TargetMetric::P95Latency, 100), kNow.addDays(-7), kNow);
    QVERIFY(!latency.ok());
    QVERIFY2(latency.error().contains(u"latency"_s), qPrintable(latency.error()));
}

QTEST_GUILESS_MAIN(TestTargets)
#include "tst_targets.moc"

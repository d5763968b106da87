// The weekly report's data and Markdown: on a small hand-made log over two ISO weeks in
// Europe/Berlin (whose October DST change falls in the previous week, and whose week boundaries
// are an hour or two away from UTC's), the figures equal direct SQL over the same rows with the
// week's UTC bounds written out by hand; reviewer labels, agreement, negatives and prompt
// versions are counted for the right week only; the Markdown carries those numbers.

#include "analytics/BudgetCheck.h"
#include "analytics/BudgetStore.h"
#include "labels/LabelStore.h"
#include "replay/ReplayPlan.h"
#include "replay/ReplayRunStore.h"
#include "report/MarkdownReport.h"
#include "report/ReportFormat.h"
#include "report/WeeklyReportBuilder.h"
#include "targets/TargetStore.h"
#include "util/CalendarWeek.h"
#include "util/Money.h"

#include "TestSupport.h"

#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

const QStringList columns{
    u"id INTEGER PRIMARY KEY"_s, u"feature TEXT"_s, u"created_at TEXT"_s, u"output TEXT"_s, u"model TEXT"_s,
    u"feedback TEXT"_s, u"input_tokens INTEGER"_s, u"output_tokens INTEGER"_s, u"cost_usd REAL"_s,
    u"latency_ms INTEGER"_s, u"status TEXT"_s, u"error TEXT"_s,
};

// Europe/Berlin: 2026-W43 runs from Mon 19 Oct 00:00 CEST (18 Oct 22:00 UTC) to Mon 26 Oct
// 00:00 CET (25 Oct 23:00 UTC); the clocks go back on Sunday 25 Oct. 2026-W44 ends Mon 2 Nov
// 00:00 CET (1 Nov 23:00 UTC).
const QString w43Start = u"2026-10-18T22:00:00Z"_s;
const QString w44Start = u"2026-10-25T23:00:00Z"_s;
const QString w44End = u"2026-11-01T23:00:00Z"_s;

// The rows a UTC reading would put in the wrong week: each is an hour or less from a
// Berlin week boundary. Ids 1-5; the random rows follow.
const QStringList boundaryTimes{
    u"2026-10-18T21:30:00Z"_s, // Sun 18 Oct 23:30 CEST: W42, in neither week
    u"2026-10-18T22:30:00Z"_s, // Mon 19 Oct 00:30 CEST: W43 (UTC says W42)
    u"2026-10-25T22:30:00Z"_s, // Sun 25 Oct 23:30 CET: W43
    u"2026-10-25T23:30:00Z"_s, // Mon 26 Oct 00:30 CET: W44 (UTC says W43)
    u"2026-11-01T23:30:00Z"_s, // Mon 2 Nov 00:30 CET: W45, in neither week (UTC says W44)
};

const QStringList features{u"summarize"_s, u"classify"_s, u"extract"_s};

QList<QVariantList> makeRows()
{
    QList<QVariantList> rows;
    QRandomGenerator rng(4711);
    const QDateTime from = QDateTime::fromString(u"2026-10-17T00:00:00Z"_s, Qt::ISODate);
    const int spanSeconds = 17 * 86400;
    QStringList times = boundaryTimes;
    for (int i = 0; i < 400; ++i)
        times << from.addSecs(rng.bounded(spanSeconds)).toUTC().toString(u"yyyy-MM-dd'T'HH:mm:ss'Z'"_s);
    qint64 id = 0;
    for (const QString &at : times) {
        ++id;
        const QString feature = features.at(rng.bounded(int(features.size())));
        // test-model has no logged cost (priced at $1 / $2 per million); gpt-4o logs its cost.
        const bool priced = rng.bounded(2) == 0;
        const QString model = priced ? u"test-model"_s : u"gpt-4o"_s;
        const QStringList feedback{u"positive"_s, u"negative"_s, u"edited"_s, QString(), QString()};
        const QString fb = feedback.at(rng.bounded(int(feedback.size())));
        const bool failed = rng.bounded(12) == 0;
        rows << QVariantList{id,
                             feature,
                             at,
                             u"Output %1 of %2:\nsome | text *with* markup"_s.arg(id).arg(feature),
                             model,
                             fb.isEmpty() ? QVariant() : QVariant(fb),
                             qint64(100 + rng.bounded(5000)),
                             qint64(10 + rng.bounded(800)),
                             priced ? QVariant() : QVariant(rng.bounded(10000) / 100000.0),
                             rng.bounded(20) == 0 ? QVariant() : QVariant(qint64(100 + rng.bounded(4000))),
                             failed ? u"error"_s : u"ok"_s,
                             failed ? QVariant(u"timeout"_s) : QVariant()};
    }
    return rows;
}

const QStringList registrySql{
    u"CREATE TABLE prompt_versions (name TEXT NOT NULL, version TEXT NOT NULL, template TEXT NOT NULL, model TEXT, "
    "temperature REAL, max_tokens INTEGER, labels TEXT, author TEXT, note TEXT, created_at TEXT, "
    "PRIMARY KEY (name, version))"_s,
    u"INSERT INTO prompt_versions VALUES ('answer', 'v1', 'line a\nline b\nline c\n', 'gpt-4o', NULL, NULL, NULL, "
    "'ann', 'first', '2026-10-10T10:00:00Z')"_s,
    // W44: against v1, adds two lines and removes one (line b becomes line B); the model changes.
    u"INSERT INTO prompt_versions VALUES ('answer', 'v2', 'line a\nline B\nline c\nline d\n', 'test-model', NULL, "
    "NULL, NULL, 'bob', 'sharper', '2026-10-27T10:00:00Z')"_s,
    // W45 in Berlin (UTC would say W44): not this week.
    u"INSERT INTO prompt_versions VALUES ('answer', 'v3', 'x\n', 'gpt-4o', NULL, NULL, NULL, 'ann', NULL, "
    "'2026-11-01T23:30:00Z')"_s,
    // Mon 26 Oct 00:30 in Berlin: W44; a first version of three lines.
    u"INSERT INTO prompt_versions VALUES ('triage', 'v1', 'one\ntwo\nthree\n', 'gpt-4o', NULL, NULL, NULL, 'cy', "
    "NULL, '2026-10-25T23:30:00Z')"_s,
};

PriceTable testPrices()
{
    PriceTable prices = PriceTable::withDefaults();
    ModelPrice p;
    p.pattern = u"test-model"_s;
    p.input = 1;
    p.output = 2;
    p.source = PriceSource::User;
    // Not inside Q_ASSERT: release builds compile that away.
    if (const auto added = prices.add(p); !added)
        qFatal("cannot add the test price: %s", qPrintable(added.error()));
    return prices;
}

// percentile_cont, written out again here so the test does not lean on the code it checks.
std::optional<double> percentile(QList<double> values, double fraction)
{
    if (values.isEmpty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const double rank = fraction * double(values.size() - 1);
    const qsizetype low = qsizetype(std::floor(rank));
    const qsizetype high = qsizetype(std::ceil(rank));
    return values.at(low) + (rank - double(low)) * (values.at(high) - values.at(low));
}

struct SqlFigures {
    qint64 calls = 0, input = 0, output = 0, errors = 0, positive = 0, negative = 0, edited = 0;
    double cost = 0;
    std::optional<double> p50, p95;
};

bool near(double a, double b)
{
    return std::abs(a - b) < 1e-9 * std::max(1.0, std::abs(b));
}

} // namespace

class TestWeeklyReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void parsesIsoWeeks_data();
    void parsesIsoWeeks();
    void lastFullWeekDependsOnTheZone();
    void weekBoundsAreLocal();
    void totalsEqualDirectSql();
    void featuresAndModelsEqualDirectSql();
    void dailyCostAddsUpToTheWeeks();
    void feedbackRatesHaveWilsonIntervals();
    void reviewerLabelsOfTheWeekOnly();
    void negativeExamples();
    void promptVersionsOfTheWeek();
    void markdownCarriesTheFigures();
    void missingRegistryIsNotAFailure();
    void emptyWeek();
    void budgetStatusOfTheWeek();
    void replaysOfTheWeek();
    void budgetsAndReplaysNeedAWorkspace();
    void targetsAtTheWeeksEnd();

private:
    // A second, small log whose spend is known day by day (one call a day, 12:00 UTC, feature
    // chat, $1; $5 on Oct 28 and Nov 1), for the budget and replay sections.
    void openSpendLog();
    qint64 storeReplayRun(const QList<ReplayResult> &results);
    SqlFigures sqlFigures(const QString &from, const QString &to, const QString &where = {});
    WeeklyReportOptions options() const;

    QTemporaryDir m_dir;
    std::unique_ptr<test::ScopedWorkspaceDir> m_workspaceDir;
    QString m_log;
    std::unique_ptr<LogSession> m_session;
    WeeklyReportData m_data;
    std::unique_ptr<LogSession> m_spendSession;
    QList<ReplayTarget> m_targets;
};

void TestWeeklyReport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_workspaceDir = std::make_unique<test::ScopedWorkspaceDir>();
    test::TestLogOptions logOptions;
    logOptions.extraSql = registrySql;
    m_log = test::TestLog::create(m_dir, columns, makeRows(), logOptions);
    SessionSpec spec;
    spec.source = test::sqliteSource(m_log);
    auto session = LogSession::open(spec);
    QVERIFY2(session, qPrintable(session.error()));
    m_session = std::move(*session);
    QVERIFY2(m_session->workspace(), qPrintable(m_session->workspaceError()));

    // Two reviewers on W44 outputs, plus labels on W43 outputs that the report must leave out.
    QSqlQuery q(m_session->connection().db());
    QVERIFY(q.exec(u"SELECT id FROM ai_outputs WHERE feature = 'summarize' AND created_at >= '%1' AND created_at < '%2' "
                   "ORDER BY id LIMIT 5"_s.arg(w44Start, w44End)));
    QStringList w44;
    while (q.next())
        w44 << q.value(0).toString();
    QCOMPARE(w44.size(), 5);
    QVERIFY(q.exec(u"SELECT id FROM ai_outputs WHERE created_at >= '%1' AND created_at < '%2' ORDER BY id LIMIT 3"_s.arg(
        w43Start, w44Start)));
    QStringList w43;
    while (q.next())
        w43 << q.value(0).toString();
    QCOMPARE(w43.size(), 3);

    using L = LabelValue;
    LabelStore alice(*m_session->workspace(), u"alice"_s);
    LabelStore bob(*m_session->workspace(), u"bob"_s);
    // Shared items: alice P P N N, bob P P N P -> Cohen's kappa (0.75 - 0.5) / 0.5 = 0.5.
    const QList<L> aliceLabels{L::Positive, L::Positive, L::Negative, L::Negative, L::Edited};
    const QList<L> bobLabels{L::Positive, L::Positive, L::Negative, L::Positive};
    for (int i = 0; i < aliceLabels.size(); ++i) {
        const QString note = aliceLabels.at(i) == L::Negative ? u"wrong total %1"_s.arg(i) : QString();
        QVERIFY(alice.set(LabelChange{w44.at(i), aliceLabels.at(i), i == 2 ? note : QString(), {}, {}}));
    }
    for (int i = 0; i < bobLabels.size(); ++i)
        QVERIFY(bob.set(LabelChange{w44.at(i), bobLabels.at(i), {}, {}, {}}));
    for (const QString &key : w43)
        QVERIFY(alice.set(LabelChange{key, L::Negative, u"last week's problem"_s, {}, {}}));
    // A label on an output that is not in the log at all.
    QVERIFY(alice.set(LabelChange{u"999999"_s, L::Negative, u"gone"_s, {}, {}}));

    auto data = buildWeeklyReport(*m_session, options());
    QVERIFY2(data, qPrintable(data.error()));
    m_data = *data;
}

WeeklyReportOptions TestWeeklyReport::options() const
{
    WeeklyReportOptions o;
    o.week = CalendarWeek{QDate(2026, 10, 26), QTimeZone("Europe/Berlin")};
    o.prices = testPrices();
    o.negativeCap = 4;
    o.excerptChars = 40;
    return o;
}

SqlFigures TestWeeklyReport::sqlFigures(const QString &from, const QString &to, const QString &where)
{
    SqlFigures f;
    QSqlQuery q(m_session->connection().db());
    const QString range = u"created_at >= '%1' AND created_at < '%2'%3"_s.arg(from, to, where.isEmpty() ? QString() : u" AND "_s + where);
    // Cost: the logged cost where there is one, else tokens x the test price ($1 in, $2 out per million).
    if (!q.exec(u"SELECT count(*), total(input_tokens), total(output_tokens), "
                "total(coalesce(cost_usd, input_tokens * 1e-6 + output_tokens * 2e-6)), "
                "sum(status <> 'ok' OR coalesce(error, '') <> ''), sum(feedback = 'positive'), "
                "sum(feedback = 'negative'), sum(feedback = 'edited') FROM ai_outputs WHERE "_s + range)
        || !q.next()) {
        qWarning("direct SQL failed");
        return f;
    }
    f.calls = q.value(0).toLongLong();
    f.input = q.value(1).toLongLong();
    f.output = q.value(2).toLongLong();
    f.cost = q.value(3).toDouble();
    f.errors = q.value(4).toLongLong();
    f.positive = q.value(5).toLongLong();
    f.negative = q.value(6).toLongLong();
    f.edited = q.value(7).toLongLong();
    QList<double> latencies;
    QSqlQuery l(m_session->connection().db());
    if (l.exec(u"SELECT latency_ms FROM ai_outputs WHERE latency_ms IS NOT NULL AND "_s + range)) {
        while (l.next())
            latencies << l.value(0).toDouble();
    }
    f.p50 = percentile(latencies, 0.5);
    f.p95 = percentile(latencies, 0.95);
    return f;
}

void TestWeeklyReport::parsesIsoWeeks_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDate>("monday"); // invalid: must fail
    QTest::newRow("w47") << u"2026-W47"_s << QDate(2026, 11, 16);
    QTest::newRow("lower case, no dash") << u"2026w01"_s << QDate(2025, 12, 29);
    QTest::newRow("week 53 of a 53-week year") << u"2026-W53"_s << QDate(2026, 12, 28);
    QTest::newRow("week 53 of a 52-week year") << u"2025-W53"_s << QDate();
    QTest::newRow("week 0") << u"2026-W00"_s << QDate();
    QTest::newRow("week 54") << u"2026-W54"_s << QDate();
    QTest::newRow("a date") << u"2026-11-16"_s << QDate();
    QTest::newRow("empty") << QString() << QDate();
    QTest::newRow("trailing text") << u"2026-W47x"_s << QDate();
}

void TestWeeklyReport::parsesIsoWeeks()
{
    QFETCH(QString, text);
    QFETCH(QDate, monday);
    const auto parsed = parseIsoWeek(text);
    if (!monday.isValid()) {
        QVERIFY(!parsed);
        QVERIFY(!parsed.error().isEmpty());
        return;
    }
    QVERIFY2(parsed, qPrintable(parsed.error()));
    QCOMPARE(*parsed, monday);
    QCOMPARE(parsed->dayOfWeek(), 1);
}

void TestWeeklyReport::lastFullWeekDependsOnTheZone()
{
    // Mon 2 Nov 00:30 in Berlin, still Sunday 1 Nov in UTC.
    const QDateTime now = QDateTime::fromString(u"2026-11-01T23:30:00Z"_s, Qt::ISODate);
    QCOMPARE(lastFullWeek(now, QTimeZone("Europe/Berlin")).label(), u"2026-W44"_s);
    QCOMPARE(lastFullWeek(now, QTimeZone::utc()).label(), u"2026-W43"_s);
    QVERIFY(timeZoneNamed(u"UTC"_s));
    QVERIFY(!timeZoneNamed(u"Mars/Olympus"_s));
}

void TestWeeklyReport::weekBoundsAreLocal()
{
    const CalendarWeek w44{QDate(2026, 10, 26), QTimeZone("Europe/Berlin")};
    QCOMPARE(w44.start().toUTC(), QDateTime::fromString(w44Start, Qt::ISODate));
    QCOMPARE(w44.end().toUTC(), QDateTime::fromString(w44End, Qt::ISODate));
    QCOMPARE(w44.previous().start().toUTC(), QDateTime::fromString(w43Start, Qt::ISODate));
    // The week with the autumn change is an hour longer.
    QCOMPARE(w44.previous().start().secsTo(w44.previous().end()), qint64(7 * 24 + 1) * 3600);
}

void TestWeeklyReport::totalsEqualDirectSql()
{
    QCOMPARE(m_data.week.label(), u"2026-W44"_s);
    for (const auto &[bucket, from, to] : {std::tuple{m_data.current, w44Start, w44End},
                                           std::tuple{m_data.previous, w43Start, w44Start}}) {
        const SqlFigures f = sqlFigures(from, to);
        QVERIFY(f.calls > 100);
        QCOMPARE(bucket.calls, f.calls);
        QCOMPARE(bucket.inputTokens, f.input);
        QCOMPARE(bucket.outputTokens, f.output);
        QVERIFY2(near(bucket.costUsd, f.cost), qPrintable(u"%1 vs %2"_s.arg(bucket.costUsd).arg(f.cost)));
        QCOMPARE(bucket.errors, f.errors);
        QCOMPARE(bucket.feedbackNegative, f.negative);
        QVERIFY(bucket.latencyP50Ms && f.p50);
        QVERIFY(near(*bucket.latencyP50Ms, *f.p50));
        QVERIFY(near(*bucket.latencyP95Ms, *f.p95));
        QCOMPARE(bucket.unpricedCalls, 0);
    }
    // The boundary rows: 2 and 3 are W43's, 4 is W44's, 1 and 5 neither's.
    const SqlFigures utcW44 = sqlFigures(u"2026-10-26T00:00:00Z"_s, u"2026-11-02T00:00:00Z"_s);
    QVERIFY(utcW44.calls != m_data.current.calls); // a UTC week would have given other figures
}

void TestWeeklyReport::featuresAndModelsEqualDirectSql()
{
    QCOMPARE(m_data.byFeature.size(), features.size());
    double previousCost = std::numeric_limits<double>::max();
    for (const VolumeRow &row : m_data.byFeature) {
        QVERIFY(features.contains(row.group));
        QVERIFY(row.current.costUsd <= previousCost); // highest cost first
        previousCost = row.current.costUsd;
        const SqlFigures now = sqlFigures(w44Start, w44End, u"feature = '%1'"_s.arg(row.group));
        const SqlFigures before = sqlFigures(w43Start, w44Start, u"feature = '%1'"_s.arg(row.group));
        QCOMPARE(row.current.calls, now.calls);
        QCOMPARE(row.previous.calls, before.calls);
        QVERIFY(near(row.current.costUsd, now.cost));
        QVERIFY(near(row.previous.costUsd, before.cost));
        QVERIFY(near(*row.current.latencyP95Ms, *now.p95));
        QCOMPARE(row.current.errors, now.errors);
        const Change change = changeBetween(row.previous.costUsd, row.current.costUsd);
        QVERIFY(near(change.absolute, now.cost - before.cost));
        QVERIFY(near(*change.percent, 100.0 * (now.cost - before.cost) / before.cost));
    }
    QCOMPARE(m_data.byModel.size(), 2);
    for (const VolumeRow &row : m_data.byModel) {
        const SqlFigures now = sqlFigures(w44Start, w44End, u"model = '%1'"_s.arg(row.group));
        QCOMPARE(row.current.calls, now.calls);
        QVERIFY(near(row.current.costUsd, now.cost));
    }
    QCOMPARE(changeBetween(0, 5).percent, std::nullopt);
}

void TestWeeklyReport::dailyCostAddsUpToTheWeeks()
{
    QCOMPARE(m_data.daily.size(), 14);
    QCOMPARE(m_data.daily.first().day, QDate(2026, 10, 19));
    QCOMPARE(m_data.daily.last().day, QDate(2026, 11, 1));
    double before = 0, now = 0;
    qint64 calls = 0;
    for (int i = 0; i < 14; ++i) {
        (i < 7 ? before : now) += m_data.daily.at(i).total();
        calls += i < 7 ? 0 : m_data.daily.at(i).calls;
    }
    QVERIFY(near(before, m_data.previous.costUsd));
    QVERIFY(near(now, m_data.current.costUsd));
    QCOMPARE(calls, m_data.current.calls);
    // Sunday 25 Oct (25 hours long in Berlin) against direct SQL: 24 Oct 22:00 to 25 Oct 23:00 UTC.
    QCOMPARE(m_data.daily.at(6).calls, sqlFigures(u"2026-10-24T22:00:00Z"_s, w44Start).calls);
}

void TestWeeklyReport::feedbackRatesHaveWilsonIntervals()
{
    QCOMPARE(m_data.feedback.size(), features.size());
    for (const FeedbackRates &r : m_data.feedback) {
        const SqlFigures f = sqlFigures(w44Start, w44End, u"feature = '%1'"_s.arg(r.feature));
        QCOMPARE(r.positive, f.positive);
        QCOMPARE(r.negative, f.negative);
        QCOMPARE(r.edited, f.edited);
        const qint64 rated = f.positive + f.negative + f.edited;
        QVERIFY(rated > 0);
        const Interval expected = wilsonInterval(f.positive, rated);
        QVERIFY(near(r.positiveRate.low, expected.low));
        QVERIFY(near(r.positiveRate.high, expected.high));
        const double p = double(f.positive) / double(rated);
        QVERIFY(r.positiveRate.low < p && p < r.positiveRate.high);
    }
}

void TestWeeklyReport::reviewerLabelsOfTheWeekOnly()
{
    QVERIFY(m_data.labelsAvailable);
    QCOMPARE(m_data.reviewerQuality.size(), 1); // the W43 labels (other features too) are left out
    const ReviewerQuality &q = m_data.reviewerQuality.first();
    QCOMPARE(q.feature, u"summarize"_s);
    QCOMPARE(q.outputs, 5);
    QCOMPARE(q.labels, 9);
    QCOMPARE(q.positive, 5);
    QCOMPARE(q.negative, 3);
    QCOMPARE(q.edited, 1);
    QCOMPARE(q.reviewers, (QStringList{u"alice"_s, u"bob"_s}));
    QCOMPARE(q.itemsCompared, 4);
    QCOMPARE(q.itemsAgreed, 3);
    QCOMPARE(q.kappaMethod, u"cohen"_s);
    QVERIFY(q.kappa && near(*q.kappa, 0.5));
    const Interval expected = wilsonInterval(5, 9);
    QVERIFY(near(q.positiveRate.low, expected.low));
}

void TestWeeklyReport::negativeExamples()
{
    QCOMPARE(m_data.reviewerNegativeCount, 3);
    QCOMPARE(m_data.reviewerNegatives.size(), 3);
    // The one with a note comes first.
    QCOMPARE(m_data.reviewerNegatives.first().note, u"wrong total 2"_s);
    QCOMPARE(m_data.reviewerNegatives.first().reviewer, u"alice"_s);
    for (const NegativeExample &n : m_data.reviewerNegatives) {
        QCOMPARE(n.feature, u"summarize"_s);
        QVERIFY(n.note != u"last week's problem"_s);
        QVERIFY(n.excerpt.startsWith(u"Output "_s));
        QVERIFY(!n.excerpt.contains(u'\n'));
        QVERIFY(n.excerpt.size() <= 41);
        QCOMPARE(n.createdAt.timeZone(), QTimeZone("Europe/Berlin"));
    }
    const SqlFigures f = sqlFigures(w44Start, w44End);
    QCOMPARE(m_data.endUserNegativeCount, f.negative);
    QCOMPARE(m_data.endUserNegatives.size(), 4); // capped
    QSqlQuery q(m_session->connection().db());
    QVERIFY(q.exec(u"SELECT id FROM ai_outputs WHERE feedback = 'negative' AND created_at >= '%1' AND created_at < '%2' "
                   "ORDER BY created_at DESC, id DESC LIMIT 4"_s.arg(w44Start, w44End)));
    for (const NegativeExample &n : m_data.endUserNegatives) {
        QVERIFY(q.next());
        QCOMPARE(n.outputKey, q.value(0).toString());
        QVERIFY(n.reviewer.isEmpty());
    }
}

void TestWeeklyReport::promptVersionsOfTheWeek()
{
    QVERIFY2(m_data.promptsAvailable, qPrintable(m_data.promptsNote));
    QCOMPARE(m_data.promptChanges.size(), 2);
    const PromptChange &triage = m_data.promptChanges.at(0); // Mon 00:30 comes first
    QCOMPARE(triage.name, u"triage"_s);
    QCOMPARE(triage.previousVersion, QString());
    QCOMPARE(triage.linesAdded, 3);
    QCOMPARE(triage.linesRemoved, 0);
    const PromptChange &answer = m_data.promptChanges.at(1);
    QCOMPARE(answer.name, u"answer"_s);
    QCOMPARE(answer.version, u"v2"_s);
    QCOMPARE(answer.previousVersion, u"v1"_s);
    QCOMPARE(answer.linesAdded, 2);
    QCOMPARE(answer.linesRemoved, 1);
    QVERIFY(answer.modelChanged);
    QCOMPARE(answer.previousModel, u"gpt-4o"_s);
    QCOMPARE(answer.author, u"bob"_s);
    QCOMPARE(answer.createdAt.toString(u"yyyy-MM-dd HH:mm"_s), u"2026-10-27 11:00"_s); // CET
}

void TestWeeklyReport::markdownCarriesTheFigures()
{
    const QString md = weeklyReportMarkdown(m_data);
    QVERIFY(md.startsWith(u"# Weekly report 2026-W44 (26 Oct – 1 Nov 2026, Europe/Berlin)"_s));
    const QString callsRow = u"| Calls | %1 | %2 |"_s.arg(formatCount(m_data.current.calls), formatCount(m_data.previous.calls));
    QVERIFY2(md.contains(callsRow), qPrintable(callsRow));
    QVERIFY(md.contains(u"| Cost | %1 | %2 |"_s.arg(formatUsd(m_data.current.costUsd), formatUsd(m_data.previous.costUsd))));
    QVERIFY(md.contains(u"| Latency p95 | %1 |"_s.arg(formatMs(m_data.current.latencyP95Ms))));
    const VolumeRow &top = m_data.byFeature.first();
    const Change callChange = changeBetween(double(top.previous.calls), double(top.current.calls));
    const QString featureRow = u"| %1 | %2 | %3 | %4 (%5) | %6 |"_s.arg(
        top.group, formatCount(top.current.calls), formatCount(top.previous.calls),
        formatSignedCount(top.current.calls - top.previous.calls), formatPercentChange(callChange, false),
        formatUsd(top.current.costUsd));
    QVERIFY2(md.contains(featureRow), qPrintable(featureRow));
    QVERIFY(md.contains(u"0.50 (Cohen, 3/4 agreed)"_s));
    // End-user feedback with its Wilson interval, as the table row shows it.
    const FeedbackRates &rates = m_data.feedback.first();
    const QString feedbackRow = u"| %1 | %2 | %3 | %4 | %5 | %6 | %7 |"_s.arg(
        rates.feature, formatCount(rates.calls), formatCount(rates.rated()), formatCount(rates.positive),
        formatCount(rates.negative), formatCount(rates.edited), formatRate(rates.positive, rates.rated(), rates.positiveRate));
    QVERIFY2(md.contains(feedbackRow), qPrintable(feedbackRow));
    QVERIFY(formatRate(rates.positive, rates.rated(), rates.positiveRate)
                .endsWith(u"%1%–%2%)"_s.arg(qRound(rates.positiveRate.low * 100)).arg(qRound(rates.positiveRate.high * 100))));
    QVERIFY(md.contains(u"wrong total 2"_s));
    QVERIFY(md.contains(u"| answer | v2 | 2026-10-27 11:00 | bob | v1 | +2 | −1 | gpt-4o → test-model | sharper |"_s));
    QVERIFY(md.contains(u"| triage | v1 | 2026-10-26 00:30 | cy | (first version) | +3 | 0 |"_s));
    QVERIFY(md.contains(u"### Reviewer negatives (3)"_s));
    QVERIFY(md.contains(u"### End-user negatives (%1, the first 4 listed)"_s.arg(m_data.endUserNegativeCount)));
    // Output text is escaped: its pipes and stars cannot break a table or start emphasis.
    QVERIFY(md.contains(u"some \\| text \\*wit"_s));
    QVERIFY(!md.contains(u"last week's problem"_s));
    // No images in Markdown.
    QVERIFY(!md.contains(u"!["_s));
}

void TestWeeklyReport::missingRegistryIsNotAFailure()
{
    WeeklyReportOptions o = options();
    o.registry = u"no_such_table"_s;
    auto data = buildWeeklyReport(*m_session, o);
    QVERIFY2(data, qPrintable(data.error()));
    QVERIFY(!data->promptsAvailable);
    QVERIFY(!data->promptsNote.isEmpty());
    QVERIFY(weeklyReportMarkdown(*data).contains(u"The prompt registry is unavailable"_s));
    QCOMPARE(data->current.calls, m_data.current.calls);

    WeeklyReportOptions notMonday = options();
    notMonday.week.monday = QDate(2026, 10, 27);
    QVERIFY(!buildWeeklyReport(*m_session, notMonday));
}

void TestWeeklyReport::emptyWeek()
{
    WeeklyReportOptions o = options();
    o.week.monday = QDate(2026, 9, 7); // weeks before the log starts
    auto data = buildWeeklyReport(*m_session, o);
    QVERIFY2(data, qPrintable(data.error()));
    QCOMPARE(data->current.calls, 0);
    QCOMPARE(data->previous.calls, 0);
    QVERIFY(data->byFeature.isEmpty());
    QVERIFY(data->reviewerQuality.isEmpty());
    QVERIFY(data->promptChanges.isEmpty());
    QCOMPARE(data->daily.size(), 14);
    const QString md = weeklyReportMarkdown(*data);
    QVERIFY(md.contains(u"| Calls | 0 | 0 | 0 (–) |"_s));
    QVERIFY(md.contains(u"The log has no calls in either week"_s));
    QVERIFY(!md.contains(u"### By feature"_s));
}

void TestWeeklyReport::openSpendLog()
{
    if (m_spendSession)
        return;
    QList<QVariantList> rows;
    qint64 id = 0;
    for (QDate d(2026, 10, 10); d <= QDate(2026, 11, 1); d = d.addDays(1)) {
        QVariantList row = test::TestLog::standardRow(++id, u"chat"_s, d.toString(Qt::ISODate) + u"T12:00:00Z"_s,
                                                      u"out"_s);
        row[13] = (d == QDate(2026, 10, 28) || d == QDate(2026, 11, 1)) ? 5.0 : 1.0; // cost
        rows << row;
    }
    const QString log = test::TestLog::create(m_dir.filePath(u"spend.sqlite"_s), test::TestLog::standardColumns(), rows);
    SessionSpec spec;
    spec.source = test::sqliteSource(log);
    auto session = LogSession::open(spec);
    QVERIFY2(session, qPrintable(session.error()));
    m_spendSession = std::move(*session);
    QVERIFY(m_spendSession->workspace());
}

// A run over the logged calls 20, 21 and 22 (Oct 29..31: output "out", 40..42 output tokens,
// $1 each) with two targets; the second cannot render case 1. Results as given.
qint64 TestWeeklyReport::storeReplayRun(const QList<ReplayResult> &results)
{
    ReplayTarget haiku{u"summary_prompt"_s, u"v9"_s, u"anthropic"_s, u"claude-haiku-4-5"_s, {}, 1024, {}};
    ReplayTarget mini{u"summary_prompt"_s, u"v9"_s, u"openai"_s, u"gpt-4o-mini"_s, {}, 1024, {}};
    m_targets = {haiku, mini};
    ReplaySpec spec;
    spec.targets = m_targets;
    ReplayPlan plan;
    plan.targets = m_targets;
    for (const QString &key : {u"20"_s, u"21"_s, u"22"_s}) {
        PlannedCase c{key, {PlannedCall{u"prompt"_s, {}, 10, 10, 0.01}, PlannedCall{u"prompt"_s, {}, 10, 10, {}}}};
        if (key == u"21"_s)
            c.calls[1] = PlannedCall{{}, u"missing variable: ticket"_s, 0, 0, {}};
        plan.cases << c;
    }
    ReplayRunStore store(*m_spendSession->workspace());
    auto id = store.createRun(spec, plan, u"spend.sqlite"_s, u"tester"_s);
    if (!id)
        qFatal("cannot create the run: %s", qPrintable(id.error()));
    for (const ReplayResult &r : results) {
        if (!store.saveResult(*id, r))
            qFatal("cannot save a result");
    }
    return *id;
}

void TestWeeklyReport::budgetStatusOfTheWeek()
{
    openSpendLog();
    Workspace &ws = *m_spendSession->workspace();
    QVERIFY(setBudget(ws, Budget{QString(), 10}));
    QVERIFY(setBudget(ws, Budget{u"chat"_s, 100}));
    // W44 in UTC: Mon Oct 26 .. Sun Nov 1, across the month start.
    WeeklyReportOptions o;
    o.week = CalendarWeek{QDate(2026, 10, 26), QTimeZone::utc()};
    auto data = buildWeeklyReport(*m_spendSession, o);
    QVERIFY2(data, qPrintable(data.error()));
    QVERIFY2(data->budgetsAvailable, qPrintable(data->budgetsNote));
    QCOMPARE(data->budgetsAsOf, QDate(2026, 11, 1));

    // The same figures as checkBudgets() on the week's Sunday...
    auto check = checkBudgets(*m_spendSession, o.prices, QDate(2026, 11, 1), QTimeZone::utc());
    QVERIFY(check);
    QCOMPARE(data->budgets.size(), check->statuses.size());
    for (qsizetype i = 0; i < data->budgets.size(); ++i) {
        QCOMPARE(data->budgets[i].budget.feature, check->statuses[i].budget.feature);
        QCOMPARE(data->budgets[i].monthToDateUsd, check->statuses[i].monthToDateUsd);
        QCOMPARE(data->budgets[i].projectedUsd, check->statuses[i].projectedUsd);
        QCOMPARE(data->budgets[i].state, check->statuses[i].state);
    }
    // ...which are, by hand: Nov 1 alone is the month to date ($5); the trailing week Oct 26..Nov 1
    // spent 1+1+5+1+1+1+5 = $15, so 15/7 a day for the 29 days left: 5 + 29 x 15/7.
    const BudgetStatus &overall = data->budgets.at(0);
    QVERIFY(overall.budget.isOverall());
    QVERIFY(near(overall.monthToDateUsd, 5));
    QVERIFY(near(overall.projectedUsd, 5 + 29 * 15.0 / 7.0));
    QCOMPARE(overall.state, BudgetStatus::State::ProjectedOver);
    QCOMPARE(data->budgets.at(1).state, BudgetStatus::State::Ok);
    // Spikes of the week, October's included: Oct 28 ($5 against a mean of $1) and Nov 1 ($5
    // against 11/7). Checked on Nov 1 alone, October's would be lost.
    for (const QList<SpendSpike> &spikes : data->weekSpikes) {
        QCOMPARE(spikes.size(), 2);
        QCOMPARE(spikes[0].day, QDate(2026, 10, 28));
        QVERIFY(near(spikes[0].trailingMeanUsd, 1));
        QCOMPARE(spikes[1].day, QDate(2026, 11, 1));
        QVERIFY(near(spikes[1].trailingMeanUsd, 11.0 / 7.0));
    }

    const QString md = weeklyReportMarkdown(*data);
    QVERIFY(md.contains(u"## Budget status"_s));
    const QString row = u"| Overall | %1 | %2 | %3 | %4 | projected over | Wed 28 Oct: %5 (5.0x the trailing mean of %6); "
                        "Sun 1 Nov: %5 (3.2x the trailing mean of %7) |"_s
                            .arg(formatUsd(10), formatUsd(5), formatUsd(15.0 / 7.0), formatUsd(5 + 29 * 15.0 / 7.0),
                                 formatUsd(5), formatUsd(1), formatUsd(11.0 / 7.0));
    QVERIFY2(md.contains(row), qPrintable(md.section(u"## Budget status"_s, 1)));
    QVERIFY(md.contains(u"| Feature chat | %1 | %2 |"_s.arg(formatUsd(100), formatUsd(5))));

    QVERIFY(removeBudget(ws, QString()));
    QVERIFY(removeBudget(ws, u"chat"_s));
    auto none = buildWeeklyReport(*m_spendSession, o);
    QVERIFY(none);
    QVERIFY(none->budgetsAvailable);
    QVERIFY(none->budgets.isEmpty());
    QVERIFY(weeklyReportMarkdown(*none).contains(u"No budget is set"_s));
}

void TestWeeklyReport::targetsAtTheWeeksEnd()
{
    openSpendLog();
    Workspace &ws = *m_spendSession->workspace();
    WeeklyReportOptions o;
    o.week = CalendarWeek{QDate(2026, 10, 26), QTimeZone::utc()};
    auto none = buildWeeklyReport(*m_spendSession, o);
    QVERIFY(none);
    QVERIFY(none->targetsAvailable);
    QVERIFY(weeklyReportMarkdown(*none).contains(u"No quality target is set"_s));

    // Over 28 days ending Mon 2 Nov 00:00 (the week's end): the calls of Oct 10 .. Nov 1, 23 of
    // them, $1 each but $5 on Oct 28 and Nov 1: $31, $1.348 a call (by hand), under $1.50: met.
    // No errors among 23 calls: the interval [0, 14.3%] straddles 10%: at risk.
    QualityTarget cost;
    cost.feature = u"chat"_s;
    cost.metric = TargetMetric::CostPerCall;
    cost.limit = 1.5;
    cost.windowSeconds = 28 * 86400;
    QualityTarget errors = cost;
    errors.metric = TargetMetric::Errors;
    errors.limit = 0.10;
    TargetStore store(ws);
    QVERIFY(store.set(cost).ok());
    QVERIFY(store.set(errors).ok());
    auto data = buildWeeklyReport(*m_spendSession, o);
    QVERIFY2(data, qPrintable(data.error()));
    QVERIFY2(data->targetsAvailable, qPrintable(data->targetsNote));
    QCOMPARE(data->targets.size(), 2);
    const TargetStatus &c = data->targets.at(0).target.metric == TargetMetric::CostPerCall ? data->targets.at(0)
                                                                                          : data->targets.at(1);
    const TargetStatus &e = &c == &data->targets.at(0) ? data->targets.at(1) : data->targets.at(0);
    QCOMPARE(c.until, QDateTime(QDate(2026, 11, 2), QTime(0, 0), QTimeZone::utc()));
    QCOMPARE(c.measure.trials, qint64(23));
    QVERIFY(near(c.measure.usd, 31));
    QCOMPARE(c.verdict, TargetVerdict::Met);
    QCOMPARE(e.measure.trials, qint64(23));
    QCOMPARE(e.measure.events, qint64(0));
    QCOMPARE(e.verdict, TargetVerdict::AtRisk);
    const QString md = weeklyReportMarkdown(*data);
    QVERIFY(md.contains(u"## Quality targets"_s));
    QVERIFY2(md.contains(u"| chat cost-per-call | $1.5000 | 28d | met |"_s), qPrintable(md.section(u"## Quality targets"_s, 1)));
    QVERIFY2(md.contains(u"| chat errors | 10% | 28d | at risk |"_s), qPrintable(md.section(u"## Quality targets"_s, 1)));
    QVERIFY(store.remove(u"chat"_s).ok());
}

void TestWeeklyReport::replaysOfTheWeek()
{
    openSpendLog();
    const auto ok = [](int caseNo, int target, const QString &key, const QString &output, qint64 tokens,
                       std::optional<double> cost) {
        ReplayResult r;
        r.caseNo = caseNo;
        r.targetNo = target;
        r.outputKey = key;
        r.status = ReplayResultStatus::Ok;
        r.output = output;
        r.outputTokens = tokens;
        r.costUsd = cost;
        r.attempts = 1;
        return r;
    };
    ReplayResult failed;
    failed.caseNo = 2;
    failed.targetNo = 0;
    failed.outputKey = u"22"_s;
    failed.status = ReplayResultStatus::Failed;
    failed.error = u"HTTP 500"_s;
    // Haiku: case 0 the same text (50 tokens against 40, $0.50 against $1), case 1 a new text (41
    // against 41, $1.75 against $1), case 2 failed. Mini: case 0 a new text without a price,
    // case 1 could not render, case 2 still pending.
    const qint64 inWeek = storeReplayRun({ok(0, 0, u"20"_s, u"out"_s, 50, 0.5), ok(1, 0, u"21"_s, u"different"_s, 41, 1.75),
                                          failed, ok(0, 1, u"20"_s, u"new"_s, 30, std::nullopt)});
    const qint64 later = storeReplayRun({}); // created now: not in W44
    QSqlQuery q(m_spendSession->workspace()->db());
    QVERIFY(q.exec(u"UPDATE replay_runs SET created_at = '2026-10-29T09:15:00.000Z' WHERE id = %1"_s.arg(inWeek)));

    WeeklyReportOptions o;
    o.week = CalendarWeek{QDate(2026, 10, 26), QTimeZone::utc()};
    auto data = buildWeeklyReport(*m_spendSession, o);
    QVERIFY2(data, qPrintable(data.error()));
    QVERIFY2(data->replaysAvailable, qPrintable(data->replaysNote));
    QCOMPARE(data->replays.size(), 1);
    const ReplayRunSummary &run = data->replays.first();
    QCOMPARE(run.id, inWeek);
    QVERIFY(run.id != later);
    QCOMPARE(run.createdBy, u"tester"_s);
    QCOMPARE(run.cases, 3);
    QCOMPARE(run.targets.size(), 2);
    const ReplayTargetOutcome &haiku = run.targets[0];
    QCOMPARE(haiku.target, m_targets[0].label());
    QCOMPARE(haiku.ok, 2);
    QCOMPARE(haiku.failed, 1);
    QCOMPARE(haiku.pending, 0);
    QVERIFY(near(haiku.costUsd, 2.25));
    QCOMPARE(haiku.compared, 2);
    QCOMPARE(haiku.outputChanged, 1);
    QCOMPARE(haiku.tokensCompared, 2);
    QCOMPARE(haiku.outputTokenDelta, 10); // +10 and 0
    QCOMPARE(haiku.costCompared, 2);
    QVERIFY(near(haiku.costDeltaUsd, 0.25)); // −0.50 and +0.75
    const ReplayTargetOutcome &mini = run.targets[1];
    QCOMPARE(mini.ok, 1);
    QCOMPARE(mini.renderErrors, 1);
    QCOMPARE(mini.pending, 1);
    QCOMPARE(mini.unpriced, 1);
    QCOMPARE(mini.outputChanged, 1);
    QCOMPARE(mini.outputTokenDelta, -10);
    QCOMPARE(mini.costCompared, 0);

    const QString md = weeklyReportMarkdown(*data);
    QVERIFY(md.contains(u"## Replays run this week"_s));
    // Markdown escapes the # and the underscores.
    const QString haikuRow = u"| \\#%1 | 2026-10-29 09:15 by tester | running | %2 | 3 | 2 ok, 1 failed | %3 | 1 of 2 (50.0%) | "
                             "+5 per call | %4 over 2 calls |"_s.arg(inWeek)
                                 .arg(m_targets[0].label().replace(u"_"_s, u"\\_"_s), formatUsd(2.25),
                                      formatSignedUsd(0.25));
    QVERIFY2(md.contains(haikuRow), qPrintable(md.section(u"## Replays run this week"_s, 1)));
    QVERIFY(md.contains(u"1 ok, 1 render errors, 1 pending | %1 (1 unpriced) | 1 of 1 (100.0%) | −10 per call | – |"_s.arg(
        formatUsd(0))));
    QVERIFY(!md.contains(u"| \\#%1 |"_s.arg(later)));

    WeeklyReportOptions next = o;
    next.week.monday = QDate(2026, 11, 2);
    auto quiet = buildWeeklyReport(*m_spendSession, next);
    QVERIFY(quiet);
    QVERIFY(quiet->replaysAvailable);
    QVERIFY(quiet->replays.isEmpty());
    QVERIFY(weeklyReportMarkdown(*quiet).contains(u"No replays this week."_s));
}

void TestWeeklyReport::budgetsAndReplaysNeedAWorkspace()
{
    SessionSpec spec;
    spec.source = test::sqliteSource(m_log);
    spec.useWorkspace = false;
    auto session = LogSession::open(spec);
    QVERIFY2(session, qPrintable(session.error()));
    auto data = buildWeeklyReport(**session, options());
    QVERIFY2(data, qPrintable(data.error()));
    QVERIFY(!data->budgetsAvailable);
    QVERIFY(!data->replaysAvailable);
    QVERIFY(!data->targetsAvailable);
    QVERIFY(!data->budgetsNote.isEmpty());
    QCOMPARE(data->current.calls, m_data.current.calls);
    const QString md = weeklyReportMarkdown(*data);
    QVERIFY(md.contains(u"Budgets are unavailable: %1."_s.arg(data->budgetsNote)));
    QVERIFY(md.contains(u"Replays are unavailable: %1."_s.arg(data->replaysNote)));
}

QTEST_GUILESS_MAIN(TestWeeklyReport)
#include "tst_weeklyreport.moc"

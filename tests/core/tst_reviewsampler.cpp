// ReviewSampler and ReviewSessionStore on a 3000-row demo log: reproducible draws, strata in
// proportion (or equal), exclusion of reviewed outputs, the time range, oversampling of
// end-user negatives, and sessions with notes, decisions and a summary.

#include "TestSupport.h"

#include "browse/LogSession.h"
#include "demo/DemoLogGenerator.h"
#include "labels/LabelStore.h"
#include "labels/ReviewSampler.h"
#include "labels/ReviewSessionStore.h"
#include "labels/ReviewSummary.h"
#include "util/CalendarWeek.h"

#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {
const QDateTime kEnd = assay::test::demoLogFixtureEnd();
}

class TestReviewSampler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void isoWeek();
    void isoWeekInUserZone();
    void allocation();
    void reproducible();
    void proportionalStrata();
    void equalStrata();
    void excludesReviewed();
    void staysInRange();
    void oversamplesUserNegatives();
    void equalsBruteForceReference_data();
    void equalsBruteForceReference();
    void sessions();
    void summary();

private:
    QStringList keys(const QList<SampledOutput> &s) const;
    QHash<QString, qint64> countsIn(const QDateTime &since, const QDateTime &until);
    SampleSpec week(int size, quint64 seed) const;

    test::ScopedWorkspaceDir m_wsDir;
    QTemporaryDir m_dir;
    std::unique_ptr<LogSession> m_session;
};

void TestReviewSampler::initTestCase()
{
    const QString log = m_dir.filePath(u"demo.sqlite"_s);
    const QString error = test::writeDemoLogFixture(log, 3000);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    SessionSpec spec;
    spec.source = test::sqliteSource(log);
    auto session = LogSession::open(spec);
    QVERIFY2(session.ok(), qPrintable(session.error()));
    m_session = std::move(*session);
    QVERIFY(m_session->workspace());
}

void TestReviewSampler::cleanupTestCase()
{
    m_session.reset();
}

QStringList TestReviewSampler::keys(const QList<SampledOutput> &s) const
{
    QStringList k;
    for (const SampledOutput &o : s)
        k << o.key;
    return k;
}

QHash<QString, qint64> TestReviewSampler::countsIn(const QDateTime &since, const QDateTime &until)
{
    QSqlQuery q(m_session->connection().db());
    q.prepare(u"SELECT feature, count(*) FROM ai_outputs WHERE created_at >= ? AND created_at < ? GROUP BY feature"_s);
    q.addBindValue(since.toString(Qt::ISODate));
    q.addBindValue(until.toString(Qt::ISODate));
    QHash<QString, qint64> counts;
    if (q.exec()) {
        while (q.next())
            counts.insert(q.value(0).toString(), q.value(1).toLongLong());
    }
    return counts;
}

SampleSpec TestReviewSampler::week(int size, quint64 seed) const
{
    SampleSpec spec;
    const CalendarWeek w = lastFullWeek(kEnd, QTimeZone::utc());
    spec.since = w.start();
    spec.until = w.end();
    spec.size = size;
    spec.seed = seed;
    return spec;
}

void TestReviewSampler::isoWeek()
{
    const QTimeZone utcZone = QTimeZone::utc();
    // 2026-11-20 is a Friday: the last full ISO week is Monday 9 to Monday 16 November.
    const CalendarWeek w = lastFullWeek(QDateTime(QDate(2026, 11, 20), QTime(15, 0), utcZone), utcZone);
    QCOMPARE(w.start(), QDateTime(QDate(2026, 11, 9), QTime(0, 0), utcZone));
    QCOMPARE(w.end(), QDateTime(QDate(2026, 11, 16), QTime(0, 0), utcZone));
    // On Monday morning the week that has just ended is the one; a week later, the next.
    QCOMPARE(lastFullWeek(QDateTime(QDate(2026, 11, 16), QTime(0, 0), utcZone), utcZone).start(), w.start());
    QCOMPARE(lastFullWeek(QDateTime(QDate(2026, 11, 23), QTime(8, 0), utcZone), utcZone).start(), w.start().addDays(7));
}

void TestReviewSampler::isoWeekInUserZone()
{
    // Sunday 15 Nov 23:30 UTC is already Monday 16 Nov 00:30 in Berlin: there the week of 9-15
    // November has ended; in UTC it has not. The bounds are Monday 00:00 CET, i.e. 23:00 UTC
    // the day before (worked out by hand).
    const QTimeZone berlin("Europe/Berlin");
    QVERIFY(berlin.isValid());
    const QDateTime now(QDate(2026, 11, 15), QTime(23, 30), QTimeZone::utc());
    const CalendarWeek local = lastFullWeek(now, berlin);
    QCOMPARE(local.start().toUTC(), QDateTime(QDate(2026, 11, 8), QTime(23, 0), QTimeZone::utc()));
    QCOMPARE(local.end().toUTC(), QDateTime(QDate(2026, 11, 15), QTime(23, 0), QTimeZone::utc()));
    QCOMPARE(local.label(), u"2026-W46"_s);
    QCOMPARE(lastFullWeek(now, QTimeZone::utc()).label(), u"2026-W45"_s);
    // The week's name follows the same zone: its start is Sunday 8 Nov in UTC (W45) but Monday
    // 9 Nov in Berlin (W46).
    QCOMPARE(weekContaining(local.start(), berlin).label(), u"2026-W46"_s);
    QCOMPARE(weekContaining(local.start(), QTimeZone::utc()).label(), u"2026-W45"_s);
    // A week holding the end of summer time is 169 hours long where the user lives.
    const CalendarWeek w44 = weekContaining(QDateTime(QDate(2026, 10, 21), QTime(12, 0), berlin), berlin);
    QCOMPARE(w44.start().secsTo(w44.end()), qint64(169) * 3600);
}

void TestReviewSampler::allocation()
{
    auto q = allocateSample({{u"a"_s, 70}, {u"b"_s, 20}, {u"c"_s, 10}}, 10, Stratification::Proportional);
    QCOMPARE(q.value(u"a"_s), 7);
    QCOMPARE(q.value(u"b"_s), 2);
    QCOMPARE(q.value(u"c"_s), 1);
    // Largest remainders: 10 x (1/3 each) -> 3.33 each, the extra one to the first name.
    q = allocateSample({{u"a"_s, 5}, {u"b"_s, 5}, {u"c"_s, 5}}, 10, Stratification::Proportional);
    QCOMPARE(q.value(u"a"_s) + q.value(u"b"_s) + q.value(u"c"_s), 10);
    QCOMPARE(q.value(u"a"_s), 4);
    // Equal, with a small stratum giving its share to the others.
    q = allocateSample({{u"a"_s, 100}, {u"b"_s, 2}, {u"c"_s, 100}}, 10, Stratification::Equal);
    QCOMPARE(q.value(u"b"_s), 2);
    QCOMPARE(q.value(u"a"_s), 4);
    QCOMPARE(q.value(u"c"_s), 4);
    // More asked than there is: everything.
    q = allocateSample({{u"a"_s, 3}, {u"b"_s, 0}}, 10, Stratification::Equal);
    QCOMPARE(q.value(u"a"_s), 3);
    QVERIFY(!q.contains(u"b"_s));
}

void TestReviewSampler::reproducible()
{
    auto a = sampleOutputs(m_session->connection(), m_session->schema(), week(50, 7));
    auto b = sampleOutputs(m_session->connection(), m_session->schema(), week(50, 7));
    auto c = sampleOutputs(m_session->connection(), m_session->schema(), week(50, 8));
    QVERIFY2(a.ok(), qPrintable(a.error()));
    QCOMPARE(a->size(), 50);
    QCOMPARE(keys(*a), keys(*b));
    QVERIFY(keys(*a) != keys(*c));
    const QStringList drawn = keys(*a);
    QCOMPARE(QSet<QString>(drawn.cbegin(), drawn.cend()).size(), 50); // no duplicates
    // A bigger sample with the same seed extends the smaller one within each feature.
    auto bigger = sampleOutputs(m_session->connection(), m_session->schema(), week(100, 7));
    QVERIFY(bigger.ok());
    QHash<QString, QStringList> perFeature;
    for (const SampledOutput &o : *bigger)
        perFeature[o.feature] << o.key;
    for (const SampledOutput &o : *a)
        QVERIFY(perFeature.value(o.feature).contains(o.key));
}

void TestReviewSampler::proportionalStrata()
{
    const SampleSpec spec = week(60, 3);
    const auto counts = countsIn(spec.since, spec.until);
    QVERIFY(counts.size() >= 3);
    qint64 total = 0;
    for (qint64 c : counts)
        total += c;
    auto s = sampleOutputs(m_session->connection(), m_session->schema(), spec);
    QVERIFY(s.ok());
    QCOMPARE(s->size(), 60);
    QHash<QString, int> got;
    for (const SampledOutput &o : *s)
        ++got[o.feature];
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const double exact = 60.0 * double(it.value()) / double(total);
        QVERIFY2(std::abs(got.value(it.key()) - exact) < 1.0,
                 qPrintable(u"%1: %2 drawn, %3 expected"_s.arg(it.key()).arg(got.value(it.key())).arg(exact)));
    }
}

void TestReviewSampler::equalStrata()
{
    SampleSpec spec = week(0, 3);
    const auto counts = countsIn(spec.since, spec.until);
    spec.size = int(counts.size()) * 3;
    spec.strata = Stratification::Equal;
    auto s = sampleOutputs(m_session->connection(), m_session->schema(), spec);
    QVERIFY(s.ok());
    QHash<QString, int> got;
    for (const SampledOutput &o : *s)
        ++got[o.feature];
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        QCOMPARE(got.value(it.key()), std::min<qint64>(3, it.value()));
}

void TestReviewSampler::excludesReviewed()
{
    auto first = sampleOutputs(m_session->connection(), m_session->schema(), week(30, 11));
    QVERIFY(first.ok());
    const QStringList firstKeys = keys(*first);
    const QSet<QString> reviewed(firstKeys.cbegin(), firstKeys.cend());
    auto second = sampleOutputs(m_session->connection(), m_session->schema(), week(30, 11), reviewed);
    QVERIFY(second.ok());
    QCOMPARE(second->size(), 30);
    for (const SampledOutput &o : *second)
        QVERIFY(!reviewed.contains(o.key));
    SampleSpec include = week(30, 11);
    include.includeReviewed = true;
    auto again = sampleOutputs(m_session->connection(), m_session->schema(), include, reviewed);
    QCOMPARE(keys(*again), firstKeys);
}

void TestReviewSampler::staysInRange()
{
    const SampleSpec spec = week(40, 5);
    auto s = sampleOutputs(m_session->connection(), m_session->schema(), spec);
    QVERIFY(s.ok());
    QSqlQuery q(m_session->connection().db());
    for (const SampledOutput &o : *s) {
        QVERIFY(q.exec(u"SELECT created_at, feature FROM ai_outputs WHERE id = "_s + o.key) && q.next());
        const QDateTime at = QDateTime::fromString(q.value(0).toString(), Qt::ISODate);
        QVERIFY(at >= spec.since && at < spec.until);
        QCOMPARE(q.value(1).toString(), o.feature);
    }
}

void TestReviewSampler::oversamplesUserNegatives()
{
    const auto negativeShare = [&](double weight) {
        SampleSpec spec = week(120, 21);
        spec.oversampleFeedback = weight;
        auto s = sampleOutputs(m_session->connection(), m_session->schema(), spec);
        int negatives = 0;
        QSqlQuery q(m_session->connection().db());
        for (const SampledOutput &o : s.value()) {
            if (q.exec(u"SELECT feedback FROM ai_outputs WHERE id = "_s + o.key) && q.next()
                && (q.value(0).toString() == "negative"_L1 || q.value(0).toString() == "edited"_L1))
                ++negatives;
        }
        return negatives;
    };
    const int plain = negativeShare(1.0);
    const int boosted = negativeShare(10.0);
    QVERIFY2(boosted > plain, qPrintable(u"%1 vs %2"_s.arg(boosted).arg(plain)));
}

// The weighted definition computed the slow, obvious way: every row of the range ranked with
// its weight (sampleRank of the integer id), each feature taking its quota of lowest
// (rank, id) not excluded; a feature that falls short keeps what it has and the quotas are
// drawn again. The sampler's indexed queries must give exactly these ids, in this order.
void TestReviewSampler::equalsBruteForceReference_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<double>("weight");
    QTest::addColumn<bool>("equal");
    QTest::addColumn<int>("excludedCount");
    QTest::addColumn<bool>("wholeLog");
    QTest::newRow("week, weight 3") << 50 << quint64(1) << 3.0 << false << 0 << false;
    QTest::newRow("week, weight 10, equal") << 40 << quint64(9) << 10.0 << true << 0 << false;
    QTest::newRow("week, weight 3, 60 excluded") << 50 << quint64(4) << 3.0 << false << 60 << false;
    QTest::newRow("whole log, weight 2.5, 200 excluded") << 120 << quint64(77) << 2.5 << false << 200 << true;
    QTest::newRow("whole log, unweighted") << 80 << quint64(5) << 1.0 << true << 30 << true;
    QTest::newRow("more than the range holds") << 5000 << quint64(3) << 4.0 << false << 100 << false;
}

void TestReviewSampler::equalsBruteForceReference()
{
    QFETCH(int, size);
    QFETCH(quint64, seed);
    QFETCH(double, weight);
    QFETCH(bool, equal);
    QFETCH(int, excludedCount);
    QFETCH(bool, wholeLog);
    SampleSpec spec = week(size, seed);
    if (wholeLog)
        spec = SampleSpec{QDateTime(QDate(2000, 1, 1), QTime(0, 0), QTimeZone::utc()), kEnd.addDays(1), size, seed};
    spec.oversampleFeedback = weight;
    spec.strata = equal ? Stratification::Equal : Stratification::Proportional;

    struct Row {
        qint64 id;
        QString feature;
        double rank;
    };
    QHash<QString, QList<Row>> byFeature;
    QSqlQuery q(m_session->connection().db());
    q.prepare(u"SELECT id, feature, feedback FROM ai_outputs WHERE created_at >= ? AND created_at < ?"_s);
    q.addBindValue(spec.since.toString(Qt::ISODateWithMs));
    q.addBindValue(spec.until.toString(Qt::ISODateWithMs));
    QVERIFY(q.exec());
    QList<qint64> allIds;
    while (q.next()) {
        const QString fb = q.value(2).toString();
        const double w = fb == "negative"_L1 || fb == "edited"_L1 ? weight : 1.0;
        const qint64 id = q.value(0).toLongLong();
        byFeature[q.value(1).toString()].append(Row{id, q.value(1).toString(), sampleRank(quint64(id), seed, w)});
        allIds << id;
    }
    QVERIFY(allIds.size() > 100);
    // Exclude every k-th id of the range (and one id outside it, which must not matter).
    QSet<QString> excluded{u"99999999"_s};
    std::sort(allIds.begin(), allIds.end());
    for (int i = 0; i < excludedCount && i < allIds.size(); ++i)
        excluded.insert(QString::number(allIds.at((i * 7) % allIds.size())));
    for (auto &rows : byFeature)
        std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
            return a.rank != b.rank ? a.rank < b.rank : a.id < b.id;
        });
    QHash<QString, qint64> available;
    for (auto it = byFeature.cbegin(); it != byFeature.cend(); ++it)
        available[it.key()] = it.value().size();
    QHash<QString, QStringList> drawn;
    for (int round = 0; round <= byFeature.size(); ++round) {
        drawn.clear();
        bool short_ = false;
        const QHash<QString, int> quota = allocateSample(available, spec.size, spec.strata);
        for (auto it = quota.cbegin(); it != quota.cend(); ++it) {
            QStringList keys;
            for (const Row &r : byFeature.value(it.key())) {
                if (keys.size() == it.value())
                    break;
                if (!excluded.contains(QString::number(r.id)))
                    keys << QString::number(r.id);
            }
            if (keys.size() < it.value()) {
                available[it.key()] = keys.size();
                short_ = true;
            }
            drawn.insert(it.key(), keys);
        }
        if (!short_)
            break;
    }
    QStringList features = drawn.keys();
    features.sort();
    QStringList expected;
    for (const QString &f : features)
        expected << drawn.value(f);

    auto got = sampleOutputs(m_session->connection(), m_session->schema(), spec, excluded);
    QVERIFY2(got.ok(), qPrintable(got.error()));
    QCOMPARE(keys(*got), expected);
    QVERIFY(!expected.isEmpty());
}

void TestReviewSampler::sessions()
{
    ReviewSessionStore store(*m_session->workspace());
    const SampleSpec spec = week(10, 1);
    auto sample = sampleOutputs(m_session->connection(), m_session->schema(), spec);
    QVERIFY(sample.ok());
    auto name = store.suggestName(spec.since, QTimeZone::utc());
    QCOMPARE(name.value(), u"2026-W46"_s);
    QVERIFY(store.create(*name, spec, *sample, u"alice"_s).ok());
    QVERIFY(!store.create(*name, spec, *sample, u"alice"_s).ok());
    QCOMPARE(store.suggestName(spec.since, QTimeZone::utc()).value(), u"2026-W46-2"_s);
    // In Berlin the session drawn from Monday 00:00 CET (Sunday 23:00 UTC) is named by its
    // Monday's week, not by the UTC Sunday's.
    const QDateTime berlinMonday(QDate(2026, 11, 8), QTime(23, 0), QTimeZone::utc());
    QCOMPARE(store.suggestName(berlinMonday, QTimeZone("Europe/Berlin")).value(), u"2026-W46-2"_s);
    QCOMPARE(store.suggestName(berlinMonday, QTimeZone::utc()).value(), u"2026-W45"_s);
    QVERIFY(store.setItemNote(*name, 2, u"discuss"_s).ok());
    QVERIFY(store.addDecision(*name, u"alice"_s, u"shorten the summary prompt"_s).ok());
    QVERIFY(store.setStatus(*name, u"closed"_s).ok());
    auto loaded = store.load(*name);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->status, u"closed"_s);
    QCOMPARE(loaded->items.size(), 10);
    QCOMPARE(loaded->items.at(0).outputKey, sample->at(0).key);
    QCOMPARE(loaded->items.at(1).note, u"discuss"_s);
    QCOMPARE(loaded->decisions.size(), 1);
    QCOMPARE(loaded->spec.seed, spec.seed);
    QCOMPARE(loaded->spec.since, spec.since);
    QVERIFY(store.setStatus(*name, u"open"_s).ok()); // resumed
    QVERIFY(!store.load(u"nope"_s).ok());
}

void TestReviewSampler::summary()
{
    ReviewSession session;
    session.name = u"s"_s;
    session.items = {{1, u"1"_s, u"a"_s, {}}, {2, u"2"_s, u"a"_s, u"item note"_s}, {3, u"3"_s, u"b"_s, {}}};
    LabelEvent one;
    one.outputKey = u"1"_s;
    one.reviewer = u"r"_s;
    one.label = LabelValue::Positive;
    LabelEvent two = one;
    two.outputKey = u"2"_s;
    two.label = LabelValue::Negative;
    two.note = u"made up a number"_s;
    const QHash<QString, OutputFacts> facts{{u"1"_s, {u"a"_s, u"positive"_s}}, {u"2"_s, {u"a"_s, u"positive"_s}}};
    const SessionSummary s = summarizeSession(session, {one, two}, facts);
    QCOMPARE(s.features.size(), 2);
    QCOMPARE(s.features.at(0).labels, 2);
    QCOMPARE(s.features.at(0).positive, 1);
    QCOMPARE(s.features.at(0).withUserFeedback, 2);
    QCOMPARE(s.features.at(0).agreeWithUser, 1);
    QCOMPARE(s.negatives.size(), 1);
    const QString md = s.toMarkdown();
    QVERIFY(md.contains(u"made up a number"_s));
    QVERIFY(md.contains(u"item note"_s));
    QVERIFY(md.contains(u"50% (9%–91%)"_s)); // Wilson 1/2
}

QTEST_GUILESS_MAIN(TestReviewSampler)
#include "tst_reviewsampler.moc"

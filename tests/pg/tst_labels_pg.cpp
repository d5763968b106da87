// Reviewer labels and review sessions in a PostgreSQL workspace, on a real server that ctest
// starts (see CMakeLists.txt): two reviewers (two database roles the test creates) labelling
// the same outputs at the same time from two threads lose nothing and each sees who labelled
// what; the role is the identity; sessions, sampling and the reviewer-label filters (bound key
// lists) work on a PostgreSQL log. Everything lives in a database of its own, dropped at the end,
// so the other pg tests never see it.

#include "browse/LogSession.h"
#include "eval/ComparisonLoader.h"
#include "eval/JudgeRunStore.h"
#include "eval/ModelVotes.h"
#include "replay/ReplayRunStore.h"
#include "eval/JudgingSampler.h"
#include "pricing/PriceTable.h"
#include "labels/LabelStore.h"
#include "labels/ReviewSampler.h"
#include "labels/ReviewSessionStore.h"
#include "labels/ReviewSummary.h"
#include "labels/OutputLookup.h"
#include "workspace/Workspace.h"

#include "ReplayRunFixture.h"
#include "TestSupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QTimeZone>

#include <atomic>
#include <tuple>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

const QString skipTag = u"ASSAY_PG_TESTS_SKIPPED: "_s;
const QString kDatabase = u"assay_labels_test"_s;
const QStringList kRoles{u"assay_rev_ann"_s, u"assay_rev_ben"_s};
constexpr int kRows = 400;
constexpr int kShared = 200; // outputs both reviewers label

// What each reviewer sets on output i (1-based): they agree on most, not all.
LabelValue valueFor(int reviewer, int i)
{
    return LabelValue((i + (reviewer == 1 && i % 5 == 0 ? 1 : 0)) % 3);
}

} // namespace

class TestLabelsPg : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void roleIsTheReviewer();
    void twoReviewersAtOnceLoseNothing();
    void labelFiltersOnPostgres();
    void sessionsOnPostgres();
    void samplingEqualsWeightedDefinition();
    void judgingOnPostgres();
    void judgeModelOnPostgres();

private:
    QString urlFor(const QString &user, const QString &database = {}) const;
    QSqlDatabase connectAs(const QString &name, const QString &database);
    Result<std::unique_ptr<LogSession>> openAs(const QString &role);
    QVariant scalar(const QString &sql);

    SourceLocation m_server;
    QString m_adminName = u"tst-labels-pg-admin"_s;
    QString m_dbAdminName = u"tst-labels-pg-db"_s;
    QTemporaryDir m_dir;
    bool m_ready = false;
};

QString TestLabelsPg::urlFor(const QString &user, const QString &database) const
{
    return u"postgresql://%1@%2:%3/%4"_s.arg(user, m_server.host).arg(m_server.port).arg(
        database.isEmpty() ? kDatabase : database);
}

QSqlDatabase TestLabelsPg::connectAs(const QString &name, const QString &database)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
    db.setHostName(m_server.host);
    db.setPort(m_server.port);
    db.setDatabaseName(database);
    db.setUserName(m_server.user);
    db.setConnectOptions(u"connect_timeout=10"_s);
    db.open();
    return db;
}

QVariant TestLabelsPg::scalar(const QString &sql)
{
    QSqlQuery q(QSqlDatabase::database(m_dbAdminName));
    if (!q.exec(sql) || !q.next()) {
        qWarning("direct SQL failed: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return {};
    }
    return q.value(0);
}

Result<std::unique_ptr<LogSession>> TestLabelsPg::openAs(const QString &role)
{
    auto location = SourceLocation::parse(urlFor(role));
    if (!location)
        return fail(location.error());
    SessionSpec spec;
    spec.source = *location;
    spec.workspace = urlFor(role);
    return LogSession::open(spec);
}

void TestLabelsPg::initTestCase()
{
    if (const QString reason = qEnvironmentVariable("ASSAY_TEST_PG_SKIP"); !reason.isEmpty())
        QSKIP(qPrintable(skipTag + reason));
    const QString url = qEnvironmentVariable("ASSAY_TEST_PG_URL");
    if (url.isEmpty())
        QSKIP(qPrintable(skipTag + u"ASSAY_TEST_PG_URL is not set; run these tests through ctest, which starts "
                                   "a PostgreSQL server for them"_s));
    QVERIFY(m_dir.isValid());
    qputenv("ASSAY_WORKSPACE_DIR", QFile::encodeName(m_dir.path()));
    auto location = SourceLocation::parse(url);
    QVERIFY2(location, qPrintable(location.error()));
    m_server = *location;

    QSqlDatabase admin = connectAs(m_adminName, m_server.database);
    QVERIFY2(admin.isOpen(), qPrintable(admin.lastError().text()));
    QSqlQuery q(admin);
    QStringList setup{u"SET client_min_messages = warning"_s, u"DROP DATABASE IF EXISTS %1"_s.arg(kDatabase)};
    for (const QString &role : kRoles)
        setup << u"DROP ROLE IF EXISTS %1"_s.arg(role) << u"CREATE ROLE %1 LOGIN"_s.arg(role);
    setup << u"CREATE DATABASE %1"_s.arg(kDatabase);
    for (const QString &sql : setup)
        QVERIFY2(q.exec(sql), qPrintable(sql + u": "_s + q.lastError().text()));

    QSqlDatabase db = connectAs(m_dbAdminName, kDatabase);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
    QSqlQuery d(db);
    const QStringList logSetup{
        u"CREATE TABLE public.ai_outputs (id bigserial PRIMARY KEY, feature text NOT NULL, "
        "created_at timestamptz NOT NULL, output text, feedback text)"_s,
        u"INSERT INTO public.ai_outputs (feature, created_at, output, feedback) "
        "SELECT (ARRAY['chat', 'summary', 'tagging'])[1 + i % 3], "
        "timestamptz '2026-11-09 00:00:00+00' + i * interval '20 minutes', 'output ' || i, "
        "(ARRAY[NULL, 'positive', 'negative', 'edited'])[1 + i % 4] FROM generate_series(1, %1) i"_s.arg(kRows),
        u"CREATE INDEX ai_outputs_feature_created ON public.ai_outputs (feature, created_at)"_s,
        u"CREATE INDEX ai_outputs_feedback_created ON public.ai_outputs (feedback, created_at)"_s,
    };
    for (const QString &sql : logSetup)
        QVERIFY2(d.exec(sql), qPrintable(sql + u": "_s + d.lastError().text()));

    // The team's administrator sets the workspace up once; reviewers get the rights to use it.
    {
        auto ws = Workspace::open(m_server, urlFor(m_server.user));
        QVERIFY2(ws, qPrintable(ws.error()));
    }
    for (const QString &role : kRoles) {
        for (const QString &sql : {
                 u"GRANT SELECT ON public.ai_outputs TO %1"_s,
                 // No CREATE right anywhere: a workspace that is set up opens without one.
                 u"GRANT USAGE ON SCHEMA assay TO %1"_s,
                 u"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA assay TO %1"_s,
                 u"GRANT USAGE ON ALL SEQUENCES IN SCHEMA assay TO %1"_s}) {
            const QString text = sql.arg(role);
            QVERIFY2(d.exec(text), qPrintable(text + u": "_s + d.lastError().text()));
        }
    }
    m_ready = true;
}

void TestLabelsPg::cleanupTestCase()
{
    if (QSqlDatabase::contains(m_dbAdminName)) {
        QSqlDatabase::database(m_dbAdminName).close();
        QSqlDatabase::removeDatabase(m_dbAdminName);
    }
    if (!QSqlDatabase::contains(m_adminName))
        return;
    {
        QSqlQuery q(QSqlDatabase::database(m_adminName));
        q.exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(kDatabase));
        for (const QString &role : kRoles)
            q.exec(u"DROP ROLE IF EXISTS %1"_s.arg(role));
    }
    QSqlDatabase::database(m_adminName).close();
    QSqlDatabase::removeDatabase(m_adminName);
}

void TestLabelsPg::roleIsTheReviewer()
{
    auto ws = Workspace::open(m_server, urlFor(kRoles.at(0)));
    QVERIFY2(ws, qPrintable(ws.error()));
    QCOMPARE(LabelStore::defaultReviewer(**ws), kRoles.at(0));
    // A name given in the settings cannot impersonate someone else in a shared workspace.
    QCOMPARE(LabelStore(**ws, u"somebody-else"_s).reviewer(), kRoles.at(0));
}

void TestLabelsPg::twoReviewersAtOnceLoseNothing()
{
    const qint64 before = scalar(u"SELECT count(*) FROM assay.label_events"_s).toLongLong();
    std::atomic<int> ready{0};
    QStringList errors[2];
    QList<QThread *> threads;
    for (int r = 0; r < 2; ++r) {
        threads << QThread::create([this, r, &ready, &errors] {
            // Each thread its own connection, as every worker of Assay has.
            auto ws = Workspace::open(m_server, urlFor(kRoles.at(r)));
            if (!ws) {
                errors[r] << ws.error();
                ++ready;
                return;
            }
            LabelStore store(**ws);
            ++ready;
            while (ready.load() < 2)
                QThread::yieldCurrentThread();
            // Interleaved single saves, then a relabel pass as one bulk change.
            for (int i = 1; i <= kShared; ++i) {
                if (auto e = store.set({QString::number(i), LabelValue((i + 1) % 3), {}, {}, {}}); !e)
                    errors[r] << e.error();
            }
            QList<LabelChange> bulk;
            for (int i = 1; i <= kShared; ++i)
                bulk << LabelChange{QString::number(i), valueFor(r, i), u"by %1"_s.arg(r), {}, {}};
            if (auto e = store.setMany(bulk); !e)
                errors[r] << e.error();
        });
    }
    for (QThread *t : threads)
        t->start();
    for (QThread *t : threads) {
        QVERIFY(t->wait(120000));
        delete t;
    }
    QVERIFY2(errors[0].isEmpty() && errors[1].isEmpty(), qPrintable((errors[0] + errors[1]).join(u"; "_s)));

    // Every change is a row: 2 reviewers x 2 passes x kShared, none overwritten.
    QCOMPARE(scalar(u"SELECT count(*) FROM assay.label_events"_s).toLongLong() - before, qint64(4 * kShared));
    // Each reviewer, reading the shared workspace, sees both and who labelled what.
    for (int viewer = 0; viewer < 2; ++viewer) {
        auto ws = Workspace::open(m_server, urlFor(kRoles.at(viewer)));
        QVERIFY2(ws, qPrintable(ws.error()));
        auto current = LabelStore(**ws).currentLabels();
        QVERIFY2(current, qPrintable(current.error()));
        QHash<QString, QHash<QString, LabelValue>> byOutput;
        for (const LabelEvent &e : *current)
            byOutput[e.outputKey].insert(e.reviewer, *e.label);
        QCOMPARE(byOutput.size(), kShared);
        for (int i = 1; i <= kShared; ++i) {
            const auto labels = byOutput.value(QString::number(i));
            QCOMPARE(labels.size(), 2);
            QCOMPARE(labels.value(kRoles.at(0)), valueFor(0, i));
            QCOMPARE(labels.value(kRoles.at(1)), valueFor(1, i));
        }
        auto history = LabelStore(**ws).history(u"7"_s);
        QVERIFY(history);
        QCOMPARE(history->size(), 4);
    }
}

void TestLabelsPg::labelFiltersOnPostgres()
{
    auto session = openAs(kRoles.at(0));
    QVERIFY2(session, qPrintable(session.error()));
    QVERIFY2((*session)->workspace(), qPrintable((*session)->workspaceError()));
    QCOMPARE((*session)->schema().dialect, SqlDialect::PostgreSQL);
    QVERIFY(!(*session)->outputs().searchSupport().labelsAttached);
    // Labels from the previous test: outputs 1..kShared, ann's and ben's values.
    const auto countOf = [&](const OutputFilter &f) {
        auto n = (*session)->outputs().count(f);
        if (!n)
            qWarning("%s", qPrintable(n.error()));
        return n ? *n : -1;
    };
    qint64 annNegative = 0, disagreeBen = 0;
    for (int i = 1; i <= kShared; ++i) {
        annNegative += valueFor(0, i) == LabelValue::Negative ? 1 : 0;
        const QString feedback = QStringList{QString(), u"positive"_s, u"negative"_s, u"edited"_s}.at(i % 4);
        disagreeBen += !feedback.isEmpty() && feedback != labelName(valueFor(1, i)) ? 1 : 0;
    }
    OutputFilter f;
    f.reviewLabels = {u"negative"_s};
    f.reviewer = kRoles.at(0);
    QCOMPARE(countOf(f), annNegative);
    OutputFilter unreviewed;
    unreviewed.reviewed = ReviewedFilter::Unreviewed;
    QCOMPARE(countOf(unreviewed), qint64(kRows - kShared));
    OutputFilter note;
    note.hasNote = true;
    note.reviewer = kRoles.at(1);
    QCOMPARE(countOf(note), qint64(kShared));
    OutputFilter disagrees;
    disagrees.disagreesWithUser = true;
    disagrees.reviewer = kRoles.at(1);
    QCOMPARE(countOf(disagrees), disagreeBen);
    // A page of it too (the same conditions go into the keyset query).
    auto page = (*session)->outputs().fetchPage(PageRequest{f, {}, std::nullopt, false, false, 500});
    QVERIFY2(page, qPrintable(page.error()));
    QCOMPARE(page->size(), annNegative);
}

void TestLabelsPg::sessionsOnPostgres()
{
    auto session = openAs(kRoles.at(1));
    QVERIFY2(session, qPrintable(session.error()));
    QVERIFY((*session)->workspace());
    SampleSpec spec;
    spec.since = QDateTime(QDate(2026, 11, 9), QTime(0, 0), QTimeZone::utc());
    spec.until = spec.since.addDays(7);
    spec.size = 12;
    spec.seed = 5;
    spec.oversampleFeedback = 3;
    auto reviewed = LabelStore(*(*session)->workspace()).labelledKeys();
    QVERIFY(reviewed);
    auto sample = sampleOutputs((*session)->connection(), (*session)->schema(), spec, *reviewed);
    QVERIFY2(sample, qPrintable(sample.error()));
    QCOMPARE(sample->size(), 12);
    auto again = sampleOutputs((*session)->connection(), (*session)->schema(), spec, *reviewed);
    QVERIFY(again);
    for (qsizetype i = 0; i < sample->size(); ++i) {
        QCOMPARE(again->at(i).key, sample->at(i).key);
        QVERIFY2(!reviewed->contains(sample->at(i).key), "an already reviewed output was drawn");
    }

    ReviewSessionStore sessions(*(*session)->workspace());
    QVERIFY(sessions.create(u"pg-week"_s, spec, *sample, kRoles.at(1)));
    QVERIFY(!sessions.create(u"pg-week"_s, spec, *sample, kRoles.at(1))); // name taken
    QVERIFY(sessions.setItemNote(u"pg-week"_s, 3, u"look here"_s));
    QVERIFY(sessions.addDecision(u"pg-week"_s, kRoles.at(1), u"ship v3"_s));
    QVERIFY(sessions.setStatus(u"pg-week"_s, u"closed"_s));
    LabelStore ben(*(*session)->workspace());
    QVERIFY(ben.set({sample->at(0).key, LabelValue::Negative, u"made up"_s, {}, {}}));

    // The other reviewer, in their own session, sees all of it.
    auto other = openAs(kRoles.at(0));
    QVERIFY2(other, qPrintable(other.error()));
    auto loaded = ReviewSessionStore(*(*other)->workspace()).load(u"pg-week"_s);
    QVERIFY2(loaded, qPrintable(loaded.error()));
    QCOMPARE(loaded->status, u"closed"_s);
    QCOMPARE(loaded->createdBy, kRoles.at(1));
    QCOMPARE(loaded->items.size(), 12);
    QCOMPARE(loaded->items.at(2).note, u"look here"_s);
    QCOMPARE(loaded->decisions.size(), 1);
    QCOMPARE(loaded->decisions.first().author, kRoles.at(1));
    QStringList keys;
    for (const ReviewItem &item : loaded->items)
        keys << item.outputKey;
    LabelQuery query;
    query.outputKeys = keys;
    auto labels = LabelStore(*(*other)->workspace()).currentLabels(query);
    auto facts = lookupOutputs((*other)->connection(), (*other)->schema(), keys);
    QVERIFY(labels && facts);
    const SessionSummary summary = summarizeSession(*loaded, *labels, *facts);
    QCOMPARE(summary.negatives.size(), 1);
    QCOMPARE(summary.negatives.first().reviewer, kRoles.at(1));
    QVERIFY(summary.notInLog.isEmpty());
    QVERIFY(ReviewSessionStore(*(*other)->workspace()).setStatus(u"pg-week"_s, u"open"_s));
}

// The sampler weighs rows by membership in the feedback index's ids (a subquery PostgreSQL
// hashes) and ranks with md5-based float8 values. The result must be what one query ranking
// every row by its own feedback column gives, quota by quota.
void TestLabelsPg::samplingEqualsWeightedDefinition()
{
    auto session = openAs(kRoles.at(0));
    QVERIFY2(session, qPrintable(session.error()));
    auto reviewed = LabelStore(*(*session)->workspace()).labelledKeys();
    QVERIFY(reviewed && !reviewed->isEmpty());
    for (const auto &[seed, weight, strata] : {std::tuple{quint64(11), 4.0, Stratification::Proportional},
                                               std::tuple{quint64(12), 2.5, Stratification::Equal},
                                               std::tuple{quint64(13), 1.0, Stratification::Proportional}}) {
        SampleSpec spec;
        spec.since = QDateTime(QDate(2026, 11, 9), QTime(0, 0), QTimeZone::utc());
        spec.until = spec.since.addDays(30);
        spec.size = 60;
        spec.seed = seed;
        spec.oversampleFeedback = weight;
        spec.strata = strata;

        QSqlQuery q(QSqlDatabase::database(m_dbAdminName));
        q.prepare(u"SELECT id, feature FROM public.ai_outputs WHERE created_at >= ? AND created_at < ? ORDER BY "
                  "(-ln((('x' || substr(md5(?::text || ':' || id::text), 1, 13))::bit(52)::bigint + 0.5) "
                  "/ 4503599627370496.0) / (CASE WHEN feedback IN ('negative', 'edited') THEN %1 ELSE 1.0 END)), id"_s
                      .arg(weight, 0, 'g', 17));
        q.addBindValue(spec.since);
        q.addBindValue(spec.until);
        q.addBindValue(QString::number(seed));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        QHash<QString, QStringList> ranked; // feature -> ids, lowest weighted rank first
        QHash<QString, qint64> available;
        while (q.next()) {
            ranked[q.value(1).toString()] << q.value(0).toString();
            ++available[q.value(1).toString()];
        }
        QHash<QString, QStringList> drawn;
        for (int round = 0; round <= ranked.size(); ++round) {
            drawn.clear();
            bool short_ = false;
            const QHash<QString, int> quota = allocateSample(available, spec.size, spec.strata);
            for (auto it = quota.cbegin(); it != quota.cend(); ++it) {
                QStringList keys;
                for (const QString &id : ranked.value(it.key())) {
                    if (keys.size() < it.value() && !reviewed->contains(id))
                        keys << id;
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

        auto sample = sampleOutputs((*session)->connection(), (*session)->schema(), spec, *reviewed);
        QVERIFY2(sample, qPrintable(sample.error()));
        QStringList got;
        for (const SampledOutput &o : *sample)
            got << o.key;
        QCOMPARE(got, expected);
        QCOMPARE(got.size(), 60);
    }
}

void TestLabelsPg::judgingOnPostgres()
{
    // A run over outputs 1-30 of the PostgreSQL log, judged blind by both roles at once.
    auto ann = openAs(kRoles.at(0));
    auto ben = openAs(kRoles.at(1));
    QVERIFY2(ann && ben, qPrintable(ann ? ben.error() : ann.error()));
    Workspace &annWs = *(*ann)->workspace();
    QList<test::FixtureCase> cases;
    for (int i = 1; i <= 30; ++i)
        cases << test::FixtureCase{QString::number(i), {{ReplayResultStatus::Ok, u"v2 answer %1"_s.arg(i), 0.001, 200, 12}}};
    QString error;
    const qint64 runId = test::writeReplayRun(annWs, u"pg log"_s, {test::fixtureTarget(u"summ@v2"_s)}, cases, &error);
    QVERIFY2(runId > 0, qPrintable(error));
    const PriceTable prices = PriceTable::withDefaults();
    auto pairs = loadComparedPairs(annWs, (*ann)->outputs(), prices, runId, ComparisonSide{}, ComparisonSide{0});
    QVERIFY2(pairs, qPrintable(pairs.error()));
    QCOMPARE(pairs->pairs.size(), 30);
    QCOMPARE(pairs->pairs.first().a.output, u"output 1"_s); // read back from the PostgreSQL log
    const QList<JudgingPair> drawn = drawJudgingPairs(*pairs, 20, 3);
    JudgingSession s{u"pg-ab"_s, runId, u"baseline"_s, u"target:1"_s, 3};
    QVERIFY(JudgingStore(annWs).createSession(s, drawn));

    // ann always prefers B; ben prefers B on the first 15 pairs and A on the last 5.
    JudgingStore annStore(annWs), benStore(*(*ben)->workspace());
    qint64 annLast = 0;
    for (qsizetype i = 0; i < drawn.size(); ++i) {
        const JudgingPair &p = drawn[i];
        const PairChoice forB = p.aOnLeft ? PairChoice::Right : PairChoice::Left;
        const PairChoice forA = p.aOnLeft ? PairChoice::Left : PairChoice::Right;
        auto a = annStore.record(s.name, p.pairNo, kRoles.at(0), forB);
        auto b = benStore.record(s.name, p.pairNo, kRoles.at(1), i < 15 ? forB : forA);
        QVERIFY2(a && b, qPrintable(a ? b.error() : a.error()));
        QCOMPARE(a->winner, PairWinner::B);
        annLast = a->id;
    }
    QVERIFY(!benStore.undo(s.name, kRoles.at(1), annLast).ok()); // not ben's to undo
    auto votes = loadHumanVotes(annWs, *pairs);
    QVERIFY2(votes, qPrintable(votes.error()));
    QCOMPARE(votes->size(), 40);
    const ComparisonSummary summary = summarizeComparison(*pairs, *votes, {}, {}, 0.05);
    QCOMPARE(summary.overall.wins, qint64(15));
    QCOMPARE(summary.overall.losses, qint64(0));
    QCOMPARE(summary.overall.ties, qint64(5)); // one vote each way
    QCOMPARE(summary.peopleKappaMethod, u"cohen"_s);
}

void TestLabelsPg::judgeModelOnPostgres()
{
    // The judge model's run over session pg-ab (judgingOnPostgres), its results written as the
    // engine would, then settled and read back by the other role.
    auto ann = openAs(kRoles.at(0));
    auto ben = openAs(kRoles.at(1));
    QVERIFY2(ann && ben, qPrintable(ann ? ben.error() : ann.error()));
    Workspace &annWs = *(*ann)->workspace();
    auto session = JudgingStore(annWs).session(u"pg-ab"_s);
    QVERIFY2(session, qPrintable(session.error()));
    auto drawn = JudgingStore(annWs).pairs(session->name);
    QVERIFY(drawn && drawn->size() == 20);
    const PriceTable prices = PriceTable::withDefaults();
    auto pairs = loadSessionPairs(annWs, (*ann)->outputs(), prices, *session);
    QVERIFY2(pairs, qPrintable(pairs.error()));
    JudgeRunRequest request;
    request.session = session->name;
    request.provider = u"anthropic"_s;
    request.model = u"claude-haiku-4-5"_s;
    auto plan = planJudgeRun(request, *drawn, *pairs, prices);
    QVERIFY2(plan, qPrintable(plan.error()));
    JudgeRunStore annRuns(annWs);
    auto link = annRuns.createRun(request, *plan, u"pg log"_s, kRoles.at(0));
    QVERIFY2(link, qPrintable(link.error()));
    auto found = annRuns.find(request);
    QVERIFY(found && *found && (*found)->runId == link->runId);

    // Pairs 1-12 B both times; 13-17 always the first shown (inconsistent); 18 one invalid reply;
    // 19-20 unanswered (as after a kill).
    ReplayRunStore results(annWs);
    auto pending = results.pendingCalls(link->runId);
    QVERIFY2(pending && pending->size() == 40, qPrintable(pending ? QString::number(pending->size()) : pending.error()));
    for (const PendingCall &call : *pending) {
        const auto key = parseJudgeOutputKey(call.outputKey);
        QVERIFY(key);
        if (key->pairNo >= 19)
            continue;
        ReplayResult r;
        r.caseNo = call.caseNo;
        r.targetNo = call.targetNo;
        r.status = ReplayResultStatus::Ok;
        r.attempts = 1;
        r.completedAt = QDateTime::currentDateTimeUtc();
        const QString bShown = key->order == 1 ? u"2"_s : u"1"_s;
        if (key->pairNo <= 12)
            r.output = u"{\"winner\": \"%1\", \"reason\": \"B\"}"_s.arg(bShown);
        else if (key->pairNo <= 17)
            r.output = u"{\"winner\": \"1\"}"_s;
        else
            r.output = key->order == 1 ? u"B, clearly"_s : u"{\"winner\": \"1\"}"_s;
        QVERIFY2(results.saveResult(link->runId, r), "saveResult");
    }
    Workspace &benWs = *(*ben)->workspace();
    auto counts = judgeRunCounts(benWs, link->runId, session->name);
    QVERIFY2(counts, qPrintable(counts.error()));
    QCOMPARE(counts->consistent, qint64(12));
    QCOMPARE(counts->inconsistent, qint64(5));
    QCOMPARE(counts->invalidOrders, qint64(1));
    QCOMPARE(counts->pendingOrders, qint64(4));
    QCOMPARE(counts->excluded, qint64(3));
    auto outcomes = JudgeRunStore(benWs).outcomes(link->runId);
    QVERIFY(outcomes && outcomes->size() == 36);
    auto votes = loadModelVotes(benWs, *pairs);
    QVERIFY2(votes, qPrintable(votes.error()));
    QCOMPARE(votes->size(), 17);
    auto people = loadHumanVotes(benWs, *pairs);
    QVERIFY2(people, qPrintable(people.error()));
    const ComparisonSummary summary = summarizeComparison(*pairs, *people + *votes, *JudgeSelection::parse(u"llm"_s), {}, 0.05);
    QCOMPARE(summary.overall.wins, qint64(12));
    QCOMPARE(summary.overall.ties, qint64(5));
    QCOMPARE(summary.modelConsistent, qint64(12));
    QCOMPARE(summary.modelAndPeoplePairs, qint64(17)); // both people judged every pair of the session
    QVERIFY(summary.modelPeopleKappa.has_value());
}

QTEST_GUILESS_MAIN(TestLabelsPg)
#include "tst_labels_pg.moc"

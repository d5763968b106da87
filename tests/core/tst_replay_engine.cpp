// The replay engine against the in-process fake backend: every result stored with all its
// fields, the budget stop, pause / resume / cancel, resume after a crash without calling a
// completed case again, the response cache and fresh samples, the provider's spend limit,
// failed calls and render errors recorded, two targets each on its own backend.

#include "FakeReplayBackend.h"
#include "DemoLogSession.h"
#include "TestSupport.h"

#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "prompts/PromptRegistry.h"
#include "replay/ReplayEngine.h"
#include "replay/ReplayPlan.h"
#include "replay/ReplayRunStore.h"

#include <QSet>
#include <QThread>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

struct Outcome {
    bool finished = false;
    ReplayRunStatus status = ReplayRunStatus::Running;
    QString message;
    int stored = 0;
    QList<ReplayResult> results;
    ReplayProgress lastProgress;
    int progressSignals = 0;
};

} // namespace

class TestReplayEngine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void resultsAreStoredWithEveryField();
    void concurrencyFollowsCapacity();
    void failedCallsAndRenderErrorsAreRecorded();
    void budgetStopsBeforeTheCap();
    void budgetStopIsExactWhenEstimatesHold();
    void budgetNeedsAPrice();
    void pauseResumeCancel();
    void resumeAfterCrashNeverRecallsCompletedCases();
    void cacheMakesARepeatFree();
    void spendLimitStopsTheRun();
    void twoTargetsTwoBackends();
    void missingRunFails();
    void runsOnAWorkerThread();
    void pausedBeforeItBegins();
    void failedCallsCanBeSentAgain();
    void costCountsCacheTokensApart();

private:
    qint64 createRun(const QStringList &prompts, const QString &fromPrompt, const QString &fromVersion, qint64 limit,
                     ReplayOptions options = {}, ReplayPlan *planOut = nullptr);
    std::unique_ptr<ReplayEngine> makeEngine(qint64 runId, QList<std::shared_ptr<test::FakeBackendLog>> logs,
                                             int capacity, int latencyMs, test::FakeReplayBackend::Script script = {},
                                             std::optional<ReplayOptions> options = std::nullopt);
    void watch(ReplayEngine &engine, Outcome &outcome);
    ReplayTally tallyOf(qint64 runId);
    QList<ReplayResult> storedResults(qint64 runId);

    std::unique_ptr<test::ScopedWorkspaceDir> m_wsDir;
    QTemporaryDir m_dir;
    QString m_log;
    QString m_wsPath;
    std::unique_ptr<LogSession> m_session;
    std::unique_ptr<PromptRegistry> m_registry;
    PriceTable m_prices = PriceTable::withDefaults();
};

void TestReplayEngine::initTestCase()
{
    m_wsDir = std::make_unique<test::ScopedWorkspaceDir>();
    QVERIFY(m_dir.isValid());
    m_log = m_dir.filePath(u"demo.sqlite"_s);
    m_wsPath = m_dir.filePath(u"ws.sqlite"_s);
    auto opened = test::openDemoLogSession(m_log, 600, m_wsPath);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    m_session = std::move(opened->session);
    m_registry = std::move(opened->registry);
}

void TestReplayEngine::cleanupTestCase()
{
    m_registry.reset();
    m_session.reset();
    m_wsDir.reset();
}

qint64 TestReplayEngine::createRun(const QStringList &prompts, const QString &fromPrompt, const QString &fromVersion,
                                   qint64 limit, ReplayOptions options, ReplayPlan *planOut)
{
    ReplaySpec spec;
    for (const QString &p : prompts) {
        ReplayTarget t;
        t.promptName = p.section(u'@', 0, 0);
        t.promptVersion = p.section(u'@', 1);
        t.provider = u"anthropic"_s;
        t.model = u"claude-haiku-4-5"_s;
        t.maxTokens = 0;
        spec.targets << t;
    }
    spec.inputs.filter.promptName = fromPrompt;
    spec.inputs.filter.promptVersion = fromVersion;
    spec.inputs.limit = limit;
    spec.options = options;
    auto plan = planReplay(spec, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    if (!plan) {
        qWarning("plan: %s", qPrintable(plan.error()));
        return -1;
    }
    if (planOut)
        *planOut = *plan;
    auto id = ReplayRunStore(*m_session->workspace()).createRun(spec, *plan, u"demo"_s, u"tester"_s);
    if (!id) {
        qWarning("create: %s", qPrintable(id.error()));
        return -1;
    }
    return *id;
}

std::unique_ptr<ReplayEngine> TestReplayEngine::makeEngine(qint64 runId, QList<std::shared_ptr<test::FakeBackendLog>> logs,
                                                           int capacity, int latencyMs,
                                                           test::FakeReplayBackend::Script script,
                                                           std::optional<ReplayOptions> options)
{
    auto made = std::make_shared<int>(0);
    ReplayEngineConfig config{test::sqliteSource(m_log), m_wsPath, runId, m_prices,
                              [logs, capacity, latencyMs, script, made](const ReplayTarget &, const ReplayOptions &)
                                  -> Result<std::unique_ptr<ReplayBackend>> {
                                  const auto log = logs.at(std::min<qsizetype>((*made)++, logs.size() - 1));
                                  return std::unique_ptr<ReplayBackend>(
                                      new test::FakeReplayBackend(log, capacity, latencyMs, script));
                              },
                              options};
    return std::make_unique<ReplayEngine>(std::move(config));
}

void TestReplayEngine::watch(ReplayEngine &engine, Outcome &outcome)
{
    connect(&engine, &ReplayEngine::finished, this, [&outcome](ReplayRunStatus status, const QString &message) {
        outcome.finished = true;
        outcome.status = status;
        outcome.message = message;
    });
    connect(&engine, &ReplayEngine::resultStored, this, [&outcome](const ReplayResult &r) {
        ++outcome.stored;
        outcome.results << r;
    });
    connect(&engine, &ReplayEngine::progressed, this, [&outcome](const ReplayProgress &p) {
        outcome.lastProgress = p;
        ++outcome.progressSignals;
    });
}

ReplayTally TestReplayEngine::tallyOf(qint64 runId)
{
    auto t = ReplayRunStore(*m_session->workspace()).tally(runId);
    if (!t)
        qWarning("tally: %s", qPrintable(t.error()));
    return t.valueOr(ReplayTally{});
}

QList<ReplayResult> TestReplayEngine::storedResults(qint64 runId)
{
    QList<ReplayResult> list;
    auto walked = ReplayRunStore(*m_session->workspace()).forEachResult(runId, [&](const ReplayResult &r) {
        list << r;
        return true;
    });
    if (!walked)
        qWarning("results: %s", qPrintable(walked.error()));
    return list;
}

void TestReplayEngine::resultsAreStoredWithEveryField()
{
    ReplayOptions options;
    options.noCache = true;
    ReplayPlan plan;
    const qint64 run = createRun({u"ticket_summary@v3"_s}, u"ticket_summary"_s, u"v3"_s, 12, options, &plan);
    QVERIFY(run > 0);
    const int cases = static_cast<int>(plan.cases.size());
    QVERIFY(cases >= 8);
    auto log = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(run, {log}, 4, 0);
    Outcome outcome;
    watch(*engine, outcome);
    engine->start();
    QVERIFY(!outcome.finished); // signals come from the event loop, after start() returns
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(outcome.status, ReplayRunStatus::Done);
    QVERIFY2(outcome.message.isEmpty(), qPrintable(outcome.message));
    QCOMPARE(log->calls.size(), cases);
    QCOMPARE(outcome.stored, cases);

    const auto haiku = m_prices.find(u"claude-haiku-4-5"_s);
    QVERIFY(haiku);
    const QList<ReplayResult> results = storedResults(run);
    QCOMPARE(results.size(), cases);
    QSet<QString> requestIds;
    for (const ReplayResult &r : results) {
        const PlannedCase &c = plan.cases.at(r.caseNo);
        QCOMPARE(r.outputKey, c.outputKey);
        QCOMPARE(r.status, ReplayResultStatus::Ok);
        QCOMPARE(r.output, u"answer to "_s + c.calls.first().prompt.left(30));
        QCOMPARE(r.inputTokens, qint64((c.calls.first().prompt.size() + 3) / 4));
        QCOMPARE(r.outputTokens, qint64(20));
        QVERIFY(r.costUsd);
        QVERIFY(std::abs(*r.costUsd - costOf(*haiku, r.inputTokens, 20).total()) < 1e-12);
        QCOMPARE(r.latencyMs, qint64(5));
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.httpStatus, 200);
        QVERIFY(r.requestId.startsWith(u"req_fake_"_s));
        requestIds << r.requestId;
        QCOMPARE(r.stopReason, u"end_turn"_s);
        QVERIFY(r.error.isEmpty());
        QVERIFY(!r.fromCache);
        QVERIFY(r.completedAt.isValid());
        QVERIFY(qAbs(r.completedAt.secsTo(QDateTime::currentDateTimeUtc())) < 600);
    }
    QCOMPARE(requestIds.size(), cases);
    // The call carried the target's model and parameters (v3: max_tokens 450, temperature 0.2).
    for (const ReplayCall &call : log->calls) {
        QCOMPARE(call.model, u"claude-haiku-4-5"_s);
        QCOMPARE(call.maxTokens, 450);
        QCOMPARE(call.temperature, std::optional<double>(0.2));
    }
    const ReplayTally tally = tallyOf(run);
    QCOMPARE(tally.ok, qint64(cases));
    QCOMPARE(tally.pending(), qint64(0));
    QCOMPARE(ReplayRunStore(*m_session->workspace()).run(run)->status, ReplayRunStatus::Done);
    // The last progress is complete and agrees with the store.
    QCOMPARE(outcome.lastProgress.total, qint64(cases));
    QCOMPARE(outcome.lastProgress.done, qint64(cases));
    QCOMPARE(outcome.lastProgress.remaining, qint64(0));
    QCOMPARE(outcome.lastProgress.inFlight, qint64(0));
    QVERIFY(std::abs(outcome.lastProgress.spentUsd - tally.spentUsd) < 1e-12);
    QVERIFY(tally.spentUsd > 0);
}

void TestReplayEngine::concurrencyFollowsCapacity()
{
    ReplayOptions options;
    options.noCache = true;
    const qint64 run = createRun({u"inline_suggestion@v2"_s}, u"inline_suggestion"_s, u"v2"_s, 30, options);
    QVERIFY(run > 0);
    auto log = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(run, {log}, 3, 15);
    Outcome outcome;
    watch(*engine, outcome);
    engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(outcome.status, ReplayRunStatus::Done);
    QCOMPARE(log->maxInFlight, 3); // kept full, never above
    QCOMPARE(log->calls.size(), 30);
}

void TestReplayEngine::failedCallsAndRenderErrorsAreRecorded()
{
    ReplayOptions options;
    options.noCache = true;
    // v3 needs variables v1's inputs lack: every case of that target is a render error.
    const qint64 run = createRun({u"ticket_summary@v3"_s, u"ticket_summary@v1"_s}, u"ticket_summary"_s, u"v1"_s, 8, options);
    QVERIFY(run > 0);
    auto log = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(run, {log}, 2, 0, [](const ReplayCall &call, int index) {
        if (index % 2 == 0)
            return test::FakeReplayBackend::echo(call, index);
        ReplayCallResult r;
        r.status = ReplayCallStatus::Failed;
        r.attempts = 3;
        r.httpStatus = 500;
        r.requestId = u"req_500_%1"_s.arg(index);
        r.latencyMs = 40;
        r.error = u"HTTP 500 api_error: Internal server error (request req_500_%1)"_s.arg(index);
        return r;
    });
    Outcome outcome;
    watch(*engine, outcome);
    engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(outcome.status, ReplayRunStatus::Done); // every case reached a recorded state
    QCOMPARE(log->calls.size(), 8);                  // the render errors were never sent
    const ReplayTally tally = tallyOf(run);
    QCOMPARE(tally.calls, qint64(16));
    QCOMPARE(tally.renderErrors, qint64(8));
    QCOMPARE(tally.ok, qint64(4));
    QCOMPARE(tally.failed, qint64(4));
    QCOMPARE(tally.pending(), qint64(0));
    int failed = 0;
    for (const ReplayResult &r : storedResults(run)) {
        if (r.status != ReplayResultStatus::Failed)
            continue;
        ++failed;
        QCOMPARE(r.httpStatus, 500);
        QCOMPARE(r.attempts, 3);
        QVERIFY(r.requestId.startsWith(u"req_500_"_s));
        QVERIFY(r.error.contains(u"api_error"_s));
        QVERIFY(r.output.isEmpty());
        QCOMPARE(r.costUsd, std::optional<double>(0.0)); // no usage: nothing charged
    }
    QCOMPARE(failed, 4);
}

void TestReplayEngine::budgetStopsBeforeTheCap()
{
    ReplayOptions options;
    options.noCache = true;
    ReplayPlan plan;
    const qint64 run = createRun({u"ticket_summary@v3"_s}, u"ticket_summary"_s, u"v3"_s, 20, options, &plan);
    QVERIFY(run > 0);
    double firstSix = 0;
    for (int i = 0; i < 6; ++i)
        firstSix += *plan.cases.at(i).calls.first().estCostUsd;
    const double budget = firstSix + 0.5 * *plan.cases.at(6).calls.first().estCostUsd;
    ReplayOptions capped = options;
    capped.budgetUsd = budget;
    auto log = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(run, {log}, 3, 5, {}, capped);
    Outcome outcome;
    watch(*engine, outcome);
    engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(outcome.status, ReplayRunStatus::Budget);
    QVERIFY2(outcome.message.contains(u"budget"_s), qPrintable(outcome.message));
    const ReplayTally tally = tallyOf(run);
    QVERIFY2(tally.spentUsd <= budget, qPrintable(u"%1 > %2"_s.arg(tally.spentUsd).arg(budget)));
    QVERIFY(tally.pending() > 0);
    QCOMPARE(log->completed, static_cast<int>(tally.ok)); // nothing sent was lost
    // It stopped for a reason: with nothing in flight, the next call's estimate would not fit.
    auto pending = ReplayRunStore(*m_session->workspace()).pendingCalls(run);
    QVERIFY(pending.ok() && !pending->isEmpty());
    QVERIFY(tally.spentUsd + *pending->first().estCostUsd > budget);
    QCOMPARE(ReplayRunStore(*m_session->workspace()).run(run)->status, ReplayRunStatus::Budget);
}

void TestReplayEngine::budgetStopIsExactWhenEstimatesHold()
{
    ReplayOptions options;
    options.noCache = true;
    ReplayPlan plan;
    const qint64 run = createRun({u"ticket_summary@v3"_s}, u"ticket_summary"_s, u"v3"_s, 20, options, &plan);
    QVERIFY(run > 0);
    // The fake reports exactly the estimated usage, so the spend equals the estimates.
    QHash<QString, qint64> expectedOutput;
    double firstSix = 0;
    for (qsizetype i = 0; i < plan.cases.size(); ++i) {
        const PlannedCall &call = plan.cases.at(i).calls.first();
        expectedOutput.insert(call.prompt, call.estOutputTokens);
        if (i < 6)
            firstSix += *call.estCostUsd;
    }
    ReplayOptions capped = options;
    capped.budgetUsd = firstSix + 0.5 * *plan.cases.at(6).calls.first().estCostUsd;
    auto log = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(run, {log}, 3, 5, [expectedOutput](const ReplayCall &call, int index) {
        ReplayCallResult r = test::FakeReplayBackend::echo(call, index);
        r.outputTokens = expectedOutput.value(call.prompt);
        return r;
    }, capped);
    Outcome outcome;
    watch(*engine, outcome);
    engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(outcome.status, ReplayRunStatus::Budget);
    QCOMPARE(log->calls.size(), 6);
    const ReplayTally tally = tallyOf(run);
    QCOMPARE(tally.ok, qint64(6));
    QVERIFY(std::abs(tally.spentUsd - firstSix) < 1e-9);
    QVERIFY(tally.spentUsd <= *capped.budgetUsd);
}

void TestReplayEngine::budgetNeedsAPrice()
{
    ReplayOptions options;
    options.budgetUsd = 10;
    ReplaySpec spec;
    ReplayTarget t;
    t.promptName = u"churn_risk"_s;
    t.promptVersion = u"v2"_s;
    t.provider = u"openai-compatible"_s;
    t.model = u"house-model-9"_s;
    spec.targets << t;
    spec.inputs.filter.promptName = u"churn_risk"_s;
    spec.inputs.filter.promptVersion = u"v2"_s;
    spec.inputs.limit = 3;
    spec.options = options;
    auto plan = planReplay(spec, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    QVERIFY(plan.ok());
    auto run = ReplayRunStore(*m_session->workspace()).createRun(spec, *plan, u"demo"_s, u"tester"_s);
    QVERIFY(run.ok());
    auto log = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(*run, {log}, 2, 0);
    Outcome outcome;
    watch(*engine, outcome);
    engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(outcome.status, ReplayRunStatus::Budget);
    QVERIFY2(outcome.message.contains(u"house-model-9"_s) && outcome.message.contains(u"price"_s),
             qPrintable(outcome.message));
    QCOMPARE(log->calls.size(), 0);
}

void TestReplayEngine::pauseResumeCancel()
{
    ReplayOptions options;
    options.noCache = true;
    const qint64 run = createRun({u"inline_suggestion@v2"_s}, u"inline_suggestion"_s, u"v2"_s, 40, options);
    QVERIFY(run > 0);
    auto log = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(run, {log}, 2, 20);
    Outcome outcome;
    watch(*engine, outcome);
    connect(engine.get(), &ReplayEngine::resultStored, this, [&engine, &outcome] {
        if (outcome.stored == 4)
            engine->pause();
    });
    engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.stored >= 4, 20000);
    QCOMPARE(ReplayRunStore(*m_session->workspace()).run(run)->status, ReplayRunStatus::Paused);
    // The calls in flight come in; no new one starts while paused.
    QTRY_COMPARE_WITH_TIMEOUT(outcome.stored, static_cast<int>(log->calls.size()), 5000);
    const int sentWhilePaused = static_cast<int>(log->calls.size());
    QTest::qWait(150);
    QCOMPARE(static_cast<int>(log->calls.size()), sentWhilePaused);
    QVERIFY(!outcome.finished);
    QVERIFY(sentWhilePaused <= 6);

    engine->resume();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.stored >= sentWhilePaused + 6, 20000);
    QCOMPARE(ReplayRunStore(*m_session->workspace()).run(run)->status, ReplayRunStatus::Running);
    engine->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(outcome.status, ReplayRunStatus::Cancelled);
    QCOMPARE(log->cancelAllCount, 1);
    // Cancelled calls are not results: what is stored is exactly what completed.
    const ReplayTally tally = tallyOf(run);
    QCOMPARE(tally.ok, qint64(log->completed));
    QCOMPARE(tally.ok, qint64(outcome.stored));
    QVERIFY(tally.pending() > 0);
    QCOMPARE(ReplayRunStore(*m_session->workspace()).run(run)->status, ReplayRunStatus::Cancelled);

    // A cancelled run resumes and completes; every case ends with exactly one result.
    auto again = std::make_shared<test::FakeBackendLog>();
    auto second = makeEngine(run, {again}, 4, 0);
    Outcome rest;
    watch(*second, rest);
    second->start();
    QTRY_VERIFY_WITH_TIMEOUT(rest.finished, 20000);
    QCOMPARE(rest.status, ReplayRunStatus::Done);
    QCOMPARE(static_cast<qint64>(again->calls.size()), tally.pending());
    QCOMPARE(tallyOf(run).ok, qint64(40));
}

void TestReplayEngine::resumeAfterCrashNeverRecallsCompletedCases()
{
    ReplayOptions options;
    options.noCache = true; // every call goes to the backend, so the call log tells all
    ReplayPlan plan;
    const qint64 run = createRun({u"doc_answer@v2"_s}, u"doc_answer"_s, u"v2"_s, 30, options, &plan);
    QVERIFY(run > 0);
    const int total = static_cast<int>(plan.cases.size());
    QVERIFY(total >= 20);
    auto first = std::make_shared<test::FakeBackendLog>();
    QSet<int> completedCases;
    {
        auto engine = makeEngine(run, {first}, 3, 10);
        Outcome outcome;
        watch(*engine, outcome);
        engine->start();
        QTRY_VERIFY_WITH_TIMEOUT(outcome.stored >= 7, 20000);
        for (const ReplayResult &r : outcome.results)
            completedCases << r.caseNo;
        // The process dies: no cancel, no status update, the calls in flight are lost.
    }
    const ReplayTally afterCrash = tallyOf(run);
    QCOMPARE(afterCrash.ok, qint64(completedCases.size()));
    QVERIFY(first->calls.size() > completedCases.size()); // some were in flight and never answered
    QCOMPARE(ReplayRunStore(*m_session->workspace()).run(run)->status, ReplayRunStatus::Running);

    auto second = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(run, {second}, 3, 0);
    Outcome outcome;
    watch(*engine, outcome);
    engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(outcome.status, ReplayRunStatus::Done);
    QCOMPARE(static_cast<int>(second->calls.size()), total - static_cast<int>(completedCases.size()));
    // No completed case was sent again: the second engine's cases are exactly the others.
    QSet<int> secondCases;
    for (const ReplayResult &r : outcome.results)
        secondCases << r.caseNo;
    QVERIFY(!secondCases.intersects(completedCases));
    QCOMPARE(secondCases.size() + completedCases.size(), total);
    QSet<QString> secondPrompts;
    for (const ReplayCall &call : second->calls)
        secondPrompts << call.prompt;
    for (int c : completedCases) {
        const QString prompt = plan.cases.at(c).calls.first().prompt;
        bool sharedWithAPendingCase = false;
        for (int s : secondCases)
            sharedWithAPendingCase = sharedWithAPendingCase || plan.cases.at(s).calls.first().prompt == prompt;
        if (!sharedWithAPendingCase)
            QVERIFY(!secondPrompts.contains(prompt));
    }
    QCOMPARE(tallyOf(run).ok, qint64(total));
    QCOMPARE(storedResults(run).size(), total);
}

void TestReplayEngine::cacheMakesARepeatFree()
{
    ReplayPlan plan;
    const qint64 firstRun = createRun({u"inline_suggestion@v1"_s}, u"inline_suggestion"_s, u"v1"_s, 15, {}, &plan);
    QVERIFY(firstRun > 0);
    QSet<QString> distinct;
    for (const PlannedCase &c : plan.cases)
        distinct << c.calls.first().prompt;
    auto log = std::make_shared<test::FakeBackendLog>();
    {
        // One at a time: a prompt repeated within the run is answered by the cache too.
        auto engine = makeEngine(firstRun, {log}, 1, 0);
        Outcome outcome;
        watch(*engine, outcome);
        engine->start();
        QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
        QCOMPARE(outcome.status, ReplayRunStatus::Done);
    }
    QCOMPARE(log->calls.size(), distinct.size());
    const ReplayTally first = tallyOf(firstRun);
    QCOMPARE(first.ok, qint64(plan.cases.size()));
    QCOMPARE(first.fromCache, qint64(plan.cases.size() - distinct.size()));

    // The same replay again: every answer from the cache, nothing sent, nothing spent.
    const qint64 repeat = createRun({u"inline_suggestion@v1"_s}, u"inline_suggestion"_s, u"v1"_s, 15);
    auto none = std::make_shared<test::FakeBackendLog>();
    {
        auto engine = makeEngine(repeat, {none}, 2, 0);
        Outcome outcome;
        watch(*engine, outcome);
        engine->start();
        QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
        QCOMPARE(outcome.status, ReplayRunStatus::Done);
    }
    QCOMPARE(none->calls.size(), 0);
    const ReplayTally cached = tallyOf(repeat);
    QCOMPARE(cached.ok, qint64(plan.cases.size()));
    QCOMPARE(cached.fromCache, qint64(plan.cases.size()));
    QCOMPARE(cached.spentUsd, 0.0);
    QVERIFY(std::abs(cached.costUsd - first.costUsd) < 1e-12); // what the outputs cost is kept
    for (const ReplayResult &r : storedResults(repeat)) {
        QVERIFY(r.fromCache);
        QCOMPARE(r.attempts, 0);
        QVERIFY(r.output.startsWith(u"answer to "_s));
    }

    // Fresh samples: --no-cache sends every case.
    ReplayOptions fresh;
    fresh.noCache = true;
    const qint64 third = createRun({u"inline_suggestion@v1"_s}, u"inline_suggestion"_s, u"v1"_s, 15, fresh);
    auto all = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(third, {all}, 2, 0);
    Outcome outcome;
    watch(*engine, outcome);
    engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(all->calls.size(), plan.cases.size());
    QCOMPARE(tallyOf(third).fromCache, qint64(0));
    QVERIFY(tallyOf(third).spentUsd > 0);
}

void TestReplayEngine::spendLimitStopsTheRun()
{
    ReplayOptions options;
    options.noCache = true;
    const qint64 run = createRun({u"lead_score@v2"_s}, u"lead_score"_s, u"v2"_s, 12, options);
    QVERIFY(run > 0);
    auto log = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(run, {log}, 1, 0, [](const ReplayCall &call, int index) {
        if (index < 3)
            return test::FakeReplayBackend::echo(call, index);
        ReplayCallResult r;
        r.status = ReplayCallStatus::Failed;
        r.httpStatus = 429;
        r.attempts = 1;
        r.spendLimit = true;
        r.error = u"HTTP 429 rate_limit_error: enforced spend limit reached (request req_x)"_s;
        return r;
    });
    Outcome outcome;
    watch(*engine, outcome);
    engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(outcome.status, ReplayRunStatus::SpendLimit);
    QVERIFY2(outcome.message.contains(u"spend limit"_s), qPrintable(outcome.message));
    QCOMPARE(log->calls.size(), 4); // nothing after the refusal
    QVERIFY(log->cancelAllCount >= 1);
    const ReplayTally tally = tallyOf(run);
    QCOMPARE(tally.ok, qint64(3));
    QCOMPARE(tally.failed, qint64(1));
    QVERIFY(tally.pending() > 0);
    QCOMPARE(ReplayRunStore(*m_session->workspace()).run(run)->status, ReplayRunStatus::SpendLimit);
}

void TestReplayEngine::twoTargetsTwoBackends()
{
    ReplayOptions options;
    options.noCache = true;
    ReplayPlan plan;
    const qint64 run = createRun({u"doc_answer@v2"_s, u"doc_answer@v1"_s}, u"doc_answer"_s, u"v2"_s, 6, options, &plan);
    QVERIFY(run > 0);
    auto v2 = std::make_shared<test::FakeBackendLog>();
    auto v1 = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(run, {v2, v1}, 2, 3);
    Outcome outcome;
    watch(*engine, outcome);
    engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(outcome.status, ReplayRunStatus::Done);
    QCOMPARE(v2->calls.size(), plan.cases.size());
    QCOMPARE(v1->calls.size(), plan.cases.size());
    for (qsizetype i = 0; i < plan.cases.size(); ++i) {
        bool found2 = false, found1 = false;
        for (const ReplayCall &c : v2->calls)
            found2 = found2 || c.prompt == plan.cases.at(i).calls.at(0).prompt;
        for (const ReplayCall &c : v1->calls)
            found1 = found1 || c.prompt == plan.cases.at(i).calls.at(1).prompt;
        QVERIFY(found2 && found1);
    }
    QCOMPARE(tallyOf(run).ok, qint64(2 * plan.cases.size()));
}

void TestReplayEngine::missingRunFails()
{
    auto log = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(987654, {log}, 1, 0);
    Outcome outcome;
    watch(*engine, outcome);
    engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(outcome.status, ReplayRunStatus::Failed);
    QVERIFY2(outcome.message.contains(u"987654"_s), qPrintable(outcome.message));

    // A backend that cannot be made (no key, say) fails the run with the reason, sending nothing.
    const qint64 run = createRun({u"lead_score@v2"_s}, u"lead_score"_s, u"v2"_s, 2);
    ReplayEngineConfig config{test::sqliteSource(m_log), m_wsPath, run, m_prices,
                              [](const ReplayTarget &, const ReplayOptions &) -> Result<std::unique_ptr<ReplayBackend>> {
                                  return fail(u"no API key: set ANTHROPIC_API_KEY"_s);
                              },
                              std::nullopt};
    ReplayEngine noKey(std::move(config));
    Outcome refused;
    watch(noKey, refused);
    noKey.start();
    QTRY_VERIFY_WITH_TIMEOUT(refused.finished, 20000);
    QCOMPARE(refused.status, ReplayRunStatus::Failed);
    QVERIFY2(refused.message.contains(u"ANTHROPIC_API_KEY"_s), qPrintable(refused.message));
    QCOMPARE(tallyOf(run).pending(), qint64(2));
}

void TestReplayEngine::runsOnAWorkerThread()
{
    ReplayOptions options;
    options.noCache = true;
    const qint64 run = createRun({u"lead_score@v2"_s}, u"lead_score"_s, u"v2"_s, 8, options);
    QVERIFY(run > 0);
    auto log = std::make_shared<test::FakeBackendLog>();
    auto backendThread = std::make_shared<QThread *>(nullptr);
    ReplayEngineConfig config{test::sqliteSource(m_log), m_wsPath, run, m_prices,
                              [log, backendThread](const ReplayTarget &, const ReplayOptions &)
                                  -> Result<std::unique_ptr<ReplayBackend>> {
                                  *backendThread = QThread::currentThread();
                                  return std::unique_ptr<ReplayBackend>(new test::FakeReplayBackend(log, 2, 2));
                              },
                              std::nullopt};
    QThread worker;
    auto *engine = new ReplayEngine(std::move(config));
    engine->moveToThread(&worker);
    // The engine is deleted on its own thread, after it has finished.
    connect(engine, &ReplayEngine::finished, engine, &QObject::deleteLater);
    connect(engine, &QObject::destroyed, &worker, &QThread::quit, Qt::DirectConnection);
    Outcome outcome;
    QThread *finishedOn = nullptr;
    connect(engine, &ReplayEngine::finished, this, [&](ReplayRunStatus status, const QString &message) {
        finishedOn = QThread::currentThread();
        outcome.finished = true;
        outcome.status = status;
        outcome.message = message;
    });
    connect(engine, &ReplayEngine::resultStored, this, [&outcome](const ReplayResult &r) {
        ++outcome.stored;
        outcome.results << r;
    });
    connect(engine, &ReplayEngine::progressed, this, [&outcome](const ReplayProgress &p) { outcome.lastProgress = p; });
    worker.start();
    QMetaObject::invokeMethod(engine, &ReplayEngine::start, Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QVERIFY(worker.wait(10000));
    QCOMPARE(outcome.status, ReplayRunStatus::Done);
    QCOMPARE(finishedOn, QThread::currentThread()); // queued to the receiver's thread
    QCOMPARE(*backendThread, &worker);               // backends live on the engine's thread
    QCOMPARE(outcome.stored, 8);
    QCOMPARE(outcome.lastProgress.done, qint64(8));
    QCOMPARE(tallyOf(run).ok, qint64(8));
}

void TestReplayEngine::pausedBeforeItBegins()
{
    ReplayOptions options;
    options.noCache = true;
    const qint64 run = createRun({u"lead_score@v2"_s}, u"lead_score"_s, u"v2"_s, 5, options);
    QVERIFY(run > 0);
    auto log = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(run, {log}, 2, 0);
    Outcome outcome;
    watch(*engine, outcome);
    engine->start();
    engine->pause(); // before the event loop ran begin()
    QTRY_VERIFY_WITH_TIMEOUT(outcome.progressSignals > 0, 20000);
    QTest::qWait(50);
    QVERIFY(!outcome.finished);
    QCOMPARE(log->calls.size(), 0);
    QCOMPARE(outcome.lastProgress.remaining, qint64(5));
    QCOMPARE(ReplayRunStore(*m_session->workspace()).run(run)->status, ReplayRunStatus::Paused);
    engine->resume();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(outcome.status, ReplayRunStatus::Done);
    QCOMPARE(log->calls.size(), 5);

    // Cancelled before it began: it finishes as cancelled without sending anything.
    const qint64 other = createRun({u"lead_score@v2"_s}, u"lead_score"_s, u"v2"_s, 3, options);
    auto none = std::make_shared<test::FakeBackendLog>();
    auto cancelled = makeEngine(other, {none}, 2, 0);
    Outcome stopped;
    watch(*cancelled, stopped);
    cancelled->start();
    cancelled->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(stopped.finished, 20000);
    QCOMPARE(stopped.status, ReplayRunStatus::Cancelled);
    QCOMPARE(none->calls.size(), 0);
    QCOMPARE(tallyOf(other).pending(), qint64(3));
    QCOMPARE(ReplayRunStore(*m_session->workspace()).run(other)->status, ReplayRunStatus::Cancelled);
}

void TestReplayEngine::failedCallsCanBeSentAgain()
{
    ReplayOptions options;
    options.noCache = true;
    const qint64 run = createRun({u"ticket_summary@v3"_s, u"ticket_summary@v1"_s}, u"ticket_summary"_s, u"v1"_s, 6, options);
    QVERIFY(run > 0);
    auto log = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(run, {log}, 1, 0, [](const ReplayCall &call, int index) {
        ReplayCallResult r = test::FakeReplayBackend::echo(call, index);
        if (index % 3 == 0) {
            r = ReplayCallResult{};
            r.status = ReplayCallStatus::Failed;
            r.httpStatus = 529;
            r.error = u"HTTP 529 overloaded_error: Overloaded"_s;
        }
        return r;
    });
    Outcome outcome;
    watch(*engine, outcome);
    engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(outcome.status, ReplayRunStatus::Done);
    QCOMPARE(tallyOf(run).failed, qint64(2));
    QSet<int> failedCases;
    for (const ReplayResult &r : storedResults(run))
        if (r.status == ReplayResultStatus::Failed)
            failedCases << r.caseNo;

    ReplayRunStore store(*m_session->workspace());
    auto reopened = store.reopenFailed(run);
    QVERIFY2(reopened.ok(), qPrintable(reopened.error()));
    QCOMPARE(*reopened, qint64(2));
    QCOMPARE(tallyOf(run).pending(), qint64(2));
    QCOMPARE(tallyOf(run).renderErrors, qint64(6)); // render errors stay

    auto again = std::make_shared<test::FakeBackendLog>();
    auto second = makeEngine(run, {again}, 1, 0);
    Outcome rest;
    watch(*second, rest);
    second->start();
    QTRY_VERIFY_WITH_TIMEOUT(rest.finished, 20000);
    QCOMPARE(rest.status, ReplayRunStatus::Done);
    QCOMPARE(again->calls.size(), 2); // only the failed ones
    QSet<int> resent;
    for (const ReplayResult &r : rest.results)
        resent << r.caseNo;
    QCOMPARE(resent, failedCases);
    QCOMPARE(tallyOf(run).ok, qint64(6));
    QCOMPARE(tallyOf(run).failed, qint64(0));
}

void TestReplayEngine::costCountsCacheTokensApart()
{
    ReplayOptions options;
    options.noCache = true;
    const qint64 run = createRun({u"lead_score@v2"_s}, u"lead_score"_s, u"v2"_s, 2, options);
    QVERIFY(run > 0);
    auto log = std::make_shared<test::FakeBackendLog>();
    auto engine = makeEngine(run, {log}, 1, 0, [](const ReplayCall &call, int index) {
        ReplayCallResult r = test::FakeReplayBackend::echo(call, index);
        r.inputTokens = 100; // uncached input, as ReplayBackend reports it
        r.outputTokens = 50;
        r.cacheReadTokens = 1000;
        r.cacheWriteTokens = 200;
        return r;
    });
    Outcome outcome;
    watch(*engine, outcome);
    engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.finished, 20000);
    QCOMPARE(outcome.status, ReplayRunStatus::Done);
    // claude-haiku-4-5: $1 input, $5 output, $0.10 cache read, $1.25 cache write per million.
    const double expected = (100 * 1.0 + 50 * 5.0 + 1000 * 0.10 + 200 * 1.25) / 1e6;
    for (const ReplayResult &r : storedResults(run)) {
        QCOMPARE(r.cacheReadTokens, qint64(1000));
        QCOMPARE(r.cacheWriteTokens, qint64(200));
        QVERIFY(r.costUsd);
        QVERIFY2(std::abs(*r.costUsd - expected) < 1e-12, qPrintable(QString::number(*r.costUsd, 'g', 17)));
    }
    const ReplayTally tally = tallyOf(run);
    QCOMPARE(tally.cacheReadTokens, qint64(2000));
    QVERIFY(std::abs(tally.spentUsd - 2 * expected) < 1e-12);
}

QTEST_GUILESS_MAIN(TestReplayEngine)
#include "tst_replay_engine.moc"

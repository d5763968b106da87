// bench_judge: the judge model at zero latency against the local fake provider server (issue 10;
// target >= 1,000 calls/s). A program, not a test: run it by hand.
//
//   bench_judge [PAIRS]   (default 1,000 pairs: 2,000 calls)
//
// Goes the way `assay judge NAME --llm` goes, in process: a log and a replay run written by the
// test fixtures, a judging session drawn over every pair, then (1) the plan: each pair's two
// orders rendered through the built-in rubric, stored as a replay run with its link, in one
// transaction; (2) the ReplayEngine with the real HTTP backend (makeProviderBackend, Anthropic
// JSON), every result stored as it completes; (3) settling: every reply read strictly and its
// outcome stored; (4) the model's votes read back (loadModelVotes). The fake server runs on a
// thread of its own and answers a valid verdict; every call is sent (the cache is empty). The
// CPU per call is shown beside the rate: on a loaded machine it says what one free core would do.
// Exits 3 when the rate is under 1,000 calls/s.

#include "FakeProviderServer.h"
#include "ReplayRunFixture.h"
#include "TestSupport.h"

#include "browse/LogSession.h"
#include "eval/ComparisonLoader.h"
#include "eval/JudgeRunStore.h"
#include "eval/JudgingSampler.h"
#include "eval/ModelVotes.h"
#include "pricing/PriceTable.h"
#include "providers/ProviderBackend.h"
#include "replay/ReplayEngine.h"
#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

// CPU of `who` (RUSAGE_SELF: the process, RUSAGE_THREAD: the calling thread), user + system.
double cpuMs(int who)
{
    rusage usage{};
    getrusage(who, &usage);
    const auto ms = [](const timeval &t) { return double(t.tv_sec) * 1000.0 + double(t.tv_usec) / 1000.0; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

double serverCpuMs(QObject *server)
{
    double ms = 0;
    QMetaObject::invokeMethod(server, [] { return cpuMs(RUSAGE_THREAD); }, Qt::BlockingQueuedConnection, &ms);
    return ms;
}

double msSince(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const int pairsWanted = app.arguments().size() > 1 ? app.arguments().at(1).toInt() : 1000;
    if (pairsWanted < 1) {
        err() << "usage: bench_judge [PAIRS]" << Qt::endl;
        return 2;
    }
    QTemporaryDir dir(QDir::tempPath() + u"/bench-judge-XXXXXX"_s);
    if (!dir.isValid())
        return 2;
    qputenv("ASSAY_WORKSPACE_DIR", dir.path().toUtf8());
    qputenv("ANTHROPIC_API_KEY", "placeholder-not-a-key-bench");

    QThread serverThread;
    serverThread.start();
    auto *server = new test::FakeProviderServer;
    server->setRecordRequests(false);
    // A judge that prefers B (the "candidate answer") wherever it is shown, so both orders agree:
    // a constant answer would be a position-biased judge, every pair inconsistent.
    server->setResponder([](const test::FakeRequest &request) -> std::optional<test::FakeResponse> {
        const QByteArray &body = request.body;
        const qsizetype first = body.indexOf("<response_1>");
        const qsizetype candidate = body.indexOf("candidate answer", first);
        const qsizetype second = body.indexOf("<response_2>", first);
        const bool bFirst = candidate >= 0 && candidate < second;
        return test::FakeResponse::success(u"{\"winner\": \"%1\", \"reason\": \"It answers the question.\"}"_s.arg(bFirst ? 1 : 2));
    });
    server->moveToThread(&serverThread);
    bool listening = false;
    QMetaObject::invokeMethod(server, &test::FakeProviderServer::listen, Qt::BlockingQueuedConnection, &listening);
    const auto stop = [&](int code) {
        QMetaObject::invokeMethod(server, &QObject::deleteLater);
        serverThread.quit();
        serverThread.wait();
        return code;
    };
    if (!listening)
        return stop(1);

    const QString log = test::TestLog::create(dir.filePath(u"log.sqlite"_s), test::TestLog::standardColumns(),
                                              test::TestLog::standardRows(pairsWanted));
    SessionSpec spec;
    spec.source = test::sqliteSource(log);
    auto opened = LogSession::open(spec);
    if (!opened || !(*opened)->workspace()) {
        err() << "bench_judge: " << (opened ? (*opened)->workspaceError() : opened.error()) << Qt::endl;
        return stop(2);
    }
    LogSession &session = **opened;
    Workspace &ws = *session.workspace();
    QList<test::FixtureCase> cases;
    for (int i = 1; i <= pairsWanted; ++i)
        cases << test::FixtureCase{QString::number(i), {{ReplayResultStatus::Ok, u"candidate answer %1"_s.arg(i), 0.0012, 420, 60}}};
    QString error;
    const qint64 runId = test::writeReplayRun(ws, log, {test::fixtureTarget(u"summarize@v2"_s)}, cases, &error);
    const PriceTable prices = PriceTable::withDefaults();
    auto pairs = loadComparedPairs(ws, session.outputs(), prices, runId, ComparisonSide{}, ComparisonSide{0});
    if (runId < 0 || !pairs) {
        err() << "bench_judge: " << (runId < 0 ? error : pairs.error()) << Qt::endl;
        return stop(1);
    }
    JudgingSession js;
    js.name = u"bench"_s;
    js.runId = runId;
    js.sideA = ComparisonSide{}.key();
    js.sideB = ComparisonSide{0}.key();
    const QList<JudgingPair> drawn = drawJudgingPairs(*pairs, int(pairs->pairs.size()), 1);
    js.size = int(drawn.size());
    if (auto created = JudgingStore(ws).createSession(js, drawn); !created) {
        err() << "bench_judge: " << created.error() << Qt::endl;
        return stop(1);
    }

    JudgeRunRequest request;
    request.session = js.name;
    request.provider = u"anthropic"_s;
    request.model = u"claude-haiku-4-5"_s;
    request.baseUrl = server->baseUrl(test::FakeWire::Anthropic).toString();
    request.options.concurrency = 16;
    QElapsedTimer planClock;
    planClock.start();
    auto plan = planJudgeRun(request, drawn, *pairs, prices);
    auto link = plan ? JudgeRunStore(ws).createRun(request, *plan, log, u"bench"_s) : Result<JudgeRunLink>(fail(plan.error()));
    if (!link) {
        err() << "bench_judge: " << link.error() << Qt::endl;
        return stop(1);
    }
    const double planMs = msSince(planClock);

    ReplayEngineConfig config{spec.source, QString(), link->runId, prices,
                              [](const ReplayTarget &t, const ReplayOptions &o) -> Result<std::unique_ptr<ReplayBackend>> {
                                  ProviderBackendOptions b;
                                  b.provider = t.provider;
                                  b.baseUrl = t.baseUrl;
                                  b.maxConcurrency = o.concurrency;
                                  return makeProviderBackend(b);
                              },
                              std::nullopt};
    ReplayEngine engine(std::move(config));
    QEventLoop loop;
    ReplayRunStatus status = ReplayRunStatus::Failed;
    QString why;
    QObject::connect(&engine, &ReplayEngine::finished, &loop, [&](ReplayRunStatus s, const QString &m) {
        status = s;
        why = m;
        loop.quit();
    });
    const double server0 = serverCpuMs(server);
    const double process0 = cpuMs(RUSAGE_SELF);
    QElapsedTimer runClock;
    runClock.start();
    engine.start();
    loop.exec();
    const double runMs = msSince(runClock);
    // The judge's own CPU: the process's minus the fake server's thread.
    const double serverMs = serverCpuMs(server) - server0;
    const double judgeCpuMs = cpuMs(RUSAGE_SELF) - process0 - serverMs;
    if (status != ReplayRunStatus::Done) {
        err() << "bench_judge: the run stopped: " << replayRunStatusName(status) << " " << why << Qt::endl;
        return stop(1);
    }

    QElapsedTimer settleClock;
    settleClock.start();
    auto counts = judgeRunCounts(ws, link->runId, js.name);
    const double settleMs = msSince(settleClock);
    QElapsedTimer votesClock;
    votesClock.start();
    auto votes = loadModelVotes(ws, *pairs);
    const double votesMs = msSince(votesClock);
    if (!counts || !votes || counts->consistent != drawn.size() || votes->size() != drawn.size()) {
        err() << "bench_judge: the votes do not add up: " << (counts ? QString() : counts.error())
              << (votes ? QString() : votes.error()) << " (" << drawn.size() << " pairs, "
              << (counts ? counts->consistent : -1) << " consistent, " << (counts ? counts->inconsistent : -1) << " inconsistent, " << (counts ? counts->invalidOrders : -1)
              << " invalid, " << (counts ? counts->pendingOrders : -1) << " pending, " << (counts ? counts->pairs : -1) << " counted pairs, " << (counts ? counts->decidedOrders : -1) << " decided, " << (votes ? votes->size() : -1) << " votes)" << Qt::endl;
        return stop(1);
    }
    const qint64 calls = 2 * qint64(drawn.size());
    const double callsPerSecond = double(calls) / (runMs / 1000.0);
    const double wholePerSecond = double(calls) / ((planMs + runMs + settleMs) / 1000.0);
    out << "| measurement (" << drawn.size() << " pairs, " << calls << " calls, zero latency) | Assay | target |\n|---|---|---|\n"
        << "| plan and store the judge run | " << QString::number(planMs, 'f', 0) << " ms | |\n"
        << "| the engine, every result stored | " << QString::number(runMs, 'f', 0) << " ms, "
        << QString::number(callsPerSecond, 'f', 0) << " calls/s | >= 1,000 calls/s |\n"
        << "| CPU per call (the process less the fake server's thread) | " << QString::number(judgeCpuMs / double(calls), 'f', 3)
        << " ms (server " << QString::number(serverMs / double(calls), 'f', 3) << " ms) | |\n"
        << "| settle: every reply read and stored | " << QString::number(settleMs, 'f', 0) << " ms | |\n"
        << "| plan + run + settle | " << QString::number(wholePerSecond, 'f', 0) << " calls/s | |\n"
        << "| the model's votes read back | " << QString::number(votesMs, 'f', 0) << " ms | |\n";
    out.flush();
    return stop(callsPerSecond >= 1000 ? 0 : 3);
}

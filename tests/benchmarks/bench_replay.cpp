// bench_replay: the whole replay path against the local fake provider server (issue 5). Each
// scenario runs in a child process, so its peak RSS is the replay's own, and goes the way
// `assay replay` goes: open the log, render and estimate every case through the prompt registry
// and store the run in a SQLite workspace in one transaction (the plan), then run the
// ReplayEngine with the real HTTP backends (makeProviderBackend) on this thread's event loop,
// every result stored as it completes. The fake server runs on a thread of its own; the replay's
// CPU is the process's (getrusage) minus that thread's, which counts the engine, the workspace
// writes and Qt's HTTP thread.
//
// The inputs are the newest outputs logged by ticket_summary@v3, sent through ticket_summary@v4
// (the demo registry's staged version, which needs the same variables): every case renders, so
// every case is a call (fresh samples: the response cache answers none). The demo log is
// written once (the fixture's seed and end) and reused. Each throughput scenario runs --runs
// times (a fresh child and workspace each time) and the run with the median cases/s is shown.
//
//   bench_replay [--db FILE] [--rows N] [--regenerate] [--cases N] [--rss-cases N] [--runs N]

#include "BenchStats.h"
#include "FakeProviderServer.h"
#include "TestSupport.h"

#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "prompts/PromptRegistry.h"
#include "providers/ProviderBackend.h"
#include "replay/ReplayEngine.h"
#include "replay/ReplayPlan.h"
#include "replay/ReplayRunStore.h"
#include "replay/ReplayRunWriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>

#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace assay;
using namespace assay::test;

namespace {

const QString inputPrompt = u"ticket_summary"_s;
const QString inputVersion = u"v3"_s;
const QString sentVersion = u"v4"_s;
constexpr qint64 defaultRows = 360000; // ~23,000 outputs of ticket_summary@v3
const QByteArray resultTag = "BENCH_REPLAY_RESULT ";

double cpuMs(int who)
{
    rusage usage{};
    getrusage(who, &usage);
    auto ms = [](const timeval &t) { return static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_usec) / 1000.0; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

double serverThreadCpuMs(QObject *server)
{
    double ms = 0;
    QMetaObject::invokeMethod(server, [] { return cpuMs(RUSAGE_THREAD); }, Qt::BlockingQueuedConnection, &ms);
    return ms;
}

struct Scenario {
    QString id;
    QString name;
    FakeWire wire;
    QString provider;
    QString model;
    bool stream;
    int concurrency;
    int latencyMs;
    bool big; // the --rss-cases run, for the peak RSS
};

const QList<Scenario> &scenarios()
{
    static const QList<Scenario> all = {
        {u"anthropic-json"_s, u"anthropic json, 0 ms, c=16"_s, FakeWire::Anthropic, u"anthropic"_s,
         u"claude-haiku-4-5"_s, false, 16, 0, false},
        {u"openai-sse"_s, u"openai sse, 0 ms, c=16"_s, FakeWire::OpenAi, u"openai"_s, u"gpt-4o-mini"_s, true, 16, 0,
         false},
        {u"anthropic-json-100ms"_s, u"anthropic json, 100 ms, c=16"_s, FakeWire::Anthropic, u"anthropic"_s,
         u"claude-haiku-4-5"_s, false, 16, 100, false},
        {u"anthropic-json-big"_s, u"anthropic json, 0 ms, c=16 (RSS run)"_s, FakeWire::Anthropic, u"anthropic"_s,
         u"claude-haiku-4-5"_s, false, 16, 0, true},
    };
    return all;
}

// What one child measured, handed to the parent as one JSON line on stdout.
struct Figures {
    qint64 cases = 0;
    qint64 ok = 0;
    qint64 failed = 0;
    qint64 renderErrors = 0;
    qint64 fromCache = 0;
    qint64 requests = 0;
    double planMs = 0;
    double planCpuMs = 0;
    double runMs = 0;
    double runCpuMs = 0;    // the process minus the fake server's thread
    double serverCpuMs = 0; // the fake server's thread over the run
    double peakRssMb = 0;
    QString error;

    QJsonObject toJson() const
    {
        return {{u"cases"_s, cases},       {u"ok"_s, ok},
                {u"failed"_s, failed},     {u"render_errors"_s, renderErrors},
                {u"from_cache"_s, fromCache}, {u"requests"_s, requests},
                {u"plan_ms"_s, planMs},    {u"plan_cpu_ms"_s, planCpuMs},
                {u"run_ms"_s, runMs},      {u"run_cpu_ms"_s, runCpuMs},
                {u"server_cpu_ms"_s, serverCpuMs}, {u"peak_rss_mb"_s, peakRssMb},
                {u"error"_s, error}};
    }
    static Figures fromJson(const QJsonObject &o)
    {
        Figures f;
        f.cases = o.value(u"cases"_s).toInteger();
        f.ok = o.value(u"ok"_s).toInteger();
        f.failed = o.value(u"failed"_s).toInteger();
        f.renderErrors = o.value(u"render_errors"_s).toInteger();
        f.fromCache = o.value(u"from_cache"_s).toInteger();
        f.requests = o.value(u"requests"_s).toInteger();
        f.planMs = o.value(u"plan_ms"_s).toDouble();
        f.planCpuMs = o.value(u"plan_cpu_ms"_s).toDouble();
        f.runMs = o.value(u"run_ms"_s).toDouble();
        f.runCpuMs = o.value(u"run_cpu_ms"_s).toDouble();
        f.serverCpuMs = o.value(u"server_cpu_ms"_s).toDouble();
        f.peakRssMb = o.value(u"peak_rss_mb"_s).toDouble();
        f.error = o.value(u"error"_s).toString();
        return f;
    }
};

// The plan as `assay replay` makes it: a run written case by case while it renders, committed whole.
Result<qint64> planAndStore(const SessionSpec &sessionSpec, const ReplaySpec &spec, const PriceTable &prices,
                            qint64 &planned)
{
    auto session = LogSession::open(sessionSpec);
    if (!session)
        return fail(session.error());
    Workspace *ws = (*session)->workspace();
    if (!ws)
        return fail(u"no workspace: "_s + (*session)->workspaceError());
    auto registry = openPromptRegistry(&(*session)->connection());
    if (!registry)
        return fail(registry.error());
    auto writer = ReplayRunWriter::begin(*ws, spec, sessionSpec.source.displayName(), u"bench_replay"_s);
    if (!writer)
        return fail(writer.error());
    auto plan = planReplay(spec, (*session)->outputs(), **registry, prices, ws, [&](const PlannedCase &c) {
        ++planned;
        return (*writer)->add(c);
    });
    if (!plan)
        return fail(plan.error());
    if (auto committed = (*writer)->commit(*plan); !committed)
        return fail(committed.error());
    return (*writer)->runId();
}

// One scenario, in this (child) process: the fake server on its own thread, a fresh workspace.
Figures runScenario(const Scenario &s, const QString &db, qint64 cases)
{
    Figures figures;
    QTemporaryDir dir;
    if (!dir.isValid()) {
        figures.error = u"cannot make a temporary folder"_s;
        return figures;
    }
    // Nothing of the bench may land in the user's data folder.
    qputenv("ASSAY_WORKSPACE_DIR", dir.path().toUtf8());
    qputenv("ANTHROPIC_API_KEY", "sk-ant-FAKE-bench");
    qputenv("OPENAI_API_KEY", "sk-FAKE-bench");

    QThread serverThread;
    serverThread.start();
    auto *server = new FakeProviderServer;
    server->setRecordRequests(false);
    server->setDefaultLatencyMs(s.latencyMs);
    server->moveToThread(&serverThread);
    bool listening = false;
    QMetaObject::invokeMethod(server, &FakeProviderServer::listen, Qt::BlockingQueuedConnection, &listening);
    const auto stopServer = [&] {
        QMetaObject::invokeMethod(server, &QObject::deleteLater);
        serverThread.quit();
        serverThread.wait();
    };
    if (!listening) {
        figures.error = u"the fake server could not listen"_s;
        stopServer();
        return figures;
    }

    auto source = SourceLocation::parse(db);
    if (!source) {
        figures.error = source.error();
        stopServer();
        return figures;
    }
    SessionSpec sessionSpec;
    sessionSpec.source = *source;
    sessionSpec.workspace = dir.filePath(u"workspace.sqlite"_s);

    ReplayTarget target;
    target.promptName = inputPrompt;
    target.promptVersion = sentVersion;
    target.provider = s.provider;
    target.model = s.model;
    target.baseUrl = server->baseUrl(s.wire).toString();
    target.maxTokens = 0; // the prompt version's own
    ReplaySpec spec;
    spec.targets = {target};
    spec.options.concurrency = s.concurrency;
    spec.options.stream = s.stream;
    // The demo log repeats some tickets word for word, and the response cache would answer those
    // without a call: fresh samples make every case a request, which is what the targets assume.
    spec.options.noCache = true;
    spec.inputs.filter.promptName = inputPrompt;
    spec.inputs.filter.promptVersion = inputVersion;
    spec.inputs.limit = cases;
    const PriceTable prices = PriceTable::withDefaults();

    const double planCpu0 = cpuMs(RUSAGE_SELF);
    QElapsedTimer planClock;
    planClock.start();
    auto runId = planAndStore(sessionSpec, spec, prices, figures.cases);
    figures.planMs = bench::elapsedMs(planClock);
    figures.planCpuMs = cpuMs(RUSAGE_SELF) - planCpu0;
    if (!runId) {
        figures.error = u"plan: "_s + runId.error();
        stopServer();
        return figures;
    }
    if (figures.cases < cases) {
        figures.error = u"the log has only %1 outputs of %2@%3 (%4 wanted): use --regenerate with more --rows"_s.arg(
                            figures.cases).arg(inputPrompt, inputVersion).arg(cases);
        stopServer();
        return figures;
    }

    ReplayEngineConfig config{*source, sessionSpec.workspace, *runId, prices,
                              [](const ReplayTarget &t, const ReplayOptions &o) -> Result<std::unique_ptr<ReplayBackend>> {
                                  ProviderBackendOptions p;
                                  p.provider = t.provider;
                                  p.baseUrl = t.baseUrl;
                                  p.stream = o.stream;
                                  p.maxConcurrency = o.concurrency;
                                  return makeProviderBackend(p);
                              },
                              std::nullopt};
    ReplayRunStatus status = ReplayRunStatus::Failed;
    QString message;
    const double server0 = serverThreadCpuMs(server);
    const double process0 = cpuMs(RUSAGE_SELF);
    QElapsedTimer runClock;
    runClock.start();
    {
        ReplayEngine engine(std::move(config));
        QEventLoop loop;
        QObject::connect(&engine, &ReplayEngine::finished, &loop, [&](ReplayRunStatus st, const QString &why) {
            status = st;
            message = why;
            loop.quit();
        });
        engine.start();
        loop.exec();
    }
    figures.runMs = bench::elapsedMs(runClock);
    figures.serverCpuMs = serverThreadCpuMs(server) - server0;
    figures.runCpuMs = cpuMs(RUSAGE_SELF) - process0 - figures.serverCpuMs;
    figures.requests = server->requestCount();
    figures.peakRssMb = bench::procStatusMb("VmHWM");
    stopServer();

    if (status != ReplayRunStatus::Done)
        figures.error = u"the run ended %1: %2"_s.arg(replayRunStatusName(status), message);
    auto ws = Workspace::open(*source, sessionSpec.workspace);
    if (!ws) {
        figures.error = ws.error();
        return figures;
    }
    auto tally = ReplayRunStore(**ws).tally(*runId);
    if (!tally) {
        figures.error = tally.error();
        return figures;
    }
    figures.ok = tally->ok;
    figures.failed = tally->failed;
    figures.renderErrors = tally->renderErrors;
    figures.fromCache = tally->fromCache;
    if (figures.error.isEmpty() && tally->ok != tally->calls)
        figures.error = u"%1 of %2 calls ok (%3 failed, %4 render errors)"_s.arg(tally->ok).arg(tally->calls).arg(
            tally->failed).arg(tally->renderErrors);
    return figures;
}

int childMain(const QString &scenarioId, const QString &db, qint64 cases)
{
    for (const Scenario &s : scenarios()) {
        if (s.id != scenarioId)
            continue;
        const Figures f = runScenario(s, db, cases);
        QTextStream(stdout) << QString::fromLatin1(resultTag)
                            << QString::fromUtf8(QJsonDocument(f.toJson()).toJson(QJsonDocument::Compact)) << Qt::endl;
        return 0;
    }
    QTextStream(stderr) << "bench_replay: no scenario " << scenarioId << Qt::endl;
    return 2;
}

// The demo log, written once: the fixture's seed and end, so the same rows every time.
bool ensureDemoLog(const QString &db, qint64 rows, bool regenerate, QTextStream &err)
{
    if (QFileInfo::exists(db) && !regenerate) {
        err << "bench_replay: reusing " << db << " (--regenerate writes it again)" << Qt::endl;
        return true;
    }
    err << "bench_replay: writing the demo log " << db << " (" << rows << " rows)..." << Qt::endl;
    QElapsedTimer clock;
    clock.start();
    const QString error = writeDemoLogFixture(db, rows);
    if (!error.isEmpty()) {
        err << "bench_replay: cannot write the demo log: " << error << Qt::endl;
        return false;
    }
    err << "bench_replay: demo log written in " << QString::number(bench::elapsedMs(clock) / 1000.0, 'f', 1) << " s"
        << Qt::endl;
    return true;
}

std::optional<Figures> runChild(const Scenario &s, const QString &db, qint64 cases, QTextStream &err)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.setReadChannel(QProcess::StandardOutput);
    child.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
    child.start(QCoreApplication::applicationFilePath(),
                {u"--scenario"_s, s.id, u"--db"_s, db, u"--cases"_s, QString::number(cases)});
    if (!child.waitForStarted() || !child.waitForFinished(-1) || child.exitStatus() != QProcess::NormalExit) {
        err << "bench_replay: the child for \"" << s.name << "\" did not finish normally" << Qt::endl;
        return std::nullopt;
    }
    const QByteArray errors = child.readAllStandardError();
    if (!errors.isEmpty())
        err << QString::fromUtf8(errors);
    for (const QByteArray &line : child.readAllStandardOutput().split('\n')) {
        if (line.startsWith(resultTag))
            return Figures::fromJson(QJsonDocument::fromJson(line.mid(resultTag.size())).object());
    }
    err << "bench_replay: the child for \"" << s.name << "\" reported nothing (exit " << child.exitCode() << ")"
        << Qt::endl;
    return std::nullopt;
}

QString fixed(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

double perSecond(qint64 count, double ms)
{
    return ms > 0 ? static_cast<double>(count) * 1000.0 / ms : 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"The whole replay path against the local fake provider server (issue 5)."_s);
    parser.addHelpOption();
    parser.addOption({u"db"_s, u"The demo log (written once, then reused)."_s, u"file"_s,
                      u"/tmp/assay-bench-replay.sqlite"_s});
    parser.addOption({u"rows"_s, u"Rows of the demo log when it is written."_s, u"N"_s, QString::number(defaultRows)});
    parser.addOption({u"regenerate"_s, u"Write the demo log even if the file exists."_s});
    parser.addOption({u"cases"_s, u"Cases per throughput scenario."_s, u"N"_s, u"2000"_s});
    parser.addOption({u"rss-cases"_s, u"Cases of the peak-RSS run."_s, u"N"_s, u"20000"_s});
    parser.addOption({u"runs"_s, u"Runs of each throughput scenario (the median is shown)."_s, u"N"_s, u"3"_s});
    parser.addOption({u"scenario"_s, u"Internal: run one scenario in this process."_s, u"id"_s});
    parser.process(app);
    const QString db = parser.value(u"db"_s);
    if (parser.isSet(u"scenario"_s))
        return childMain(parser.value(u"scenario"_s), db, parser.value(u"cases"_s).toLongLong());

    QTextStream out(stdout);
    QTextStream err(stderr);
    const qint64 cases = parser.value(u"cases"_s).toLongLong();
    const qint64 rssCases = parser.value(u"rss-cases"_s).toLongLong();
    const int runs = parser.value(u"runs"_s).toInt();
    if (cases < 1 || rssCases < 1 || runs < 1) {
        err << "bench_replay: --cases, --rss-cases and --runs take a whole number above 0" << Qt::endl;
        return 2;
    }
    if (!ensureDemoLog(db, parser.value(u"rows"_s).toLongLong(), parser.isSet(u"regenerate"_s), err))
        return 1;

    QHash<QString, Figures> results;      // per scenario, the run with the median cases/s
    QHash<QString, QList<double>> spread; // per scenario, every run's cases/s, sorted
    int exitCode = 0;
    for (const Scenario &s : scenarios()) {
        const qint64 n = s.big ? rssCases : cases;
        QList<Figures> done;
        for (int i = 0; i < (s.big ? 1 : runs); ++i) {
            err << "bench_replay: " << s.name << ", " << n << " cases, run " << i + 1 << "..." << Qt::endl;
            const auto f = runChild(s, db, n, err);
            if (!f) {
                exitCode = 1;
                continue;
            }
            if (!f->error.isEmpty()) {
                // Figures of a run that did not complete would mislead: it is left out of the tables.
                err << "bench_replay: " << s.name << ": " << f->error << Qt::endl;
                exitCode = 1;
                continue;
            }
            done << *f;
        }
        if (done.isEmpty())
            continue;
        std::sort(done.begin(), done.end(), [](const Figures &a, const Figures &b) {
            return perSecond(a.ok, a.runMs) < perSecond(b.ok, b.runMs);
        });
        results.insert(s.id, done.at(done.size() / 2));
        for (const Figures &f : done)
            spread[s.id] << perSecond(f.ok, f.runMs);
    }

    out << "bench_replay: " << cases << " cases per throughput scenario, " << rssCases
        << " for the peak RSS; inputs " << inputPrompt << "@" << inputVersion << " of " << db << ", sent as "
        << inputPrompt << "@" << sentVersion << "; fake server on its own thread; each scenario in a child process\n\n"
        << "| metric | figure | target |\n|---|---|---|\n";
    const auto row = [&](const QString &metric, const QString &figure, const QString &target) {
        out << "| " << metric << " | " << figure << " | " << target << " |\n";
    };
    const QString failed = u"failed (see stderr)"_s;
    for (const Scenario &s : scenarios()) {
        const bool measured = results.contains(s.id);
        const Figures f = results.value(s.id);
        if (s.big) {
            row(u"peak RSS (VmHWM) of a %1-case replay, plan included"_s.arg(rssCases),
                measured ? fixed(f.peakRssMb, 1) + u" MB"_s : failed, u"<= 150 MB"_s);
        } else if (s.latencyMs > 0) {
            const double rate = perSecond(f.ok, f.runMs);
            row(s.name + u": cases/s (engine run)"_s,
                measured ? u"%1 (%2% of 160)"_s.arg(fixed(rate, 1), fixed(rate / 160.0 * 100.0, 1)) : failed,
                u">= 144 (90% of 160)"_s);
        } else {
            row(s.name + u": cases/s (engine run)"_s, measured ? fixed(perSecond(f.ok, f.runMs), 0) : failed,
                u">= 1,000"_s);
            row(s.name + u": CPU ms/case (engine run, fake server excluded)"_s,
                measured ? fixed(f.runCpuMs / static_cast<double>(f.cases), 3) : failed, u"<= 1 ms"_s);
        }
    }

    out << "\nPer scenario (plan = open the log and registry, render, estimate and store every case in one "
           "transaction; run = the engine to the last stored result; CPU = process minus the fake server's thread):\n\n"
        << "| scenario | cases | runs: cases/s min-max | plan + store ms | plan CPU ms/case | run s | run cases/s | run CPU ms/case | "
           "end-to-end cases/s | fake server CPU ms/case | ok | failed | from cache | HTTP requests | peak RSS MB |\n"
        << "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const Scenario &s : scenarios()) {
        if (!results.contains(s.id))
            continue;
        const Figures &f = results[s.id];
        const double n = static_cast<double>(std::max<qint64>(f.cases, 1));
        const QList<double> &rates = spread[s.id];
        out << "| " << s.name << " | " << f.cases << " | " << rates.size() << ": " << fixed(rates.first(), 0) << "-"
            << fixed(rates.last(), 0) << " | " << fixed(f.planMs, 0) << " | " << fixed(f.planCpuMs / n, 3)
            << " | " << fixed(f.runMs / 1000.0, 2) << " | " << fixed(perSecond(f.ok, f.runMs), 0) << " | "
            << fixed(f.runCpuMs / n, 3) << " | " << fixed(perSecond(f.ok, f.planMs + f.runMs), 0) << " | "
            << fixed(f.serverCpuMs / n, 3) << " | " << f.ok << " | " << f.failed + f.renderErrors << " | "
            << f.fromCache << " | " << f.requests << " | " << fixed(f.peakRssMb, 1) << " |\n";
    }
    out << "\nmachine: " << QThread::idealThreadCount() << " logical CPUs\n";
    out.flush();
    return exitCode;
}

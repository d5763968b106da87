// bench_providers: the HTTP provider backend against the local fake server (issue 5). Calls are
// handed over the way the replay engine does it, whenever capacity() is above zero. The server
// runs on a thread of its own; the backend's CPU is the process's (getrusage) minus that thread's,
// which counts the backend's main-thread work and Qt's HTTP thread (QNetworkAccessManager does
// its HTTP/1.1 work on a thread of its own).
//
//   bench_providers [calls=2000]

#include "BenchStats.h"
#include "FakeProviderServer.h"

#include "providers/HttpProviderBackend.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <QThread>

#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace assay;
using namespace assay::test;

namespace {

double cpuMs(int who)
{
    rusage usage{};
    getrusage(who, &usage);
    auto ms = [](const timeval &t) { return static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_usec) / 1000.0; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

struct RunFigures {
    int ok = 0;
    int failed = 0;
    double wallMs = 0;
    double backendCpuMs = 0;
    double serverCpuMs = 0;
    QString firstError;
};

double serverThreadCpuMs(QObject *server)
{
    double ms = 0;
    QMetaObject::invokeMethod(server, [] { return cpuMs(RUSAGE_THREAD); }, Qt::BlockingQueuedConnection, &ms);
    return ms;
}

RunFigures run(const HttpBackendConfig &config, int calls, QObject *server)
{
    auto backend = makeHttpProviderBackend(config);
    ReplayCall call;
    call.model = u"fake-model"_s;
    call.system = u"You are a benchmark."_s;
    call.prompt = u"Classify the sentiment of: the delivery was late but the support team was lovely."_s;
    call.maxTokens = 128;

    RunFigures figures;
    int started = 0;
    std::function<void()> feed;
    auto onDone = [&figures, &feed](const ReplayCallResult &result) {
        if (result.status == ReplayCallStatus::Ok) {
            ++figures.ok;
        } else {
            ++figures.failed;
            if (figures.firstError.isEmpty())
                figures.firstError = result.error;
        }
        feed();
    };
    feed = [&] {
        while (started < calls && backend->capacity() > 0) {
            ++started;
            backend->call(call, onDone);
        }
    };
    const double server0 = serverThreadCpuMs(server);
    const double process0 = cpuMs(RUSAGE_SELF);
    QElapsedTimer wall;
    wall.start();
    feed();
    while (figures.ok + figures.failed < calls)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    figures.wallMs = bench::elapsedMs(wall);
    figures.serverCpuMs = serverThreadCpuMs(server) - server0;
    figures.backendCpuMs = cpuMs(RUSAGE_SELF) - process0 - figures.serverCpuMs;
    return figures;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const int calls = app.arguments().value(1, u"2000"_s).toInt();

    QThread serverThread;
    serverThread.start();
    auto *server = new FakeProviderServer;
    server->setRecordRequests(false);
    server->moveToThread(&serverThread);
    bool listening = false;
    QMetaObject::invokeMethod(server, &FakeProviderServer::listen, Qt::BlockingQueuedConnection, &listening);
    if (!listening) {
        QTextStream(stderr) << "bench_providers: the fake server could not listen" << Qt::endl;
        return 1;
    }

    struct Scenario {
        QString name;
        FakeWire wire;
        ProviderKind kind;
        bool stream;
        int concurrency;
        int latencyMs;
        QString target;
    };
    const QList<Scenario> scenarios = {
        {u"anthropic json, 0 ms, c=16"_s, FakeWire::Anthropic, ProviderKind::Anthropic, false, 16, 0, u">= 1,000 calls/s, <= 1 ms CPU/call"_s},
        {u"openai sse, 0 ms, c=16"_s, FakeWire::OpenAi, ProviderKind::OpenAi, true, 16, 0, u">= 1,000 calls/s, <= 1 ms CPU/call"_s},
        {u"gemini json, 0 ms, c=8"_s, FakeWire::Gemini, ProviderKind::Gemini, false, 8, 0, u"(default concurrency)"_s},
        {u"anthropic json, 100 ms, c=16"_s, FakeWire::Anthropic, ProviderKind::Anthropic, false, 16, 100, u">= 144 calls/s (90% of 160)"_s},
        {u"anthropic sse, 100 ms, c=16"_s, FakeWire::Anthropic, ProviderKind::Anthropic, true, 16, 100, u">= 144 calls/s (90% of 160)"_s},
    };

    out << "bench_providers: " << calls << " calls per scenario against the fake server (its own thread)\n\n"
        << "| scenario | calls/s | backend CPU ms/call | fake server CPU ms/call | failed | target |\n"
        << "|---|---|---|---|---|---|\n";
    out.flush();
    int exitCode = 0;
    for (const Scenario &s : scenarios) {
        server->setDefaultLatencyMs(s.latencyMs);
        HttpBackendConfig config;
        config.kind = s.kind;
        config.baseUrl = server->baseUrl(s.wire);
        config.key = ApiKey(u"sk-FAKE-bench"_s);
        config.stream = s.stream;
        config.maxConcurrency = s.concurrency;
        run(config, std::min(calls, 200), server); // warm-up: connections, allocations
        const RunFigures f = run(config, calls, server);
        const double perSecond = f.ok * 1000.0 / f.wallMs;
        out << "| " << s.name << " | " << QString::number(perSecond, 'f', 0) << " | "
            << QString::number(f.backendCpuMs / calls, 'f', 3) << " | " << QString::number(f.serverCpuMs / calls, 'f', 3)
            << " | " << f.failed << " | " << s.target << " |\n";
        out.flush();
        if (f.failed > 0) {
            QTextStream(stderr) << "bench_providers: " << f.failed << " calls failed, first: " << f.firstError << Qt::endl;
            exitCode = 1;
        }
    }
    out << "\npeak RSS: " << QString::number(bench::procStatusMb("VmHWM"), 'f', 1) << " MB\n";

    QMetaObject::invokeMethod(server, &QObject::deleteLater);
    serverThread.quit();
    serverThread.wait();
    return exitCode;
}

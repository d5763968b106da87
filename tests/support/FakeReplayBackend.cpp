#include "FakeReplayBackend.h"

#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay::test {

FakeReplayBackend::FakeReplayBackend(std::shared_ptr<FakeBackendLog> log, int capacity, int latencyMs, Script script)
    : m_log(std::move(log)), m_capacity(capacity), m_latencyMs(latencyMs), m_script(script ? std::move(script) : Script(&echo))
{
}

FakeReplayBackend::~FakeReplayBackend() = default;

ReplayCallResult FakeReplayBackend::echo(const ReplayCall &call, int index)
{
    Q_UNUSED(index);
    ReplayCallResult r;
    r.status = ReplayCallStatus::Ok;
    r.output = u"answer to "_s + call.prompt.left(30);
    r.inputTokens = (call.prompt.size() + 3) / 4;
    r.outputTokens = 20;
    r.latencyMs = 5;
    r.attempts = 1;
    r.httpStatus = 200;
    r.requestId = u"req_fake_%1"_s.arg(index);
    r.stopReason = u"end_turn"_s;
    return r;
}

void FakeReplayBackend::call(const ReplayCall &call, std::function<void(const ReplayCallResult &)> done)
{
    const int index = static_cast<int>(m_log->calls.size());
    m_log->calls << call;
    const int id = m_nextId++;
    m_inFlight.insert(id, InFlight{std::move(done), m_script(call, index)});
    m_log->maxInFlight = std::max(m_log->maxInFlight, static_cast<int>(m_inFlight.size()));
    auto *timer = new QTimer(m_timers.get());
    timer->setSingleShot(true);
    timer->setObjectName(QString::number(id));
    QObject::connect(timer, &QTimer::timeout, m_timers.get(), [this, id, timer] {
        timer->deleteLater();
        complete(id, false);
    });
    timer->start(m_latencyMs);
}

int FakeReplayBackend::capacity() const
{
    return m_capacity - static_cast<int>(m_inFlight.size());
}

void FakeReplayBackend::cancelAll()
{
    ++m_log->cancelAllCount;
    const QList<QTimer *> timers = m_timers->findChildren<QTimer *>();
    for (QTimer *timer : timers) {
        const int id = timer->objectName().toInt();
        timer->stop();
        timer->deleteLater();
        // Never from inside cancelAll(): the answer arrives from the event loop, like a real one.
        QTimer::singleShot(0, m_timers.get(), [this, id] { complete(id, true); });
    }
}

void FakeReplayBackend::complete(int id, bool cancelled)
{
    auto it = m_inFlight.find(id);
    if (it == m_inFlight.end())
        return;
    InFlight call = std::move(it.value());
    m_inFlight.erase(it);
    if (cancelled) {
        call.result = ReplayCallResult{};
        call.result.status = ReplayCallStatus::Cancelled;
        call.result.error = u"cancelled"_s;
    } else {
        ++m_log->completed;
    }
    call.done(call.result);
}

} // namespace assay::test

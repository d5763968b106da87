#pragma once
// An in-process ReplayBackend for the replay tests: scripted outcomes, latency through QTimer,
// a fixed capacity, and cancelAll() completing what is in flight as Cancelled, as the contract
// in core/replay/ReplayBackend.h asks. The call log outlives the backend (the engine owns and
// deletes its backends), so a test can still read what was sent.

#include "replay/ReplayBackend.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <functional>
#include <memory>

namespace assay::test {

struct FakeBackendLog {
    QList<ReplayCall> calls; // every call received, in order
    int maxInFlight = 0;
    int cancelAllCount = 0;
    int completed = 0; // done() callbacks made with Ok or Failed
};

class FakeReplayBackend : public ReplayBackend {
public:
    // Decides the outcome of the index-th call (0-based, counted per log).
    using Script = std::function<ReplayCallResult(const ReplayCall &call, int index)>;

    FakeReplayBackend(std::shared_ptr<FakeBackendLog> log, int capacity = 4, int latencyMs = 0, Script script = {});
    ~FakeReplayBackend() override;

    void call(const ReplayCall &call, std::function<void(const ReplayCallResult &)> done) override;
    int capacity() const override;
    void cancelAll() override;

    // An Ok answer: output "answer to <first 30 characters>", input tokens = chars/4, 20 output tokens.
    static ReplayCallResult echo(const ReplayCall &call, int index);

private:
    struct InFlight {
        std::function<void(const ReplayCallResult &)> done;
        ReplayCallResult result;
    };
    void complete(int id, bool cancelled);

    std::shared_ptr<FakeBackendLog> m_log;
    int m_capacity;
    int m_latencyMs;
    Script m_script;
    QHash<int, InFlight> m_inFlight;
    int m_nextId = 0;
    // Timers are children of this object: deleting the backend drops every pending answer.
    std::unique_ptr<QObject> m_timers = std::make_unique<QObject>();
};

} // namespace assay::test

#pragma once

#include <QtGlobal>

#include <functional>
#include <memory>

class QObject;

namespace assay {

// The time source of retry waits and rate caps. The real one uses a monotonic clock and QTimer;
// tests inject one that records each wait and fires it at once, so a retry schedule of 0.5 s,
// 1 s and 8 s is checked in microseconds. (Per-attempt timeouts stay on real timers: they guard
// real sockets.)
class ProviderClock {
public:
    virtual ~ProviderClock() = default;
    virtual qint64 nowMs() const = 0;
    // Runs `fn` on `context`'s thread after `delayMs`, unless `context` is destroyed first.
    virtual void runAfter(qint64 delayMs, QObject *context, std::function<void()> fn) = 0;
};

std::shared_ptr<ProviderClock> makeSystemProviderClock();

} // namespace assay

#pragma once

#include <QMetaObject>
#include <QObject>
#include <QThreadPool>

#include <utility>

namespace assay {

// Runs `work` on `pool` and hands its result to `done` on `context`'s thread. Results of pure
// computations (diffs, coverage, previews) only: `work` must capture values, never widgets.
// The owner of `pool` waits for it before dying, so `context` is alive when the result is
// posted; Qt drops the posted call if `context` goes later.
template <typename Work, typename Done>
void runOffThread(QThreadPool &pool, QObject *context, Work work, Done done)
{
    pool.clear(); // a queued job that has not started yet is superseded by this one
    pool.start([context, work = std::move(work), done = std::move(done)]() mutable {
        auto result = work();
        QMetaObject::invokeMethod(
            context, [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
            Qt::QueuedConnection);
    });
}

} // namespace assay

#pragma once

#include "source/ConnectionInterrupter.h"

#include <QThread>

namespace assay {

// How a page closes its worker thread: stops the statement the worker is running (a long scan
// would otherwise hold the window open until it ends), then quits the thread and waits for it.
inline void stopWorkerThread(QThread &thread, ConnectionInterrupter *interrupter)
{
    if (interrupter)
        interrupter->stop();
    thread.quit();
    thread.wait();
}

} // namespace assay

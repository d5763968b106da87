#pragma once

#include <mutex>
#include <set>

namespace assay {

class SourceConnection;

// Lets another thread stop the statements a worker runs on its source connections: a page
// that closes while its worker is in a long query calls stop() before it waits for the thread,
// so closing the window never waits for a scan to finish. Workers add() each connection they
// open and remove() it before destroying it (InterruptibleSession does both); the lock makes
// stop() safe against a connection being destroyed meanwhile.
class ConnectionInterrupter {
public:
    void add(SourceConnection *connection);
    void remove(SourceConnection *connection);
    // Interrupts whatever statement each connection is running now, and any connection added
    // from now on as it is added (a worker opening a session while its page closes).
    void stop();
    bool stopped() const;

private:
    mutable std::mutex m_lock;
    std::set<SourceConnection *> m_connections;
    bool m_stopped = false;
};

} // namespace assay

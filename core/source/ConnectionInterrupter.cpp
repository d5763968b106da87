#include "source/ConnectionInterrupter.h"

#include "source/SourceConnection.h"

namespace assay {

void ConnectionInterrupter::add(SourceConnection *connection)
{
    const std::lock_guard lock(m_lock);
    m_connections.insert(connection);
    if (m_stopped)
        connection->interrupt();
}

void ConnectionInterrupter::remove(SourceConnection *connection)
{
    const std::lock_guard lock(m_lock);
    m_connections.erase(connection);
}

void ConnectionInterrupter::stop()
{
    const std::lock_guard lock(m_lock);
    m_stopped = true;
    for (SourceConnection *c : m_connections)
        c->interrupt();
}

bool ConnectionInterrupter::stopped() const
{
    const std::lock_guard lock(m_lock);
    return m_stopped;
}

} // namespace assay

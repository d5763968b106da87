#pragma once

#include "browse/LogSession.h"
#include "source/ConnectionInterrupter.h"

#include <memory>

namespace assay {

// A worker's LogSession whose source connection is known to the interrupter the worker's page
// holds (see ConnectionInterrupter): use it as the unique_ptr it replaces.
class InterruptibleSession {
public:
    explicit InterruptibleSession(std::shared_ptr<ConnectionInterrupter> interrupter) : m_interrupter(std::move(interrupter)) {}
    ~InterruptibleSession() { reset(); }
    InterruptibleSession(const InterruptibleSession &) = delete;
    InterruptibleSession &operator=(const InterruptibleSession &) = delete;

    // Unpublishes the old session's connection before it is destroyed, then publishes the new one's.
    void reset(std::unique_ptr<LogSession> session = {})
    {
        if (m_session)
            m_interrupter->remove(&m_session->connection());
        m_session = std::move(session);
        if (m_session)
            m_interrupter->add(&m_session->connection());
    }
    InterruptibleSession &operator=(std::unique_ptr<LogSession> session)
    {
        reset(std::move(session));
        return *this;
    }

    LogSession *get() const { return m_session.get(); }
    LogSession *operator->() const { return m_session.get(); }
    LogSession &operator*() const { return *m_session; }
    explicit operator bool() const { return bool(m_session); }

private:
    std::shared_ptr<ConnectionInterrupter> m_interrupter;
    std::unique_ptr<LogSession> m_session;
};

} // namespace assay

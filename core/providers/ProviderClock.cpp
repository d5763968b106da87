#include "providers/ProviderClock.h"

#include <QElapsedTimer>
#include <QTimer>

namespace assay {

namespace {

class SystemProviderClock final : public ProviderClock {
public:
    SystemProviderClock() { m_timer.start(); }
    qint64 nowMs() const override { return m_timer.elapsed(); }
    void runAfter(qint64 delayMs, QObject *context, std::function<void()> fn) override
    {
        QTimer::singleShot(std::chrono::milliseconds(std::max<qint64>(0, delayMs)), context, std::move(fn));
    }

private:
    QElapsedTimer m_timer;
};

} // namespace

std::shared_ptr<ProviderClock> makeSystemProviderClock()
{
    return std::make_shared<SystemProviderClock>();
}

} // namespace assay

#include "providers/AdaptiveConcurrency.h"

#include <algorithm>

namespace assay {

AdaptiveConcurrency::AdaptiveConcurrency(int maximum) : m_maximum(std::max(1, maximum)), m_limit(m_maximum) {}

void AdaptiveConcurrency::onRateLimited(int attemptEpoch)
{
    if (attemptEpoch != m_epoch)
        return; // this call started before the last cut: the cut already answered it
    m_limit = std::max(1, m_limit / 2);
    ++m_epoch;
}

void AdaptiveConcurrency::onSuccess()
{
    m_limit = std::min(m_maximum, m_limit + 1);
}

} // namespace assay

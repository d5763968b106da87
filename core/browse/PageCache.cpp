#include "browse/PageCache.h"

#include <cstdlib>

namespace assay {

const QList<OutputRecord> *PageCache::find(int page) const
{
    const auto it = m_pages.constFind(page);
    return it == m_pages.cend() ? nullptr : &it.value();
}

QList<int> PageCache::insert(int page, QList<OutputRecord> rows)
{
    m_pages.insert(page, std::move(rows));
    QList<int> evicted;
    while (m_pages.size() > m_capacity) {
        int farthest = page;
        int distance = -1;
        for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) {
            const int d = std::abs(it.key() - m_focus);
            if (it.key() != page && d > distance) {
                distance = d;
                farthest = it.key();
            }
        }
        m_pages.remove(farthest);
        evicted << farthest;
    }
    return evicted;
}

void PageCache::clear()
{
    m_pages.clear();
}

} // namespace assay

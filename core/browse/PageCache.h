#pragma once

#include "browse/OutputRecord.h"

#include <QHash>
#include <QList>

namespace assay {

// Pages of rows, at most `capacity` of them. When full, the page farthest from the one
// touched last goes: scrolling keeps what surrounds the viewport, and memory stays flat
// however far the user travels.
class PageCache {
public:
    explicit PageCache(int capacity = 48) : m_capacity(capacity) {}

    const QList<OutputRecord> *find(int page) const;
    // Returns the pages evicted to make room.
    QList<int> insert(int page, QList<OutputRecord> rows);
    void touch(int page) { m_focus = page; }
    void clear();
    int size() const { return static_cast<int>(m_pages.size()); }
    int capacity() const { return m_capacity; }
    bool contains(int page) const { return m_pages.contains(page); }

private:
    int m_capacity;
    int m_focus = 0;
    QHash<int, QList<OutputRecord>> m_pages;
};

} // namespace assay

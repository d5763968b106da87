// PageCache: bounded, and what it drops is what is farthest from where the user is.

#include "browse/PageCache.h"

#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

QList<OutputRecord> pageOf(int page, int rows = 3)
{
    QList<OutputRecord> out;
    for (int i = 0; i < rows; ++i) {
        OutputRecord r;
        r.key = qint64(page) * 1000 + i;
        out << r;
    }
    return out;
}

QList<int> pagesIn(const PageCache &cache, int from, int to)
{
    QList<int> out;
    for (int p = from; p <= to; ++p) {
        if (cache.contains(p))
            out << p;
    }
    return out;
}

} // namespace

class TestPageCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void findAndContains();
    void defaultCapacity();
    void capacityRespected();
    void evictsFarthestFromFocus();
    void evictsOnTheFarSideWhenScrollingBack();
    void neverEvictsThePageJustInserted();
    void reinsertReplaces();
    void clear();
    void scrollingKeepsMemoryFlat();
};

void TestPageCache::findAndContains()
{
    PageCache cache(4);
    QVERIFY(!cache.find(0));
    QVERIFY(cache.insert(0, pageOf(0)).isEmpty());
    QVERIFY(cache.contains(0));
    QVERIFY(!cache.contains(1));
    const QList<OutputRecord> *rows = cache.find(0);
    QVERIFY(rows);
    QCOMPARE(rows->size(), 3);
    QCOMPARE(rows->at(2).key.toLongLong(), qint64(2));
    QCOMPARE(cache.size(), 1);
}

void TestPageCache::defaultCapacity()
{
    QCOMPARE(PageCache().capacity(), 48);
    QCOMPARE(PageCache(5).capacity(), 5);
}

void TestPageCache::capacityRespected()
{
    PageCache cache(5);
    int evictedTotal = 0;
    for (int p = 0; p < 40; ++p) {
        cache.touch(p);
        evictedTotal += static_cast<int>(cache.insert(p, pageOf(p)).size());
        QVERIFY(cache.size() <= 5);
        QVERIFY(cache.contains(p));
    }
    QCOMPARE(cache.size(), 5);
    QCOMPARE(evictedTotal, 35);
    QCOMPARE(pagesIn(cache, 0, 39), (QList<int>{35, 36, 37, 38, 39}));
}

void TestPageCache::evictsFarthestFromFocus()
{
    PageCache cache(3);
    cache.touch(10);
    QVERIFY(cache.insert(10, pageOf(10)).isEmpty());
    QVERIFY(cache.insert(4, pageOf(4)).isEmpty());
    QVERIFY(cache.insert(11, pageOf(11)).isEmpty());
    // Full: inserting 12 must drop 4 (6 away from the focus), not 11 (1 away).
    QCOMPARE(cache.insert(12, pageOf(12)), QList<int>{4});
    QCOMPARE(pagesIn(cache, 0, 20), (QList<int>{10, 11, 12}));

    // The focus moves to 20: now 10 is the farthest.
    cache.touch(20);
    QCOMPARE(cache.insert(19, pageOf(19)), QList<int>{10});
    QCOMPARE(pagesIn(cache, 0, 20), (QList<int>{11, 12, 19}));
}

void TestPageCache::evictsOnTheFarSideWhenScrollingBack()
{
    PageCache cache(4);
    for (int p : {50, 51, 52, 53}) {
        cache.touch(p);
        cache.insert(p, pageOf(p));
    }
    // The user jumps back to page 49 and the view asks for it: 53 is the farthest.
    cache.touch(49);
    QCOMPARE(cache.insert(49, pageOf(49)), QList<int>{53});
    cache.touch(48);
    QCOMPARE(cache.insert(48, pageOf(48)), QList<int>{52});
    QCOMPARE(pagesIn(cache, 40, 60), (QList<int>{48, 49, 50, 51}));
}

void TestPageCache::neverEvictsThePageJustInserted()
{
    PageCache cache(2);
    cache.touch(0);
    cache.insert(0, pageOf(0));
    cache.insert(1, pageOf(1));
    // Page 100 is the farthest from the focus, yet it is the one asked for: keep it.
    QCOMPARE(cache.insert(100, pageOf(100)), QList<int>{1});
    QVERIFY(cache.contains(100));
    QVERIFY(cache.contains(0));

    PageCache one(1);
    one.insert(3, pageOf(3));
    QCOMPARE(one.insert(4, pageOf(4)), QList<int>{3});
    QVERIFY(one.contains(4));
    QCOMPARE(one.size(), 1);
}

void TestPageCache::reinsertReplaces()
{
    PageCache cache(2);
    cache.insert(0, pageOf(0, 3));
    cache.insert(1, pageOf(1, 3));
    QVERIFY(cache.insert(1, pageOf(1, 7)).isEmpty());
    QCOMPARE(cache.size(), 2);
    QCOMPARE(cache.find(1)->size(), 7);
}

void TestPageCache::clear()
{
    PageCache cache(3);
    cache.insert(0, pageOf(0));
    cache.insert(1, pageOf(1));
    cache.clear();
    QCOMPARE(cache.size(), 0);
    QVERIFY(!cache.find(0));
    QCOMPARE(cache.capacity(), 3);
}

void TestPageCache::scrollingKeepsMemoryFlat()
{
    // Scroll down through 1000 pages and back up: never more than capacity, and the pages
    // kept are always the ones around the viewport.
    PageCache cache(48);
    for (int p = 0; p < 1000; ++p) {
        cache.touch(p);
        cache.insert(p, pageOf(p, 1));
        QVERIFY(cache.size() <= 48);
    }
    QCOMPARE(pagesIn(cache, 0, 999).first(), 952);
    for (int p = 999; p >= 0; --p) {
        cache.touch(p);
        if (!cache.contains(p))
            cache.insert(p, pageOf(p, 1));
        QVERIFY(cache.size() <= 48);
    }
    const QList<int> kept = pagesIn(cache, 0, 999);
    QCOMPARE(kept.size(), 48);
    QCOMPARE(kept.first(), 0);
    QCOMPARE(kept.last(), 47);
}

QTEST_GUILESS_MAIN(TestPageCache)
#include "tst_pagecache.moc"

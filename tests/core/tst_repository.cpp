// OutputsRepository against real SQLite logs: keyset paging over heavy ties and NULLs in every
// direction, counts, full records (huge, NULL, invalid UTF-8), distinct values, walks.

#include "browse/OutputsRepository.h"
#include "schema/SchemaDetector.h"
#include "source/SourceConnection.h"

#include "TestSupport.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace assay;

Q_DECLARE_METATYPE(assay::SortField)

namespace {

// An open source and a repository over it.
struct Opened {
    std::unique_ptr<SourceConnection> connection;
    std::unique_ptr<OutputsRepository> repo;

    // Empty on success, else why not.
    QString open(const QString &path, const LogMapping &mapping = {})
    {
        auto c = SourceConnection::open(test::sqliteSource(path));
        if (!c)
            return c.error();
        connection = std::move(*c);
        auto schema = detectLogSchema(*connection, mapping);
        if (!schema)
            return schema.error();
        repo = std::make_unique<OutputsRepository>(*connection, *schema);
        return {};
    }
};

struct Row {
    QVariant sort; // null sorts first (smallest)
    QVariant key;
    QString feature;
};

int compareValues(const QVariant &a, const QVariant &b)
{
    if (a.isNull() || b.isNull())
        return int(!a.isNull()) - int(!b.isNull());
    if (a.typeId() == QMetaType::QString || b.typeId() == QMetaType::QString) {
        const QByteArray x = a.toString().toUtf8(), y = b.toString().toUtf8();
        return x < y ? -1 : (y < x ? 1 : 0);
    }
    const double x = a.toDouble(), y = b.toDouble();
    return x < y ? -1 : (y < x ? 1 : 0);
}

// The ascending order the repository promises: sort value (NULL smallest), then key.
QList<Row> ascending(QList<Row> rows)
{
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        const int c = compareValues(a.sort, b.sort);
        return c != 0 ? c < 0 : compareValues(a.key, b.key) < 0;
    });
    return rows;
}

QStringList keysOf(const QList<Row> &rows)
{
    QStringList out;
    for (const Row &r : rows)
        out << r.key.toString();
    return out;
}

QStringList keysOf(const QList<OutputRecord> &rows)
{
    QStringList out;
    for (const OutputRecord &r : rows)
        out << r.key.toString();
    return out;
}

QStringList reversed(QStringList list)
{
    std::reverse(list.begin(), list.end());
    return list;
}

// A log of `n` rows whose sort column holds only 7 distinct values (and NULL every 13th row).
struct TieLog {
    QString path;
    QList<Row> rows;
    SortField sortField = SortField::CreatedAt;
};

TieLog makeTieLog(const QTemporaryDir &dir, const QString &variant, int n)
{
    TieLog log;
    QStringList columns;
    QList<QVariantList> data;
    const QDateTime base(QDate(2026, 11, 3), QTime(8, 0), QTimeZone::utc());
    for (int i = 1; i <= n; ++i) {
        const int bucket = (i * 5) % 7;
        const bool null = i % 13 == 0;
        const QString feature = i % 10 < 5 ? u"common"_s : (i % 10 < 8 ? u"middle"_s : u"rare"_s);
        QVariant sort;
        QVariant key = qint64(i);
        QVariantList row;
        if (variant == "iso text, integer id"_L1) {
            columns = {u"id INTEGER PRIMARY KEY"_s, u"feature TEXT"_s, u"created_at TEXT"_s, u"output TEXT"_s};
            sort = null ? QVariant() : QVariant(base.addSecs(bucket * 3600).toString(u"yyyy-MM-dd'T'HH:mm:ss'Z'"_s));
            // Insert out of key order so that rowid order says nothing.
            key = qint64((i * 7919) % 100003);
            row = {key, feature, sort, u"row %1"_s.arg(key.toLongLong())};
        } else if (variant == "epoch ms, text id"_L1) {
            columns = {u"output_id TEXT PRIMARY KEY"_s, u"use_case TEXT"_s, u"logged_at INTEGER"_s, u"response TEXT"_s};
            sort = null ? QVariant() : QVariant(base.addSecs(bucket * 60).toMSecsSinceEpoch());
            key = u"id-%1"_s.arg(i); // text keys: "id-10" < "id-9"
            row = {key, feature, sort, u"row %1"_s.arg(i)};
        } else if (variant == "real seconds, rowid"_L1) {
            columns = {u"use_case TEXT"_s, u"ts REAL"_s, u"response TEXT"_s};
            sort = null ? QVariant() : QVariant(double(base.toSecsSinceEpoch()) + bucket * 0.25);
            row = {feature, sort, u"row %1"_s.arg(i)};
        } else if (variant == "latency ties"_L1) {
            columns = {u"id INTEGER PRIMARY KEY"_s, u"feature TEXT"_s, u"created_at TEXT"_s, u"output TEXT"_s,
                       u"latency_ms INTEGER"_s};
            sort = null ? QVariant() : QVariant(qint64(100 * bucket));
            row = {key, feature, base.addSecs(i).toString(Qt::ISODate), u"row %1"_s.arg(i), sort};
            log.sortField = SortField::LatencyMs;
        } else {
            qFatal("unknown variant");
        }
        data << row;
        log.rows << Row{sort, key, feature};
    }
    log.path = test::TestLog::create(dir, columns, data);
    return log;
}

// Pages through the whole order from the top, `limit` rows at a time.
QStringList walk(OutputsRepository &repo, const SortOrder &order, bool reverse, int limit,
                 const OutputFilter &filter = {}, QString *error = nullptr)
{
    PageRequest request;
    request.filter = filter;
    request.order = order;
    request.reverse = reverse;
    request.limit = limit;
    QStringList keys;
    for (int guard = 0; guard < 100000; ++guard) {
        auto page = repo.fetchPage(request);
        if (!page) {
            if (error)
                *error = page.error();
            return keys;
        }
        keys << keysOf(*page);
        if (page->size() < limit)
            return keys;
        request.start = PageKey{page->last().sortValue, page->last().key};
        request.includeStart = false;
    }
    if (error)
        *error = u"the walk never ended"_s;
    return keys;
}

QString mb3Output()
{
    return QString(3 * 1024 * 1024, u'a') + u"END"_s;
}

} // namespace

class TestRepository : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keysetPagingOverTies_data();
    void keysetPagingOverTies();
    void pagingFromAnchors_data();
    void pagingFromAnchors();
    void filteredPagingOverTies();
    void emptyLog();
    void countWithFilters();
    void fetchRecordTruncatesHugeOutput();
    void fetchRecordCountsCharactersNotBytes();
    void previewRows();
    void nullsEverywhere();
    void invalidUtf8DoesNotCrash();
    void fetchRecordMissingKey();
    void distinctValues();
    void forEachRecordLimits();
    void forEachKeyIsTheOrder();
    void estimateTotal();
    void missingTableIsAnError();
};

void TestRepository::keysetPagingOverTies_data()
{
    QTest::addColumn<QString>("variant");
    QTest::addColumn<int>("pageSize");
    for (const char *v : {"iso text, integer id", "epoch ms, text id", "real seconds, rowid", "latency ties"}) {
        QTest::addRow("%s, page 37", v) << QString::fromLatin1(v) << 37;
        QTest::addRow("%s, page 256", v) << QString::fromLatin1(v) << 256;
    }
    QTest::addRow("iso text, integer id, page 1") << u"iso text, integer id"_s << 1;
}

void TestRepository::keysetPagingOverTies()
{
    QFETCH(QString, variant);
    QFETCH(int, pageSize);
    QTemporaryDir dir;
    const TieLog log = makeTieLog(dir, variant, pageSize == 1 ? 200 : 1000);
    Opened o;
    const QString err = o.open(log.path);
    QVERIFY2(err.isEmpty(), qPrintable(err));

    const QStringList asc = keysOf(ascending(log.rows));
    const QStringList desc = reversed(asc);
    QCOMPARE(QSet<QString>(asc.begin(), asc.end()).size(), log.rows.size()); // keys are unique

    for (bool descending : {true, false}) {
        for (bool reverse : {false, true}) {
            QString error;
            const QStringList keys = walk(*o.repo, SortOrder{log.sortField, descending}, reverse, pageSize, {}, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            const QStringList &expected = (descending != reverse) ? desc : asc;
            QCOMPARE(keys.size(), expected.size());
            QCOMPARE(keys, expected);
        }
    }
}

void TestRepository::pagingFromAnchors_data()
{
    QTest::addColumn<QString>("variant");
    QTest::addColumn<bool>("descending");
    for (const char *v : {"iso text, integer id", "epoch ms, text id", "real seconds, rowid", "latency ties"}) {
        QTest::addRow("%s, desc", v) << QString::fromLatin1(v) << true;
        QTest::addRow("%s, asc", v) << QString::fromLatin1(v) << false;
    }
}

void TestRepository::pagingFromAnchors()
{
    QFETCH(QString, variant);
    QFETCH(bool, descending);
    QTemporaryDir dir;
    const TieLog log = makeTieLog(dir, variant, 1000);
    Opened o;
    const QString err = o.open(log.path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    const SortOrder order{log.sortField, descending};
    const QStringList asc = keysOf(ascending(log.rows));
    const QStringList expected = descending ? reversed(asc) : asc;

    QList<PageKey> all;
    auto walked = o.repo->forEachKey({}, order, [&](const PageKey &k) {
        all << k;
        return true;
    });
    QVERIFY2(walked.ok(), qPrintable(walked.error()));
    QCOMPARE(all.size(), expected.size());

    constexpr int page = 37;
    int nullAnchors = 0;
    for (int i = 0; i < all.size(); i += page) {
        nullAnchors += all.at(i).sortValue.isNull();
        PageRequest request;
        request.order = order;
        request.start = all.at(i);
        request.includeStart = true;
        request.limit = page;
        auto rows = o.repo->fetchPage(request);
        QVERIFY2(rows.ok(), qPrintable(rows.error()));
        QCOMPARE(keysOf(*rows), expected.mid(i, page));

        // Without includeStart the anchor itself is skipped.
        request.includeStart = false;
        auto after = o.repo->fetchPage(request);
        QVERIFY2(after.ok(), qPrintable(after.error()));
        QCOMPARE(keysOf(*after), expected.mid(i + 1, page));

        // Walking backwards from the anchor yields the rows before it, nearest first.
        request.reverse = true;
        auto before = o.repo->fetchPage(request);
        QVERIFY2(before.ok(), qPrintable(before.error()));
        QCOMPARE(keysOf(*before), reversed(expected.mid(std::max(0, i - page), std::min(i, page))));
    }
    QVERIFY2(nullAnchors > 0, "some anchors must fall among the NULL sort values");
}

void TestRepository::filteredPagingOverTies()
{
    QTemporaryDir dir;
    const TieLog log = makeTieLog(dir, u"iso text, integer id"_s, 1000);
    Opened o;
    const QString err = o.open(log.path);
    QVERIFY2(err.isEmpty(), qPrintable(err));

    QList<Row> rare;
    for (const Row &r : log.rows) {
        if (r.feature == "rare"_L1 || r.feature == "middle"_L1)
            rare << r;
    }
    OutputFilter filter;
    filter.features = {u"rare"_s, u"middle"_s};
    const QStringList expected = reversed(keysOf(ascending(rare)));
    QString error;
    QCOMPARE(walk(*o.repo, SortOrder{}, false, 29, filter, &error), expected);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(walk(*o.repo, SortOrder{}, true, 29, filter, &error), reversed(expected));
    auto n = o.repo->count(filter);
    QVERIFY2(n.ok(), qPrintable(n.error()));
    QCOMPARE(*n, qint64(500));
}

void TestRepository::emptyLog()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(dir, test::TestLog::standardColumns(), {});
    Opened o;
    const QString err = o.open(path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    auto page = o.repo->fetchPage(PageRequest{});
    QVERIFY2(page.ok(), qPrintable(page.error()));
    QVERIFY(page->isEmpty());
    QCOMPARE(*o.repo->count({}), qint64(0));
    QCOMPARE(*o.repo->estimateTotal(), qint64(0));
    int visits = 0;
    QVERIFY(o.repo
                ->forEachRecord({}, {}, -1,
                                [&](const OutputRecord &) {
                                    ++visits;
                                    return true;
                                })
                .ok());
    QCOMPARE(visits, 0);
}

void TestRepository::countWithFilters()
{
    QTemporaryDir dir;
    const TieLog log = makeTieLog(dir, u"iso text, integer id"_s, 1000);
    Opened o;
    const QString err = o.open(log.path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QCOMPARE(o.repo->schema().timestamps.kind, TimestampKind::IsoText);
    QVERIFY(o.repo->schema().timestamps.hasZoneSuffix);

    QCOMPARE(*o.repo->count({}), qint64(1000));
    OutputFilter f;
    f.features = {u"common"_s};
    QCOMPARE(*o.repo->count(f), qint64(500));
    f.features = {u"x' OR 1=1 --"_s};
    QCOMPARE(*o.repo->count(f), qint64(0));

    // since is inclusive at the exact tie value, until exclusive.
    const QDateTime base(QDate(2026, 11, 3), QTime(8, 0), QTimeZone::utc());
    qint64 atOrAfter3 = 0, before3 = 0;
    for (const Row &r : log.rows) {
        if (r.sort.isNull())
            continue;
        (r.sort.toString() >= base.addSecs(3 * 3600).toString(u"yyyy-MM-dd'T'HH:mm:ss'Z'"_s) ? atOrAfter3 : before3)++;
    }
    QVERIFY(atOrAfter3 > 0 && before3 > 0);
    f = {};
    f.since = base.addSecs(3 * 3600);
    QCOMPARE(*o.repo->count(f), atOrAfter3);
    f = {};
    f.until = base.addSecs(3 * 3600);
    QCOMPARE(*o.repo->count(f), before3);
    f.since = base.addSecs(3 * 3600);
    QCOMPARE(*o.repo->count(f), qint64(0));
}

void TestRepository::fetchRecordTruncatesHugeOutput()
{
    QTemporaryDir dir;
    const QString huge = mb3Output();
    const qint64 hugeBytes = huge.toUtf8().size();
    const QString path =
        test::TestLog::create(dir, test::TestLog::standardColumns(),
                              {test::TestLog::standardRow(1, u"summarize"_s, u"2026-11-20T09:00:00Z"_s, huge),
                               test::TestLog::standardRow(2, u"summarize"_s, u"2026-11-20T09:00:01Z"_s, u"short"_s)});
    Opened o;
    const QString err = o.open(path);
    QVERIFY2(err.isEmpty(), qPrintable(err));

    auto cut = o.repo->fetchRecord(qint64(1), 1024);
    QVERIFY2(cut.ok(), qPrintable(cut.error()));
    QCOMPARE(cut->value(LogField::Output).toString(), huge.left(1024));
    QVERIFY(cut->outputTruncated);
    QCOMPARE(cut->outputBytes, hugeBytes);
    QCOMPARE(cut->key.toLongLong(), qint64(1));
    QCOMPARE(cut->value(LogField::Input).toString(), u"{\"ticket\": \"T-1\"}"_s); // full records carry the input
    QCOMPARE(cut->createdAt, QDateTime(QDate(2026, 11, 20), QTime(9, 0), QTimeZone::utc()));

    auto whole = o.repo->fetchRecord(qint64(1), -1);
    QVERIFY2(whole.ok(), qPrintable(whole.error()));
    QCOMPARE(whole->value(LogField::Output).toString().size(), huge.size());
    QVERIFY(whole->value(LogField::Output).toString().endsWith(u"END"_s));
    QVERIFY(!whole->outputTruncated);

    auto defaultCut = o.repo->fetchRecord(qint64(1));
    QVERIFY(defaultCut.ok());
    QCOMPARE(defaultCut->value(LogField::Output).toString().size(), 256 * 1024);
    QVERIFY(defaultCut->outputTruncated);

    auto small = o.repo->fetchRecord(qint64(2), 1024);
    QVERIFY(small.ok());
    QCOMPARE(small->value(LogField::Output).toString(), u"short"_s);
    QVERIFY(!small->outputTruncated);
}

void TestRepository::fetchRecordCountsCharactersNotBytes()
{
    QTemporaryDir dir;
    const QString accents = QString(1000, QChar(0x00E9)); // 2 bytes each in UTF-8
    const QString path =
        test::TestLog::create(dir, test::TestLog::standardColumns(),
                              {test::TestLog::standardRow(1, u"f"_s, u"2026-11-20T09:00:00Z"_s, accents)});
    Opened o;
    const QString err = o.open(path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    auto cut = o.repo->fetchRecord(qint64(1), 10);
    QVERIFY2(cut.ok(), qPrintable(cut.error()));
    QCOMPARE(cut->value(LogField::Output).toString(), QString(10, QChar(0x00E9)));
    QCOMPARE(cut->outputBytes, qint64(2000));
    QVERIFY(cut->outputTruncated);
    auto whole = o.repo->fetchRecord(qint64(1), 1000);
    QVERIFY(whole.ok());
    QCOMPARE(whole->value(LogField::Output).toString(), accents);
    QVERIFY(!whole->outputTruncated);
}

void TestRepository::previewRows()
{
    QTemporaryDir dir;
    const QString path =
        test::TestLog::create(dir, test::TestLog::standardColumns(),
                              {test::TestLog::standardRow(1, u"summarize"_s, u"2026-11-20T09:00:00Z"_s, mb3Output())});
    Opened o;
    const QString err = o.open(path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    auto page = o.repo->fetchPage(PageRequest{});
    QVERIFY2(page.ok(), qPrintable(page.error()));
    QCOMPARE(page->size(), 1);
    const OutputRecord &r = page->first();
    QCOMPARE(r.value(LogField::Output).toString().size(), OutputsRepository::previewChars);
    QVERIFY(!r.has(LogField::Input)); // the list never carries inputs
    QCOMPARE(r.value(LogField::Model).toString(), u"claude-opus-4-6"_s);
    QCOMPARE(r.value(LogField::Id).toLongLong(), qint64(1));
    QCOMPARE(r.value(LogField::LatencyMs).toLongLong(), qint64(337));
    QCOMPARE(r.sortValue.toString(), u"2026-11-20T09:00:00Z"_s);
    QCOMPARE(r.createdAt, QDateTime(QDate(2026, 11, 20), QTime(9, 0), QTimeZone::utc()));
    QVERIFY(!r.isError());
}

void TestRepository::nullsEverywhere()
{
    QTemporaryDir dir;
    QVariantList allNull(test::TestLog::standardColumns().size());
    allNull[0] = qint64(2);
    const QString path = test::TestLog::create(
        dir, test::TestLog::standardColumns(),
        {test::TestLog::standardRow(1, u"summarize"_s, u"2026-11-20T09:00:00Z"_s, u"text"_s), allNull});
    Opened o;
    const QString err = o.open(path);
    QVERIFY2(err.isEmpty(), qPrintable(err));

    auto page = o.repo->fetchPage(PageRequest{});
    QVERIFY2(page.ok(), qPrintable(page.error()));
    QCOMPARE(keysOf(*page), (QStringList{u"1"_s, u"2"_s})); // NULL created_at sorts last when descending
    const OutputRecord &n = page->at(1);
    QVERIFY(!n.createdAt.isValid());
    QVERIFY(n.value(LogField::Output).isNull());
    QVERIFY(n.has(LogField::Model) && n.value(LogField::Model).isNull());
    QVERIFY(!n.isError());

    auto rec = o.repo->fetchRecord(qint64(2));
    QVERIFY2(rec.ok(), qPrintable(rec.error()));
    QVERIFY(rec->value(LogField::Output).isNull());
    QVERIFY(rec->value(LogField::Input).isNull());
    QVERIFY(!rec->outputTruncated);
    QVERIFY(rec->outputBytes <= 0);

    OutputFilter f;
    f.search = u"text"_s;
    QCOMPARE(*o.repo->count(f), qint64(1));
    f = {};
    f.feedback = {FeedbackFilter::None};
    QCOMPARE(*o.repo->count(f), qint64(2));
    f = {};
    f.errorsOnly = true;
    QCOMPARE(*o.repo->count(f), qint64(0));

    PageRequest asc;
    asc.order.descending = false;
    QCOMPARE(keysOf(*o.repo->fetchPage(asc)), (QStringList{u"2"_s, u"1"_s}));
}

void TestRepository::invalidUtf8DoesNotCrash()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(dir, test::TestLog::standardColumns(), {});
    {
        test::WritableDb w(path);
        QVERIFY(w.exec(u"INSERT INTO ai_outputs (id, feature, created_at, output, input) VALUES "
                       "(1, 'f', '2026-11-20T09:00:00Z', CAST(X'48656C6C6FFF80C3282021F09F98' AS TEXT), "
                       "CAST(X'7B22613A20FF7D' AS TEXT))"_s));
        QVERIFY(w.exec(u"INSERT INTO ai_outputs (id, feature, created_at, output) VALUES (?, ?, ?, ?)"_s,
                       {qint64(2), u"f"_s, u"2026-11-20T09:00:01Z"_s, QByteArray("Hello blob \xff\xfe\x00 end", 18)}));
        QVERIFY(w.exec(u"INSERT INTO ai_outputs (id, feature, created_at, output) VALUES "
                       "(3, X'FF', X'00FF', 'ok')"_s));
        // Cut-off 4-byte sequences: each decodes to fewer bytes than it occupies.
        QVERIFY(w.exec(u"INSERT INTO ai_outputs (id, feature, created_at, output) VALUES "
                       "(4, 'f', '2026-11-20T09:00:02Z', CAST(X'F09F98F09F98F09F98' AS TEXT))"_s));
    }
    Opened o;
    const QString err = o.open(path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    auto page = o.repo->fetchPage(PageRequest{});
    QVERIFY2(page.ok(), qPrintable(page.error()));
    QCOMPARE(page->size(), 4);
    for (qint64 key : {1, 2, 3, 4}) {
        auto rec = o.repo->fetchRecord(key, 5);
        QVERIFY2(rec.ok(), qPrintable(rec.error()));
        QVERIFY(rec->value(LogField::Output).isValid());
        auto whole = o.repo->fetchRecord(key, -1);
        QVERIFY2(whole.ok(), qPrintable(whole.error()));
        // Nothing was cut, whatever the bytes decode to.
        QVERIFY2(!whole->outputTruncated, qPrintable(QString::number(key)));
    }
    auto cut = o.repo->fetchRecord(qint64(4), 1);
    QVERIFY2(cut.ok(), qPrintable(cut.error()));
    QVERIFY(cut->outputTruncated);
    QCOMPARE(cut->outputBytes, qint64(9));
    auto one = o.repo->fetchRecord(qint64(1), -1);
    QVERIFY(one->value(LogField::Output).toString().startsWith(u"Hello"_s));
    // Text with invalid bytes is still searchable. (Whether LIKE matches the BLOB row depends
    // on SQLite's SQLITE_LIKE_DOESNT_MATCH_BLOBS build option, so it is not asserted.)
    PageRequest search;
    search.filter.search = u"hello"_s;
    auto found = o.repo->fetchPage(search);
    QVERIFY2(found.ok(), qPrintable(found.error()));
    QVERIFY(keysOf(*found).contains(u"1"_s));
    QVERIFY(!keysOf(*found).contains(u"3"_s));
    QVERIFY(o.repo->distinctValues(LogField::Feature).ok());
    int visits = 0;
    QVERIFY(o.repo
                ->forEachRecord({}, {}, -1,
                                [&](const OutputRecord &) {
                                    ++visits;
                                    return true;
                                })
                .ok());
    QCOMPARE(visits, 4);
}

void TestRepository::fetchRecordMissingKey()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(3));
    Opened o;
    const QString err = o.open(path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    auto rec = o.repo->fetchRecord(qint64(999));
    QVERIFY(!rec.ok());
    QVERIFY2(rec.error().contains(u"999"_s) && rec.error().contains(u"not in the log"_s), qPrintable(rec.error()));
    auto injected = o.repo->fetchRecord(u"1 OR 1=1"_s);
    QVERIFY(!injected.ok());
}

void TestRepository::distinctValues()
{
    QTemporaryDir dir;
    const TieLog log = makeTieLog(dir, u"iso text, integer id"_s, 1000);
    Opened o;
    const QString err = o.open(log.path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    auto all = o.repo->distinctValues(LogField::Feature);
    QVERIFY2(all.ok(), qPrintable(all.error()));
    QCOMPARE(*all, (QStringList{u"common"_s, u"middle"_s, u"rare"_s})); // most frequent first
    auto two = o.repo->distinctValues(LogField::Feature, 2);
    QCOMPARE(*two, (QStringList{u"common"_s, u"middle"_s}));
    auto absent = o.repo->distinctValues(LogField::Model);
    QVERIFY(absent.ok());
    QVERIFY(absent->isEmpty());
    // NULLs are not a value.
    auto created = o.repo->distinctValues(LogField::CreatedAt);
    QVERIFY(created.ok());
    QCOMPARE(created->size(), 7);
}

void TestRepository::forEachRecordLimits()
{
    QTemporaryDir dir;
    const TieLog log = makeTieLog(dir, u"epoch ms, text id"_s, 1200); // more than one internal page of 500
    Opened o;
    const QString err = o.open(log.path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    const QStringList expected = reversed(keysOf(ascending(log.rows)));

    QStringList seen;
    bool fullOutputs = true;
    auto all = o.repo->forEachRecord({}, {}, -1, [&](const OutputRecord &r) {
        seen << r.key.toString();
        fullOutputs = fullOutputs && r.has(LogField::Output) && !r.outputTruncated;
        return true;
    });
    QVERIFY2(all.ok(), qPrintable(all.error()));
    QCOMPARE(seen, expected);
    QVERIFY(fullOutputs);

    for (qint64 limit : {0, 1, 5, 500, 501, 1199, 1200, 5000}) {
        seen.clear();
        auto limited = o.repo->forEachRecord({}, {}, limit, [&](const OutputRecord &r) {
            seen << r.key.toString();
            return true;
        });
        QVERIFY2(limited.ok(), qPrintable(limited.error()));
        QCOMPARE(seen, expected.mid(0, int(std::min<qint64>(limit, expected.size()))));
    }

    seen.clear();
    auto stopped = o.repo->forEachRecord({}, {}, -1, [&](const OutputRecord &r) {
        seen << r.key.toString();
        return seen.size() < 3;
    });
    QVERIFY(stopped.ok());
    QCOMPARE(seen.size(), 3);

    OutputFilter f;
    f.features = {u"rare"_s};
    qint64 rare = 0;
    QVERIFY(o.repo
                ->forEachRecord(f, SortOrder{SortField::CreatedAt, false}, -1,
                                [&](const OutputRecord &r) {
                                    rare += r.value(LogField::Feature).toString() == "rare"_L1 ? 1 : 1000000;
                                    return true;
                                })
                .ok());
    QCOMPARE(rare, qint64(240));
}

void TestRepository::forEachKeyIsTheOrder()
{
    QTemporaryDir dir;
    const TieLog log = makeTieLog(dir, u"latency ties"_s, 1000);
    Opened o;
    const QString err = o.open(log.path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    for (bool descending : {true, false}) {
        QStringList keys;
        QVERIFY(o.repo
                    ->forEachKey({}, SortOrder{SortField::LatencyMs, descending},
                                 [&](const PageKey &k) {
                                     keys << k.key.toString();
                                     return true;
                                 })
                    .ok());
        const QStringList asc = keysOf(ascending(log.rows));
        QCOMPARE(keys, descending ? reversed(asc) : asc);
    }
    // Sorting by a column the log lacks falls back to created_at rather than failing.
    QStringList byCost;
    QVERIFY(o.repo
                ->forEachKey({}, SortOrder{SortField::Cost, true},
                             [&](const PageKey &k) {
                                 byCost << k.key.toString();
                                 return true;
                             })
                .ok());
    QCOMPARE(byCost.size(), 1000);
    QCOMPARE(byCost.first(), u"1000"_s);
    int visits = 0;
    QVERIFY(o.repo->forEachKey({}, {}, [&](const PageKey &) { return ++visits < 10; }).ok());
    QCOMPARE(visits, 10);
}

void TestRepository::estimateTotal()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(250));
    Opened o;
    const QString err = o.open(path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    auto estimate = o.repo->estimateTotal();
    QVERIFY2(estimate.ok(), qPrintable(estimate.error()));
    QCOMPARE(*estimate, qint64(250));
}

void TestRepository::missingTableIsAnError()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(3));
    auto conn = SourceConnection::open(test::sqliteSource(path));
    QVERIFY2(conn.ok(), qPrintable(conn.error()));
    LogSchema schema;
    schema.table = u"gone"_s;
    schema.columns = {{LogField::Id, u"id"_s},
                      {LogField::Feature, u"feature"_s},
                      {LogField::CreatedAt, u"created_at"_s},
                      {LogField::Output, u"output"_s}};
    OutputsRepository repo(**conn, schema);
    auto page = repo.fetchPage(PageRequest{});
    QVERIFY(!page.ok());
    QVERIFY2(page.error().contains(u"gone"_s), qPrintable(page.error()));
    auto n = repo.count({});
    QVERIFY(!n.ok());
    QVERIFY2(n.error().contains(u"gone"_s), qPrintable(n.error()));
    QVERIFY(!repo.fetchRecord(qint64(1)).ok());
    QVERIFY(!repo.forEachRecord({}, {}, -1, [](const OutputRecord &) { return true; }).ok());
    QVERIFY(!repo.distinctValues(LogField::Feature).ok());
}

QTEST_GUILESS_MAIN(TestRepository)
#include "tst_repository.moc"

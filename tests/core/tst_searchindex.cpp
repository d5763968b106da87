// The workspace's trigram search index: built from a SQLite log, extended incrementally as the
// product appends rows, and used by queries together with a scan of what it does not cover yet.

#include "browse/LogSession.h"
#include "search/SearchIndexer.h"

#include "TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

const QList<QPair<QString, QString>> texts{
    // output, input
    {u"The Refund was ISSUED on Monday"_s, u"{\"ticket\": \"T-1\"}"_s},
    {u"No refund: the customer is out of the window"_s, u"{\"ticket\": \"T-2\"}"_s},
    {u"Don't say \"hello\" twice"_s, u"{\"ticket\": \"T-3\"}"_s},
    {u"We're 100% sure, 50%_off is a code"_s, u"{\"ticket\": \"T-4\"}"_s},
    {u"Summary: shipping delayed"_s, u"{\"ticket\": \"needle_in_input\"}"_s},
    {u"naïve café résumé"_s, u"{}"_s},
    {u"Plain text without the word"_s, u"not json at all"_s},
    {QString(), u"{\"q\": \"null output, refundable input\"}"_s},
    {u"FUNDAMENTAL analysis"_s, QString()},
    {u"ok"_s, u"{}"_s},
};

QStringList columnNames()
{
    QStringList names;
    for (const QString &c : test::TestLog::standardColumns())
        names << test::columnNameOf(c);
    return names;
}

QList<QVariantList> rowsFor(qint64 firstId, const QList<QPair<QString, QString>> &items)
{
    QList<QVariantList> rows;
    qint64 id = firstId;
    for (const auto &[output, input] : items) {
        QVariantList row =
            test::TestLog::standardRow(id, u"summarize"_s, u"2026-11-20T09:%1:00Z"_s.arg(id % 60, 2, 10, QChar(u'0')),
                                       output.isNull() ? QVariant() : QVariant(output));
        row[5] = input.isNull() ? QVariant() : QVariant(input);
        rows << row;
        ++id;
    }
    return rows;
}

} // namespace

class TestSearchIndex : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void supports();
    void buildAndSearch_data();
    void buildAndSearch();
    void indexAgreesWithScan();
    void indexIsReallyUsed();
    void nonAsciiCaseKnownGap();
    void incrementalCatchUp();
    void appendedRowsAreFoundBeforeIndexing();
    void shortSearchesScan();
    void batchesCanStopAndResume();
    void cancelBeforeStart();
    void emptyLog();
    void rowidLogWithoutIdColumn();

private:
    QString openSession(std::unique_ptr<LogSession> &session, const QString &path);
    qint64 count(LogSession &session, const QString &search);

    std::unique_ptr<test::ScopedWorkspaceDir> m_env;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_log;
};

void TestSearchIndex::init()
{
    m_env = std::make_unique<test::ScopedWorkspaceDir>();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_log = test::TestLog::create(*m_dir, test::TestLog::standardColumns(), rowsFor(1, texts));
}

void TestSearchIndex::cleanup()
{
    m_dir.reset();
    m_env.reset();
}

QString TestSearchIndex::openSession(std::unique_ptr<LogSession> &session, const QString &path)
{
    SessionSpec spec;
    spec.source = test::sqliteSource(path);
    auto opened = LogSession::open(spec);
    if (!opened)
        return opened.error();
    session = std::move(*opened);
    if (!session->workspace())
        return u"no workspace: "_s + session->workspaceError();
    return {};
}

qint64 TestSearchIndex::count(LogSession &session, const QString &search)
{
    OutputFilter f;
    f.search = search;
    auto n = session.outputs().count(f);
    if (!n) {
        qWarning("count failed: %s", qPrintable(n.error()));
        return -1;
    }
    return *n;
}

void TestSearchIndex::supports()
{
    std::unique_ptr<LogSession> session;
    const QString err = openSession(session, m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QVERIFY(SearchIndexer::supports(session->schema(), *session->workspace()));
    // A PostgreSQL log is indexed by its integer id; one keyed by text (uuid) or with no id is not.
    LogSchema pg = session->schema();
    pg.dialect = SqlDialect::PostgreSQL;
    QVERIFY(SearchIndexer::supports(pg, *session->workspace()));
    pg.idIsInteger = false;
    QVERIFY(!SearchIndexer::supports(pg, *session->workspace()));
    SearchIndexer indexer(session->connection(), *session->workspace(), pg);
    auto refused = indexer.catchUp();
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(u"integer"_s), qPrintable(refused.error()));
}

void TestSearchIndex::buildAndSearch_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("case-insensitive") << u"refund"_s << qint64(3); // 1, 2, and 8's input
    QTest::newRow("upper case query") << u"REFUND"_s << qint64(3);
    QTest::newRow("inside a word") << u"fund"_s << qint64(4); // + FUNDAMENTAL
    QTest::newRow("quotes in the text") << u"say \"hello\""_s << qint64(1);
    QTest::newRow("apostrophe") << u"don't"_s << qint64(1);
    QTest::newRow("percent literal") << u"100%"_s << qint64(1);
    QTest::newRow("underscore literal") << u"%_off"_s << qint64(1);
    QTest::newRow("in the input") << u"needle_in"_s << qint64(1);
    QTest::newRow("accents") << u"café"_s << qint64(1);
    QTest::newRow("fts operators are text") << u"refund OR shipping"_s << qint64(0);
    QTest::newRow("star is text") << u"refun*"_s << qint64(0);
    QTest::newRow("nothing") << u"zebra crossing"_s << qint64(0);
}

void TestSearchIndex::buildAndSearch()
{
    QFETCH(QString, search);
    QFETCH(qint64, expected);
    std::unique_ptr<LogSession> session;
    const QString err = openSession(session, m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QVERIFY(!session->outputs().searchSupport().indexAttached); // nothing indexed yet

    SearchIndexer indexer(session->connection(), *session->workspace(), session->schema());
    QList<SearchIndexer::Progress> progress;
    auto added = indexer.catchUp([&](const SearchIndexer::Progress &p) {
        progress << p;
        return true;
    });
    QVERIFY2(added.ok(), qPrintable(added.error()));
    QCOMPARE(*added, qint64(texts.size()));
    QCOMPARE(progress.size(), 1);
    QCOMPARE(progress.last().indexedRows, qint64(texts.size()));
    QCOMPARE(progress.last().pendingRows, qint64(0));

    auto state = session->workspace()->searchIndexState();
    QVERIFY2(state.ok(), qPrintable(state.error()));
    QCOMPARE(state->indexedThroughRowid, qint64(texts.size()));
    QCOMPARE(state->indexedRows, qint64(texts.size()));

    session->refreshSearchSupport();
    QVERIFY(session->outputs().searchSupport().indexAttached);
    QCOMPARE(session->outputs().searchSupport().indexedThroughRowid, qint64(texts.size()));
    QCOMPARE(session->searchIndexState().indexedRows, qint64(texts.size()));

    QCOMPARE(count(*session, search), expected);
}

void TestSearchIndex::indexAgreesWithScan()
{
    std::unique_ptr<LogSession> session;
    const QString err = openSession(session, m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    SearchIndexer indexer(session->connection(), *session->workspace(), session->schema());
    QVERIFY(indexer.catchUp().ok());
    session->refreshSearchSupport();
    QVERIFY(session->outputs().searchSupport().indexAttached);
    const SearchSupport indexed = session->outputs().searchSupport();

    for (const QString &term : {u"refund"_s, u"Refund was"_s, u"ticket"_s, u"T-3"_s, u"hello"_s, u"100% sure"_s,
                                u"shipping"_s, u"\"q\": \"null"_s, u"is"_s, u"e"_s, u"zz"_s, u"summary: ship"_s}) {
        session->outputs().setSearchSupport(indexed);
        OutputFilter f;
        f.search = term;
        QStringList withIndex, withScan;
        auto a = session->outputs().forEachRecord(f, {}, -1, [&](const OutputRecord &r) {
            withIndex << r.key.toString();
            return true;
        });
        QVERIFY2(a.ok(), qPrintable(a.error()));
        session->outputs().setSearchSupport(SearchSupport{});
        auto b = session->outputs().forEachRecord(f, {}, -1, [&](const OutputRecord &r) {
            withScan << r.key.toString();
            return true;
        });
        QVERIFY2(b.ok(), qPrintable(b.error()));
        QVERIFY2(withIndex == withScan,
                 qPrintable(term + u": "_s + withIndex.join(u","_s) + u" vs "_s + withScan.join(u","_s)));
    }
}

void TestSearchIndex::indexIsReallyUsed()
{
    // The index is contentless: it remembers what a row said when it was indexed. Changing a
    // row afterwards (a log never does this) tells index answers from scan answers apart.
    std::unique_ptr<LogSession> session;
    const QString err = openSession(session, m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    SearchIndexer indexer(session->connection(), *session->workspace(), session->schema());
    QVERIFY(indexer.catchUp().ok());
    {
        test::WritableDb w(m_log);
        QVERIFY(w.exec(u"UPDATE ai_outputs SET output = 'rewritten' WHERE id = 1"_s));
    }
    session->refreshSearchSupport();
    QCOMPARE(count(*session, u"ISSUED"_s), qint64(1));    // from the index
    QCOMPARE(count(*session, u"rewritten"_s), qint64(0)); // not in the index, and row 1 is covered by it
    session->outputs().setSearchSupport(SearchSupport{});
    QCOMPARE(count(*session, u"ISSUED"_s), qint64(0)); // the scan reads the table
    QCOMPARE(count(*session, u"rewritten"_s), qint64(1));
}

void TestSearchIndex::nonAsciiCaseKnownGap()
{
    // Known gap: the trigram index folds case across Unicode ("CAFÉ" finds "café"), SQLite's
    // LIKE only across ASCII, so rows the index covers and rows it does not (newer ones, short
    // searches) answer differently. Remove the QEXPECT_FAIL once both paths agree.
    std::unique_ptr<LogSession> session;
    const QString err = openSession(session, m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    SearchIndexer indexer(session->connection(), *session->workspace(), session->schema());
    QVERIFY(indexer.catchUp().ok());
    session->refreshSearchSupport();
    QVERIFY(session->outputs().searchSupport().indexAttached);
    const qint64 indexed = count(*session, u"CAFÉ"_s);
    session->outputs().setSearchSupport(SearchSupport{});
    const qint64 scanned = count(*session, u"CAFÉ"_s);
    QCOMPARE(indexed, qint64(1));
    QEXPECT_FAIL("", "LIKE folds ASCII case only; the trigram index folds Unicode case", Continue);
    QCOMPARE(scanned, indexed);
}

void TestSearchIndex::incrementalCatchUp()
{
    std::unique_ptr<LogSession> session;
    const QString err = openSession(session, m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    SearchIndexer indexer(session->connection(), *session->workspace(), session->schema());
    QCOMPARE(*indexer.catchUp(), qint64(texts.size()));
    QCOMPARE(*indexer.catchUp(), qint64(0)); // nothing new

    {
        test::WritableDb w(m_log);
        QVERIFY(w.insertRows(u"ai_outputs"_s, columnNames(),
                             rowsFor(101,
                                     {{u"late arrival about a refund"_s, u"{}"_s},
                                      {u"another late one"_s, u"{}"_s},
                                      {u"third late"_s, u"{\"refund\": true}"_s}})));
    }
    auto added = indexer.catchUp();
    QVERIFY2(added.ok(), qPrintable(added.error()));
    QCOMPARE(*added, qint64(3));
    auto state = session->workspace()->searchIndexState();
    QCOMPARE(state->indexedRows, qint64(texts.size() + 3));
    QCOMPARE(state->indexedThroughRowid, qint64(103));
    QCOMPARE(*indexer.catchUp(), qint64(0));

    session->refreshSearchSupport();
    QCOMPARE(session->outputs().searchSupport().indexedThroughRowid, qint64(103));
    QCOMPARE(count(*session, u"refund"_s), qint64(5));
    QCOMPARE(count(*session, u"late"_s), qint64(3));

    // A second session over the same log and workspace sees the same index.
    std::unique_ptr<LogSession> other;
    const QString err2 = openSession(other, m_log);
    QVERIFY2(err2.isEmpty(), qPrintable(err2));
    QVERIFY(other->outputs().searchSupport().indexAttached);
    QCOMPARE(count(*other, u"late"_s), qint64(3));
}

void TestSearchIndex::appendedRowsAreFoundBeforeIndexing()
{
    std::unique_ptr<LogSession> session;
    const QString err = openSession(session, m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    SearchIndexer indexer(session->connection(), *session->workspace(), session->schema());
    QVERIFY(indexer.catchUp().ok());
    session->refreshSearchSupport();
    QVERIFY(session->outputs().searchSupport().indexAttached);
    QCOMPARE(count(*session, u"brand new"_s), qint64(0));

    {
        test::WritableDb w(m_log);
        QVERIFY(w.insertRows(
            u"ai_outputs"_s, columnNames(),
            rowsFor(500, {{u"a Brand New refund text"_s, u"{}"_s}, {u"x"_s, u"{\"k\": \"brand new\"}"_s}})));
    }
    // A complete index answers alone, so a session sees appended rows once it re-reads the
    // index state (the browser does at every filter change): then rows above
    // indexed_through are scanned.
    QVERIFY(session->outputs().searchSupport().coversAll);
    session->refreshSearchSupport();
    QVERIFY(!session->outputs().searchSupport().coversAll);
    QCOMPARE(session->outputs().searchSupport().indexedThroughRowid, qint64(texts.size()));
    QCOMPARE(count(*session, u"brand new"_s), qint64(2));
    QCOMPARE(count(*session, u"refund"_s), qint64(4));
    // And after indexing, the same answers.
    QCOMPARE(*indexer.catchUp(), qint64(2));
    session->refreshSearchSupport();
    QCOMPARE(count(*session, u"brand new"_s), qint64(2));
    QCOMPARE(count(*session, u"refund"_s), qint64(4));
}

void TestSearchIndex::shortSearchesScan()
{
    std::unique_ptr<LogSession> session;
    const QString err = openSession(session, m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    SearchIndexer indexer(session->connection(), *session->workspace(), session->schema());
    QVERIFY(indexer.catchUp().ok());
    session->refreshSearchSupport();
    QVERIFY(session->outputs().searchSupport().indexAttached);
    // Trigrams cannot answer one or two characters: these scan, and still find.
    QCOMPARE(count(*session, u"ok"_s), qint64(1)); // row 10
    QCOMPARE(count(*session, u"T-"_s), qint64(4)); // the inputs of rows 1-4
    QCOMPARE(count(*session, u"is"_s), qint64(4)); // ISSUED, "is out", "is a code", analysis
    QCOMPARE(count(*session, u"é"_s), qint64(1));
    QCOMPARE(count(*session, u"%"_s), qint64(1));
    QCOMPARE(count(*session, u"_"_s), qint64(2)); // "50%_off" and "needle_in_input"
}

void TestSearchIndex::batchesCanStopAndResume()
{
    QTemporaryDir dir;
    const int n = SearchIndexer::batchRows * 2 + 123;
    QList<QVariantList> rows;
    rows.reserve(n);
    for (int i = 1; i <= n; ++i)
        rows << QVariantList{i, u"f"_s, u"2026-11-20T09:00:00Z"_s,
                             u"row %1 %2"_s.arg(i).arg(i % 1000 == 7 ? u"marker"_s : u"plain"_s)};
    const QString path = test::TestLog::create(
        dir, {u"id INTEGER PRIMARY KEY"_s, u"feature TEXT"_s, u"created_at TEXT"_s, u"output TEXT"_s}, rows);
    std::unique_ptr<LogSession> session;
    const QString err = openSession(session, path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    SearchIndexer indexer(session->connection(), *session->workspace(), session->schema());

    QList<SearchIndexer::Progress> reports;
    auto first = indexer.catchUp([&](const SearchIndexer::Progress &p) {
        reports << p;
        return false; // stop after one batch
    });
    QVERIFY2(first.ok(), qPrintable(first.error()));
    QCOMPARE(*first, qint64(SearchIndexer::batchRows));
    QCOMPARE(reports.size(), 1);
    QCOMPARE(reports.at(0).indexedRows, qint64(SearchIndexer::batchRows));
    QCOMPARE(reports.at(0).pendingRows, qint64(n - SearchIndexer::batchRows));
    QVERIFY(reports.at(0).rowsPerSecond > 0);
    QCOMPARE(session->workspace()->searchIndexState()->indexedThroughRowid, qint64(SearchIndexer::batchRows));

    qint64 markers = 0;
    for (int i = 1; i <= n; ++i)
        markers += i % 1000 == 7;
    // Searching now combines the index (rows 1..5000) with a scan of the rest.
    session->refreshSearchSupport();
    QCOMPARE(count(*session, u"marker"_s), markers);

    int calls = 0;
    auto rest = indexer.catchUp([&](const SearchIndexer::Progress &) {
        ++calls;
        return true;
    });
    QVERIFY2(rest.ok(), qPrintable(rest.error()));
    QCOMPARE(*rest, qint64(n - SearchIndexer::batchRows));
    QCOMPARE(calls, 2);
    auto state = session->workspace()->searchIndexState();
    QCOMPARE(state->indexedRows, qint64(n));
    QCOMPARE(state->indexedThroughRowid, qint64(n));
    session->refreshSearchSupport();
    QCOMPARE(count(*session, u"marker"_s), markers);
}

void TestSearchIndex::cancelBeforeStart()
{
    std::unique_ptr<LogSession> session;
    const QString err = openSession(session, m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    SearchIndexer indexer(session->connection(), *session->workspace(), session->schema());
    std::atomic<bool> cancel{true};
    auto added = indexer.catchUp({}, &cancel);
    QVERIFY2(added.ok(), qPrintable(added.error()));
    QCOMPARE(*added, qint64(0));
    QCOMPARE(session->workspace()->searchIndexState()->indexedThroughRowid, qint64(-1));
    cancel = false;
    QCOMPARE(*indexer.catchUp({}, &cancel), qint64(texts.size()));
}

void TestSearchIndex::emptyLog()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(dir, test::TestLog::standardColumns(), {});
    std::unique_ptr<LogSession> session;
    const QString err = openSession(session, path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    SearchIndexer indexer(session->connection(), *session->workspace(), session->schema());
    auto added = indexer.catchUp();
    QVERIFY2(added.ok(), qPrintable(added.error()));
    QCOMPARE(*added, qint64(0));
    session->refreshSearchSupport();
    QCOMPARE(count(*session, u"anything"_s), qint64(0));
}

void TestSearchIndex::rowidLogWithoutIdColumn()
{
    QTemporaryDir dir;
    const QString path =
        test::TestLog::create(dir, {u"use_case TEXT"_s, u"ts INTEGER"_s, u"response TEXT"_s, u"input_data TEXT"_s},
                              {{u"a"_s, qint64(1763630102), u"first refund"_s, u"{}"_s},
                               {u"b"_s, qint64(1763630103), u"second"_s, u"{\"refund\": 1}"_s},
                               {u"c"_s, qint64(1763630104), u"third"_s, QVariant()}});
    std::unique_ptr<LogSession> session;
    const QString err = openSession(session, path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QVERIFY(session->schema().idIsRowid);
    SearchIndexer indexer(session->connection(), *session->workspace(), session->schema());
    QCOMPARE(*indexer.catchUp(), qint64(3));
    session->refreshSearchSupport();
    QVERIFY(session->outputs().searchSupport().indexAttached);
    QCOMPARE(count(*session, u"refund"_s), qint64(2));
    QCOMPARE(count(*session, u"third"_s), qint64(1));
}

QTEST_GUILESS_MAIN(TestSearchIndex)
#include "tst_searchindex.moc"

// The log is the product's, not ours: everything Assay does leaves the file byte-for-byte as it
// was, never blocks the product's writers, and bad files fail plainly instead of being touched.

#include "browse/LogSession.h"
#include "export/OutputExport.h"
#include "search/SearchIndexer.h"
#include "source/SourceConnection.h"

#include "TestSupport.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

QStringList siblingsOf(const QString &path)
{
    const QFileInfo info(path);
    return QDir(info.absolutePath()).entryList({info.fileName() + u"*"_s}, QDir::Files | QDir::Hidden, QDir::Name);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// Exercises every read path of a session: pages in both directions, counts, records,
// search, distinct values, key walks and an export.
QString browseEverything(LogSession &session)
{
    OutputsRepository &repo = session.outputs();
    PageRequest request;
    request.limit = 100;
    for (int i = 0; i < 5; ++i) {
        auto page = repo.fetchPage(request);
        if (!page)
            return page.error();
        if (page->isEmpty())
            break;
        request.start = PageKey{page->last().sortValue, page->last().key};
    }
    PageRequest last;
    last.reverse = true;
    if (auto page = repo.fetchPage(last); !page)
        return page.error();
    OutputFilter f;
    f.search = u"number 12"_s;
    f.features = {u"classify"_s, u"summarize"_s};
    if (auto n = repo.count(f); !n)
        return n.error();
    if (auto n = repo.count({}); !n)
        return n.error();
    if (auto r = repo.fetchRecord(qint64(5), -1); !r)
        return r.error();
    if (auto d = repo.distinctValues(LogField::Model); !d)
        return d.error();
    if (auto e = repo.estimateTotal(); !e)
        return e.error();
    qint64 keys = 0;
    if (auto w = repo.forEachKey({}, {},
                                 [&](const PageKey &) {
                                     ++keys;
                                     return true;
                                 });
        !w)
        return w.error();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (auto x = exportOutputs(repo, {}, {}, ExportFormat::Jsonl, buffer); !x)
        return x.error();
    if (buffer.data().count('\n') != keys)
        return u"the export wrote %1 rows of %2"_s.arg(buffer.data().count('\n')).arg(keys);
    return {};
}

} // namespace

class TestReadOnly : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void browsingLeavesTheFileUntouched();
    void indexedSearchLeavesTheFileUntouched();
    void writesThroughTheConnectionFail();
    void walLogReadWhileTheProductWrites();
    void lockedLogFailsClearly();
    void badFiles_data();
    void badFiles();
    void readOnlyFileOnDisk();

private:
    std::unique_ptr<test::ScopedWorkspaceDir> m_env;
};

void TestReadOnly::initTestCase()
{
    m_env = std::make_unique<test::ScopedWorkspaceDir>();
}

void TestReadOnly::cleanupTestCase()
{
    m_env.reset();
}

void TestReadOnly::browsingLeavesTheFileUntouched()
{
    QTemporaryDir dir;
    const QString path =
        test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(2000));
    const QByteArray before = test::fileSha256(path);
    const QStringList filesBefore = siblingsOf(path);
    QCOMPARE(filesBefore, QStringList{u"log.sqlite"_s});
    const int connectionsBefore = test::openConnectionCount();
    {
        SessionSpec spec;
        spec.source = test::sqliteSource(path);
        auto session = LogSession::open(spec);
        QVERIFY2(session.ok(), qPrintable(session.error()));
        QVERIFY((*session)->workspace());
        QVERIFY((*session)->workspace()->filePath() != path);
        const QString err = browseEverything(**session);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        // Nothing appears beside the log while it is open either (no -journal, -wal or -shm).
        QCOMPARE(siblingsOf(path), filesBefore);
    }
    QCOMPARE(test::openConnectionCount(), connectionsBefore);
    QCOMPARE(test::fileSha256(path), before);
    QCOMPARE(siblingsOf(path), filesBefore);
}

void TestReadOnly::indexedSearchLeavesTheFileUntouched()
{
    QTemporaryDir dir;
    const QString path =
        test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(3000));
    const QByteArray before = test::fileSha256(path);
    {
        SessionSpec spec;
        spec.source = test::sqliteSource(path);
        auto session = LogSession::open(spec);
        QVERIFY2(session.ok(), qPrintable(session.error()));
        SearchIndexer indexer((*session)->connection(), *(*session)->workspace(), (*session)->schema());
        auto added = indexer.catchUp();
        QVERIFY2(added.ok(), qPrintable(added.error()));
        QCOMPARE(*added, qint64(3000));
        (*session)->refreshSearchSupport();
        QVERIFY((*session)->outputs().searchSupport().indexAttached);
        OutputFilter f;
        f.search = u"number 2999 "_s;
        QCOMPARE(*(*session)->outputs().count(f), qint64(1));
        const QString err = browseEverything(**session);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(siblingsOf(path), QStringList{u"log.sqlite"_s});
    }
    QCOMPARE(test::fileSha256(path), before);
    QCOMPARE(siblingsOf(path), QStringList{u"log.sqlite"_s});
}

void TestReadOnly::writesThroughTheConnectionFail()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(10));
    const QByteArray before = test::fileSha256(path);
    {
        auto conn = SourceConnection::open(test::sqliteSource(path));
        QVERIFY2(conn.ok(), qPrintable(conn.error()));
        QSqlQuery q((*conn)->db());
        for (const QString &sql :
             {u"DELETE FROM ai_outputs"_s, u"UPDATE ai_outputs SET output = 'x'"_s,
              u"CREATE TABLE assay_was_here (x INTEGER)"_s, u"CREATE INDEX i ON ai_outputs (feature)"_s,
              u"PRAGMA journal_mode = WAL"_s, u"PRAGMA user_version = 5"_s, u"VACUUM"_s}) {
            const bool ran = q.exec(sql);
            if (sql.startsWith(u"PRAGMA journal_mode"_s)) {
                // Reported, not applied: a read-only connection cannot change the mode.
                QVERIFY(!ran || (q.next() && q.value(0).toString().toLower() == u"delete"_s));
            } else {
                QVERIFY2(!ran, qPrintable(sql));
            }
        }
        QVERIFY(q.exec(u"SELECT count(*) FROM ai_outputs"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), 10);
        // Attaching something else read-only does not make anything writable.
        const QString other =
            test::TestLog::create(dir, {u"x INTEGER"_s}, {{1}}, {u"t"_s, u"other.sqlite"_s, false, {}});
        const QByteArray otherBefore = test::fileSha256(other);
        QVERIFY((*conn)->attachReadOnly(other, u"o"_s).ok());
        QVERIFY(!q.exec(u"INSERT INTO o.t VALUES (2)"_s));
        (*conn)->detach(u"o"_s);
        QCOMPARE(test::fileSha256(other), otherBefore);
    }
    QCOMPARE(test::fileSha256(path), before);
    QCOMPARE(siblingsOf(path), QStringList{u"log.sqlite"_s});
}

void TestReadOnly::walLogReadWhileTheProductWrites()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(500),
                                               {u"ai_outputs"_s, u"log.sqlite"_s, true, {}});
    test::WritableDb product(path);
    QVERIFY(product.isOpen());
    QVERIFY(product.exec(u"PRAGMA journal_mode"_s));
    // The product is in the middle of a write transaction...
    QVERIFY(product.exec(u"BEGIN IMMEDIATE"_s));
    QStringList names;
    for (const QString &c : test::TestLog::standardColumns())
        names << test::columnNameOf(c);
    QVERIFY(product.exec(u"INSERT INTO ai_outputs (id, feature, created_at, output) VALUES (501, 'late', "
                         "'2026-12-01T00:00:00Z', 'uncommitted')"_s));

    // ...and Assay opens, counts and pages without waiting for it.
    QElapsedTimer clock;
    clock.start();
    SessionSpec spec;
    spec.source = test::sqliteSource(path);
    spec.useWorkspace = false;
    auto session = LogSession::open(spec);
    QVERIFY2(session.ok(), qPrintable(session.error()));
    QCOMPARE(*(*session)->outputs().count({}), qint64(500)); // the uncommitted row is invisible
    auto page = (*session)->outputs().fetchPage(PageRequest{});
    QVERIFY2(page.ok(), qPrintable(page.error()));
    QCOMPARE(page->first().key.toLongLong(), qint64(500));
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));

    // The product commits; the next query sees the row. Assay never held it up.
    QVERIFY(product.exec(u"COMMIT"_s));
    QCOMPARE(*(*session)->outputs().count({}), qint64(501));
    auto newest = (*session)->outputs().fetchPage(PageRequest{});
    QCOMPARE(newest->first().key.toLongLong(), qint64(501));

    // And the product can keep writing while Assay holds its connection open.
    QVERIFY(product.exec(u"INSERT INTO ai_outputs (id, feature, created_at, output) VALUES (502, 'late', "
                         "'2026-12-01T00:00:01Z', 'more')"_s));
    QCOMPARE(*(*session)->outputs().count({}), qint64(502));
}

void TestReadOnly::lockedLogFailsClearly()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(50));
    test::WritableDb product(path);
    QVERIFY(product.isOpen());
    // A rollback-journal database under an EXCLUSIVE lock cannot be read by anyone.
    QVERIFY(product.exec(u"BEGIN EXCLUSIVE"_s));
    QVERIFY(product.exec(u"DELETE FROM ai_outputs WHERE id = 1"_s));

    QElapsedTimer clock;
    clock.start();
    auto conn = SourceConnection::open(test::sqliteSource(path));
    const qint64 waited = clock.elapsed();
    QVERIFY(!conn.ok());
    QVERIFY2(conn.error().contains(path), qPrintable(conn.error()));
    QVERIFY2(conn.error().contains(u"locked by another program"_s), qPrintable(conn.error()));
    QVERIFY2(!conn.error().contains(u"not a readable"_s), qPrintable(conn.error())); // the file is fine
    // It gives up after the busy timeout rather than hanging.
    QVERIFY2(waited < 15000, qPrintable(QString::number(waited)));

    QVERIFY(product.exec(u"ROLLBACK"_s));
    auto later = SourceConnection::open(test::sqliteSource(path));
    QVERIFY2(later.ok(), qPrintable(later.error()));
}

void TestReadOnly::badFiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("mustMention");
    QTest::newRow("not SQLite") << u"text"_s << u"not a SQLite database"_s;
    QTest::newRow("truncated SQLite") << u"truncated"_s << u"not a readable SQLite database"_s;
    QTest::newRow("header only") << u"header"_s << u"not a readable SQLite database"_s;
    QTest::newRow("empty") << u"empty"_s << u"is empty"_s;
    QTest::newRow("directory") << u"dir"_s << u"is a folder"_s;
    QTest::newRow("missing") << u"missing"_s << u"no such file"_s;
}

void TestReadOnly::badFiles()
{
    QFETCH(QString, kind);
    QFETCH(QString, mustMention);
    QTemporaryDir dir;
    QString path = dir.filePath(u"bad.sqlite"_s);
    if (kind == "text"_L1) {
        QVERIFY(writeFile(path, QByteArray("id,feature,output\n1,a,hello\n").repeated(200)));
    } else if (kind == "truncated"_L1 || kind == "header"_L1) {
        const QString real =
            test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(300),
                                  {u"ai_outputs"_s, u"real.sqlite"_s, false, {}});
        QFile f(real);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(writeFile(path, f.read(kind == "truncated"_L1 ? 1000 : 100)));
    } else if (kind == "empty"_L1) {
        QVERIFY(writeFile(path, QByteArray()));
    } else if (kind == "dir"_L1) {
        QVERIFY(QDir().mkpath(path));
    }
    const QByteArray before = kind == "dir"_L1 || kind == "missing"_L1 ? QByteArray() : test::fileSha256(path);
    const int connectionsBefore = test::openConnectionCount();

    auto conn = SourceConnection::open(test::sqliteSource(path));
    if (conn.ok()) {
        conn->reset();
        SessionSpec spec;
        spec.source = test::sqliteSource(path);
        spec.useWorkspace = false;
        auto session = LogSession::open(spec);
        QFAIL(qPrintable(u"SourceConnection::open accepted a damaged file (a session then said: %1)"_s.arg(
            session.ok() ? u"nothing: it opened"_s : session.error())));
    }
    const QString error = conn.error();
    QVERIFY2(error.contains(mustMention), qPrintable(error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QCOMPARE(test::openConnectionCount(), connectionsBefore);
    if (kind == "missing"_L1)
        QVERIFY(!QFile::exists(path)); // never created
    else if (kind != "dir"_L1)
        QCOMPARE(test::fileSha256(path), before);
    QCOMPARE(siblingsOf(path), kind == "missing"_L1 || kind == "dir"_L1 ? QStringList() : QStringList{u"bad.sqlite"_s});

    // The same through a whole session.
    SessionSpec spec;
    spec.source = test::sqliteSource(path);
    auto session = LogSession::open(spec);
    QVERIFY(!session.ok());
    QVERIFY2(session.error().contains(path), qPrintable(session.error()));
}

void TestReadOnly::readOnlyFileOnDisk()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(20));
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    const QByteArray before = test::fileSha256(path);
    SessionSpec spec;
    spec.source = test::sqliteSource(path);
    auto session = LogSession::open(spec);
    QVERIFY2(session.ok(), qPrintable(session.error()));
    const QString err = browseEverything(**session);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QCOMPARE(test::fileSha256(path), before);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
}

QTEST_GUILESS_MAIN(TestReadOnly)
#include "tst_readonly.moc"

// Interrupted statements are recognised by their error codes (SQLITE_INTERRUPT, SQLSTATE
// 57014), not by English text: a localised PostgreSQL server words the message its own way,
// and the browser must still retry a statement an interrupt for a superseded page stopped.

#include "browse/InterruptibleSession.h"
#include "source/ConnectionInterrupter.h"
#include "source/SourceConnection.h"
#include "source/SqlInterruption.h"

#include "TestSupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QElapsedTimer>
#include <QThread>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace assay;

class TestInterruption : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void byCode_data();
    void byCode();
    void realSqliteInterrupt();
    void stopReachesEveryPublishedConnection();
};

void TestInterruption::byCode_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("interrupted");
    // German and French servers (lc_messages) word the cancel their own way.
    QTest::newRow("pg german") << u"FEHLER:  storniere Anfrage wegen Benutzeraufforderung"_s << u"57014"_s << true;
    QTest::newRow("pg french") << u"ERREUR:  annulation de la requête à la demande de l'utilisateur"_s << u"57014"_s
                               << true;
    QTest::newRow("pg english") << u"ERROR:  canceling statement due to user request"_s << u"57014"_s << true;
    QTest::newRow("pg syntax") << u"ERROR:  syntax error"_s << u"42601"_s << false;
    QTest::newRow("sqlite interrupt") << u"interrupted"_s << u"9"_s << true;
    QTest::newRow("sqlite busy") << u"database is locked"_s << u"5"_s << false;
    // Text alone (no code) is never taken for an interruption.
    QTest::newRow("text only") << u"interrupted"_s << QString() << false;
}

void TestInterruption::byCode()
{
    QFETCH(QString, text);
    QFETCH(QString, code);
    QFETCH(bool, interrupted);
    QCOMPARE(isInterruption(QSqlError(QString(), text, QSqlError::StatementError, code)), interrupted);
}

// SourceConnection::interrupt() from another thread stops an endless statement, and the error
// the driver reports is recognised as an interruption.
void TestInterruption::realSqliteInterrupt()
{
    QTemporaryDir dir;
    const QString log = test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(3));
    std::atomic<SourceConnection *> running{nullptr};
    std::atomic<bool> done{false};
    QString openError;
    QSqlError error;
    QThread *thread = QThread::create([&] {
        auto c = SourceConnection::open(test::sqliteSource(log));
        if (!c) {
            openError = c.error();
            done = true;
            return;
        }
        {
            QSqlQuery q((*c)->db());
            running = c->get();
            if (!q.exec(u"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"_s))
                error = q.lastError();
            running = nullptr;
        }
        done = true;
    });
    thread->start();
    QTRY_VERIFY_WITH_TIMEOUT(running.load() || done.load(), 10000);
    QVERIFY2(openError.isEmpty(), qPrintable(openError));
    QTest::qWait(100); // let the statement start stepping
    while (!done.load()) {
        if (SourceConnection *c = running.load())
            c->interrupt();
        QTest::qWait(20);
    }
    thread->wait();
    delete thread;
    QVERIFY2(error.isValid(), "the endless statement was not stopped");
    QVERIFY2(isInterruption(error), qPrintable(error.text() + u" code "_s + error.nativeErrorCode()));
}

QTEST_GUILESS_MAIN(TestInterruption)
// What a closing page does: stop() on the worker's interrupter ends the endless statement its
// published session runs, the session unpublishes itself when it goes, and a session opened
// after stop() is interrupted as it is published (nothing left for the page to wait for).
void TestInterruption::stopReachesEveryPublishedConnection()
{
    QTemporaryDir dir;
    const QString log = test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(3));
    auto interrupter = std::make_shared<ConnectionInterrupter>();
    std::atomic<bool> started{false};
    QString openError;
    QSqlError error;
    QThread *thread = QThread::create([&] {
        InterruptibleSession session(interrupter);
        auto opened = LogSession::open(SessionSpec{test::sqliteSource(log), {}, {}, false});
        if (!opened) {
            openError = opened.error();
            started = true;
            return;
        }
        session = std::move(*opened);
        QSqlQuery q(session->connection().db());
        started = true;
        if (!q.exec(u"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"_s))
            error = q.lastError();
    });
    thread->start();
    QTRY_VERIFY_WITH_TIMEOUT(started.load(), 10000);
    QVERIFY2(openError.isEmpty(), qPrintable(openError));
    QTest::qWait(100); // the statement is running
    QElapsedTimer waited;
    waited.start();
    interrupter->stop();
    QVERIFY(thread->wait(5000));
    qInfo("the thread ended %lld ms after stop()", qint64(waited.elapsed()));
    delete thread;
    QVERIFY2(isInterruption(error), qPrintable(error.text()));
    QVERIFY(interrupter->stopped());
    // stop() is sticky: a session published afterwards is interrupted as it joins, so its
    // next statement is not one the page would wait for (SQLite interrupts only what runs, so
    // this checks the call does not crash on a connection that runs nothing).
    auto late = LogSession::open(SessionSpec{test::sqliteSource(log), {}, {}, false});
    QVERIFY(late.ok());
    InterruptibleSession again(interrupter);
    again = std::move(*late);
    QVERIFY(bool(again));
}

#include "tst_interruption.moc"

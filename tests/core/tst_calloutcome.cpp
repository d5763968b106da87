// The one rule for a failed call, in C++ (the detail pane, the SQLite rollup scan) and as SQL
// (the error filter, the PostgreSQL dashboards): each case below is judged by hand, and the SQL
// form, run by SQLite over the same values, must agree with it and with isFailedCall().

#include "schema/CallOutcome.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

class TestCallOutcome : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rule_data();
    void rule();
    void noOutcomeColumns();
};

void TestCallOutcome::rule_data()
{
    QTest::addColumn<QVariant>("status");
    QTest::addColumn<QVariant>("error");
    QTest::addColumn<bool>("failed");
    const QVariant null = QVariant(QMetaType::fromType<QString>());
    QTest::newRow("ok") << QVariant(u"ok"_s) << null << false;
    QTest::newRow("OK, spaces") << QVariant(u"  OK "_s) << null << false;
    QTest::newRow("success") << QVariant(u"Success"_s) << null << false;
    QTest::newRow("succeeded") << QVariant(u"succeeded"_s) << null << false;
    QTest::newRow("completed") << QVariant(u"COMPLETED"_s) << null << false;
    QTest::newRow("http 200") << QVariant(u"200"_s) << null << false;
    QTest::newRow("empty status says nothing") << QVariant(u""_s) << null << false;
    QTest::newRow("null status says nothing") << null << null << false;
    QTest::newRow("error status") << QVariant(u"error"_s) << null << true;
    QTest::newRow("http 429") << QVariant(u"429"_s) << null << true;
    QTest::newRow("timeout") << QVariant(u"timeout"_s) << null << true;
    QTest::newRow("ok but an error text") << QVariant(u"ok"_s) << QVariant(u"rate limited"_s) << true;
    QTest::newRow("no status, error text") << null << QVariant(u"boom"_s) << true;
    QTest::newRow("empty error") << QVariant(u"ok"_s) << QVariant(u""_s) << false;
}

void TestCallOutcome::rule()
{
    QFETCH(QVariant, status);
    QFETCH(QVariant, error);
    QFETCH(bool, failed);
    QCOMPARE(isFailedCall(status, error), failed);
    if (!status.isNull())
        QCOMPARE(isOkStatusUtf8(status.toString().toStdString()), !failed || !error.toString().isEmpty());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"calloutcome"_s);
        db.setDatabaseName(u":memory:"_s);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.prepare(u"SELECT %1 FROM (SELECT ? AS status, ? AS error)"_s.arg(failedCallSql(u"status"_s, u"error"_s))));
        q.addBindValue(status);
        q.addBindValue(error);
        QVERIFY2(q.exec() && q.next(), qPrintable(q.lastError().text()));
        QCOMPARE(q.value(0).toBool(), failed);
    }
    QSqlDatabase::removeDatabase(u"calloutcome"_s);
}

void TestCallOutcome::noOutcomeColumns()
{
    QCOMPARE(failedCallSql({}, {}), u"(1 = 0)"_s); // a log that records no outcome has no errors
    QVERIFY(!failedCallSql(u"s"_s, {}).contains(u"error"_s));
}

QTEST_GUILESS_MAIN(TestCallOutcome)
#include "tst_calloutcome.moc"

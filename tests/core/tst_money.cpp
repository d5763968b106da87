#include "util/Money.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestMoney : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void formats_data()
    {
        QTest::addColumn<double>("usd");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << 0.0 << u"$0.00"_s;
        QTest::newRow("dollars") << 12.345 << u"$12.35"_s;  // rounding, 2 decimals from $1
        QTest::newRow("cents") << 0.0123 << u"$0.0123"_s;
        QTest::newRow("a cheap call") << 0.0000312 << u"$0.000031"_s; // never $0.0000
        QTest::newRow("negative") << -0.5 << u"-$0.5000"_s;
    }
    void formats()
    {
        QFETCH(double, usd);
        QFETCH(QString, text);
        QCOMPARE(assay::formatUsd(usd), text);
    }
};

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"

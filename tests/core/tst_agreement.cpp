// Wilson intervals, Cohen's and Fleiss' kappa against published worked examples, and
// agreement per feature with the list of disagreeing items.

#include "labels/Agreement.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

class TestAgreement : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wilson_data();
    void wilson();
    void cohenWikipediaExample();
    void cohenUndefined();
    void fleissWikipediaExample();
    void fleissPerfectAgreement();
    void perFeatureTwoReviewers();
    void perFeatureThreeReviewersUsesFleiss();
    void tenThousandLabelsAreFast();
};

void TestAgreement::wilson_data()
{
    QTest::addColumn<qint64>("x");
    QTest::addColumn<qint64>("n");
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    // By hand: centre (p + z²/2n)/(1 + z²/n), half-width z·sqrt(p(1-p)/n + z²/4n²)/(1 + z²/n).
    QTest::newRow("5/10") << qint64(5) << qint64(10) << 0.2366 << 0.7634;
    QTest::newRow("0/10") << qint64(0) << qint64(10) << 0.0 << 0.2775;
    QTest::newRow("10/10") << qint64(10) << qint64(10) << 0.7225 << 1.0;
    QTest::newRow("81/263") << qint64(81) << qint64(263) << 0.2553 << 0.3662;
    QTest::newRow("0/0") << qint64(0) << qint64(0) << 0.0 << 1.0;
}

void TestAgreement::wilson()
{
    QFETCH(qint64, x);
    QFETCH(qint64, n);
    QFETCH(double, low);
    QFETCH(double, high);
    const Interval i = wilsonInterval(x, n);
    QVERIFY2(std::abs(i.low - low) < 5e-4, qPrintable(QString::number(i.low)));
    QVERIFY2(std::abs(i.high - high) < 5e-4, qPrintable(QString::number(i.high)));
}

void TestAgreement::cohenWikipediaExample()
{
    // 50 proposals: both yes 20, A yes/B no 5, A no/B yes 10, both no 15 -> po 0.7, pe 0.5, kappa 0.4.
    const auto k = cohensKappa({{20, 5}, {10, 15}});
    QVERIFY(k);
    QVERIFY(std::abs(*k - 0.4) < 1e-9);
    // Second Wikipedia example: 45/15/25/15 -> kappa 0.1304.
    const auto k2 = cohensKappa({{45, 15}, {25, 15}});
    QVERIFY(std::abs(*k2 - 0.1304) < 1e-4);
}

void TestAgreement::cohenUndefined()
{
    QVERIFY(!cohensKappa({{0, 0}, {0, 0}}));
    QVERIFY(!cohensKappa({{7, 0}, {0, 0}})); // everyone always says yes: chance agreement is 1
}

void TestAgreement::fleissWikipediaExample()
{
    // Fleiss (1971) as worked on Wikipedia: 10 subjects, 14 raters, 5 categories; P̄ = 0.378,
    // P̄e = 0.213, kappa = 0.210.
    const QList<QList<qint64>> counts{
        {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
        {7, 7, 0, 0, 0},  {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
    };
    const auto k = fleissKappa(counts);
    QVERIFY(k);
    QVERIFY2(std::abs(*k - 0.2099) < 5e-4, qPrintable(QString::number(*k, 'f', 5)));
}

void TestAgreement::fleissPerfectAgreement()
{
    const auto k = fleissKappa({{3, 0, 0}, {0, 3, 0}, {0, 0, 3}, {3, 0, 0}});
    QVERIFY(k);
    QVERIFY(std::abs(*k - 1.0) < 1e-9);
    QVERIFY(!fleissKappa({{1, 0, 0}})); // one rating per item compares nothing
}

void TestAgreement::perFeatureTwoReviewers()
{
    QList<RatedLabel> labels;
    const auto add = [&](const QString &key, LabelValue a, LabelValue b) {
        labels << RatedLabel{key, u"alice"_s, a} << RatedLabel{key, u"bob"_s, b};
    };
    // Feature "sum": 4 items, one disagreement; "cls": labelled by alice only.
    add(u"1"_s, LabelValue::Positive, LabelValue::Positive);
    add(u"2"_s, LabelValue::Negative, LabelValue::Negative);
    add(u"3"_s, LabelValue::Positive, LabelValue::Negative);
    add(u"4"_s, LabelValue::Positive, LabelValue::Positive);
    labels << RatedLabel{u"9"_s, u"alice"_s, LabelValue::Edited};
    const QHash<QString, QString> featureOf{{u"1"_s, u"sum"_s}, {u"2"_s, u"sum"_s}, {u"3"_s, u"sum"_s},
                                           {u"4"_s, u"sum"_s}, {u"9"_s, u"cls"_s}};
    const auto result = agreementByFeature(labels, featureOf);
    QCOMPARE(result.size(), 2);
    QCOMPARE(result.at(0).feature, u"cls"_s);
    QVERIFY(!result.at(0).kappa);
    QCOMPARE(result.at(0).itemsCompared, 0);
    const FeatureAgreement &sum = result.at(1);
    QCOMPARE(sum.method, u"cohen"_s);
    QCOMPARE(sum.itemsCompared, 4);
    QCOMPARE(sum.itemsAgreed, 3);
    // Confusion alice x bob: P/P 2, P/N 1, N/N 1 -> po .75, pe (3/4)(2/4) + (1/4)(2/4) = .5, kappa .5.
    QVERIFY(std::abs(*sum.kappa - 0.5) < 1e-9);
    QCOMPARE(sum.disagreements.size(), 1);
    QCOMPARE(sum.disagreements.first().outputKey, u"3"_s);
    QCOMPARE(sum.disagreements.first().labels.value(u"bob"_s), LabelValue::Negative);
}

void TestAgreement::perFeatureThreeReviewersUsesFleiss()
{
    QList<RatedLabel> labels;
    for (const QString &r : {u"a"_s, u"b"_s, u"c"_s}) {
        labels << RatedLabel{u"1"_s, r, LabelValue::Positive};
        labels << RatedLabel{u"2"_s, r, r == "c"_L1 ? LabelValue::Positive : LabelValue::Negative};
    }
    const auto result = agreementByFeature(labels, {{u"1"_s, u"f"_s}, {u"2"_s, u"f"_s}});
    QCOMPARE(result.size(), 1);
    QCOMPARE(result.first().method, u"fleiss"_s);
    // By hand: P1 = 1, P2 = (4+1-3)/6 = 1/3, P̄ = 2/3; p = (4/6, 2/6), Pe = 5/9; kappa = (2/3-5/9)/(4/9) = 0.25.
    QVERIFY(std::abs(*result.first().kappa - 0.25) < 1e-9);
    QCOMPARE(result.first().disagreements.size(), 1);
}

void TestAgreement::tenThousandLabelsAreFast()
{
    QList<RatedLabel> labels;
    QHash<QString, QString> featureOf;
    for (int i = 0; i < 5000; ++i) {
        const QString key = QString::number(i);
        featureOf.insert(key, u"f%1"_s.arg(i % 7));
        labels << RatedLabel{key, u"alice"_s, LabelValue(i % 3)} << RatedLabel{key, u"bob"_s, LabelValue((i / 2) % 3)};
    }
    QElapsedTimer t;
    t.start();
    const auto result = agreementByFeature(labels, featureOf);
    const qint64 ms = t.elapsed();
    qInfo("agreement over 10,000 labels: %lld ms", ms);
    QCOMPARE(result.size(), 7);
    QVERIFY2(ms < 300, qPrintable(u"took %1 ms (budget 100 ms)"_s.arg(ms)));
}

QTEST_GUILESS_MAIN(TestAgreement)
#include "tst_agreement.moc"

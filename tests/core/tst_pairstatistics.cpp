// The A/B statistics against reference values computed outside this code:
// - binomial / sign / McNemar p-values: exact sums of C(n, i) / 2^n with Python's fractions.Fraction
//   (math.comb), e.g. 34 of 50 -> 0.015346677832630107 (the issue's example, "p = 0.015");
// - Student t quantiles: mpmath.findroot on mpmath.betainc (30 digits), matching R's qt(0.975, df);
// - the paired-difference interval: Python's statistics.mean / statistics.stdev and that quantile;
// - Holm: R's p.adjust(c(.01, .04, .03, .005), "holm") = 0.03 0.06 0.06 0.02;
// - Wilson: the closed form in Python; pairs to decide: a linear search over N in Python with the
//   rate held at wins/decisive (not rounded to whole wins).

#include "eval/PairStatistics.h"

#include <QTest>

#include <cmath>

using namespace assay;

class TestPairStatistics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void binomial_data();
    void binomial();
    void signAndMcNemarAreBinomialOnTheirCounts();
    void holm();
    void tQuantiles_data();
    void tQuantiles();
    void meanDifferenceInterval();
    void wilsonOfTheIssueExample();
    void morePairs_data();
    void morePairs();
};

void TestPairStatistics::binomial_data()
{
    QTest::addColumn<qint64>("k");
    QTest::addColumn<qint64>("n");
    QTest::addColumn<double>("expected");
    QTest::newRow("34 of 50") << qint64(34) << qint64(50) << 0.015346677832630107;
    QTest::newRow("0 of 1") << qint64(0) << qint64(1) << 1.0;
    QTest::newRow("0 of 5") << qint64(0) << qint64(5) << 0.0625;
    QTest::newRow("1 of 10") << qint64(1) << qint64(10) << 0.021484375;
    QTest::newRow("9 of 10") << qint64(9) << qint64(10) << 0.021484375;
    QTest::newRow("5 of 10") << qint64(5) << qint64(10) << 1.0;
    QTest::newRow("7 of 10") << qint64(7) << qint64(10) << 0.34375;
    QTest::newRow("60 of 100") << qint64(60) << qint64(100) << 0.05688793364098079;
    QTest::newRow("520 of 1000") << qint64(520) << qint64(1000) << 0.21744829320414094;
    QTest::newRow("5100 of 10000") << qint64(5100) << qint64(10000) << 0.04658552770494739;
    QTest::newRow("0 of 20") << qint64(0) << qint64(20) << 1.9073486328125e-06;
    QTest::newRow("3 of 3") << qint64(3) << qint64(3) << 0.25;
    QTest::newRow("nothing") << qint64(0) << qint64(0) << 1.0;
}

void TestPairStatistics::binomial()
{
    QFETCH(qint64, k);
    QFETCH(qint64, n);
    QFETCH(double, expected);
    const double got = exactBinomialTwoSidedP(k, n);
    QVERIFY2(std::fabs(got - expected) <= 1e-12 * std::max(1.0, expected) + 1e-15,
             qPrintable(QString::number(got, 'g', 17)));
}

void TestPairStatistics::signAndMcNemarAreBinomialOnTheirCounts()
{
    QCOMPARE(signTestP(34, 16), exactBinomialTwoSidedP(34, 50));
    QCOMPARE(signTestP(16, 34), signTestP(34, 16)); // two-sided: symmetric
    // 9 pairs only A passed, 1 only B: the binomial on 10 discordant pairs.
    QVERIFY(std::fabs(mcnemarExactP(9, 1) - 0.021484375) < 1e-15);
    QCOMPARE(mcnemarExactP(0, 0), 1.0); // no discordant pair: no evidence
}

void TestPairStatistics::holm()
{
    const QList<double> adjusted = holmAdjust({0.01, 0.04, 0.03, 0.005});
    const QList<double> expected{0.03, 0.06, 0.06, 0.02};
    QCOMPARE(adjusted.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i)
        QVERIFY2(std::fabs(adjusted[i] - expected[i]) < 1e-15, qPrintable(QString::number(adjusted[i], 'g', 17)));
    QCOMPARE(holmAdjust({0.6, 0.9}), (QList<double>{1.0, 1.0})); // capped at 1
    QCOMPARE(holmAdjust({0.02}), (QList<double>{0.02}));        // a family of one is unadjusted
    QVERIFY(holmAdjust({}).isEmpty());
}

void TestPairStatistics::tQuantiles_data()
{
    QTest::addColumn<double>("df");
    QTest::addColumn<double>("expected");
    QTest::newRow("1") << 1.0 << 12.7062047361747039;
    QTest::newRow("2") << 2.0 << 4.30265272974946372;
    QTest::newRow("5") << 5.0 << 2.57058183563631547;
    QTest::newRow("10") << 10.0 << 2.22813885198627472;
    QTest::newRow("30") << 30.0 << 2.04227245630123828;
    QTest::newRow("100") << 100.0 << 1.98397151852355226;
    QTest::newRow("1000") << 1000.0 << 1.96233908082640846;
}

void TestPairStatistics::tQuantiles()
{
    QFETCH(double, df);
    QFETCH(double, expected);
    const double got = studentTQuantile(0.975, df);
    QVERIFY2(std::fabs(got - expected) < 1e-9, qPrintable(QString::number(got, 'g', 17)));
    QVERIFY(std::fabs(studentTQuantile(0.025, df) + expected) < 1e-9); // symmetric
}

void TestPairStatistics::meanDifferenceInterval()
{
    const auto small = meanDifference({1, 2, 3, 4, 5});
    QVERIFY(small);
    QCOMPARE(small->n, qint64(5));
    QVERIFY(std::fabs(small->mean - 3) < 1e-15);
    QVERIFY(std::fabs(small->low - 1.0367568385224424) < 1e-9);
    QVERIFY(std::fabs(small->high - 4.963243161477558) < 1e-9);
    // Cost deltas in dollars: a positive mean whose interval still includes zero.
    const auto costs = meanDifference({0.012, -0.003, 0.004, 0.001, -0.002, 0.007, 0.0});
    QVERIFY(costs);
    QVERIFY(std::fabs(costs->mean - 0.0027142857142857142) < 1e-15);
    QVERIFY(std::fabs(costs->low - -0.0022292227511723894) < 1e-12);
    QVERIFY(std::fabs(costs->high - 0.007657794179743818) < 1e-12);
    QVERIFY(!meanDifference({4.2}));
    QVERIFY(!meanDifference({}));
    const auto constant = meanDifference({2, 2, 2});
    QVERIFY(constant && constant->low == 2 && constant->high == 2);
}

void TestPairStatistics::wilsonOfTheIssueExample()
{
    // "B wins 34 of 50 decisive pairs (68%, 95% CI 54-79%)"
    const Interval ci = wilsonInterval(34, 50);
    QVERIFY(std::fabs(ci.low - 0.5418970269185592) < 1e-12);
    QVERIFY(std::fabs(ci.high - 0.7924178373934316) < 1e-12);
}

void TestPairStatistics::morePairs_data()
{
    QTest::addColumn<qint64>("wins");
    QTest::addColumn<qint64>("decisive");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("decided already") << qint64(34) << qint64(50) << qint64(0);
    QTest::newRow("60% of 10") << qint64(6) << qint64(10) << qint64(87);
    QTest::newRow("60% of 20") << qint64(12) << qint64(20) << qint64(77);
    QTest::newRow("55% of 100") << qint64(55) << qint64(100) << qint64(285);
    QTest::newRow("50.1% of 1000") << qint64(501) << qint64(1000) << qint64(959365);
    QTest::newRow("40% of 10 (worse)") << qint64(4) << qint64(10) << qint64(87);
}

void TestPairStatistics::morePairs()
{
    QFETCH(qint64, wins);
    QFETCH(qint64, decisive);
    QFETCH(qint64, expected);
    const auto more = morePairsToDecide(wins, decisive);
    QVERIFY(more);
    QCOMPARE(*more, expected);
    QVERIFY(!morePairsToDecide(5, 10)); // exactly even: no number of such pairs decides
    QVERIFY(!morePairsToDecide(0, 0));
}

QTEST_GUILESS_MAIN(TestPairStatistics)
#include "tst_pairstatistics.moc"

#include "eval/PairStatistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace assay {

namespace {

// log C(n, k), exact enough for n in the millions (lgamma is accurate to ~1e-15 relative).
double logChoose(qint64 n, qint64 k)
{
    return std::lgamma(double(n) + 1) - std::lgamma(double(k) + 1) - std::lgamma(double(n - k) + 1);
}

// Continued fraction of the regularized incomplete beta function (Lentz's method).
double betaContinuedFraction(double a, double b, double x)
{
    constexpr double tiny = 1e-300;
    constexpr double epsilon = 1e-15;
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = 1 / (std::fabs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 1000; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
        d = 1 + aa * d;
        d = 1 / (std::fabs(d) < tiny ? tiny : d);
        c = 1 + aa / c;
        c = std::fabs(c) < tiny ? tiny : c;
        h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
        d = 1 + aa * d;
        d = 1 / (std::fabs(d) < tiny ? tiny : d);
        c = 1 + aa / c;
        c = std::fabs(c) < tiny ? tiny : c;
        const double step = d * c;
        h *= step;
        if (std::fabs(step - 1) < epsilon)
            break;
    }
    return h;
}

// I_x(a, b), the regularized incomplete beta function.
double incompleteBeta(double a, double b, double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x)
                                  + b * std::log1p(-x));
    if (x < (a + 1) / (a + b + 2))
        return front * betaContinuedFraction(a, b, x) / a;
    return 1 - front * betaContinuedFraction(b, a, 1 - x) / b;
}

// P(T <= t) for Student's t with df degrees of freedom.
double studentTCdf(double t, double df)
{
    const double tail = 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t * t));
    return t >= 0 ? 1 - tail : tail;
}

} // namespace

double exactBinomialTwoSidedP(qint64 successes, qint64 n)
{
    if (n <= 0)
        return 1;
    const qint64 k = std::min(successes, n - successes);
    if (2 * k == n)
        return 1;
    // Sum the smaller tail in log space (terms grow towards the centre, so add from the top down).
    const double logHalfN = double(n) * std::log(0.5);
    double tail = 0;
    for (qint64 i = k; i >= 0; --i) {
        const double term = std::exp(logChoose(n, i) + logHalfN);
        tail += term;
        if (term < tail * 1e-17)
            break;
    }
    return std::min(1.0, 2 * tail);
}

double signTestP(qint64 wins, qint64 losses)
{
    return exactBinomialTwoSidedP(wins, wins + losses);
}

double mcnemarExactP(qint64 onlyAPassed, qint64 onlyBPassed)
{
    return exactBinomialTwoSidedP(onlyAPassed, onlyAPassed + onlyBPassed);
}

QList<double> holmAdjust(const QList<double> &pValues)
{
    const qsizetype m = pValues.size();
    QList<qsizetype> order(m);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) { return pValues[a] < pValues[b]; });
    QList<double> adjusted(m, 1.0);
    double running = 0;
    for (qsizetype rank = 0; rank < m; ++rank) {
        const qsizetype i = order[rank];
        running = std::max(running, std::min(1.0, double(m - rank) * pValues[i]));
        adjusted[i] = running;
    }
    return adjusted;
}

double studentTQuantile(double p, double df)
{
    // Bisection on the CDF: monotone, and 200 halvings reach double precision from any bracket.
    double low = -1e3, high = 1e3;
    for (int i = 0; i < 200 && high - low > 1e-12; ++i) {
        const double mid = (low + high) / 2;
        (studentTCdf(mid, df) < p ? low : high) = mid;
    }
    return (low + high) / 2;
}

std::optional<MeanDifference> meanDifference(const QList<double> &differences)
{
    const qsizetype n = differences.size();
    if (n < 2)
        return std::nullopt;
    // Two passes: the mean, then the squared deviations (stable where a running sum is not).
    const double mean = std::accumulate(differences.begin(), differences.end(), 0.0) / double(n);
    double squares = 0;
    for (double d : differences)
        squares += (d - mean) * (d - mean);
    const double se = std::sqrt(squares / double(n - 1) / double(n));
    const double t = studentTQuantile(0.975, double(n - 1));
    return MeanDifference{n, mean, mean - t * se, mean + t * se};
}

std::optional<qint64> morePairsToDecide(qint64 wins, qint64 decisive)
{
    return moreTrialsToExclude(wins, decisive, 0.5);
}

} // namespace assay

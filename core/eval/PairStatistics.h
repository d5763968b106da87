#pragma once

#include "labels/Agreement.h"

#include <QList>

#include <optional>

namespace assay {

// The exact tests and intervals an A/B comparison reports. Pure functions of counts, so each is
// tested against values computed outside this code (see tests/core/tst_pairstatistics.cpp).

// Two-sided exact binomial test of `successes` in `n` against p = 0.5: the probability, under
// "no difference", of a split at least as uneven as the one seen. 1 when n is 0.
double exactBinomialTwoSidedP(qint64 successes, qint64 n);

// Sign test over the decisive pairs (ties excluded): wins against losses.
double signTestP(qint64 wins, qint64 losses);

// Exact McNemar test on the discordant pairs of a paired pass/fail outcome: pairs where only
// A passed against pairs where only B passed (a binomial test of one against their sum).
double mcnemarExactP(qint64 onlyAPassed, qint64 onlyBPassed);

// Holm's step-down adjustment of a family of p-values, returned in the input order; each
// adjusted value is at least its raw value and never above 1.
QList<double> holmAdjust(const QList<double> &pValues);

// Mean of paired differences with a two-sided 95% Student t interval; none for fewer than two values.
struct MeanDifference {
    qint64 n = 0;
    double mean = 0;
    double low = 0;
    double high = 0;
};
std::optional<MeanDifference> meanDifference(const QList<double> &differences);

// Quantile of Student's t distribution with `df` degrees of freedom (p in (0, 1)).
double studentTQuantile(double p, double df);

// How many more decisive pairs would make the 95% Wilson interval exclude 50% if the win rate
// stayed exactly at wins/decisive. 0 when it already does; none when the rate is exactly 50% (or there
// are no decisive pairs), since no number of such pairs would.
std::optional<qint64> morePairsToDecide(qint64 wins, qint64 decisive);

} // namespace assay

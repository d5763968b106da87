#pragma once

#include <QtGlobal>

#include <optional>

namespace assay {

struct Interval {
    double low = 0;
    double high = 0;
};

inline constexpr double kZ95 = 1.959963984540054;

// Wilson score interval of a proportion (z = 1.96 for 95%); [0, 1] when n is 0. The one
// interval behind every rate Assay shows with uncertainty: feedback and label rates, the A/B
// win rate, quality targets.
Interval wilsonInterval(qint64 successes, qint64 n, double z = kZ95);

// How many more trials would make the 95% Wilson interval exclude `threshold` if the rate stayed
// exactly at successes/n. 0 when it already does; none when no number would (n is 0, the rate
// equals the threshold, or the threshold is 0 or 1 and the rate is there).
std::optional<qint64> moreTrialsToExclude(qint64 successes, qint64 n, double threshold);

} // namespace assay

#include "util/Money.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

QString formatUsd(double usd)
{
    const double magnitude = std::abs(usd);
    int decimals = 2;
    if (magnitude == 0.0)
        decimals = 2;
    else if (magnitude < 0.0001)
        decimals = 6;
    else if (magnitude < 1.0)
        decimals = 4;
    return (usd < 0 ? u"-$"_s : u"$"_s) + QString::number(magnitude, 'f', decimals);
}

} // namespace assay

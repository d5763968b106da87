#pragma once

#include <QString>

namespace assay {

// "$12.34", "$0.0123", "$0.000031": enough decimals that a single call's cost, often a few
// thousandths of a cent, never shows as $0.0000.
QString formatUsd(double usd);

} // namespace assay

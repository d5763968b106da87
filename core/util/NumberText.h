#pragma once

#include <QString>

namespace assay {

// How Assay writes counts and shares in reports, audits and targets: the same on every machine,
// whatever its locale.
QString formatCount(qint64 n);         // "12,345"
QString formatShare(double fraction);  // 0.123 -> "12.3%"
// For shares that are often small (errors, failures, feedback capture): two decimals under 1%,
// so 0.008 reads "0.80%" and not "0.8%" beside "12.3%"; 0 is "0.0%".
QString formatSmallShare(double fraction);

} // namespace assay

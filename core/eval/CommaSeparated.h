#pragma once

#include "util/Result.h"

#include <QStringList>

namespace assay {

// promptfoo's comma-separated list values ("a, b, \"c, d\""): fields trimmed, empty ones
// skipped, double quotes keep commas (\" or "" inside them writes a quote); an unterminated
// quote is an error rather than a silently different list.
Result<QStringList> splitCommaSeparated(const QString &value);

} // namespace assay

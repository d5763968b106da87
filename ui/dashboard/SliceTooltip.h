#pragma once

#include "analytics/UsageBucket.h"

#include <QString>

namespace assay {

// The exact figures of one period x group, as a hover shows them (rich text).
QString sliceTooltip(const UsageBucket &cell, const QString &period, const QString &group);

} // namespace assay

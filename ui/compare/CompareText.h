#pragma once

#include <QString>

namespace assay {

// Figures as the Compare view writes them.
QString percentText(double fraction);             // "68%"
QString pValueText(double p);                     // "0.015", "< 0.001" (a table's p column)
QString pStatement(double p);                     // "p = 0.015", "p < 0.001"
QString metricName(const QString &metric);        // "cost_usd" -> "Cost"
QString metricValue(const QString &metric, double value); // "$0.0020", "312 ms", "25 tokens"

} // namespace assay

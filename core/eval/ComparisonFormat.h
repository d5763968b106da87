#pragma once

#include "eval/ComparisonSummary.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace assay {

// The ways a comparison leaves Assay: JSON for scripts, Markdown for a pull request or the
// weekly report, JUnit XML for CI systems, and plain text for a terminal. One comparison is
// one object; several (targets against one baseline) are {"adjustment": "holm", "comparisons": [...]}.
QJsonObject comparisonToJson(const ComparisonSummary &summary);
QByteArray comparisonsToJson(const QList<ComparisonSummary> &family);
QString comparisonsToMarkdown(const QList<ComparisonSummary> &family);
QString comparisonsToText(const QList<ComparisonSummary> &family);
// One test case for the verdict (fails unless B is better) and one per check (fails when B is
// significantly worse on it), so a CI system shows which gate stopped the change.
QByteArray comparisonsToJUnit(const QList<ComparisonSummary> &family);

// Whether `assay compare --require-better` lets a change through: B better at alpha, no check
// significantly worse.
bool passesRequireBetter(const ComparisonSummary &summary);

} // namespace assay

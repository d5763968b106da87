#pragma once

#include "report/WeeklyReportData.h"
#include "schema/LogSchema.h"
#include "util/Result.h"

namespace assay {

class SourceConnection;
class Workspace;

// End-user feedback rates per feature, from the week's figures by feature.
QList<FeedbackRates> feedbackRatesOf(const QList<VolumeRow> &byFeature);

// Reviewer labels on the week's outputs: rates and agreement per feature, and the negatives
// (those with a note first), into `data` (week, negativeCap set). Labels live in the workspace;
// which week an output belongs to is the log's word, so labels are matched to the log by id.
Result<void> collectReviewerQuality(SourceConnection &connection, const LogSchema &schema, Workspace &workspace,
                                    int excerptChars, WeeklyReportData &data);

} // namespace assay

#pragma once

#include "query/FilterSql.h"
#include "util/Result.h"

#include <QStringList>

namespace assay {

class Workspace;

// The output keys whose current reviewer label matches `criteria`, read from the workspace.
// Filters use this when the log cannot reach the workspace inside its own query (a
// PostgreSQL log or workspace): the keys are then bound as one list.
Result<QStringList> labelledKeys(Workspace &workspace, const LabelCriteria &criteria);

} // namespace assay

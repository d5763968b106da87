#pragma once

#include "compare/CompareTypes.h"
#include "util/Result.h"

namespace assay {

class Workspace;

// The replay runs a comparison can be made over, newest first, each with its sides.
Result<QList<CompareRunChoice>> listComparableRuns(Workspace &workspace);

} // namespace assay

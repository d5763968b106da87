#pragma once

#include "eval/CheckResultStore.h"
#include "util/Result.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace assay {

class Workspace;

// "Fails check X" over the stored results of logged outputs: an output fails a check when the
// newest stored result of a check of that name (whatever set it came from) failed, and applied.
// One rule, used inside a query when the workspace is attached to the log (the SQL below), and
// as a list of keys otherwise.

// The subjects ("log:KEY") that fail `checkName`, as a SELECT over `table` (the workspace's
// check_results, qualified for where the query runs) with one placeholder for the name.
QString failingSubjectsSql(const QString &table);
// Keys of the logged outputs that fail `checkName`.
Result<QStringList> failingOutputKeys(Workspace &workspace, const QString &checkName);
// The newest applicable stored result of `checkName` for every logged output that has one:
// output key -> failed. (The same "newest result" rule as the failing set above.)
Result<QHash<QString, bool>> latestCheckOutcomes(Workspace &workspace, const QString &checkName);
// Names of the checks some logged output fails, for a picker.
Result<QStringList> failingCheckNames(Workspace &workspace);
// The newest stored result of each check for one logged output, failures first, then by name.
Result<QList<StoredCheckResult>> latestCheckResults(Workspace &workspace, const QString &outputKey);

} // namespace assay

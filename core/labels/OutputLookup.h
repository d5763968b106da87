#pragma once

#include "schema/LogSchema.h"
#include "util/Result.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace assay {

class SourceConnection;

struct OutputFacts {
    QString feature;
    QString feedback; // end-user feedback as logged ("" when none)
};

// Feature and end-user feedback of the given outputs, looked up by id in chunks. Keys missing
// from the result are not in the log (any more): their labels are kept and flagged.
Result<QHash<QString, OutputFacts>> lookupOutputs(SourceConnection &connection, const LogSchema &schema,
                                                  const QStringList &keys);

} // namespace assay

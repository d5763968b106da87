#pragma once

#include "schema/LogSchema.h"
#include "util/CalendarWeek.h"
#include "util/Result.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace assay {

class SourceConnection;

// What the report shows of one output: enough to find it again and to recognise it.
struct OutputBrief {
    QString key;
    QString feature;
    QDateTime createdAt; // UTC
    QString feedback;    // end-user feedback as logged
    QString excerpt;     // the first characters of the output, white space collapsed
};

// The outputs among `keys` that were created within `week` (keys of other weeks, or no longer
// in the log, are left out). Looked up by id in chunks, so thousands of labels cost a few
// indexed queries, not a scan.
Result<QHash<QString, OutputBrief>> weekOutputsByKey(SourceConnection &connection, const LogSchema &schema,
                                                     const QStringList &keys, const CalendarWeek &week,
                                                     int excerptChars);

// The newest `limit` outputs of `week` whose end user gave negative feedback.
Result<QList<OutputBrief>> endUserNegatives(SourceConnection &connection, const LogSchema &schema,
                                            const CalendarWeek &week, int limit, int excerptChars);

// `text` on one line (runs of white space become one space), cut to `chars` with an ellipsis.
QString excerptOf(const QString &text, int chars);

} // namespace assay

#pragma once

#include "util/Result.h"

#include <QDateTime>
#include <QString>

#include <functional>

namespace assay {

struct DemoOptions {
    qint64 rows = 200000;
    quint64 seed = 42;
    QDateTime end; // newest timestamp bound (exclusive); invalid => start of the next UTC day
    int days = 60; // span of history
};

// Writes a realistic demo log to `path`: an SQLite file with the ai_outputs table (extended fields
// of log-schema.md), the prompt_versions registry and the usual indexes, in WAL mode like a live
// product database. The same options give a byte-identical file (with the same SQLite library).
//
// The file is built as PATH.partial and renamed at the end, replacing an existing PATH; a failed or
// cancelled run leaves no file behind. progress(done, total) is called every 10,000 rows and once at
// the end of the inserts; returning false cancels, and the result is the failure "cancelled".
Result<void> writeDemoLog(const QString &path, const DemoOptions &options,
                          const std::function<bool(qint64, qint64)> &progress = {});

// The end bound writeDemoLog uses for these options: options.end in UTC, or the next UTC midnight.
QDateTime demoLogEnd(const DemoOptions &options);

} // namespace assay

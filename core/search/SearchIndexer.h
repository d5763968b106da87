#pragma once

#include "schema/LogSchema.h"
#include "util/Result.h"

#include <atomic>
#include <functional>

namespace assay {

class SourceConnection;
class Workspace;

// Builds and extends the workspace's FTS5 trigram index over a log's outputs and inputs (a
// SQLite log by rowid, a PostgreSQL log by its integer id). Logs are append-mostly, so the index follows the rowid: each pass indexes only rows
// above the highest rowid it has seen, in committed batches, and can stop between any two.
class SearchIndexer {
public:
    SearchIndexer(SourceConnection &source, Workspace &workspace, LogSchema schema);

    static bool supports(const LogSchema &schema, const Workspace &workspace);

    struct Progress {
        qint64 indexedRows = 0;   // in the index now
        qint64 pendingRows = 0;   // estimated rows still to index
        double rowsPerSecond = 0;
    };

    // Indexes everything new, a batch at a time. `progress` is called after each batch and
    // returns false to stop (what was committed stays). Returns the rows added.
    Result<qint64> catchUp(const std::function<bool(const Progress &)> &progress = {},
                           const std::atomic<bool> *cancel = nullptr);

    // Texts longer than these are indexed by their beginning only (outputs can be megabytes).
    static constexpr int indexedOutputChars = 32 * 1024;
    static constexpr int indexedInputChars = 8 * 1024;
    static constexpr int batchRows = 5000;

private:
    Result<qint64> pendingEstimate(qint64 after);
    QString keyExpr() const; // what the index is keyed by: rowid, or a PostgreSQL log's integer id

    SourceConnection &m_source;
    Workspace &m_workspace;
    LogSchema m_schema;
};

} // namespace assay

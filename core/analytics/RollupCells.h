#pragma once

#include "analytics/LatencyHistogram.h"
#include "schema/LogSchema.h"

#include <QList>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3_stmt;

namespace assay {

// The rollup grain: one UTC hour x feature x model x prompt name x prompt version x tier band.
// Texts are kept exactly as logged (NULL apart from ''), so rollups filter the way the log's
// own WHERE clause would; trimming and "name@version" happen when a query groups them.
// `band` counts the stored tier thresholds a call's prompt exceeds (0 for a logged cost).
struct RollupKey {
    std::optional<qint64> hour; // hours since 1970 UTC; none for rows whose time cannot be read
    int feature = -1, model = -1, promptName = -1, promptVersion = -1; // RollupTexts ids, -1 = NULL
    int band = 0;
    bool operator==(const RollupKey &) const = default;
};

struct RollupKeyHash {
    size_t operator()(const RollupKey &k) const;
};

// What a rollup row sums. Cost is not here: it is computed at query time from the token sums
// (and the logged-cost sum), so a new price needs no rebuild.
struct RollupCell {
    qint64 calls = 0;
    qint64 inputTokens = 0, outputTokens = 0, cacheReadTokens = 0, cacheWriteTokens = 0; // as logged
    double loggedUsd = 0;
    qint64 loggedCalls = 0;
    qint64 unloggedCalls = 0, noUsageCalls = 0;
    // Tokens of the calls without a logged cost, as priced with the Auto input convention.
    qint64 pricedInput = 0, pricedOutput = 0, pricedCacheRead = 0, pricedCacheWrite = 0;
    qint64 errors = 0, feedbackPositive = 0, feedbackNegative = 0, feedbackEdited = 0;
    LatencyHistogram latency;

    void merge(const RollupCell &other);
};

// Interned texts of the rollup's text columns.
class RollupTexts {
public:
    int id(std::string_view text);
    const std::string &text(int id) const { return m_names.at(size_t(id)); }

private:
    std::unordered_map<std::string, int> m_ids;
    std::vector<std::string> m_names;
};

// Rollup cells being built from log rows, or merged with stored rows.
class RollupAccumulator {
public:
    // Column order of the log statement addRow() reads.
    enum LogColumn { Rowid, Ts, Feature, Model, PromptName, PromptVersion, In, Out, Read, Write, Cost, Latency,
                     Status, Error, Feedback, LogColumnCount };

    explicit RollupAccumulator(QList<qint64> thresholds) : m_thresholds(std::move(thresholds)) {}

    // The SELECT list of the log statement, in LogColumn order ("rowid, created_at, ...").
    static QString logSelectList(const LogSchema &schema);

    void addRow(sqlite3_stmt *st);
    RollupCell &cell(const RollupKey &key) { return m_cells[key]; }
    int textId(sqlite3_stmt *st, int col); // -1 for NULL

    const std::unordered_map<RollupKey, RollupCell, RollupKeyHash> &cells() const { return m_cells; }
    const RollupTexts &texts() const { return m_texts; }
    qint64 rowsAdded() const { return m_rows; }

private:
    int bandOf(qint64 promptTokens) const;
    bool excludesCache(int model);

    QList<qint64> m_thresholds;
    RollupTexts m_texts;
    std::unordered_map<RollupKey, RollupCell, RollupKeyHash> m_cells;
    std::unordered_map<int, bool> m_excludesCache; // by model text id
    qint64 m_rows = 0;
};

} // namespace assay

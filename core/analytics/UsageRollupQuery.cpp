#include "analytics/UsageRollups.h"

#include "analytics/RollupStore.h"
#include "analytics/SqliteColumns.h"
#include "analytics/TimeBuckets.h"
#include "browse/LogSession.h"
#include "query/FilterSql.h"

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr qint64 msPerHour = 3'600'000;

qint64 floorHour(qint64 ms)
{
    return ms >= 0 ? ms / msPerHour : -((-ms + msPerHour - 1) / msPerHour);
}

// What a rollup row (or a cell of edge rows) is keyed by, as texts; NULL apart from ''.
struct RowTexts {
    std::string_view feature, model, promptName;
    std::optional<std::string_view> promptVersion;
};

// Folds rollup rows into the request's period x group x model x epoch x band cells, the way
// SqliteUsageScan folds log rows, and finishes them into a UsageScan.
class RollupFolder {
public:
    struct GroupAcc {
        qint64 errors = 0, positive = 0, negative = 0, edited = 0;
        LatencyCounts latency;
    };

    RollupFolder(const AggregateRequest &request, const PricingPlan &plan, const QList<qint64> &storedCuts)
        : m_request(request), m_plan(plan), m_periods(request.period, request.timeZone)
    {
        // A stored band lies inside one band of the current table, whose thresholds are a
        // subset of the stored ones: the calls above T[b-1] are above exactly the current
        // thresholds <= T[b-1].
        m_bandMap.push_back(0);
        for (qint64 cut : storedCuts)
            m_bandMap.push_back(int(std::upper_bound(plan.thresholds().cbegin(), plan.thresholds().cend(), cut)
                                    - plan.thresholds().cbegin()));
    }

    // Adds the sums of one row of `hour`; the caller adds its latency counts to the result.
    GroupAcc &fold(qint64 hour, const RowTexts &texts, int storedBand, const RollupCell &c)
    {
        const qint64 hourMs = hour * msPerHour;
        const int period = m_periods.indexOf(hourMs);
        std::string_view groupText;
        switch (m_request.groupBy) {
        case UsageGroupBy::Feature: groupText = texts.feature; break;
        case UsageGroupBy::Model: groupText = texts.model; break;
        case UsageGroupBy::Prompt:
            if (texts.promptVersion) {
                m_promptKey.assign(texts.promptName);
                m_promptKey += '@';
                m_promptKey += *texts.promptVersion;
                groupText = m_promptKey;
            } else {
                groupText = texts.promptName;
            }
            break;
        case UsageGroupBy::None:
        case UsageGroupBy::User: break;
        }
        const int group = m_groups.id(groupText);
        const int model = m_models.id(texts.model);
        const int band = storedBand >= 0 && size_t(storedBand) < m_bandMap.size() ? m_bandMap[size_t(storedBand)] : 0;

        ModelCell &m = m_cells[CellKey{period, group, model, m_plan.epochOfMs(hourMs), band}];
        m.calls += c.calls;
        m.inputTokens += c.inputTokens;
        m.outputTokens += c.outputTokens;
        m.cacheReadTokens += c.cacheReadTokens;
        m.cacheWriteTokens += c.cacheWriteTokens;
        m.loggedUsd += c.loggedUsd;
        m.loggedCalls += c.loggedCalls;
        m.unloggedCalls += c.unloggedCalls;
        m.noUsageCalls += c.noUsageCalls;
        m.pricedInput += c.pricedInput;
        m.pricedOutput += c.pricedOutput;
        m.pricedCacheRead += c.pricedCacheRead;
        m.pricedCacheWrite += c.pricedCacheWrite;

        GroupAcc &g = m_groupAccs[{period, group}];
        g.errors += c.errors;
        g.positive += c.feedbackPositive;
        g.negative += c.feedbackNegative;
        g.edited += c.feedbackEdited;
        return g;
    }

    UsageScan finish()
    {
        UsageScan scan;
        for (auto &[key, cell] : m_cells) {
            cell.periodStartMs = m_periods.spans().at(key.period).startMs;
            cell.group = m_groups.names.at(key.group);
            cell.model = m_models.names.at(key.model);
            cell.epoch = key.epoch;
            cell.band = key.band;
            scan.cells.append(std::move(cell));
        }
        for (auto &[key, acc] : m_groupAccs) {
            GroupCell g;
            g.periodStartMs = m_periods.spans().at(key.first).startMs;
            g.group = m_groups.names.at(key.second);
            const LatencyHistogram latency = acc.latency.histogram();
            g.latencyCalls = latency.count();
            g.p50 = latency.percentile(0.5);
            g.p95 = latency.percentile(0.95);
            g.errors = acc.errors;
            g.feedbackPositive = acc.positive;
            g.feedbackNegative = acc.negative;
            g.feedbackEdited = acc.edited;
            scan.groups.append(std::move(g));
        }
        return scan;
    }

private:
    // Group and model names by their bytes, trimmed as the scan trims them; a QString is made
    // once per distinct name, not once per row.
    struct Interned {
        std::unordered_map<std::string, int> ids;
        QStringList names;
        std::string key;
        int id(std::string_view text)
        {
            while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
                text.remove_prefix(1);
            while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
                text.remove_suffix(1);
            key.assign(text);
            auto [it, added] = ids.try_emplace(key, int(names.size()));
            if (added)
                names << QString::fromUtf8(text.data(), qsizetype(text.size()));
            return it->second;
        }
    };
    struct CellKey {
        int period, group, model, epoch, band;
        bool operator<(const CellKey &o) const
        {
            return std::tie(period, group, model, epoch, band) < std::tie(o.period, o.group, o.model, o.epoch, o.band);
        }
    };

    const AggregateRequest &m_request;
    const PricingPlan &m_plan;
    PeriodMapper m_periods;
    std::vector<int> m_bandMap;
    Interned m_groups, m_models;
    std::string m_promptKey;
    std::map<CellKey, ModelCell> m_cells;
    std::map<std::pair<int, int>, GroupAcc> m_groupAccs;
};

// The stored rows of hours [fromHour, toHour) (either end open) that pass the filter's
// feature, model and prompt conditions.
Result<SqliteStatement> selectStored(sqlite3 *ws, const OutputFilter &filter, std::optional<qint64> fromHour,
                                     std::optional<qint64> toHour)
{
    QStringList where;
    QVariantList binds;
    if (fromHour) {
        where << u"hour >= ?"_s;
        binds << *fromHour;
    }
    if (toHour) {
        where << u"hour < ?"_s;
        binds << *toHour;
    }
    auto anyOf = [&](const QString &column, const QStringList &values) {
        if (values.isEmpty())
            return;
        QStringList marks;
        for (const QString &v : values) {
            marks << u"?"_s;
            binds << v;
        }
        where << column + u" IN ("_s + marks.join(u',') + u")"_s;
    };
    anyOf(u"feature"_s, filter.features);
    anyOf(u"model"_s, filter.models);
    if (!filter.promptName.isEmpty()) {
        where << u"prompt_name = ?"_s;
        binds << filter.promptName;
        if (!filter.promptVersion.isEmpty()) {
            where << u"prompt_version = ?"_s;
            binds << filter.promptVersion;
        }
    }
    auto st = prepareSqlite(ws, u"SELECT "_s + rollupColumns + u" FROM usage_rollup"_s
                                    + (where.isEmpty() ? QString() : u" WHERE "_s + where.join(u" AND "_s)));
    if (st)
        sqliteBindAll(st->get(), binds);
    return st;
}

std::string_view textOrEmpty(const RollupTexts &texts, int id)
{
    return id < 0 ? std::string_view() : std::string_view(texts.text(id));
}

} // namespace

Result<UsageScan> UsageRollups::query(const AggregateRequest &request, const PricingPlan &plan)
{
    auto wsDb = sqliteHandleOf(m_session.workspace()->db());
    auto logDb = sqliteHandleOf(m_session.connection().db());
    if (!wsDb || !logDb)
        return fail(wsDb ? logDb.error() : wsDb.error());
    sqlite3 *ws = *wsDb;
    auto stored = readRollupState(ws);
    if (!stored || !*stored)
        return fail(stored ? u"the rollups are not built"_s : stored.error());
    const QList<qint64> storedCuts = (*stored)->thresholds;
    if (!std::includes(storedCuts.cbegin(), storedCuts.cend(), plan.thresholds().cbegin(), plan.thresholds().cend()))
        return fail(u"the rollups were cut at other tier thresholds than this price table's; refresh them first"_s);

    // Whole hours come from the rollups; the part of an hour a range starts or ends inside is
    // read from the log (an indexed time range), so any range gives the direct figures.
    const OutputFilter &filter = request.filter;
    const bool timed = filter.since || filter.until;
    std::optional<qint64> fromHour, toHour;
    QList<std::pair<QDateTime, QDateTime>> edges;
    if (filter.since) {
        const qint64 ms = filter.since->toMSecsSinceEpoch();
        fromHour = floorHour(ms) + (ms % msPerHour != 0 ? 1 : 0);
        if (ms % msPerHour != 0) {
            const QDateTime hourEnd = QDateTime::fromMSecsSinceEpoch(*fromHour * msPerHour, QTimeZone::utc());
            edges.append({*filter.since, filter.until ? std::min(hourEnd, *filter.until) : hourEnd});
        }
    }
    if (filter.until) {
        const qint64 ms = filter.until->toMSecsSinceEpoch();
        toHour = floorHour(ms);
        const QDateTime hourStart = QDateTime::fromMSecsSinceEpoch(*toHour * msPerHour, QTimeZone::utc());
        if (ms % msPerHour != 0 && (!fromHour || *toHour >= *fromHour))
            edges.append({filter.since ? std::max(hourStart, *filter.since) : hourStart, *filter.until});
    }

    RollupFolder folder(request, plan, storedCuts);
    UsageScan undated;
    if (!fromHour || !toHour || *fromHour < *toHour) {
        auto st = selectStored(ws, filter, fromHour, toHour);
        if (!st)
            return fail(u"cannot read the rollups: %1"_s.arg(st.error()));
        sqlite3_stmt *row = st->get();
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(row)) == SQLITE_ROW) {
            const RollupCell c = storedRollupSums(row);
            if (sqlite3_column_type(row, 0) == SQLITE_NULL) {
                if (!timed)
                    undated.undatedRows += c.calls;
                continue;
            }
            const RowTexts texts{sqliteText(row, 1), sqliteText(row, 2), sqliteText(row, 3),
                                 sqlite3_column_type(row, 4) == SQLITE_NULL ? std::nullopt
                                                                            : std::optional(sqliteText(row, 4))};
            folder.fold(sqlite3_column_int64(row, 0), texts, sqlite3_column_int(row, 5), c)
                .latency.addEncoded(static_cast<const char *>(sqlite3_column_blob(row, rollupHistColumn)),
                                    sqlite3_column_bytes(row, rollupHistColumn));
        }
        if (rc != SQLITE_DONE)
            return fail(u"cannot read the rollups: %1"_s.arg(QString::fromUtf8(sqlite3_errmsg(ws))));
    }

    const LogSchema &schema = m_session.schema();
    for (const auto &[since, until] : edges) {
        OutputFilter edgeFilter = filter;
        edgeFilter.since = since;
        edgeFilter.until = until;
        const SqlConditions where = filterConditions(schema, edgeFilter, m_session.outputs().searchSupport());
        auto st = prepareSqlite(*logDb, u"SELECT "_s + RollupAccumulator::logSelectList(schema) + u" FROM "_s
                                            + schema.qualifiedTable() + where.whereClause());
        if (!st)
            return fail(u"cannot read %1: %2"_s.arg(schema.table, st.error()));
        sqliteBindAll(st->get(), where.binds);
        RollupAccumulator edgeRows(storedCuts);
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(st->get())) == SQLITE_ROW)
            edgeRows.addRow(st->get());
        if (rc != SQLITE_DONE)
            return fail(u"reading %1 failed: %2"_s.arg(schema.table, QString::fromUtf8(sqlite3_errmsg(*logDb))));
        const RollupTexts &names = edgeRows.texts();
        for (const auto &[key, cell] : edgeRows.cells()) {
            if (!key.hour)
                continue; // matched the time range as text but has no readable time
            const RowTexts texts{textOrEmpty(names, key.feature), textOrEmpty(names, key.model),
                                 textOrEmpty(names, key.promptName),
                                 key.promptVersion < 0 ? std::nullopt
                                                       : std::optional(textOrEmpty(names, key.promptVersion))};
            folder.fold(*key.hour, texts, key.band, cell).latency.add(cell.latency);
        }
    }

    UsageScan scan = folder.finish();
    scan.undatedRows = undated.undatedRows;
    return scan;
}

} // namespace assay

#include "analytics/UsageRollups.h"

#include "analytics/RollupStore.h"
#include "analytics/SqliteColumns.h"
#include "analytics/TimeBuckets.h"
#include "browse/LogSession.h"

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr qint64 msPerHour = 3'600'000;

} // namespace

Result<UsageScan> UsageRollups::query(const AggregateRequest &request, const PricingPlan &plan)
{
    auto wsDb = sqliteHandleOf(m_session.workspace()->db());
    if (!wsDb)
        return fail(wsDb.error());
    sqlite3 *ws = *wsDb;
    auto stored = readRollupState(ws);
    if (!stored || !*stored)
        return fail(stored ? u"the rollups are not built"_s : stored.error());
    const QList<qint64> storedCuts = (*stored)->thresholds;
    if (!std::includes(storedCuts.cbegin(), storedCuts.cend(), plan.thresholds().cbegin(), plan.thresholds().cend()))
        return fail(u"the rollups were cut at other tier thresholds than this price table's; refresh them first"_s);

    // A stored band lies inside one band of the current table, whose thresholds are a subset
    // of the stored ones (refresh() guarantees it): the calls above T[b-1] are above exactly
    // the current thresholds <= T[b-1].
    std::vector<int> bandMap{0};
    for (qint64 cut : storedCuts)
        bandMap.push_back(int(std::upper_bound(plan.thresholds().cbegin(), plan.thresholds().cend(), cut)
                              - plan.thresholds().cbegin()));

    const OutputFilter &filter = request.filter;
    QStringList where;
    QVariantList binds;
    const bool timed = filter.since || filter.until;
    if (filter.since) {
        where << u"hour >= ?"_s;
        binds << filter.since->toMSecsSinceEpoch() / msPerHour;
    }
    if (filter.until) {
        where << u"hour < ?"_s;
        binds << filter.until->toMSecsSinceEpoch() / msPerHour;
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
    if (!st)
        return fail(u"cannot read the rollups: %1"_s.arg(st.error()));
    sqliteBindAll(st->get(), binds);

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
    } groups, models;
    std::string promptKey;
    struct CellKey {
        int period, group, model, epoch, band;
        bool operator<(const CellKey &o) const
        {
            return std::tie(period, group, model, epoch, band) < std::tie(o.period, o.group, o.model, o.epoch, o.band);
        }
    };
    struct GroupAcc {
        qint64 errors = 0, positive = 0, negative = 0, edited = 0;
        LatencyCounts latency;
    };
    std::map<CellKey, ModelCell> cells;
    std::map<std::pair<int, int>, GroupAcc> groupAccs;
    PeriodMapper periods(request.period, request.timeZone);
    UsageScan scan;
    sqlite3_stmt *row = st->get();

    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(row)) == SQLITE_ROW) {
        const RollupCell c = storedRollupSums(row);
        if (sqlite3_column_type(row, 0) == SQLITE_NULL) {
            if (!timed)
                scan.undatedRows += c.calls;
            continue;
        }
        const qint64 hourMs = sqlite3_column_int64(row, 0) * msPerHour;
        const int period = periods.indexOf(hourMs);
        std::string_view groupText;
        switch (request.groupBy) {
        case UsageGroupBy::Feature: groupText = sqliteText(row, 1); break;
        case UsageGroupBy::Model: groupText = sqliteText(row, 2); break;
        case UsageGroupBy::Prompt:
            if (sqlite3_column_type(row, 4) != SQLITE_NULL) {
                promptKey.assign(sqliteText(row, 3));
                promptKey += '@';
                promptKey += sqliteText(row, 4);
                groupText = promptKey;
            } else {
                groupText = sqliteText(row, 3);
            }
            break;
        case UsageGroupBy::None:
        case UsageGroupBy::User: break;
        }
        const int group = groups.id(groupText);
        const int model = models.id(sqliteText(row, 2));
        const int storedBand = sqlite3_column_int(row, 5);
        const int band = storedBand >= 0 && size_t(storedBand) < bandMap.size() ? bandMap[size_t(storedBand)] : 0;

        ModelCell &m = cells[CellKey{period, group, model, plan.epochOfMs(hourMs), band}];
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

        GroupAcc &g = groupAccs[{period, group}];
        g.errors += c.errors;
        g.positive += c.feedbackPositive;
        g.negative += c.feedbackNegative;
        g.edited += c.feedbackEdited;
        g.latency.addEncoded(static_cast<const char *>(sqlite3_column_blob(row, rollupHistColumn)),
                             sqlite3_column_bytes(row, rollupHistColumn));
    }
    if (rc != SQLITE_DONE)
        return fail(u"cannot read the rollups: %1"_s.arg(QString::fromUtf8(sqlite3_errmsg(ws))));

    for (auto &[key, cell] : cells) {
        cell.periodStartMs = periods.spans().at(key.period).startMs;
        cell.group = groups.names.at(key.group);
        cell.model = models.names.at(key.model);
        cell.epoch = key.epoch;
        cell.band = key.band;
        scan.cells.append(std::move(cell));
    }
    for (auto &[key, acc] : groupAccs) {
        GroupCell g;
        g.periodStartMs = periods.spans().at(key.first).startMs;
        g.group = groups.names.at(key.second);
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

} // namespace assay

#include "analytics/SqliteUsageScan.h"

#include "analytics/SqliteColumns.h"
#include "analytics/TimeBuckets.h"
#include "source/SourceConnection.h"

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

enum Col { Ts, Group1, Group2, Model, In, Out, Read, Write, Cost, Latency, Status, Error, Feedback, ColumnCount };

int digits(const char *p, int n, bool &ok)
{
    int v = 0;
    for (int i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9') {
            ok = false;
            return 0;
        }
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct Interner {
    std::unordered_map<std::string, int> ids;
    QStringList names;
    int id(std::string_view text)
    {
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
            text.remove_prefix(1);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
            text.remove_suffix(1);
        // std::string keys cost an allocation per look-up only for values longer than the
        // small-string buffer; features and models fit.
        auto [it, added] = ids.try_emplace(std::string(text), int(names.size()));
        if (added)
            names << QString::fromUtf8(text.data(), qsizetype(text.size()));
        return it->second;
    }
};

struct CellKey {
    int period, group, model, epoch, band;
    bool operator==(const CellKey &) const = default;
};
struct CellKeyHash {
    size_t operator()(const CellKey &k) const
    {
        size_t h = size_t(k.period) * 0x9E3779B97F4A7C15ull;
        h ^= size_t(k.group) + 0x9E3779B9u + (h << 6) + (h >> 2);
        h ^= size_t(k.model) * 0xC2B2AE3D27D4EB4Full + (h >> 3);
        return h ^ (size_t(k.epoch) << 48) ^ (size_t(k.band) << 56);
    }
};

struct GroupAcc {
    std::vector<double> latencies;
    qint64 errors = 0, positive = 0, negative = 0, edited = 0;
};

} // namespace

std::optional<qint64> parseIsoUtcMs(const char *p, qsizetype n)
{
    if (n < 10 || p[4] != '-' || p[7] != '-')
        return std::nullopt;
    bool ok = true;
    const int y = digits(p, 4, ok), mo = digits(p + 5, 2, ok), d = digits(p + 8, 2, ok);
    if (!ok || mo < 1 || mo > 12 || d < 1 || d > 31)
        return std::nullopt;
    qint64 ms = daysFromCivil(y, mo, d) * 86'400'000;
    if (n == 10)
        return ms;
    if (n < 16 || (p[10] != 'T' && p[10] != ' ') || p[13] != ':')
        return std::nullopt;
    const int h = digits(p + 11, 2, ok), mi = digits(p + 14, 2, ok);
    int s = 0;
    qsizetype i = 16;
    if (i < n && p[i] == ':') {
        if (n < 19)
            return std::nullopt;
        s = digits(p + 17, 2, ok);
        i = 19;
    }
    if (!ok || h > 23 || mi > 59 || s > 60)
        return std::nullopt;
    ms += (h * 3600 + mi * 60 + s) * 1000LL;
    if (i < n && (p[i] == '.' || p[i] == ',')) {
        int frac = 0, scale = 100;
        for (++i; i < n && p[i] >= '0' && p[i] <= '9'; ++i) {
            frac += (p[i] - '0') * scale; // milliseconds; finer digits are dropped, as Qt does
            scale /= 10;
        }
        ms += frac;
    }
    if (i == n || (p[i] == 'Z' && i + 1 == n))
        return ms;
    if (p[i] != '+' && p[i] != '-')
        return std::nullopt;
    const int sign = p[i] == '+' ? 1 : -1;
    const qsizetype rest = n - i - 1;
    int oh = 0, om = 0;
    if (rest == 2) {
        oh = digits(p + i + 1, 2, ok);
    } else if (rest == 4) {
        oh = digits(p + i + 1, 2, ok);
        om = digits(p + i + 3, 2, ok);
    } else if (rest == 5 && p[i + 3] == ':') {
        oh = digits(p + i + 1, 2, ok);
        om = digits(p + i + 4, 2, ok);
    } else {
        return std::nullopt;
    }
    if (!ok)
        return std::nullopt;
    return ms - sign * (oh * 3600 + om * 60) * 1000LL;
}

Result<UsageScan> scanSqliteUsage(SourceConnection &connection, const LogSchema &schema,
                                  const SqlConditions &conditions, const AggregateRequest &request,
                                  const PricingPlan &plan)
{
    const auto handle = sqliteHandleOf(connection.db());
    if (!handle)
        return fail(handle.error());
    sqlite3 *db = *handle;

    auto column = [&](LogField field) { return schema.has(field) ? schema.expr(field) : u"NULL"_s; };
    LogField group1 = LogField::Feature;
    switch (request.groupBy) {
    case UsageGroupBy::Feature: group1 = LogField::Feature; break;
    case UsageGroupBy::Model: group1 = LogField::Model; break;
    case UsageGroupBy::Prompt: group1 = LogField::PromptName; break;
    case UsageGroupBy::User: group1 = LogField::UserId; break;
    case UsageGroupBy::None: break;
    }
    const bool grouped = request.groupBy != UsageGroupBy::None;
    const QStringList select{
        column(LogField::CreatedAt),
        grouped ? column(group1) : u"NULL"_s,
        request.groupBy == UsageGroupBy::Prompt ? column(LogField::PromptVersion) : u"NULL"_s,
        column(LogField::Model), column(LogField::InputTokens), column(LogField::OutputTokens),
        column(LogField::CacheReadTokens), column(LogField::CacheWriteTokens), column(LogField::Cost),
        column(LogField::LatencyMs), column(LogField::Status), column(LogField::Error), column(LogField::Feedback),
    };
    SqlConditions where = conditions;
    where.add(schema.expr(LogField::CreatedAt) + u" IS NOT NULL"_s);
    const QByteArray sql =
        (u"SELECT "_s + select.join(u", "_s) + u" FROM "_s + schema.qualifiedTable() + where.whereClause()).toUtf8();

    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &raw, nullptr) != SQLITE_OK)
        return fail(u"cannot read %1: %2"_s.arg(schema.table, QString::fromUtf8(sqlite3_errmsg(db))));
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> st(raw, &sqlite3_finalize);
    sqliteBindAll(raw, where.binds);

    PeriodMapper periods(request.period, request.timeZone);
    Interner groups, models;
    std::vector<char> excludesCache; // by model id
    std::unordered_map<CellKey, ModelCell, CellKeyHash> cells;
    std::unordered_map<quint64, GroupAcc> groupAccs; // (period << 32 | group)
    UsageScan scan;
    std::string promptKey;

    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        const auto ms = sqliteTimestampMs(raw, Ts);
        if (!ms) {
            ++scan.undatedRows;
            continue;
        }
        const int period = periods.indexOf(*ms);
        int group = 0;
        if (request.groupBy == UsageGroupBy::Prompt && sqlite3_column_type(raw, Group2) != SQLITE_NULL) {
            promptKey.assign(sqliteText(raw, Group1));
            promptKey += '@';
            promptKey += sqliteText(raw, Group2);
            group = groups.id(promptKey);
        } else {
            group = groups.id(sqliteText(raw, Group1));
        }
        const int model = models.id(sqliteText(raw, Model));
        if (size_t(model) >= excludesCache.size())
            excludesCache.push_back(inputExcludesCache(request.inputConvention, models.names.at(model)));

        const auto in = sqliteNumber(raw, In), out = sqliteNumber(raw, Out), read = sqliteNumber(raw, Read),
                   write = sqliteNumber(raw, Write), cost = sqliteNumber(raw, Cost);
        qint64 uncached = tokenCount(in);
        if (!excludesCache[size_t(model)])
            uncached = qMax<qint64>(uncached - tokenCount(read), 0);
        const int band = cost ? 0 : plan.bandOf(uncached + tokenCount(read) + tokenCount(write));
        ModelCell &c = cells[CellKey{period, group, model, plan.epochOfMs(*ms), band}];
        ++c.calls;
        c.inputTokens += tokenCount(in);
        c.outputTokens += tokenCount(out);
        c.cacheReadTokens += tokenCount(read);
        c.cacheWriteTokens += tokenCount(write);
        if (cost) {
            c.loggedUsd += *cost;
            ++c.loggedCalls;
        } else {
            ++c.unloggedCalls;
            if (!in && !out && !read && !write)
                ++c.noUsageCalls;
            c.pricedInput += uncached;
            c.pricedOutput += tokenCount(out);
            c.pricedCacheRead += tokenCount(read);
            c.pricedCacheWrite += tokenCount(write);
        }

        GroupAcc &g = groupAccs[(quint64(quint32(period)) << 32) | quint32(group)];
        if (const auto latency = sqliteNumber(raw, Latency))
            g.latencies.push_back(*latency);
        if (isErrorRow(raw, Status, Error))
            ++g.errors;
        const std::string_view feedback = sqliteText(raw, Feedback);
        g.positive += feedback == "positive";
        g.negative += feedback == "negative";
        g.edited += feedback == "edited";
    }
    if (rc != SQLITE_DONE)
        return fail(u"reading %1 failed: %2"_s.arg(schema.table, QString::fromUtf8(sqlite3_errmsg(db))));

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
        g.periodStartMs = periods.spans().at(int(key >> 32)).startMs;
        g.group = groups.names.at(int(key & 0xffffffffu));
        g.latencyCalls = qint64(acc.latencies.size());
        g.p50 = percentileCont(acc.latencies, 0.5);
        g.p95 = percentileCont(acc.latencies, 0.95);
        g.errors = acc.errors;
        g.feedbackPositive = acc.positive;
        g.feedbackNegative = acc.negative;
        g.feedbackEdited = acc.edited;
        scan.groups.append(std::move(g));
    }
    return scan;
}

} // namespace assay

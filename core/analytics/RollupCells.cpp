#include "analytics/RollupCells.h"

#include "analytics/SqliteColumns.h"
#include "analytics/UsageCells.h"

#include <QString>
#include <QStringList>

#include <sqlite3.h>

#include <algorithm>

namespace assay {

size_t RollupKeyHash::operator()(const RollupKey &k) const
{
    size_t h = size_t(k.hour.value_or(-1)) * 0x9E3779B97F4A7C15ull;
    for (int v : {k.feature, k.model, k.promptName, k.promptVersion, k.band})
        h ^= size_t(v) + 0x9E3779B9u + (h << 6) + (h >> 2);
    return h;
}

void RollupCell::merge(const RollupCell &o)
{
    calls += o.calls;
    inputTokens += o.inputTokens;
    outputTokens += o.outputTokens;
    cacheReadTokens += o.cacheReadTokens;
    cacheWriteTokens += o.cacheWriteTokens;
    loggedUsd += o.loggedUsd;
    loggedCalls += o.loggedCalls;
    unloggedCalls += o.unloggedCalls;
    noUsageCalls += o.noUsageCalls;
    pricedInput += o.pricedInput;
    pricedOutput += o.pricedOutput;
    pricedCacheRead += o.pricedCacheRead;
    pricedCacheWrite += o.pricedCacheWrite;
    errors += o.errors;
    feedbackPositive += o.feedbackPositive;
    feedbackNegative += o.feedbackNegative;
    feedbackEdited += o.feedbackEdited;
    latency.merge(o.latency);
}

int RollupTexts::id(std::string_view text)
{
    auto [it, added] = m_ids.try_emplace(std::string(text), int(m_names.size()));
    if (added)
        m_names.emplace_back(text);
    return it->second;
}

QString RollupAccumulator::logSelectList(const LogSchema &schema)
{
    auto column = [&](LogField field) { return schema.has(field) ? schema.expr(field) : QStringLiteral("NULL"); };
    const QStringList select{QStringLiteral("rowid"),
                             column(LogField::CreatedAt),
                             column(LogField::Feature),
                             column(LogField::Model),
                             column(LogField::PromptName),
                             column(LogField::PromptVersion),
                             column(LogField::InputTokens),
                             column(LogField::OutputTokens),
                             column(LogField::CacheReadTokens),
                             column(LogField::CacheWriteTokens),
                             column(LogField::Cost),
                             column(LogField::LatencyMs),
                             column(LogField::Status),
                             column(LogField::Error),
                             column(LogField::Feedback)};
    return select.join(QStringLiteral(", "));
}

int RollupAccumulator::textId(sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return -1;
    return m_texts.id(sqliteText(st, col));
}

int RollupAccumulator::bandOf(qint64 promptTokens) const
{
    // As PricingPlan::bandOf: a tier applies when the prompt is strictly above its threshold.
    return int(std::lower_bound(m_thresholds.cbegin(), m_thresholds.cend(), promptTokens) - m_thresholds.cbegin());
}

bool RollupAccumulator::excludesCache(int model)
{
    auto it = m_excludesCache.find(model);
    if (it == m_excludesCache.end()) {
        const QString name = model < 0 ? QString() : QString::fromStdString(m_texts.text(model)).trimmed();
        it = m_excludesCache.emplace(model, inputExcludesCache(InputTokens::Auto, name)).first;
    }
    return it->second;
}

void RollupAccumulator::addRow(sqlite3_stmt *st)
{
    // The same reading, pricing split and counting as scanSqliteUsage(), so that summing
    // rollups gives what one scan gives.
    if (sqlite3_column_type(st, Ts) == SQLITE_NULL)
        return; // the scan's "created_at IS NOT NULL"
    ++m_rows;
    RollupKey key;
    if (const auto ms = sqliteTimestampMs(st, Ts))
        key.hour = *ms >= 0 ? *ms / 3'600'000 : -((-*ms + 3'599'999) / 3'600'000);
    key.feature = textId(st, Feature);
    key.model = textId(st, Model);
    key.promptName = textId(st, PromptName);
    key.promptVersion = textId(st, PromptVersion);

    const auto in = sqliteNumber(st, In), out = sqliteNumber(st, Out), read = sqliteNumber(st, Read),
               write = sqliteNumber(st, Write), cost = sqliteNumber(st, Cost);
    qint64 uncached = tokenCount(in);
    if (!excludesCache(key.model))
        uncached = qMax<qint64>(uncached - tokenCount(read), 0);
    key.band = cost ? 0 : bandOf(uncached + tokenCount(read) + tokenCount(write));

    RollupCell &c = m_cells[key];
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
    if (const auto latency = sqliteNumber(st, Latency))
        c.latency.add(*latency);
    if (isErrorRow(st, Status, Error))
        ++c.errors;
    const std::string_view feedback = sqliteText(st, Feedback);
    c.feedbackPositive += feedback == "positive";
    c.feedbackNegative += feedback == "negative";
    c.feedbackEdited += feedback == "edited";
}

} // namespace assay

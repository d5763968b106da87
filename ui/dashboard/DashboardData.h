#pragma once

#include "analytics/TimeBuckets.h"
#include "analytics/UsageBucket.h"
#include "dashboard/DashboardRange.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QTimeZone>

#include <optional>

namespace assay {

// What the dashboard asks for: a range, how to group, at which period, in which zone.
struct DashboardQuery {
    DayRange range;
    UsageGroupBy groupBy = UsageGroupBy::Feature;
    UsagePeriod period = UsagePeriod::Day;
    QTimeZone zone = userTimeZone();
    // Re-read when prompt versions were first used (a whole-log pass, so kept between refreshes
    // of the same source until the user asks to refresh).
    bool rereadPromptHistory = false;
};

// A prompt version that was first used inside the range: a marker on the quality chart.
struct PromptRollout {
    QString ref; // "ticket_summary@v3"
    QDateTime firstSeen;
};

// Everything one refresh of the dashboard shows, computed on the worker thread.
struct DashboardData {
    DashboardQuery query;
    QList<PeriodSpan> periods;          // every period of the range, empty ones too
    QList<UsageBucket> byGroup;         // period x the chosen group: cost, calls and quality charts
    QList<UsageBucket> overall;         // period only: totals, tokens, latency percentiles
    QList<UsageBucket> byFeature;       // period x feature: the table
    QList<UsageBucket> previousByFeature; // the same over the previous range of equal length
    QList<PromptRollout> rollouts;
    std::optional<QDateTime> newestCall; // when the range is empty: where the log's calls are
    bool logIsEmpty = false;
    bool postgres = false;
    qint64 elapsedMs = 0; // how long the worker took: shown, so a slow source is no mystery
    QStringList notes; // what could not be shown and why (no feedback column, no prompt column...)
};

} // namespace assay

Q_DECLARE_METATYPE(assay::DashboardQuery)
Q_DECLARE_METATYPE(assay::DashboardData)

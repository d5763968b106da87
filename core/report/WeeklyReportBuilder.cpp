#include "report/WeeklyReportBuilder.h"

#include "analytics/UsageAggregator.h"
#include "prompts/PromptRegistry.h"
#include "report/ReportBudgets.h"
#include "report/ReportTargets.h"
#include "report/ReportOutputs.h"
#include "report/ReportPromptChanges.h"
#include "report/ReportQuality.h"
#include "report/ReportReplays.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

bool inWeek(const UsageBucket &bucket, const CalendarWeek &week)
{
    return bucket.periodStart.toTimeZone(week.zone).date() == week.monday;
}

// One aggregation over both weeks; the buckets of each week paired by group.
Result<QList<VolumeRow>> volumeBy(UsageAggregator &aggregator, UsageGroupBy groupBy, const WeeklyReportOptions &o,
                                  qint64 &undated)
{
    AggregateRequest request;
    request.filter.since = o.week.previous().start();
    request.filter.until = o.week.end();
    request.period = UsagePeriod::IsoWeek;
    request.groupBy = groupBy;
    request.timeZone = o.week.zone;
    auto buckets = aggregator.aggregate(request);
    if (!buckets)
        return fail(buckets.error());
    undated = aggregator.lastUndatedRows();
    QMap<QString, VolumeRow> rows;
    for (const UsageBucket &b : *buckets) {
        VolumeRow &row = rows[b.group];
        row.group = b.group;
        (inWeek(b, o.week) ? row.current : row.previous) = b;
    }
    QList<VolumeRow> list = rows.values();
    std::stable_sort(list.begin(), list.end(), [](const VolumeRow &a, const VolumeRow &b) {
        if (a.current.costUsd != b.current.costUsd)
            return a.current.costUsd > b.current.costUsd;
        return a.current.calls > b.current.calls;
    });
    return list;
}

Result<QList<DailyCost>> dailyCost(UsageAggregator &aggregator, const WeeklyReportOptions &o)
{
    AggregateRequest request;
    request.filter.since = o.week.previous().start();
    request.filter.until = o.week.end();
    request.period = UsagePeriod::Day;
    request.groupBy = UsageGroupBy::Feature;
    request.timeZone = o.week.zone;
    auto buckets = aggregator.aggregate(request);
    if (!buckets)
        return fail(buckets.error());
    QList<DailyCost> days;
    const QDate first = o.week.previous().monday;
    for (int i = 0; i < 14; ++i)
        days << DailyCost{first.addDays(i), {}, 0};
    for (const UsageBucket &b : *buckets) {
        const qint64 index = first.daysTo(b.periodStart.toTimeZone(o.week.zone).date());
        if (index < 0 || index >= days.size())
            continue;
        days[index].costByFeature[b.group] += b.costUsd;
        days[index].calls += b.calls;
    }
    return days;
}

void collectPromptChanges(LogSession &session, const WeeklyReportOptions &o, WeeklyReportData &data)
{
    auto registry = openPromptRegistry(&session.connection(), o.registry, session.schema().table);
    if (!registry) {
        data.promptsNote = registry.error();
        return;
    }
    auto all = (*registry)->loadAll();
    if (!all) {
        data.promptsNote = all.error();
        return;
    }
    data.promptChanges = promptChangesIn(*all, o.week, &data.undatedPromptVersions);
    data.promptsAvailable = true;
}

} // namespace

double DailyCost::total() const
{
    double sum = 0;
    for (double v : costByFeature)
        sum += v;
    return sum;
}

Change changeBetween(double previous, double current)
{
    Change c;
    c.absolute = current - previous;
    if (previous != 0)
        c.percent = 100.0 * (current - previous) / previous;
    return c;
}

Result<WeeklyReportData> buildWeeklyReport(LogSession &session, const WeeklyReportOptions &options)
{
    if (!options.week.monday.isValid() || options.week.monday.dayOfWeek() != 1)
        return fail(u"the report week must start on a Monday"_s);
    if (!options.week.zone.isValid())
        return fail(u"the time zone is not valid"_s);

    WeeklyReportData data;
    data.sourceName = session.connection().location().displayName();
    data.week = options.week;
    data.generatedAt = QDateTime::currentDateTimeUtc();
    data.negativeCap = options.negativeCap;

    UsageAggregator aggregator(session, options.prices);
    auto totals = volumeBy(aggregator, UsageGroupBy::None, options, data.undatedRows);
    if (!totals)
        return fail(totals.error());
    if (!totals->isEmpty()) {
        data.current = totals->first().current;
        data.previous = totals->first().previous;
    }
    qint64 undated = 0;
    auto byFeature = volumeBy(aggregator, UsageGroupBy::Feature, options, undated);
    if (!byFeature)
        return fail(byFeature.error());
    data.byFeature = *byFeature;
    if (session.schema().has(LogField::Model)) {
        auto byModel = volumeBy(aggregator, UsageGroupBy::Model, options, undated);
        if (!byModel)
            return fail(byModel.error());
        data.byModel = *byModel;
    }
    auto daily = dailyCost(aggregator, options);
    if (!daily)
        return fail(daily.error());
    data.daily = *daily;
    for (const VolumeRow &row : data.byFeature)
        data.features << row.group;

    data.feedback = feedbackRatesOf(data.byFeature);
    data.endUserNegativeCount = data.current.feedbackNegative;
    auto negatives = endUserNegatives(session.connection(), session.schema(), options.week, options.negativeCap,
                                      options.excerptChars);
    if (!negatives)
        return fail(negatives.error());
    for (const OutputBrief &b : *negatives)
        data.endUserNegatives << NegativeExample{b.key, b.feature, b.createdAt.toTimeZone(options.week.zone), {}, {},
                                                 b.excerpt};

    if (Workspace *workspace = session.workspace()) {
        if (auto done = collectReviewerQuality(session.connection(), session.schema(), *workspace,
                                               options.excerptChars, data);
            !done)
            data.labelsNote = done.error();
    } else {
        data.labelsNote = session.workspaceError().isEmpty() ? u"no workspace is open"_s : session.workspaceError();
    }
    collectPromptChanges(session, options, data);
    collectBudgetStatus(session, options.prices, data);
    collectTargetStatus(session, options.prices, options.registry, data);
    collectReplayRuns(session, options.prices, data);
    return data;
}

Result<WeeklyReportData> buildWeeklyReport(const SessionSpec &spec, const WeeklyReportOptions &options)
{
    auto session = LogSession::open(spec);
    if (!session)
        return fail(session.error());
    return buildWeeklyReport(**session, options);
}

} // namespace assay

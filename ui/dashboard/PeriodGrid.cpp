#include "dashboard/PeriodGrid.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

QString noValueLabel()
{
    return QCoreApplication::translate("PeriodGrid", "(none)");
}

QString otherGroupsLabel()
{
    return QCoreApplication::translate("PeriodGrid", "other");
}

int PeriodGrid::periodIndexOf(const QDateTime &instant) const
{
    const qint64 ms = instant.toMSecsSinceEpoch();
    const auto it = std::upper_bound(periods.cbegin(), periods.cend(), ms,
                                     [](qint64 v, const PeriodSpan &p) { return v < p.startMs; });
    if (it == periods.cbegin())
        return -1;
    const auto index = std::distance(periods.cbegin(), it) - 1;
    return ms < periods.at(index).endMs ? int(index) : -1;
}

void addInto(UsageBucket &a, const UsageBucket &b)
{
    a.calls += b.calls;
    a.inputTokens += b.inputTokens;
    a.outputTokens += b.outputTokens;
    a.cacheReadTokens += b.cacheReadTokens;
    a.cacheWriteTokens += b.cacheWriteTokens;
    a.costUsd += b.costUsd;
    a.loggedCostCalls += b.loggedCostCalls;
    a.computedCostCalls += b.computedCostCalls;
    a.unpricedCalls += b.unpricedCalls;
    a.noUsageCalls += b.noUsageCalls;
    for (auto it = b.unpricedModels.cbegin(); it != b.unpricedModels.cend(); ++it)
        a.unpricedModels[it.key()] += it.value();
    a.latencyCalls += b.latencyCalls;
    a.errors += b.errors;
    a.feedbackPositive += b.feedbackPositive;
    a.feedbackNegative += b.feedbackNegative;
    a.feedbackEdited += b.feedbackEdited;
}

PeriodGrid gridOf(const QList<UsageBucket> &buckets, const QList<PeriodSpan> &periods, int maxGroups)
{
    PeriodGrid grid;
    grid.periods = periods;

    QHash<QString, UsageBucket> totals;
    for (const UsageBucket &b : buckets)
        addInto(totals[b.group], b);
    QStringList values = totals.keys();
    std::sort(values.begin(), values.end(), [&](const QString &x, const QString &y) {
        const UsageBucket &a = totals[x];
        const UsageBucket &b = totals[y];
        if (a.costUsd != b.costUsd)
            return a.costUsd > b.costUsd;
        if (a.calls != b.calls)
            return a.calls > b.calls;
        return x < y;
    });

    QHash<QString, int> row;
    const int keep = values.size() > maxGroups ? maxGroups - 1 : int(values.size());
    for (int i = 0; i < values.size(); ++i) {
        if (i < keep) {
            grid.groups << (values[i].isEmpty() ? noValueLabel() : values[i]);
            grid.members << QStringList{values[i]};
        } else if (i == keep) {
            grid.groups << otherGroupsLabel();
            grid.members << QStringList{};
        }
        row.insert(values[i], std::min(i, keep));
        if (i >= keep)
            grid.members.last() << values[i];
    }

    grid.cells.resize(grid.groups.size());
    for (int g = 0; g < grid.groups.size(); ++g) {
        grid.cells[g].resize(periods.size());
        for (int p = 0; p < periods.size(); ++p)
            grid.cells[g][p].periodStart = QDateTime::fromMSecsSinceEpoch(periods[p].startMs);
    }
    for (const UsageBucket &b : buckets) {
        const int p = grid.periodIndexOf(b.periodStart);
        if (p < 0)
            continue;
        UsageBucket &cell = grid.cells[row.value(b.group)][p];
        if (grid.members[row.value(b.group)].size() == 1) {
            const QDateTime start = cell.periodStart;
            cell = b; // one group: its own percentiles stay
            cell.periodStart = start;
        } else {
            addInto(cell, b);
        }
    }
    for (int g = 0; g < grid.groups.size(); ++g) {
        for (UsageBucket &cell : grid.cells[g])
            cell.group = grid.groups[g];
    }
    return grid;
}

} // namespace assay

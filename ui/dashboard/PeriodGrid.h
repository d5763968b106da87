#pragma once

#include "analytics/TimeBuckets.h"
#include "analytics/UsageBucket.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace assay {

// Buckets laid out for charting: one row per group, one cell per period of the range (empty
// periods hold a zero bucket), so every chart indexes the same x positions.
struct PeriodGrid {
    QList<PeriodSpan> periods;
    QStringList groups;           // the shown groups, most expensive first; "other" last if any
    QList<QStringList> members;   // the group values behind each shown group (several for "other")
    QList<QList<UsageBucket>> cells; // [group][period]

    int periodIndexOf(const QDateTime &instant) const; // -1 outside the range
};

// The label for rows without a value in the grouped column.
QString noValueLabel();
QString otherGroupsLabel();

// At most `maxGroups` groups are drawn (a stack of 20 colours tells nothing): the most
// expensive ones (by calls when nothing is priced), the rest merged into "other".
PeriodGrid gridOf(const QList<UsageBucket> &buckets, const QList<PeriodSpan> &periods, int maxGroups);

// Adds b into a (counts and sums; percentiles are left alone, they cannot be merged).
void addInto(UsageBucket &a, const UsageBucket &b);

} // namespace assay

#include "dashboard/SliceFilter.h"

#include <QTimeZone>

namespace assay {

OutputFilter sliceFilter(const PeriodSpan &period, UsageGroupBy groupBy, const QStringList &groupValues)
{
    OutputFilter filter;
    filter.since = QDateTime::fromMSecsSinceEpoch(period.startMs, QTimeZone::utc());
    filter.until = QDateTime::fromMSecsSinceEpoch(period.endMs, QTimeZone::utc());
    QStringList values = groupValues;
    values.removeAll(QString()); // a NULL feature cannot be asked for by value
    if (values.isEmpty() || values.size() != groupValues.size())
        return filter;
    switch (groupBy) {
    case UsageGroupBy::Feature:
        filter.features = values;
        break;
    case UsageGroupBy::Model:
        filter.models = values;
        break;
    case UsageGroupBy::Prompt:
        if (values.size() == 1) {
            // UsageBucket names a prompt "name@version", or "name" when the log has no versions.
            const qsizetype at = values.first().lastIndexOf(u'@');
            filter.promptName = at > 0 ? values.first().left(at) : values.first();
            filter.promptVersion = at > 0 ? values.first().mid(at + 1) : QString();
        }
        break;
    case UsageGroupBy::User:
        if (values.size() == 1)
            filter.userId = values.first();
        break;
    case UsageGroupBy::None:
        break;
    }
    return filter;
}

} // namespace assay

#include "dashboard/SliceTooltip.h"

#include <QCoreApplication>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SliceTooltip", text);
}

} // namespace

QString sliceTooltip(const UsageBucket &cell, const QString &period, const QString &group)
{
    const QLocale l;
    QStringList lines;
    lines << u"<b>%1</b> · %2"_s.arg(group.toHtmlEscaped(), period.toHtmlEscaped());
    // Six decimals: a cheap model's hour costs fractions of a cent, and "exact" means exact.
    lines << tr("cost: $%1").arg(l.toString(cell.costUsd, 'f', 6));
    lines << tr("calls: %1").arg(l.toString(cell.calls));
    lines << tr("tokens: %1 input, %2 output").arg(l.toString(cell.inputTokens), l.toString(cell.outputTokens));
    if (cell.cacheReadTokens || cell.cacheWriteTokens)
        lines << tr("cache: %1 read, %2 written").arg(l.toString(cell.cacheReadTokens), l.toString(cell.cacheWriteTokens));
    if (cell.latencyP50Ms && cell.latencyP95Ms)
        lines << tr("latency: p50 %1 ms, p95 %2 ms")
                     .arg(l.toString(*cell.latencyP50Ms, 'f', 0), l.toString(*cell.latencyP95Ms, 'f', 0));
    if (cell.calls > 0)
        lines << tr("errors: %1 (%2%)").arg(l.toString(cell.errors), l.toString(100.0 * cell.errorRate(), 'f', 1));
    if (cell.feedbackTotal() > 0)
        lines << tr("feedback: %1 positive, %2 negative, %3 edited (%4% positive)")
                     .arg(l.toString(cell.feedbackPositive), l.toString(cell.feedbackNegative),
                          l.toString(cell.feedbackEdited),
                          l.toString(100.0 * double(cell.feedbackPositive) / double(cell.feedbackTotal()), 'f', 1));
    if (cell.unpricedCalls + cell.noUsageCalls > 0)
        lines << tr("not priced: %1 calls").arg(l.toString(cell.unpricedCalls + cell.noUsageCalls));
    if (cell.calls > 0)
        lines << u"<i>%1</i>"_s.arg(tr("Click to open these outputs"));
    return lines.join(u"<br>"_s);
}

} // namespace assay

#include "dashboard/DashboardCharts.h"

#include "dashboard/PeriodAxis.h"

#include <QBarSet>
#include <QCategoryAxis>
#include <QGraphicsSimpleTextItem>
#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QStackedBarSeries>
#include <QValueAxis>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr int maxBottomLegendEntries = 6;

QChart *newChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    QFont f = chart->titleFont();
    f.setBold(true);
    chart->setTitleFont(f);
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont legendFont = chart->legend()->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
    chart->legend()->setFont(legendFont);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    return chart;
}

QValueAxis *valueAxis(const QString &title, const QString &format, double max)
{
    auto *axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setLabelFormat(format);
    axis->setRange(0, max > 0 ? max * 1.05 : 1);
    axis->applyNiceNumbers();
    return axis;
}

// Qt Charts lays a bottom legend out in one row and elides what does not fit, which turns
// "ticket_summary@v3" into "ticke...": past a handful of entries the legend goes to the right,
// one entry per line, and the plot gives up the width.
void placeLegend(QChart *chart, qsizetype entries)
{
    if (entries > maxBottomLegendEntries)
        chart->legend()->setAlignment(Qt::AlignRight);
}

void attach(QChart *chart, QAbstractSeries *series, QAbstractAxis *x, QAbstractAxis *y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

// Points are drawn as dots only while they are far enough apart to be told apart.
QLineSeries *lineSeries(const QString &name, const QColor &color, int groupIndex, qsizetype periods, int plotWidthPx)
{
    auto *series = new QLineSeries;
    series->setName(name);
    QPen pen(color);
    pen.setWidthF(2);
    series->setPen(pen);
    series->setPointsVisible(periods > 0 && plotWidthPx / periods >= 12);
    series->setProperty(groupIndexProperty, groupIndex);
    return series;
}

} // namespace

QColor groupColor(int index)
{
    static const QColor palette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                     QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                     QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f)};
    return palette[index % std::size(palette)];
}

QChart *buildCostChart(const ChartInputs &in)
{
    QChart *chart = newChart(QObject::tr("Cost (USD) per period, by %1").arg(in.groupName));
    auto *series = new QStackedBarSeries;
    series->setObjectName(u"costBars"_s);
    series->setBarWidth(0.8);
    double peak = 0;
    QList<double> stacked(in.groups.periods.size(), 0.0);
    for (int g = 0; g < in.groups.groups.size(); ++g) {
        auto *set = new QBarSet(in.groups.groups[g]);
        set->setColor(groupColor(g));
        set->setBorderColor(groupColor(g));
        for (int p = 0; p < in.groups.periods.size(); ++p) {
            const double cost = in.groups.cells[g][p].costUsd;
            *set << cost;
            stacked[p] += cost;
        }
        series->append(set);
    }
    for (double v : std::as_const(stacked))
        peak = std::max(peak, v);
    auto *x = periodAxis(in.groups.periods, in.period, in.zone, in.plotWidthPx);
    auto *y = valueAxis(QObject::tr("USD"), u"$%.2f"_s, peak);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    attach(chart, series, x, y);
    placeLegend(chart, in.groups.groups.size());
    return chart;
}

QChart *buildVolumeChart(const ChartInputs &in)
{
    QChart *chart = newChart(QObject::tr("Calls and tokens per period"));
    const qsizetype n = in.overall.periods.size();
    QLineSeries *calls = lineSeries(QObject::tr("calls"), QColor(0x1f, 0x77, 0xb4), -1, n, in.plotWidthPx);
    calls->setObjectName(u"callsLine"_s);
    QLineSeries *tokens = lineSeries(QObject::tr("tokens (input + output)"), QColor(0xff, 0x7f, 0x0e), -1, n,
                                     in.plotWidthPx);
    tokens->setObjectName(u"tokensLine"_s);
    double peakCalls = 0;
    double peakTokens = 0;
    // Token counts run to millions: the axis counts thousands or millions so its labels stay
    // short ("4e+04" reads badly). Tooltips keep the exact counts.
    qint64 rawPeak = 0;
    for (const QList<UsageBucket> &row : in.overall.cells)
        for (const UsageBucket &b : row)
            rawPeak = std::max(rawPeak, b.inputTokens + b.outputTokens);
    const double tokenScale = rawPeak >= 1'000'000 ? 1e6 : rawPeak >= 10'000 ? 1e3 : 1;
    const QString tokenUnit = tokenScale == 1e6   ? QObject::tr("million tokens")
                              : tokenScale == 1e3 ? QObject::tr("thousand tokens")
                                                  : QObject::tr("tokens");
    if (!in.overall.cells.isEmpty()) {
        for (int p = 0; p < n; ++p) {
            const UsageBucket &b = in.overall.cells[0][p];
            const double t = double(b.inputTokens + b.outputTokens) / tokenScale;
            calls->append(p, double(b.calls));
            tokens->append(p, t);
            peakCalls = std::max(peakCalls, double(b.calls));
            peakTokens = std::max(peakTokens, t);
        }
    }
    auto *x = periodAxis(in.overall.periods, in.period, in.zone, in.plotWidthPx);
    auto *yCalls = valueAxis(QObject::tr("calls"), u"%.0f"_s, peakCalls);
    auto *yTokens = valueAxis(tokenUnit, tokenScale == 1e6 ? u"%.1f"_s : u"%.0f"_s, peakTokens);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(yCalls, Qt::AlignLeft);
    chart->addAxis(yTokens, Qt::AlignRight);
    attach(chart, calls, x, yCalls);
    attach(chart, tokens, x, yTokens);
    return chart;
}

QChart *buildQualityChart(const ChartInputs &in)
{
    QChart *chart = newChart(QObject::tr("Positive end-user feedback (share of rated calls)"));
    auto *x = periodAxis(in.groups.periods, in.period, in.zone, in.plotWidthPx);
    auto *y = valueAxis(QObject::tr("% positive"), u"%.0f%%"_s, 100);
    y->setRange(0, 100);
    y->setTickCount(5);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    // A share of two answers is noise: a point needs a few rated calls. Periods without enough
    // are left out rather than drawn as 0% (no answer is not a bad one), and the line breaks
    // there instead of drawing a straight segment across days it knows nothing about: each
    // stretch of consecutive points is a series of its own, one legend entry per group.
    constexpr qint64 minRated = 3;
    auto addLine = [&](const PeriodGrid &grid, int row, int groupIndex, const QString &name, const QColor &color,
                       qreal width) {
        QList<QLineSeries *> stretches;
        QLineSeries *current = nullptr;
        for (int p = 0; p < grid.periods.size(); ++p) {
            const UsageBucket &b = grid.cells[row][p];
            if (b.feedbackTotal() < minRated) {
                current = nullptr;
                continue;
            }
            if (!current) {
                current = lineSeries(name, color, groupIndex, grid.periods.size(), in.plotWidthPx);
                current->setObjectName(u"positive:"_s + name);
                QPen pen = current->pen();
                pen.setWidthF(width);
                current->setPen(pen);
                stretches << current;
            }
            current->append(p, 100.0 * double(b.feedbackPositive) / double(b.feedbackTotal()));
        }
        for (qsizetype i = 0; i < stretches.size(); ++i) {
            QLineSeries *line = stretches[i];
            if (line->count() == 1)
                line->setPointsVisible(true); // a lone point has no line to show it
            attach(chart, line, x, y);
            for (QLegendMarker *m : chart->legend()->markers(line))
                m->setVisible(i == 0);
        }
        return !stretches.isEmpty();
    };
    qsizetype legendEntries = 0;
    if (!in.overall.cells.isEmpty())
        legendEntries += addLine(in.overall, 0, -1, QObject::tr("all calls"), QColor(0x22, 0x22, 0x22), 3) ? 1 : 0;
    if (in.groups.groups.size() > 1) {
        for (int g = 0; g < in.groups.groups.size(); ++g)
            legendEntries += addLine(in.groups, g, g, in.groups.groups[g], groupColor(g), 1.3) ? 1 : 0;
    }
    bool firstMarker = true;
    for (const PromptRollout &r : in.rollouts) {
        const int p = in.groups.periodIndexOf(r.firstSeen);
        if (p < 0)
            continue;
        // The line stands where in its period the version appeared: bars centre on p, so the
        // period spans p - 0.5 to p + 0.5.
        const PeriodSpan &span = in.groups.periods[p];
        const double within = double(r.firstSeen.toMSecsSinceEpoch() - span.startMs) / double(span.endMs - span.startMs);
        const double at = p - 0.5 + within;
        auto *marker = new QLineSeries;
        marker->setName(QObject::tr("new prompt version"));
        marker->setObjectName(u"rollout:"_s + r.ref);
        marker->setProperty(rolloutProperty, r.ref);
        QPen pen(QColor(0x55, 0x55, 0x55));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.5);
        marker->setPen(pen);
        marker->append(at, 0);
        marker->append(at, 100);
        attach(chart, marker, x, y);
        // One legend entry explains every dashed line.
        for (QLegendMarker *m : chart->legend()->markers(marker))
            m->setVisible(firstMarker);
        firstMarker = false;
    }
    // One entry per line, and one for all the markers.
    placeLegend(chart, legendEntries + (in.rollouts.isEmpty() ? 0 : 1));
    return chart;
}

void labelRolloutMarkers(QChart *chart)
{
    QList<std::pair<QLineSeries *, QGraphicsSimpleTextItem *>> labels;
    for (QAbstractSeries *s : chart->series()) {
        auto *line = qobject_cast<QLineSeries *>(s);
        if (!line || !line->property(rolloutProperty).isValid() || line->count() < 2)
            continue;
        auto *label = new QGraphicsSimpleTextItem(line->property(rolloutProperty).toString(), chart);
        QFont f = label->font();
        f.setPointSizeF(f.pointSizeF() * 0.8);
        label->setFont(f);
        label->setBrush(QColor(0x55, 0x55, 0x55));
        label->setRotation(-90); // upward along its line, so neighbouring versions do not collide sideways
        labels.append({line, label});
    }
    if (labels.isEmpty())
        return;
    auto place = [chart, labels] {
        for (const auto &[line, label] : labels) {
            const QPointF top = chart->mapToPosition(QPointF(line->at(0).x(), 100), line);
            // Rotated by -90 degrees the text runs up from its origin: start it just below the top.
            label->setPos(top.x() + 2, top.y() + label->boundingRect().width() + 4);
        }
    };
    QObject::connect(chart, &QChart::plotAreaChanged, chart, place);
    place();
}

QChart *buildLatencyChart(const ChartInputs &in)
{
    QChart *chart = newChart(QObject::tr("Latency percentiles (ms)"));
    const qsizetype n = in.overall.periods.size();
    QLineSeries *p50 = lineSeries(QObject::tr("p50"), QColor(0x2c, 0xa0, 0x2c), -1, n, in.plotWidthPx);
    p50->setObjectName(u"p50Line"_s);
    QLineSeries *p95 = lineSeries(QObject::tr("p95"), QColor(0xd6, 0x27, 0x28), -1, n, in.plotWidthPx);
    p95->setObjectName(u"p95Line"_s);
    double peak = 0;
    if (!in.overall.cells.isEmpty()) {
        for (int p = 0; p < n; ++p) {
            const UsageBucket &b = in.overall.cells[0][p];
            if (b.latencyP50Ms)
                p50->append(p, *b.latencyP50Ms);
            if (b.latencyP95Ms) {
                p95->append(p, *b.latencyP95Ms);
                peak = std::max(peak, *b.latencyP95Ms);
            }
        }
    }
    auto *x = periodAxis(in.overall.periods, in.period, in.zone, in.plotWidthPx);
    auto *y = valueAxis(QObject::tr("ms"), u"%.0f"_s, peak);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    attach(chart, p50, x, y);
    attach(chart, p95, x, y);
    return chart;
}

} // namespace assay

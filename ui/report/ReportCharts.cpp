#include "report/ReportCharts.h"

#include "report/ReportFormat.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QGraphicsScene>
#include <QLegend>
#include <QLocale>
#include <QPainter>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// A palette that stays distinguishable in print and for the common colour blindnesses
// (Okabe & Ito), cycled when there are more features than colours.
QColor seriesColour(qsizetype index)
{
    static const QList<QColor> palette{QColor(0x00, 0x72, 0xB2), QColor(0xE6, 0x9F, 0x00), QColor(0x00, 0x9E, 0x73),
                                       QColor(0xCC, 0x79, 0xA7), QColor(0x56, 0xB4, 0xE9), QColor(0xD5, 0x5E, 0x00),
                                       QColor(0xF0, 0xE4, 0x42), QColor(0x99, 0x99, 0x99)};
    return palette.at(index % palette.size());
}

void styleAxes(QChart &chart, const QStringList &categories, double maxValue, const QString &format)
{
    auto *x = new QBarCategoryAxis(&chart);
    x->append(categories);
    // Fourteen days side by side: a smaller font keeps "Wed 10" from being cut to "Wed ...".
    QFont small = x->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    x->setLabelsFont(small);
    auto *y = new QValueAxis(&chart);
    y->setRange(0, maxValue > 0 ? maxValue * 1.1 : 1);
    y->setLabelFormat(format);
    y->applyNiceNumbers();
    chart.addAxis(x, Qt::AlignBottom);
    chart.addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *s : chart.series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
}

// More stacked series than the palette has colours would repeat colours: past that, the
// cheapest features (data.features is by cost) are drawn as one "other" series.
constexpr qsizetype maxStacked = 8;

void dailyCost(QChart &chart, const WeeklyReportData &data)
{
    const bool folded = data.features.size() > maxStacked;
    const QStringList shown = folded ? data.features.mid(0, maxStacked - 1) : data.features;
    auto *series = new QStackedBarSeries(&chart);
    auto addSet = [&](const QString &label, qsizetype colour, const std::function<double(const DailyCost &)> &value) {
        auto *set = new QBarSet(label, series);
        set->setColor(seriesColour(colour));
        set->setBorderColor(seriesColour(colour));
        for (const DailyCost &day : data.daily)
            set->append(value(day));
        series->append(set);
    };
    for (qsizetype i = 0; i < shown.size(); ++i)
        addSet(formatGroup(shown.at(i)), i, [&](const DailyCost &day) { return day.costByFeature.value(shown.at(i)); });
    if (folded) {
        const qsizetype others = data.features.size() - shown.size();
        addSet(u"%1 other features"_s.arg(others), maxStacked - 1, [&](const DailyCost &day) {
            double rest = day.total();
            for (const QString &f : shown)
                rest -= day.costByFeature.value(f);
            return qMax(rest, 0.0);
        });
    }
    series->setBarWidth(0.7);
    chart.addSeries(series);
    QStringList days;
    double highest = 0;
    for (const DailyCost &day : data.daily) {
        days << QLocale(QLocale::English).toString(day.day, u"ddd d"_s);
        highest = qMax(highest, day.total());
    }
    chart.setTitle(u"Daily cost (USD): %1 and %2"_s.arg(data.week.previous().label(), data.week.label()));
    styleAxes(chart, days, highest, u"$%.2f"_s);
}

void callsByFeature(QChart &chart, const WeeklyReportData &data)
{
    auto *series = new QBarSeries(&chart);
    auto *previous = new QBarSet(u"Previous week (%1)"_s.arg(data.week.previous().label()), series);
    auto *current = new QBarSet(u"This week (%1)"_s.arg(data.week.label()), series);
    previous->setColor(QColor(0xB0, 0xB7, 0xC3));
    previous->setBorderColor(previous->color());
    current->setColor(seriesColour(0));
    current->setBorderColor(current->color());
    QStringList features;
    double highest = 0;
    for (const VolumeRow &row : data.byFeature) {
        features << formatGroup(row.group);
        previous->append(double(row.previous.calls));
        current->append(double(row.current.calls));
        highest = qMax(highest, double(qMax(row.previous.calls, row.current.calls)));
    }
    series->append(previous);
    series->append(current);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsFormat(u"@value"_s);
    for (QBarSet *set : {previous, current})
        set->setLabelColor(QColor(0x1f, 0x23, 0x28)); // the default is white, for labels inside bars
    chart.addSeries(series);
    chart.setTitle(u"Calls by feature"_s);
    styleAxes(chart, features, highest, u"%.0f"_s);
}

} // namespace

QImage renderReportChart(const WeeklyReportData &data, ReportChart which, QSize size, qreal scale)
{
    // The scene owns the chart and deletes it with the rest.
    QGraphicsScene scene;
    auto *chart = new QChart;
    scene.addItem(chart);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(8, 8, 8, 8));
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont title = chart->titleFont();
    title.setPointSizeF(title.pointSizeF() * 1.2);
    title.setBold(true);
    chart->setTitleFont(title);
    switch (which) {
    case ReportChart::DailyCostByFeature: dailyCost(*chart, data); break;
    case ReportChart::CallsByFeature: callsByFeature(*chart, data); break;
    }
    const QRectF rect(QPointF(0, 0), QSizeF(size));
    chart->setGeometry(rect);
    scene.setSceneRect(rect);
    QImage image((QSizeF(size) * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    scene.render(&painter, QRectF(image.rect()), rect);
    painter.end();
    image.setDevicePixelRatio(scale);
    return image;
}

} // namespace assay

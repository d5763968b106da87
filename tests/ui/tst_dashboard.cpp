// The dashboard as a product manager drives it: open a demo log, read the totals, hover and
// click a bar to open its outputs, export the table; and the empty cases say why there is
// nothing to chart instead of drawing a blank one.
#include "TestSupport.h"
#include "analytics/UsageAggregator.h"
#include "browse/LogSession.h"
#include "dashboard/ChartExport.h"
#include "dashboard/DashboardChartView.h"
#include "dashboard/DashboardCharts.h"
#include "dashboard/DashboardPage.h"
#include "dashboard/DashboardRange.h"
#include "common/CellTone.h"
#include "dashboard/FeatureTableModel.h"
#include "dashboard/PeriodGrid.h"
#include "dashboard/SliceFilter.h"

#include <QAbstractItemModelTester>
#include <QBarSet>
#include <QChart>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

// Noon of the fixture's last day: "last 30 days" then covers the demo log's last month.
QDateTime fixtureNow()
{
    return test::demoLogFixtureEnd().addSecs(-12 * 3600);
}

QStackedBarSeries *costBars(DashboardPage &page)
{
    for (QAbstractSeries *s : page.costView()->chart()->series()) {
        if (auto *bars = qobject_cast<QStackedBarSeries *>(s))
            return bars;
    }
    return nullptr;
}

QLineSeries *lineNamed(DashboardChartView *view, const QString &objectName)
{
    for (QAbstractSeries *s : view->chart()->series()) {
        if (s->objectName() == objectName)
            return qobject_cast<QLineSeries *>(s);
    }
    return nullptr;
}

qsizetype pointsOf(QAbstractSeries *series)
{
    if (auto *bars = qobject_cast<QAbstractBarSeries *>(series)) {
        qsizetype most = 0;
        for (QBarSet *set : bars->barSets())
            most = std::max(most, qsizetype(set->count()));
        return most;
    }
    if (auto *xy = qobject_cast<QXYSeries *>(series))
        return xy->count();
    return 0;
}

} // namespace

class TestDashboard : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("ASSAY_WORKSPACE_DIR", m_dir.filePath(u"ws"_s).toUtf8());
        m_log = m_dir.filePath(u"demo.sqlite"_s);
        const QString error = test::writeDemoLogFixture(m_log, 4000, 9);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_spec.source = test::sqliteSource(m_log);
    }

    void choosesThePeriodFromRangeAndWidth()
    {
        const QTimeZone zone = QTimeZone::utc();
        const DayRange week{QDate(2026, 11, 1), QDate(2026, 11, 7)};
        QCOMPARE(choosePeriod(week, 800, zone), UsagePeriod::Hour); // 168 hours on 800 px
        QCOMPARE(choosePeriod(week, 500, zone), UsagePeriod::Day);
        const DayRange quarter{QDate(2026, 8, 22), QDate(2026, 11, 19)};
        QCOMPARE(choosePeriod(quarter, 600, zone), UsagePeriod::Day);
        QCOMPARE(choosePeriod(quarter, 300, zone), UsagePeriod::IsoWeek);
        const DayRange years{QDate(2024, 11, 20), QDate(2026, 11, 19)};
        QCOMPARE(choosePeriod(years, 300, zone), UsagePeriod::Month);
        // Whatever is chosen keeps far below two points per pixel.
        for (int width : {120, 300, 555, 800, 1600}) {
            for (const DayRange &r : {week, quarter, years}) {
                const qsizetype points = periodsOf(r, choosePeriod(r, width, zone), zone).size();
                QVERIFY2(points <= 2 * width || points <= 25, qPrintable(u"%1 points on %2 px"_s.arg(points).arg(width)));
            }
        }
        // A Berlin day across the October change is one period of 25 hours.
        const QTimeZone berlin("Europe/Berlin");
        const QList<PeriodSpan> days = periodsOf({QDate(2026, 10, 24), QDate(2026, 10, 26)}, UsagePeriod::Day, berlin);
        QCOMPARE(days.size(), 3);
        QCOMPARE(days[1].endMs - days[1].startMs, 25 * 3600 * 1000LL);
    }

    void sliceFilterNarrowsToTheGroup()
    {
        const PeriodSpan span{1'000'000, 2'000'000};
        OutputFilter f = sliceFilter(span, UsageGroupBy::Prompt, {u"ticket_summary@v3"_s});
        QCOMPARE(f.promptName, u"ticket_summary"_s);
        QCOMPARE(f.promptVersion, u"v3"_s);
        QCOMPARE(f.since->toMSecsSinceEpoch(), 1'000'000);
        QCOMPARE(f.until->toMSecsSinceEpoch(), 2'000'000);
        f = sliceFilter(span, UsageGroupBy::Model, {u"a"_s, u"b"_s});
        QCOMPARE(f.models, (QStringList{u"a"_s, u"b"_s}));
        // Rows without a value cannot be asked for by value: time only (more, never fewer outputs).
        f = sliceFilter(span, UsageGroupBy::Feature, {u"x"_s, QString()});
        QVERIFY(f.features.isEmpty());
        QVERIFY(f.since.has_value());
    }

    void tableComparesWithThePreviousRange()
    {
        auto bucket = [](const QString &feature, qint64 calls, double cost, double p95, qint64 errors, qint64 positive,
                         qint64 negative) {
            UsageBucket b;
            b.group = feature;
            b.calls = calls;
            b.latencyCalls = calls;
            b.costUsd = cost;
            b.inputTokens = calls * 10;
            b.latencyP95Ms = p95;
            b.errors = errors;
            b.feedbackPositive = positive;
            b.feedbackNegative = negative;
            return b;
        };
        // Two periods of "chat": p95 is the calls-weighted mean of the periods' p95 (100 x 1 + 300 x 3) / 4.
        const QList<UsageBucket> now{bucket(u"chat"_s, 100, 2.0, 1000, 2, 8, 2), bucket(u"chat"_s, 300, 4.0, 2000, 2, 0, 0),
                                     bucket(u"search"_s, 50, 1.0, 500, 0, 0, 0)};
        const QList<UsageBucket> before{bucket(u"chat"_s, 200, 4.0, 1000, 8, 5, 5), bucket(u"legacy"_s, 10, 0.5, 900, 0, 0, 0)};
        FeatureTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFigures(featureFigures(now), featureFigures(before));
        QCOMPARE(model.rowCount(), 3);
        auto raw = [&](int row, int column) { return model.index(row, column).data(Qt::UserRole); };
        auto shown = [&](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(raw(0, FeatureTableModel::Feature).toString(), u"chat"_s); // the most expensive first
        QCOMPARE(raw(0, FeatureTableModel::Cost).toDouble(), 6.0);
        QCOMPARE(raw(0, FeatureTableModel::CostChange).toDouble(), 50.0);   // 4 -> 6
        QCOMPARE(raw(0, FeatureTableModel::CallsChange).toDouble(), 100.0); // 200 -> 400
        QCOMPARE(raw(0, FeatureTableModel::P95).toDouble(), 1750.0);
        QCOMPARE(raw(0, FeatureTableModel::P95Change).toDouble(), 75.0);
        QCOMPARE(raw(0, FeatureTableModel::ErrorRate).toDouble(), 1.0);        // 4 of 400
        QCOMPARE(raw(0, FeatureTableModel::ErrorRateChange).toDouble(), -3.0); // from 4%: percentage points
        QCOMPARE(raw(0, FeatureTableModel::PositiveRate).toDouble(), 80.0);    // 8 of 10 rated
        QCOMPARE(raw(0, FeatureTableModel::PositiveRateChange).toDouble(), 30.0);
        QCOMPARE(shown(0, FeatureTableModel::ErrorRateChange), QLocale().toString(-3.0, 'f', 1) + u" pp"_s);
        // New this range: no percentage from nothing.
        QCOMPARE(raw(1, FeatureTableModel::Feature).toString(), u"search"_s);
        QVERIFY(!raw(1, FeatureTableModel::CostChange).isValid());
        QCOMPARE(shown(1, FeatureTableModel::CostChange), u"new"_s);
        QVERIFY(!raw(1, FeatureTableModel::PositiveRate).isValid()); // nobody rated it: no rate, not 0%
        // Gone this range: still listed, at zero, down 100%.
        QCOMPARE(raw(2, FeatureTableModel::Feature).toString(), u"legacy"_s);
        QCOMPARE(raw(2, FeatureTableModel::Calls).toLongLong(), 0);
        QCOMPARE(raw(2, FeatureTableModel::CostChange).toDouble(), -100.0);
        // The model names the tone (worse, better), the delegate picks the colour: no QColor in data().
        const auto tone = [&](int row, int column) { return model.index(row, column).data(CellRole::Tone); };
        QCOMPARE(tone(0, FeatureTableModel::CostChange).toInt(), int(CellTone::Bad));          // +50% cost
        QCOMPARE(tone(0, FeatureTableModel::PositiveRateChange).toInt(), int(CellTone::Good)); // +30 pp positive
        QCOMPARE(tone(0, FeatureTableModel::ErrorRateChange).toInt(), int(CellTone::Good));    // -3 pp errors
        QVERIFY(!tone(0, FeatureTableModel::CallsChange).isValid()); // more calls is neither
        for (int column = 0; column < model.columnCount(); ++column)
            QVERIFY(!model.index(0, column).data(Qt::ForegroundRole).isValid());
    }

    void manyGroupsMergeIntoOther()
    {
        const QTimeZone zone = QTimeZone::utc();
        const QList<PeriodSpan> periods = periodsOf({QDate(2026, 11, 1), QDate(2026, 11, 2)}, UsagePeriod::Day, zone);
        QList<UsageBucket> buckets;
        for (int g = 0; g < 10; ++g) {
            UsageBucket b;
            b.periodStart = QDateTime(QDate(2026, 11, 2), QTime(0, 0), zone);
            b.group = u"f%1"_s.arg(g);
            b.calls = 10 + g;
            b.costUsd = 1.0 + g; // f9 the most expensive
            buckets << b;
        }
        const PeriodGrid grid = gridOf(buckets, periods, 8);
        QCOMPARE(grid.groups.size(), 8);
        QCOMPARE(grid.groups.first(), u"f9"_s);
        QCOMPARE(grid.groups.last(), otherGroupsLabel());
        QCOMPARE(grid.members.last(), (QStringList{u"f2"_s, u"f1"_s, u"f0"_s}));
        QCOMPARE(grid.cells.last()[1].calls, 10 + 11 + 12);
        QCOMPARE(grid.cells.last()[0].calls, 0); // a period without calls is a zero bar
        // A click on "other" asks for its three features.
        const OutputFilter f = sliceFilter(grid.periods[1], UsageGroupBy::Feature, grid.members.last());
        QCOMPARE(f.features.size(), 3);
    }

    void totalsClickAndExport()
    {
        DashboardPage page;
        page.resize(1400, 950);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.setNow(fixtureNow());
        page.setRange(DashboardPage::RangeChoice::Last30Days);
        page.setGroupBy(UsageGroupBy::Feature);
        page.openSource(m_spec);
        QTRY_VERIFY_WITH_TIMEOUT(page.shownData().has_value(), 30000);
        QVERIFY2(page.messageText().isEmpty(), qPrintable(page.messageText()));
        const DashboardData &data = *page.shownData();
        QCOMPARE(data.query.range.last, fixtureNow().toTimeZone(data.query.zone).date());
        QCOMPARE(data.query.range.days(), 30);

        // The totals shown equal the aggregator's over the same range, computed here directly.
        auto session = LogSession::open(m_spec);
        QVERIFY2(session.ok(), qPrintable(session.error()));
        UsageAggregator aggregator(**session, PriceTable::withDefaults());
        AggregateRequest request;
        request.filter.since = data.query.range.since(data.query.zone);
        request.filter.until = data.query.range.until(data.query.zone);
        request.period = UsagePeriod::Month;
        request.timeZone = data.query.zone;
        auto direct = aggregator.aggregate(request);
        QVERIFY2(direct.ok(), qPrintable(direct.error()));
        const UsageBucket expected = totalOf(*direct);
        QVERIFY(expected.calls > 500);
        const UsageBucket shown = page.shownTotals();
        QCOMPARE(shown.calls, expected.calls);
        QCOMPARE(shown.inputTokens, expected.inputTokens);
        QVERIFY(qAbs(shown.costUsd - expected.costUsd) < 1e-6);
        const QLocale locale;
        QVERIFY2(page.summaryText().contains(locale.toString(expected.calls) + u" calls"_s), qPrintable(page.summaryText()));
        QVERIFY2(page.summaryText().contains(u"$"_s + locale.toString(expected.costUsd, 'f', 2)),
                 qPrintable(page.summaryText()));
        QVERIFY(page.unpricedText().isEmpty()); // the demo log logs its costs

        // The table's features add up to the same calls and cost.
        FeatureTableModel *table = page.tableModel();
        QVERIFY(table->rowCount() >= 4);
        qint64 tableCalls = 0;
        double tableCost = 0;
        for (int r = 0; r < table->rowCount(); ++r) {
            tableCalls += table->index(r, FeatureTableModel::Calls).data(Qt::UserRole).toLongLong();
            tableCost += table->index(r, FeatureTableModel::Cost).data(Qt::UserRole).toDouble();
        }
        QCOMPARE(tableCalls, expected.calls);
        QVERIFY(qAbs(tableCost - expected.costUsd) < 1e-6);
        // The previous 30 days are in the fixture too, so every feature has a change.
        QVERIFY(table->index(0, FeatureTableModel::CallsChange).data(Qt::UserRole).isValid());

        // Double-clicking a feature in the table opens its outputs over the whole range.
        auto *tableView = page.findChild<QTableView *>(u"featureTable"_s);
        QVERIFY(tableView);
        QSignalSpy featureSlices(&page, &DashboardPage::sliceRequested);
        Q_EMIT tableView->doubleClicked(table->index(1, FeatureTableModel::Calls));
        QCOMPARE(featureSlices.size(), 1);
        const OutputFilter wholeRange = featureSlices.first().at(0).value<OutputFilter>();
        QCOMPARE(wholeRange.features, QStringList{table->index(1, FeatureTableModel::Feature).data(Qt::UserRole).toString()});
        QCOMPARE(*wholeRange.since, data.query.range.since(data.query.zone));
        QCOMPARE(*wholeRange.until, data.query.range.until(data.query.zone));

        // No series draws more than two points per pixel of its plot.
        for (DashboardChartView *view : {page.costView(), page.volumeView(), page.qualityView(), page.latencyView()}) {
            const qreal plot = view->chart()->plotArea().width();
            QVERIFY(plot > 50);
            for (QAbstractSeries *s : view->chart()->series())
                QVERIFY2(pointsOf(s) <= 2 * plot, qPrintable(u"%1: %2 points on %3 px"_s.arg(s->objectName()).arg(pointsOf(s)).arg(plot)));
        }
        QCOMPARE(data.query.period, UsagePeriod::Day);
        QCOMPARE(pointsOf(costBars(page)), 30);

        // Hover: the exact figures of the bar.
        QStackedBarSeries *bars = costBars(page);
        QVERIFY(bars && !bars->barSets().isEmpty());
        QBarSet *top = bars->barSets().first();
        int busiest = 0;
        for (int i = 0; i < top->count(); ++i)
            busiest = top->at(i) > top->at(busiest) ? i : busiest;
        QVERIFY(top->at(busiest) > 0);
        const QString tip = page.tooltipFor(bars, busiest, top);
        QVERIFY2(tip.contains(top->label()) && tip.contains(locale.toString(top->at(busiest), 'f', 6)), qPrintable(tip));

        // The same through the series' hover signal: the tooltip on screen.
        Q_EMIT bars->hovered(true, busiest, top);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(locale.toString(top->at(busiest), 'f', 6)), qPrintable(QToolTip::text()));
        Q_EMIT bars->hovered(false, busiest, top);

        // Click: the filter of that day and that feature, and it selects exactly the bar's calls.
        QSignalSpy slices(&page, &DashboardPage::sliceRequested);
        Q_EMIT bars->clicked(busiest, top);
        QCOMPARE(slices.size(), 1);
        const OutputFilter filter = slices.takeFirst().at(0).value<OutputFilter>();
        QCOMPARE(filter.features, QStringList{top->label()});
        const PeriodSpan day = data.periods.at(busiest);
        QCOMPARE(filter.since->toMSecsSinceEpoch(), day.startMs);
        QCOMPARE(filter.until->toMSecsSinceEpoch(), day.endMs);
        AggregateRequest slice;
        slice.filter = filter;
        slice.period = UsagePeriod::Month;
        auto sliced = aggregator.aggregate(slice);
        QVERIFY2(sliced.ok(), qPrintable(sliced.error()));
        QVERIFY(qAbs(totalOf(*sliced).costUsd - top->at(busiest)) < 1e-9);

        // The same through the mouse, at the bar's position on screen.
        QChart *chart = page.costView()->chart();
        const QPointF inChart = chart->mapToPosition(QPointF(busiest, top->at(busiest) / 2), bars);
        const QPoint inView = page.costView()->mapFromScene(chart->mapToScene(inChart));
        QTest::mouseClick(page.costView()->viewport(), Qt::LeftButton, {}, inView);
        QTRY_COMPARE(slices.size(), 1);
        QCOMPARE(slices.first().at(0).value<OutputFilter>().since, filter.since);

        // A point of the calls line: that day, every feature.
        QLineSeries *calls = lineNamed(page.volumeView(), u"callsLine"_s);
        QVERIFY(calls && calls->count() == 30);
        slices.clear();
        Q_EMIT calls->clicked(calls->at(3));
        QCOMPARE(slices.size(), 1);
        const OutputFilter dayOnly = slices.first().at(0).value<OutputFilter>();
        QVERIFY(dayOnly.features.isEmpty());
        QCOMPARE(dayOnly.since->toMSecsSinceEpoch(), data.periods.at(3).startMs);

        // Quality: prompt versions rolled out inside these 30 days are marked, and say which.
        QVERIFY(!data.rollouts.isEmpty());
        QLineSeries *marker = lineNamed(page.qualityView(), u"rollout:"_s + data.rollouts.first().ref);
        QVERIFY(marker);
        QVERIFY(page.tooltipFor(marker, 0).contains(data.rollouts.first().ref));
        QVERIFY(lineNamed(page.latencyView(), u"p95Line"_s)->count() > 0);

        // CSV: a header of stable keys, one line per feature, raw numbers.
        const QString csvPath = m_dir.filePath(u"features.csv"_s);
        QVERIFY(page.exportTableCsv(csvPath).ok());
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), table->rowCount() + 1);
        QVERIFY(lines.first().startsWith(u"feature,cost_usd,cost_change_pct,calls,"_s));
        const QStringList first = lines.at(1).split(u',');
        QCOMPARE(first.at(0), table->index(0, FeatureTableModel::Feature).data(Qt::UserRole).toString());
        QCOMPARE(first.at(3).toLongLong(), table->index(0, FeatureTableModel::Calls).data(Qt::UserRole).toLongLong());
        QVERIFY(!page.exportTableCsv(m_dir.filePath(u"no/such/folder/x.csv"_s)).ok());

        // Chart export: PNG and SVG files with the chart in them.
        const QString png = m_dir.filePath(u"cost.png"_s);
        const QString svg = m_dir.filePath(u"cost.svg"_s);
        QVERIFY(saveWidgetImage(*page.costView(), png).ok());
        QVERIFY(saveWidgetImage(*page.costView(), svg).ok());
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        QVERIFY(svgFile.readAll().contains("<svg"));
        QVERIFY(QImage(png).width() > 100);

        grabTo(page, u"dashboard.png"_s);

        // Narrower: 90 days no longer fit as days, weeks are drawn instead.
        QSignalSpy refreshed(&page, &DashboardPage::refreshed);
        page.setRange(DashboardPage::RangeChoice::Last90Days);
        QVERIFY(refreshed.wait(30000));
        page.resize(700, 900);
        QTRY_VERIFY_WITH_TIMEOUT(page.shownData() && page.shownData()->query.period == UsagePeriod::IsoWeek, 30000);
        for (QAbstractSeries *s : page.costView()->chart()->series())
            QVERIFY(pointsOf(s) <= 2 * page.costView()->chart()->plotArea().width());

        // By prompt version: a click names the prompt and its version.
        page.resize(1400, 950);
        page.setRange(DashboardPage::RangeChoice::Last30Days);
        page.setGroupBy(UsageGroupBy::Prompt);
        QTRY_VERIFY_WITH_TIMEOUT(page.shownData() && page.shownData()->query.groupBy == UsageGroupBy::Prompt
                                     && page.shownData()->query.range.days() == 30,
                                 30000);
        bars = costBars(page);
        QVERIFY(bars);
        slices.clear();
        Q_EMIT bars->clicked(0, bars->barSets().first());
        QCOMPARE(slices.size(), 1);
        const OutputFilter byPrompt = slices.first().at(0).value<OutputFilter>();
        QCOMPARE(byPrompt.promptName + u'@' + byPrompt.promptVersion, bars->barSets().first()->label());
    }

    void rangeWithoutCallsSaysWhereTheyAre()
    {
        DashboardPage page;
        page.resize(1200, 800);
        page.show();
        page.setCustomRange(QDate(2025, 1, 1), QDate(2025, 1, 31));
        QSignalSpy refreshed(&page, &DashboardPage::refreshed);
        page.openSource(m_spec);
        QVERIFY(refreshed.wait(30000));
        QVERIFY2(page.messageText().contains(u"No calls between"_s), qPrintable(page.messageText()));
        QVERIFY2(page.messageText().contains(u"newest call"_s), qPrintable(page.messageText()));
        QVERIFY(!page.shownData());

        // A range that ends before it starts is refused with a reason.
        page.setCustomRange(QDate(2026, 11, 10), QDate(2026, 11, 1));
        QVERIFY(refreshed.wait(5000));
        QVERIFY2(page.messageText().contains(u"first day is after its last"_s), qPrintable(page.messageText()));
    }

    void emptyLogAndMissingSource()
    {
        QTemporaryDir dir;
        const QString empty = test::TestLog::create(dir, test::TestLog::standardColumns(), {});
        DashboardPage page;
        page.show();
        QSignalSpy refreshed(&page, &DashboardPage::refreshed);
        SessionSpec spec;
        spec.source = test::sqliteSource(empty);
        page.openSource(spec);
        QVERIFY(refreshed.wait(30000));
        QVERIFY2(page.messageText().contains(u"no calls yet"_s), qPrintable(page.messageText()));

        spec.source = test::sqliteSource(dir.filePath(u"missing.sqlite"_s));
        page.openSource(spec);
        QVERIFY(refreshed.wait(30000));
        QVERIFY2(page.messageText().startsWith(u"Could not open the source"_s), qPrintable(page.messageText()));
    }

    void unpricedCallsAreNamed()
    {
        // No cost column, and a model no price row covers.
        QTemporaryDir dir;
        const QDateTime day = fixtureNow();
        QList<QVariantList> rows;
        for (int i = 0; i < 20; ++i) {
            const QString model = i < 5 ? u"mystery-model"_s : u"gpt-4o"_s;
            rows << QVariantList{i + 1, u"chat"_s, day.addSecs(-60 * i).toString(Qt::ISODate), u"out"_s, model, 1000, 200};
        }
        const QString log = test::TestLog::create(
            dir, {u"id INTEGER PRIMARY KEY"_s, u"feature TEXT"_s, u"created_at TEXT"_s, u"output TEXT"_s,
                  u"model TEXT"_s, u"input_tokens INTEGER"_s, u"output_tokens INTEGER"_s},
            rows);
        DashboardPage page;
        page.resize(1200, 800);
        page.show();
        page.setNow(fixtureNow());
        page.setRange(DashboardPage::RangeChoice::Last7Days);
        SessionSpec spec;
        spec.source = test::sqliteSource(log);
        page.openSource(spec);
        QTRY_VERIFY_WITH_TIMEOUT(page.shownData().has_value(), 30000);
        QVERIFY2(page.unpricedText().startsWith(u"25.0% of calls have no price"_s), qPrintable(page.unpricedText()));
        QVERIFY(page.unpricedText().contains(u"mystery-model (5 calls)"_s));
        // 15 gpt-4o calls at list price: 15 x (1000 x 2.50 + 200 x 10) / 1e6.
        QVERIFY(qAbs(page.shownTotals().costUsd - 15 * 0.0045) < 1e-9);
        // Without feedback or latency columns the page says what it cannot draw.
        QVERIFY(page.findChild<QLabel *>(u"dashboardNotes"_s)->text().contains(u"no feedback column"_s));

        // A user price for the mystery model: every call is priced after the refresh.
        PriceTable prices = PriceTable::withDefaults();
        ModelPrice mystery;
        mystery.pattern = u"mystery-*"_s;
        mystery.match = PriceMatch::Glob;
        mystery.input = 1;
        mystery.output = 2;
        mystery.source = PriceSource::User;
        QVERIFY(prices.add(mystery).ok());
        QSignalSpy refreshed(&page, &DashboardPage::refreshed);
        page.setPriceTable(prices);
        QVERIFY(refreshed.wait(30000));
        QVERIFY(page.unpricedText().isEmpty());
        QVERIFY(qAbs(page.shownTotals().costUsd - (15 * 0.0045 + 5 * 0.0014)) < 1e-9);
    }

    // Not a check: the README's screenshot, on a bigger demo log, when ASSAY_SCREENSHOT_DIR is set;
    // ASSAY_SCREENSHOT_LOG picks another log (the 1M benchmark log: the summary line then says
    // how long a refresh takes there).
    void screenshot()
    {
        const QString shots = qEnvironmentVariable("ASSAY_SCREENSHOT_DIR");
        if (shots.isEmpty())
            QSKIP("set ASSAY_SCREENSHOT_DIR to write the dashboard screenshots");
        QString log = qEnvironmentVariable("ASSAY_SCREENSHOT_LOG");
        QDateTime now = fixtureNow();
        SessionSpec spec;
        if (log.isEmpty()) {
            log = m_dir.filePath(u"big.sqlite"_s);
            const QString error = test::writeDemoLogFixture(log, 150000, 42);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            spec.source = test::sqliteSource(log);
        } else {
            spec.source = test::sqliteSource(log);
            spec.useWorkspace = false;
            auto session = LogSession::open(spec);
            QVERIFY2(session.ok(), qPrintable(session.error()));
            PageRequest newest;
            newest.limit = 1;
            auto page = (*session)->outputs().fetchPage(newest);
            QVERIFY(page.ok() && !page->isEmpty());
            now = QDateTime::fromString(page->first().value(LogField::CreatedAt).toString(), Qt::ISODateWithMs);
            QVERIFY(now.isValid());
        }
        DashboardPage page;
        page.resize(1400, 950);
        page.show();
        page.setNow(now);
        page.setRange(DashboardPage::RangeChoice::Last30Days);
        QSignalSpy refreshed(&page, &DashboardPage::refreshed);
        page.openSource(spec);
        QVERIFY(refreshed.wait(120000));
        qInfo().noquote() << page.summaryText();
        grabTo(page, u"screenshot-dashboard.png"_s);
        page.setRange(DashboardPage::RangeChoice::Last7Days);
        QVERIFY(refreshed.wait(120000));
        qInfo().noquote() << page.summaryText();
        grabTo(page, u"dashboard-7d.png"_s);
        page.resize(1900, 950); // wide enough for 168 hours
        QVERIFY(refreshed.wait(120000));
        qInfo().noquote() << page.summaryText();
        grabTo(page, u"dashboard-7d-hourly.png"_s);
        page.resize(1400, 950);
        QVERIFY(refreshed.wait(120000));
        page.setGroupBy(UsageGroupBy::Prompt);
        page.setRange(DashboardPage::RangeChoice::Last90Days);
        QVERIFY(refreshed.wait(120000));
        qInfo().noquote() << page.summaryText();
        grabTo(page, u"dashboard-prompt-90d.png"_s);
    }

private:
    static void grabTo(QWidget &w, const QString &file)
    {
        const QString dir = qEnvironmentVariable("ASSAY_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QTest::qWait(300);
        w.grab().save(dir + u'/' + file);
    }

    QTemporaryDir m_dir;
    QString m_log;
    SessionSpec m_spec;
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"

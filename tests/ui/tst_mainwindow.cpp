// The window as a user drives it: a log opened once reaches every page, and clicking a bar on the
// dashboard shows exactly that slice's outputs in the browser.
#include "MainWindow.h"
#include "TestSupport.h"

#include "browse/BrowserPage.h"
#include "browse/LogSession.h"
#include "browse/OutputsModel.h"
#include "dashboard/DashboardChartView.h"
#include "dashboard/DashboardPage.h"
#include "review/ReviewPage.h"

#include <QBarSet>
#include <QChart>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // recent sources and geometry stay out of the user's settings
        m_wsDir = std::make_unique<test::ScopedWorkspaceDir>();
        QVERIFY(m_dir.isValid());
        m_log = m_dir.filePath(u"demo.sqlite"_s);
        const QString error = test::writeDemoLogFixture(m_log, 3000);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        qputenv("ASSAY_PRICES", m_dir.filePath(u"absent-prices.json"_s).toUtf8());
    }

    void cleanupTestCase() { m_wsDir.reset(); }

    void dashboardClickFiltersTheBrowser()
    {
        MainWindow window;
        window.resize(1400, 950);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openSource(m_log);
        QTRY_VERIFY_WITH_TIMEOUT(window.browser()->model()->isOpen(), 20000);

        DashboardPage *dashboard = window.dashboard();
        auto *pages = window.findChild<QTabWidget *>(u"pages"_s);
        QVERIFY(pages);
        pages->setCurrentWidget(dashboard);
        // The fixture ends on 2026-11-20; any range holding it shows bars.
        dashboard->setRange(DashboardPage::RangeChoice::Last90Days);
        dashboard->setGroupBy(UsageGroupBy::Feature);
        QSignalSpy refreshed(dashboard, &DashboardPage::refreshed);
        dashboard->refresh();
        // Wait for the refresh asked for here (opening the source started one of its own).
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty() && dashboard->shownData().has_value()
                                     && dashboard->shownData()->query.range.days() == 90,
                                 30000);
        QVERIFY2(dashboard->messageText().isEmpty(), qPrintable(dashboard->messageText()));

        QStackedBarSeries *bars = nullptr;
        for (QAbstractSeries *s : dashboard->costView()->chart()->series()) {
            if (auto *b = qobject_cast<QStackedBarSeries *>(s))
                bars = b;
        }
        QVERIFY(bars && !bars->barSets().isEmpty());
        QBarSet *set = bars->barSets().first();
        int busiest = 0;
        for (int i = 0; i < set->count(); ++i)
            busiest = set->at(i) > set->at(busiest) ? i : busiest;
        QVERIFY(set->at(busiest) > 0);
        // The click changes pages and may let a later refresh replace the chart: keep what we need.
        const QString feature = set->label();

        QSignalSpy slices(dashboard, &DashboardPage::sliceRequested);
        Q_EMIT bars->clicked(busiest, set);
        QCOMPARE(slices.size(), 1);
        const OutputFilter slice = slices.first().at(0).value<OutputFilter>();

        // The browser is in front, filtered to exactly that feature and period.
        QCOMPARE(pages->currentWidget(), static_cast<QWidget *>(window.browser()));
        OutputsModel *model = window.browser()->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->filter() == slice && model->isCountExact(), 20000);
        QCOMPARE(model->filter().features, QStringList{feature});

        SessionSpec spec;
        spec.source = test::sqliteSource(m_log);
        auto session = LogSession::open(spec);
        QVERIFY2(session.ok(), qPrintable(session.error()));
        auto expected = (*session)->outputs().count(slice);
        QVERIFY2(expected.ok(), qPrintable(expected.error()));
        QVERIFY(*expected > 0);
        QCOMPARE(model->totalRows(), *expected);
    }

    void openingReachesEveryPage()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy sessions(window.review(), &ReviewPage::sessionsListed);
        window.openSource(m_log);
        QTRY_VERIFY_WITH_TIMEOUT(window.browser()->model()->isOpen(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!sessions.isEmpty(), 20000); // the review page listed this workspace's sessions
        QTRY_VERIFY_WITH_TIMEOUT(window.dashboard()->shownData().has_value() || !window.dashboard()->messageText().isEmpty(),
                                 30000);
    }

private:
    std::unique_ptr<test::ScopedWorkspaceDir> m_wsDir;
    QTemporaryDir m_dir;
    QString m_log;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

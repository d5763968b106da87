// The browser and stored check results: checks run through the core service (as `assay checks`
// does) on a demo log; the Check filter then lists exactly the outputs whose stored result failed
// (against an independent reading of the log: QJsonDocument and QString::contains), the summary
// says so, and the detail pane lists the output's failures with their reasons.
#include "browse/BrowserPage.h"
#include "browse/DetailPane.h"
#include "browse/FilterBar.h"
#include "browse/OutputsModel.h"
#include "eval/CheckResultStore.h"
#include "eval/CheckRun.h"
#include "labels/LabelService.h"
#include "pricing/PriceTable.h"

#include "TestSupport.h"

#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

class TestChecksFilter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"assay-tests"_s);
        QCoreApplication::setApplicationName(u"tst_checksfilter"_s);
        LabelService::setConfiguredReviewer(u"tester"_s);
        m_wsDir = std::make_unique<test::ScopedWorkspaceDir>();
        QVERIFY(m_dir.isValid());
        m_log = m_dir.filePath(u"demo.sqlite"_s);
        const QString error = test::writeDemoLogFixture(m_log, 240, 5);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        SessionSpec spec;
        spec.source = test::sqliteSource(m_log);
        auto session = LogSession::open(spec);
        QVERIFY2(session && (*session)->workspace(), "the log and its workspace should open");
        auto set = CheckSet::parse(R"([{"type": "is-json"}, {"type": "icontains", "value": "refund"}])", u"t.json"_s);
        QVERIFY(set);
        CheckResultStore store(*(*session)->workspace());
        auto totals = checkLoggedOutputs((*session)->outputs(), OutputFilter{}, *set, PriceTable::withDefaults(), -1, {}, &store);
        QVERIFY2(totals, qPrintable(totals.error()));
        auto walked = (*session)->outputs().forEachRecord(OutputFilter{}, SortOrder{}, -1, [&](const OutputRecord &r) {
            if (r.isError())
                return true;
            const QString output = r.value(LogField::Output).toString();
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(output.toUtf8(), &pe);
            if (pe.error != QJsonParseError::NoError || doc.isNull())
                m_notJson.insert(r.key.toString());
            if (!output.toLower().contains(u"refund"_s))
                m_noRefund.insert(r.key.toString());
            return true;
        });
        QVERIFY(walked);
        QVERIFY(!m_notJson.isEmpty() && !m_noRefund.isEmpty());
    }

    void cleanupTestCase() { m_wsDir.reset(); }

    void filterListsTheFailingOutputs()
    {
        BrowserPage page;
        page.resize(1400, 800);
        page.show();
        QSignalSpy opened(&page, &BrowserPage::sourceOpened);
        SessionSpec spec;
        spec.source = test::sqliteSource(m_log);
        page.openSource(spec);
        QVERIFY(opened.wait(10000));
        auto *check = page.filterBar()->findChild<QComboBox *>(u"checkCombo"_s);
        QVERIFY(check);
        QTRY_VERIFY_WITH_TIMEOUT(check->findText(u"is-json"_s) > 0 && check->findText(u"icontains refund"_s) > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(check->isEnabled(), 10000);

        check->setCurrentIndex(check->findText(u"is-json"_s));
        QCOMPARE(tableKeys(page), m_notJson);
        QVERIFY2(page.filterSummary().contains(u"fails check is-json"_s), qPrintable(page.filterSummary()));
        check->setCurrentIndex(check->findText(u"icontains refund"_s));
        QCOMPARE(tableKeys(page), m_noRefund);

        // The detail pane of a failing output: the failure and its reason.
        page.table()->setFocus();
        page.table()->setCurrentIndex(page.table()->model()->index(0, 0));
        auto *results = page.detailPane()->findChild<QLabel *>(u"checkResults"_s);
        QVERIFY(results);
        QTRY_VERIFY_WITH_TIMEOUT(results->isVisible() && results->text().contains(u"icontains refund"_s), 10000);
        QVERIFY2(results->text().contains(u"failed"_s) && results->text().contains(u"does not contain"_s),
                 qPrintable(results->text()));

        check->setCurrentIndex(0);
        QCOMPARE(tableKeys(page).size(), 240);
    }

private:
    static QSet<QString> tableKeys(BrowserPage &page)
    {
        OutputsModel *model = page.model();
        if (!QTest::qWaitFor([&] { return model->filter() == page.filterBar()->filter() && model->isCountExact(); }, 10000))
            return {u"(the filter was not applied and counted)"_s};
        const bool loaded = QTest::qWaitFor(
            [&] {
                bool all = true;
                for (int row = 0; row < model->rowCount(); ++row) {
                    if (!model->isRowLoaded(row)) {
                        model->data(model->index(row, 0));
                        all = false;
                    }
                }
                return all;
            },
            10000);
        if (!loaded)
            return {u"(rows did not load)"_s};
        QSet<QString> keys;
        for (int row = 0; row < model->rowCount(); ++row)
            keys.insert(model->keyAt(row).toString());
        return keys;
    }

    std::unique_ptr<test::ScopedWorkspaceDir> m_wsDir;
    QTemporaryDir m_dir;
    QString m_log;
    QSet<QString> m_notJson;
    QSet<QString> m_noRefund;
};

QTEST_MAIN(TestChecksFilter)
#include "tst_checksfilter.moc"

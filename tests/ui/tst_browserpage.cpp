// The outputs browser as a user drives it: open a demo log, filter, select a row, read the detail.
#include "browse/BrowserPage.h"
#include "browse/DetailPane.h"
#include "browse/FilterBar.h"
#include "browse/OutputsModel.h"
#include "demo/DemoLogGenerator.h"

#include "TestSupport.h"

#include <QComboBox>
#include <QLineEdit>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace assay;

class TestBrowserPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("ASSAY_WORKSPACE_DIR", m_dir.filePath(u"ws"_s).toUtf8());
        m_log = m_dir.filePath(u"demo.sqlite"_s);
        const QString error = test::writeDemoLogFixture(m_log, 4000, 11);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void opensFiltersSelectsAndShowsDetail()
    {
        BrowserPage page;
        page.resize(1200, 800);
        page.show();
        QSignalSpy opened(&page, &BrowserPage::sourceOpened);
        SessionSpec spec;
        spec.source = SourceLocation::parse(m_log).value();
        page.openSource(spec);
        QVERIFY(opened.wait(10000));
        OutputsModel *model = page.model();
        QTRY_VERIFY_WITH_TIMEOUT(model->isCountExact() && model->rowCount() == 4000, 10000);

        // Feature values arrive from the worker; pick one and wait for the debounced filter.
        auto *feature = page.findChild<QComboBox *>(u"featureCombo"_s);
        QVERIFY(feature);
        QTRY_VERIFY_WITH_TIMEOUT(feature->findText(u"churn_risk"_s) > 0, 10000);
        feature->setCurrentIndex(feature->findText(u"churn_risk"_s));
        QTRY_VERIFY_WITH_TIMEOUT(model->filter().features == QStringList{u"churn_risk"_s}, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(model->isCountExact(), 10000);
        QVERIFY(model->rowCount() > 0);
        QVERIFY(model->rowCount() < 4000);
        QTRY_VERIFY_WITH_TIMEOUT(model->isRowLoaded(0), 10000);
        const int featureColumn = model->columnOf(LogField::Feature);
        for (int row = 0; row < std::min(model->rowCount(), 50); ++row)
            QCOMPARE(model->index(row, featureColumn).data().toString(), u"churn_risk"_s);

        // Selecting a row fetches the full record into the detail pane.
        QTableView *table = page.table();
        table->setCurrentIndex(table->model()->index(0, 0)); // the view shows the model through the review-label proxy
        const QVariant key = model->keyAt(0);
        QVERIFY(key.isValid());
        auto *pages = page.detailPane()->findChild<QStackedWidget *>(u"detailPages"_s);
        QVERIFY(pages);
        QTRY_COMPARE_WITH_TIMEOUT(pages->currentWidget()->objectName(), u"recordPage"_s, 10000);
        bool keyShown = false;
        for (const QLabel *label : page.detailPane()->findChildren<QLabel *>())
            keyShown = keyShown || label->text() == key.toString();
        QVERIFY2(keyShown, "the detail pane shows the selected output's id");
        auto *output = page.detailPane()->findChild<QPlainTextEdit *>(u"outputText"_s);
        QVERIFY(output);

        // Text search narrows further and clears back.
        auto *search = page.findChild<QLineEdit *>(u"searchEdit"_s);
        QVERIFY(search);
        search->setText(u"risk"_s);
        QTRY_VERIFY_WITH_TIMEOUT(model->filter().search == u"risk"_s, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(model->isCountExact(), 10000);
        page.filterBar()->clearAll();
        QTRY_VERIFY_WITH_TIMEOUT(model->isCountExact() && model->rowCount() == 4000, 10000);
    }

    void reportsAnUnusableSource()
    {
        BrowserPage page;
        QSignalSpy failed(&page, &BrowserPage::sourceFailed);
        const QString junk = m_dir.filePath(u"junk.sqlite"_s);
        QFile file(junk);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not a database at all");
        file.close();
        SessionSpec spec;
        spec.source = SourceLocation::parse(junk).value();
        page.openSource(spec);
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.first().first().toString().contains(u"not a SQLite database"_s));
    }

private:
    QTemporaryDir m_dir;
    QString m_log;
};

QTEST_MAIN(TestBrowserPage)
#include "tst_browserpage.moc"

// Budgets in the GUI: the dashboard's banner says when a budget is projected over (with the
// figures checkBudgets() computes for the same day) and hides when all is well; the budgets
// dialog adds, edits and removes budgets through the workspace, refuses bad amounts without
// writing anything, and the banner follows its changes.
#include "TestSupport.h"
#include "analytics/BudgetCheck.h"
#include "analytics/BudgetStore.h"
#include "browse/LogSession.h"
#include "dashboard/BudgetAlerts.h"
#include "dashboard/BudgetBanner.h"
#include "dashboard/DashboardPage.h"
#include "settings/BudgetsDialog.h"

#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

// The demo log ends 2026-11-20 00:00 UTC: the 19th is its last whole day.
const QDateTime now(QDate(2026, 11, 19), QTime(15, 0), QTimeZone::utc());

QString usd(double amount)
{
    return u"$"_s + QLocale().toString(amount, 'f', 2);
}

} // namespace

class TestBudgetBanner : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_log;
    SessionSpec m_spec;
    QTimeZone m_zone = QTimeZone::systemTimeZone(); // the page's zone
    QDate m_asOf;

    // Opens the log with its workspace on this thread, as the CLI would.
    std::unique_ptr<LogSession> session()
    {
        auto s = LogSession::open(m_spec);
        if (!s || !(*s)->workspace())
            qFatal("cannot open the session with its workspace");
        return std::move(*s);
    }

    BudgetCheck expectedCheck()
    {
        auto s = session();
        auto check = checkBudgets(*s, PriceTable::withDefaults(), m_asOf, m_zone);
        if (!check)
            qFatal("checkBudgets failed");
        return *check;
    }

    void setBudgets(const QList<Budget> &budgets)
    {
        auto s = session();
        auto existing = listBudgets(*s->workspace());
        QVERIFY(existing);
        for (const Budget &b : *existing)
            QVERIFY(removeBudget(*s->workspace(), b.feature));
        for (const Budget &b : budgets)
            QVERIFY(setBudget(*s->workspace(), b));
    }

    QList<Budget> storedBudgets()
    {
        auto s = session();
        auto list = listBudgets(*s->workspace());
        return list ? *list : QList<Budget>();
    }

    // Opens the page on the log and waits for its first budget check.
    void openPage(DashboardPage &page)
    {
        QSignalSpy checked(&page, &DashboardPage::budgetsRefreshed);
        page.setNow(now);
        page.openSource(m_spec);
        QVERIFY(checked.wait(60000));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_log = m_dir.filePath(u"demo.sqlite"_s);
        const QString error = test::writeDemoLogFixture(m_log, 4000, 9);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_spec.source = test::sqliteSource(m_log);
        m_asOf = now.toTimeZone(m_zone).date();
    }

    void alertTextsFromAHandMadeCheck()
    {
        BudgetCheck check;
        BudgetStatus over;
        over.budget = Budget{u"chat"_s, 100};
        over.asOf = QDate(2026, 11, 19);
        over.monthToDateUsd = 80;
        over.projectedUsd = 150;
        over.state = BudgetStatus::State::ProjectedOver;
        BudgetStatus fine;
        fine.budget = Budget{QString(), 1000};
        fine.asOf = over.asOf;
        fine.monthToDateUsd = 90;
        fine.projectedUsd = 200;
        fine.spikes << SpendSpike{QDate(2026, 11, 18), 24, 10}  // yesterday: news
                    << SpendSpike{QDate(2026, 11, 2), 30, 10}; // weeks ago: not in the banner
        check.statuses << fine << over;
        const QStringList alerts = budgetAlerts(check);
        QCOMPARE(alerts.size(), 2);
        QCOMPARE(alerts[0], u"Projected month-end spend %1 exceeds the %2 budget for feature chat (month to date %3)"_s
                                .arg(usd(150), usd(100), usd(80)));
        QVERIFY2(alerts[1].startsWith(u"Spend on %1 was %2, %3x the trailing 7-day mean"_s.arg(
                     QLocale().toString(QDate(2026, 11, 18), QLocale::ShortFormat), usd(24), QLocale().toString(2.4, 'f', 1))),
                 qPrintable(alerts[1]));
        fine.spikes.clear();
        check.statuses = {fine};
        QVERIFY(budgetAlerts(check).isEmpty());
    }

    void bannerShowsAProjectedOverrun()
    {
        test::ScopedWorkspaceDir ws;
        // Learn the figures with a budget nobody reaches, then set one between month to date and
        // the projection: projected over, not yet over.
        setBudgets({Budget{QString(), 1e9}});
        const BudgetStatus learned = expectedCheck().statuses.at(0);
        QVERIFY2(learned.monthToDateUsd > 0 && learned.projectedUsd > learned.monthToDateUsd,
                 "the demo log spends in November");
        const double budget = std::round((learned.monthToDateUsd + learned.projectedUsd) / 2);
        setBudgets({Budget{QString(), budget}});
        const BudgetCheck expected = expectedCheck();
        QCOMPARE(expected.statuses.at(0).state, BudgetStatus::State::ProjectedOver);

        DashboardPage page;
        openPage(page);
        QVERIFY(page.shownBudgetCheck());
        QCOMPARE(page.shownBudgetCheck()->statuses.size(), 1);
        QCOMPARE(page.shownBudgetCheck()->statuses.at(0).projectedUsd, expected.statuses.at(0).projectedUsd);
        const QString text = page.budgetBannerText();
        const QString sentence = u"Projected month-end spend %1 exceeds the %2 budget overall (month to date %3)"_s.arg(
            usd(expected.statuses.at(0).projectedUsd), usd(budget), usd(expected.statuses.at(0).monthToDateUsd));
        QVERIFY2(text.contains(sentence), qPrintable(text + u" lacks "_s + sentence));
        QVERIFY(!page.findChild<BudgetBanner *>()->isHidden());
    }

    void bannerSaysAMonthAlreadyOver()
    {
        test::ScopedWorkspaceDir ws;
        setBudgets({Budget{u"ticket_summary"_s, 0.01}});
        const BudgetCheck expected = expectedCheck();
        QCOMPARE(expected.statuses.at(0).state, BudgetStatus::State::Over);
        DashboardPage page;
        openPage(page);
        QVERIFY2(page.budgetBannerText().contains(
                     u"Month-to-date spend %1 already exceeds the %2 budget for feature ticket_summary"_s.arg(
                         usd(expected.statuses.at(0).monthToDateUsd), usd(0.01))),
                 qPrintable(page.budgetBannerText()));
    }

    void bannerHiddenWhenAllIsWell()
    {
        test::ScopedWorkspaceDir ws;
        {
            DashboardPage page; // no budget at all
            openPage(page);
            QVERIFY(page.shownBudgetCheck());
            QVERIFY(page.shownBudgetCheck()->statuses.isEmpty());
            QVERIFY(page.budgetBannerText().isEmpty());
            QVERIFY(page.findChild<BudgetBanner *>()->isHidden());
        }
        setBudgets({Budget{QString(), 1e9}});
        DashboardPage page; // a budget nobody reaches, and no spike in the last 7 days of the demo log
        openPage(page);
        QCOMPARE(page.shownBudgetCheck()->statuses.size(), 1);
        QCOMPARE(budgetAlerts(*page.shownBudgetCheck()), budgetAlerts(expectedCheck()));
        if (budgetAlerts(expectedCheck()).isEmpty()) {
            QVERIFY(page.budgetBannerText().isEmpty());
            QVERIFY(page.findChild<BudgetBanner *>()->isHidden());
        }
    }

    void dialogAddsEditsAndRemoves()
    {
        test::ScopedWorkspaceDir ws;
        BudgetsDialog dialog(m_spec, PriceTable::withDefaults(), m_asOf, m_zone);
        QSignalSpy reloaded(&dialog, &BudgetsDialog::reloaded);
        QSignalSpy changed(&dialog, &BudgetsDialog::budgetsChanged);
        QVERIFY(reloaded.wait(60000));
        QVERIFY(dialog.shownCheck());
        QVERIFY(dialog.shownCheck()->statuses.isEmpty());
        QVERIFY2(dialog.statusText().startsWith(u"No budgets yet"_s), qPrintable(dialog.statusText()));

        auto *feature = dialog.findChild<QLineEdit *>(u"budgetFeature"_s);
        auto *amount = dialog.findChild<QLineEdit *>(u"budgetAmount"_s);
        auto *save = dialog.findChild<QPushButton *>(u"saveBudget"_s);
        auto *remove = dialog.findChild<QPushButton *>(u"removeBudget"_s);
        auto *table = dialog.findChild<QTableWidget *>(u"budgetsTable"_s);
        QVERIFY(feature && amount && save && remove && table);

        // Add.
        feature->setText(u"ticket_summary"_s);
        amount->setText(u"12.5"_s);
        reloaded.clear();
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY(reloaded.wait(60000));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(dialog.statusText(), u"Saved the budget of feature ticket_summary."_s);
        QCOMPARE(storedBudgets().size(), 1);
        QCOMPARE(storedBudgets().at(0).feature, u"ticket_summary"_s);
        QCOMPARE(storedBudgets().at(0).monthlyUsd, 12.5);
        QCOMPARE(table->rowCount(), 1);
        const BudgetCheck expected = expectedCheck();
        QCOMPARE(dialog.shownCheck()->statuses.at(0).monthToDateUsd, expected.statuses.at(0).monthToDateUsd);
        QCOMPARE(table->item(0, 2)->text(), usd(expected.statuses.at(0).monthToDateUsd));
        QCOMPARE(table->item(0, 3)->text(), usd(expected.statuses.at(0).projectedUsd));

        // Edit: selecting the row fills the form; a new amount replaces the old one.
        table->selectRow(0);
        QCOMPARE(feature->text(), u"ticket_summary"_s);
        QCOMPARE(amount->text(), u"12.50"_s);
        amount->setText(u"$40"_s);
        reloaded.clear();
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY(reloaded.wait(60000));
        QCOMPARE(changed.size(), 2);
        QCOMPARE(storedBudgets().size(), 1);
        QCOMPARE(storedBudgets().at(0).monthlyUsd, 40.0);

        // Remove.
        table->selectRow(0);
        reloaded.clear();
        QTest::mouseClick(remove, Qt::LeftButton);
        QVERIFY(reloaded.wait(60000));
        QCOMPARE(changed.size(), 3);
        QCOMPARE(dialog.statusText(), u"Removed the budget of feature ticket_summary."_s);
        QVERIFY(storedBudgets().isEmpty());
        QCOMPARE(table->rowCount(), 0);
    }

    void parsesAmounts()
    {
        QCOMPARE(*BudgetsDialog::parseAmount(u"250"_s), 250.0);
        QCOMPARE(*BudgetsDialog::parseAmount(u" $12.5 "_s), 12.5);
        QCOMPARE(*BudgetsDialog::parseAmount(u"$1,200.50"_s), 1200.5);
        QVERIFY(!BudgetsDialog::parseAmount(u"12 dollars"_s));
        QVERIFY(!BudgetsDialog::parseAmount(u"nan"_s));
    }

    void dialogRefusesBadAmounts_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("says");
        QTest::newRow("empty") << u"  "_s << u"Enter the monthly budget"_s;
        QTest::newRow("words") << u"lots"_s << u"\"lots\" is not an amount of USD"_s;
        QTest::newRow("zero") << u"0"_s << u"more than $0"_s;
        QTest::newRow("negative") << u"-5"_s << u"more than $0"_s;
        QTest::newRow("infinite") << u"inf"_s << u"more than $0"_s;
    }

    void dialogRefusesBadAmounts()
    {
        QFETCH(QString, typed);
        QFETCH(QString, says);
        test::ScopedWorkspaceDir ws;
        setBudgets({Budget{u"chat"_s, 7}});
        BudgetsDialog dialog(m_spec, PriceTable::withDefaults(), m_asOf, m_zone);
        QSignalSpy reloaded(&dialog, &BudgetsDialog::reloaded);
        QSignalSpy changed(&dialog, &BudgetsDialog::budgetsChanged);
        QVERIFY(reloaded.wait(60000));
        QVERIFY2(dialog.statusText().isEmpty(), qPrintable(dialog.statusText())); // read, nothing to say
        dialog.findChild<QLineEdit *>(u"budgetFeature"_s)->setText(u"chat"_s);
        dialog.findChild<QLineEdit *>(u"budgetAmount"_s)->setText(typed);
        QTest::mouseClick(dialog.findChild<QPushButton *>(u"saveBudget"_s), Qt::LeftButton);
        QVERIFY2(dialog.statusText().contains(says), qPrintable(dialog.statusText()));
        QVERIFY(!reloaded.wait(300)); // nothing was sent to the worker
        QCOMPARE(changed.size(), 0);
        QCOMPARE(dialog.findChild<QLineEdit *>(u"budgetAmount"_s)->text(), typed); // what was typed stays
        const QList<Budget> stored = storedBudgets();
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.at(0).monthlyUsd, 7.0);
    }

    void budgetsNeedASource()
    {
        DashboardPage page;
        QSignalSpy problems(&page, &DashboardPage::problem);
        page.openBudgetsDialog();
        QCOMPARE(problems.size(), 1);
        QVERIFY(!page.findChild<BudgetsDialog *>());
        QVERIFY(page.budgetBannerText().isEmpty());
    }

    void bannerFollowsTheDialog()
    {
        test::ScopedWorkspaceDir ws;
        DashboardPage page;
        openPage(page);
        QVERIFY(page.budgetBannerText().isEmpty());
        QSignalSpy checked(&page, &DashboardPage::budgetsRefreshed);
        page.openBudgetsDialog();
        auto *dialog = page.findChild<BudgetsDialog *>();
        QVERIFY(dialog);
        QSignalSpy reloaded(dialog, &BudgetsDialog::reloaded);
        QVERIFY(reloaded.wait(60000));
        dialog->findChild<QLineEdit *>(u"budgetFeature"_s)->clear();
        dialog->findChild<QLineEdit *>(u"budgetAmount"_s)->setText(u"0.01"_s);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"saveBudget"_s), Qt::LeftButton);
        QVERIFY(checked.wait(60000));
        QVERIFY2(page.budgetBannerText().contains(u"budget overall"_s), qPrintable(page.budgetBannerText()));
        dialog->close();
    }

    // Not a check: screenshots of the banner and the dialog when ASSAY_SCREENSHOT_DIR is set.
    void screenshot()
    {
        const QString shots = qEnvironmentVariable("ASSAY_SCREENSHOT_DIR");
        if (shots.isEmpty())
            QSKIP("set ASSAY_SCREENSHOT_DIR to write the budget screenshots");
        test::ScopedWorkspaceDir ws;
        setBudgets({Budget{QString(), 40}, Budget{u"ticket_summary"_s, 0.5}, Budget{u"doc_answer"_s, 1000}});
        DashboardPage page;
        page.resize(1400, 950);
        page.show();
        QSignalSpy refreshed(&page, &DashboardPage::refreshed);
        openPage(page);
        if (refreshed.isEmpty())
            QVERIFY(refreshed.wait(60000));
        QTest::qWait(300);
        page.grab().save(shots + u"/dashboard-budget-banner.png"_s);
        page.openBudgetsDialog();
        auto *dialog = page.findChild<BudgetsDialog *>();
        QSignalSpy reloaded(dialog, &BudgetsDialog::reloaded);
        QVERIFY(reloaded.wait(60000));
        QTest::qWait(300);
        dialog->grab().save(shots + u"/budgets-dialog.png"_s);
    }
};

QTEST_MAIN(TestBudgetBanner)
#include "tst_budgetbanner.moc"

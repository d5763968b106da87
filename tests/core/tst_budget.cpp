// Budgets: the projection arithmetic and spike rule against hand-computed figures, the store in
// a workspace, and checkBudgets() over a log whose daily spend is known.

#include "analytics/BudgetCheck.h"
#include "analytics/BudgetProjection.h"
#include "analytics/BudgetStore.h"
#include "browse/LogSession.h"

#include "TestSupport.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

// Oct 25..31 at $2 a day, then November: 2, 2, 4, 2, 2, 2, 2, 10, 2, 2 (the 1st to the 10th).
DailySpend handSpend()
{
    DailySpend spend;
    for (int d = 25; d <= 31; ++d)
        spend[QDate(2026, 10, d)] = 2;
    const double november[] = {2, 2, 4, 2, 2, 2, 2, 10, 2, 2};
    for (int d = 1; d <= 10; ++d)
        spend[QDate(2026, 11, d)] = november[d - 1];
    return spend;
}

bool near(double a, double b)
{
    return qAbs(a - b) < 1e-9;
}

} // namespace

class TestBudget : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void projectionByHand();
    void runRateReachesBackAcrossTheMonthStart();
    void lastDayOfMonthProjectsMonthToDate();
    void spikesByHand();
    void storeRoundTrip();
    void checkOverALog();
};

void TestBudget::projectionByHand()
{
    const DailySpend spend = handSpend();
    const QDate asOf(2026, 11, 10);
    // month to date = 2+2+4+2+2+2+2+10+2+2 = 30; trailing 7 days (Nov 4..10) = 22, so 22/7 a day;
    // 20 days remain in November: 30 + 20 x 22/7 = 92.857142...
    BudgetStatus s = projectBudget(Budget{QString(), 100}, spend, asOf);
    QVERIFY(near(s.monthToDateUsd, 30));
    QVERIFY(near(s.runRateUsdPerDay, 22.0 / 7.0));
    QCOMPARE(s.remainingDays, 20);
    QVERIFY(near(s.projectedUsd, 30 + 20 * 22.0 / 7.0));
    QCOMPARE(s.state, BudgetStatus::State::Ok);
    QVERIFY(!s.exceeds());

    s = projectBudget(Budget{QString(), 90}, spend, asOf);
    QCOMPARE(s.state, BudgetStatus::State::ProjectedOver);
    QVERIFY(s.exceeds());
    s = projectBudget(Budget{QString(), 29.5}, spend, asOf);
    QCOMPARE(s.state, BudgetStatus::State::Over);
    QCOMPARE(budgetStateName(s.state), u"over"_s);
}

void TestBudget::runRateReachesBackAcrossTheMonthStart()
{
    // On Nov 3 the trailing week is Oct 28..Nov 3: 2+2+2+2 + 2+2+4 = 16; month to date 8;
    // 27 days remain: 8 + 27 x 16/7.
    const BudgetStatus s = projectBudget(Budget{u"chat"_s, 1000}, handSpend(), QDate(2026, 11, 3));
    QVERIFY(near(s.monthToDateUsd, 8));
    QVERIFY(near(s.runRateUsdPerDay, 16.0 / 7.0));
    QCOMPARE(s.remainingDays, 27);
    QVERIFY(near(s.projectedUsd, 8 + 27 * 16.0 / 7.0));
}

void TestBudget::lastDayOfMonthProjectsMonthToDate()
{
    const BudgetStatus s = projectBudget(Budget{QString(), 10}, handSpend(), QDate(2026, 10, 31));
    QCOMPARE(s.remainingDays, 0);
    QVERIFY(near(s.monthToDateUsd, 14));
    QVERIFY(near(s.projectedUsd, 14));
    QCOMPARE(s.state, BudgetStatus::State::Over);
    // A day without spend counts as 0 in both sums.
    const BudgetStatus empty = projectBudget(Budget{QString(), 10}, DailySpend{}, QDate(2026, 2, 10));
    QCOMPARE(empty.remainingDays, 18);
    QVERIFY(near(empty.projectedUsd, 0));
    QCOMPARE(empty.state, BudgetStatus::State::Ok);
}

void TestBudget::spikesByHand()
{
    const DailySpend spend = handSpend();
    // Nov 8: 10 against the mean of Nov 1..7, 16/7 = 2.29: a spike. Nov 3: 4 is exactly twice
    // its trailing mean of 2, which is not "more than twice". Nov 9: 2 against 24/7: no.
    const QList<SpendSpike> spikes = spendSpikes(spend, QDate(2026, 11, 1), QDate(2026, 11, 10));
    QCOMPARE(spikes.size(), 1);
    QCOMPARE(spikes.first().day, QDate(2026, 11, 8));
    QVERIFY(near(spikes.first().usd, 10));
    QVERIFY(near(spikes.first().trailingMeanUsd, 16.0 / 7.0));
    QCOMPARE(projectBudget(Budget{QString(), 100}, spend, QDate(2026, 11, 10)).spikes.size(), 1);
    QCOMPARE(projectBudget(Budget{QString(), 100}, spend, QDate(2026, 11, 7)).spikes.size(), 0);

    // The first spend after an empty week has no mean to exceed.
    DailySpend quiet;
    quiet[QDate(2026, 5, 20)] = 50;
    QVERIFY(spendSpikes(quiet, QDate(2026, 5, 1), QDate(2026, 5, 31)).isEmpty());
    quiet[QDate(2026, 5, 13)] = 7; // mean of May 13..19 = 1: 50 > 2
    QCOMPARE(spendSpikes(quiet, QDate(2026, 5, 1), QDate(2026, 5, 31)).size(), 1);
}

void TestBudget::storeRoundTrip()
{
    test::ScopedWorkspaceDir dirs;
    QTemporaryDir dir;
    const QString log = test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(3));
    auto ws = Workspace::open(test::sqliteSource(log));
    QVERIFY2(ws, qPrintable(ws.error()));
    QVERIFY(setBudget(**ws, Budget{u"summarize"_s, 40}).ok());
    QVERIFY(setBudget(**ws, Budget{QString(), 250}).ok());
    QVERIFY(setBudget(**ws, Budget{u" summarize "_s, 45}).ok()); // replaces, trimmed
    auto budgets = listBudgets(**ws);
    QVERIFY(budgets);
    QCOMPARE(budgets->size(), 2);
    QVERIFY(budgets->at(0).isOverall());
    QCOMPARE(budgets->at(0).monthlyUsd, 250.0);
    QCOMPARE(budgets->at(1).feature, u"summarize"_s);
    QCOMPARE(budgets->at(1).monthlyUsd, 45.0);

    for (double bad : {0.0, -5.0, qInf()}) {
        const auto refused = setBudget(**ws, Budget{u"x"_s, bad});
        QVERIFY(!refused);
        QVERIFY(refused.error().contains(u"positive"_s));
    }
    QCOMPARE(listBudgets(**ws)->size(), 2); // nothing lost to the refused ones

    auto removed = removeBudget(**ws, u"summarize"_s);
    QVERIFY(removed && *removed);
    removed = removeBudget(**ws, u"summarize"_s);
    QVERIFY(removed && !*removed);
    QCOMPARE(listBudgets(**ws)->size(), 1);
    removed = removeBudget(**ws, QString()); // the overall one
    QVERIFY(removed && *removed);
    QVERIFY(listBudgets(**ws)->isEmpty());
}

void TestBudget::checkOverALog()
{
    test::ScopedWorkspaceDir dirs;
    QTemporaryDir dir;
    // One call a day at 12:00 UTC with a logged cost: chat $1, search $3, Oct 20 .. Nov 10.
    QList<QVariantList> rows;
    qint64 id = 0;
    for (QDate d(2026, 10, 20); d <= QDate(2026, 11, 10); d = d.addDays(1)) {
        for (const auto &[feature, usd] : {std::pair{u"chat"_s, 1.0}, std::pair{u"search"_s, 3.0}}) {
            QVariantList row = test::TestLog::standardRow(++id, feature, d.toString(Qt::ISODate) + u"T12:00:00Z"_s,
                                                          u"out"_s);
            row[13] = usd; // cost
            rows << row;
        }
    }
    const QString log = test::TestLog::create(dir, test::TestLog::standardColumns(), rows);
    SessionSpec spec;
    spec.source = test::sqliteSource(log);
    auto session = LogSession::open(spec);
    QVERIFY2(session, qPrintable(session.error()));
    QVERIFY((*session)->workspace());

    auto none = checkBudgets(**session, PriceTable::withDefaults(), QDate(2026, 11, 10), QTimeZone::utc());
    QVERIFY(none);
    QVERIFY(none->statuses.isEmpty());
    QVERIFY(!none->anyExceeds());

    QVERIFY(setBudget(*(*session)->workspace(), Budget{QString(), 200}).ok());
    QVERIFY(setBudget(*(*session)->workspace(), Budget{u"chat"_s, 20}).ok());
    auto check = checkBudgets(**session, PriceTable::withDefaults(), QDate(2026, 11, 10), QTimeZone::utc());
    QVERIFY2(check, qPrintable(check.error()));
    QCOMPARE(check->source.path, UsagePath::Rollups);
    QCOMPARE(check->statuses.size(), 2);
    // Overall: $4 a day; 10 days in, 20 to go: 40 + 20 x 4 = 120 <= 200.
    const BudgetStatus &overall = check->statuses.at(0);
    QVERIFY(near(overall.monthToDateUsd, 40));
    QVERIFY(near(overall.runRateUsdPerDay, 4));
    QVERIFY(near(overall.projectedUsd, 120));
    QCOMPARE(overall.state, BudgetStatus::State::Ok);
    // chat: $1 a day, 10 + 20 = 30 > 20.
    const BudgetStatus &chat = check->statuses.at(1);
    QCOMPARE(chat.budget.feature, u"chat"_s);
    QVERIFY(near(chat.monthToDateUsd, 10));
    QVERIFY(near(chat.projectedUsd, 30));
    QCOMPARE(chat.state, BudgetStatus::State::ProjectedOver);
    QVERIFY(check->anyExceeds());
    QCOMPARE(check->uncostedCalls, 0);

    // Days in Tokyo (UTC+9): the 12:00Z calls still fall on the same local day.
    auto tokyo = checkBudgets(**session, PriceTable::withDefaults(), QDate(2026, 11, 10), QTimeZone("Asia/Tokyo"));
    QVERIFY(tokyo);
    QVERIFY(near(tokyo->statuses.at(0).monthToDateUsd, 40));

    QVERIFY(!checkBudgets(**session, PriceTable::withDefaults(), QDate(), QTimeZone::utc()));
}

QTEST_GUILESS_MAIN(TestBudget)
#include "tst_budget.moc"

// `assay budget` and `assay costs --check-budget` as cron or CI would use them: exit 0 within
// budget, 4 when a budget is projected to be exceeded, 2 for bad arguments, 1 for failures.
#include "TestSupport.h"

#include <QDate>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

class TestBudgetCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("ASSAY_PRICES", m_dir.filePath(u"no-prices.json"_s).toUtf8());
        // One call a day at 09:00 UTC with a logged cost: chat $1, search $3, Oct 20 .. Nov 10.
        QList<QVariantList> rows;
        qint64 id = 0;
        for (QDate d(2026, 10, 20); d <= QDate(2026, 11, 10); d = d.addDays(1)) {
            for (const auto &[feature, usd] : {std::pair{u"chat"_s, 1.0}, std::pair{u"search"_s, 3.0}}) {
                QVariantList row = assay::test::TestLog::standardRow(
                    ++id, feature, d.toString(Qt::ISODate) + u"T09:00:00Z"_s, u"out"_s);
                row[13] = usd; // the cost column
                rows << row;
            }
        }
        m_log = assay::test::TestLog::create(m_dir, assay::test::TestLog::standardColumns(), rows);
    }

    void setListRemove()
    {
        auto [code, out, err] = run({u"budget"_s, m_log, u"set"_s, u"200"_s});
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(u"200.00"_s), qPrintable(out));
        QCOMPARE(std::get<0>(run({u"budget"_s, m_log, u"set"_s, u"$20"_s, u"--feature"_s, u"chat"_s})), 0);
        std::tie(code, out, err) = run({u"budget"_s, m_log, u"list"_s});
        QCOMPARE(code, 0);
        QCOMPARE(out, u"(overall)\t200.00\nchat\t20.00\n"_s);

        // Within the overall budget, chat projected over it: 10 + 20 x 1 = 30 > 20.
        std::tie(code, out, err) = run({u"costs"_s, m_log, u"--check-budget"_s, u"--as-of"_s, u"2026-11-10"_s,
                                        u"--format"_s, u"csv"_s, u"--explain"_s});
        QCOMPARE(code, 4);
        const QStringList lines = out.split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), u"budget,monthly_usd,month_to_date_usd,run_rate_usd_per_day,remaining_days,projected_usd,status,spikes"_s);
        QCOMPARE(lines.at(1), u"(overall),200.00,40.00,4.00,20,120.00,ok,"_s);
        QCOMPARE(lines.at(2), u"chat,20.00,10.00,1.00,20,30.00,projected over,"_s);
        QVERIFY2(err.contains(u"rollups"_s), qPrintable(err));

        // Raise chat's budget: every budget holds, exit 0.
        QCOMPARE(std::get<0>(run({u"budget"_s, m_log, u"set"_s, u"31"_s, u"--feature"_s, u"chat"_s})), 0);
        std::tie(code, out, err) = run({u"costs"_s, m_log, u"--check-budget"_s, u"--as-of"_s, u"2026-11-10"_s});
        QCOMPARE(code, 0);
        QVERIFY(out.startsWith(u"budget"_s));
        QVERIFY(out.contains(u"31.00"_s));

        // Already over: a small overall budget.
        QCOMPARE(std::get<0>(run({u"budget"_s, m_log, u"set"_s, u"39"_s})), 0);
        std::tie(code, out, err) = run({u"costs"_s, m_log, u"--check-budget"_s, u"--as-of"_s, u"2026-11-10"_s,
                                        u"--format"_s, u"json"_s});
        QCOMPARE(code, 4);
        QVERIFY2(out.contains(u"\"status\": \"over\""_s), qPrintable(out));

        QCOMPARE(std::get<0>(run({u"budget"_s, m_log, u"remove"_s})), 0);
        QCOMPARE(std::get<0>(run({u"budget"_s, m_log, u"remove"_s, u"--feature"_s, u"chat"_s})), 0);
        std::tie(code, out, err) = run({u"budget"_s, m_log, u"remove"_s, u"--feature"_s, u"chat"_s});
        QCOMPARE(code, 1);
        QVERIFY2(err.contains(u"no budget for chat"_s), qPrintable(err));
        std::tie(code, out, err) = run({u"costs"_s, m_log, u"--check-budget"_s});
        QCOMPARE(code, 0);
        QVERIFY(out.isEmpty());
        QVERIFY2(err.contains(u"no budgets"_s), qPrintable(err));
    }

    void badArgumentsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("amount") << QStringList{u"budget"_s, u"LOG"_s, u"set"_s, u"lots"_s};
        QTest::newRow("zero") << QStringList{u"budget"_s, u"LOG"_s, u"set"_s, u"0"_s};
        QTest::newRow("no amount") << QStringList{u"budget"_s, u"LOG"_s, u"set"_s};
        QTest::newRow("action") << QStringList{u"budget"_s, u"LOG"_s, u"raise"_s};
        QTest::newRow("extra") << QStringList{u"budget"_s, u"LOG"_s, u"list"_s, u"more"_s};
        QTest::newRow("empty feature") << QStringList{u"budget"_s, u"LOG"_s, u"set"_s, u"5"_s, u"--feature"_s, u""_s};
        QTest::newRow("no source") << QStringList{u"budget"_s, u"/nonexistent/log.sqlite"_s, u"list"_s};
        QTest::newRow("as-of date") << QStringList{u"costs"_s, u"LOG"_s, u"--check-budget"_s, u"--as-of"_s, u"Nov 10"_s};
        QTest::newRow("as-of alone") << QStringList{u"costs"_s, u"LOG"_s, u"--as-of"_s, u"2026-11-10"_s};
        QTest::newRow("check with filter") << QStringList{u"costs"_s, u"LOG"_s, u"--check-budget"_s, u"--feature"_s, u"chat"_s};
    }

    void badArgumentsExitTwo()
    {
        QFETCH(QStringList, args);
        args.replaceInStrings(u"LOG"_s, m_log);
        const auto [code, out, err] = run(args);
        QCOMPARE(code, 2);
        QVERIFY(out.isEmpty());
        QVERIFY2(err.startsWith(u"assay: "_s), qPrintable(err));
    }

private:
    std::tuple<int, QString, QString> run(const QStringList &args)
    {
        QProcess p;
        p.start(qEnvironmentVariable("ASSAY_BINARY"), args);
        if (!p.waitForFinished(60000))
            return {-1, {}, {}};
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    QTemporaryDir m_dir;
    assay::test::ScopedWorkspaceDir m_workspaces; // children inherit ASSAY_WORKSPACE_DIR
    QString m_log;
};

QTEST_GUILESS_MAIN(TestBudgetCli)
#include "tst_budget_cli.moc"

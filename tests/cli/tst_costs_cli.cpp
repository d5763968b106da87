// `assay costs` as a script would use it: totals that equal SQL over the log, formats, exit codes.
#include "demo/DemoLogGenerator.h"

#include "TestSupport.h"

#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

class TestCostsCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_log = m_dir.filePath(u"demo.sqlite"_s);
        const QString error = assay::test::writeDemoLogFixture(m_log, 3000, 5);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"costs-check"_s);
        db.setDatabaseName(m_log);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"SELECT total(cost_usd), count(*), total(input_tokens) FROM ai_outputs"_s) && q.next());
        m_cost = q.value(0).toDouble();
        m_calls = q.value(1).toLongLong();
        m_inputTokens = q.value(2).toLongLong();
        q.finish();
        db.close();
    }

    void csvTotalsEqualSql_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("by day, no group") << QStringList{u"--by"_s, u"day"_s};
        QTest::newRow("by week per feature") << QStringList{u"--by"_s, u"week"_s, u"--group"_s, u"feature"_s};
        QTest::newRow("by month per model, Berlin") << QStringList{u"--by"_s, u"month"_s, u"--group"_s, u"model"_s, u"--tz"_s, u"Europe/Berlin"_s};
    }

    void csvTotalsEqualSql()
    {
        QFETCH(QStringList, args);
        QStringList all{u"costs"_s, m_log, u"--format"_s, u"csv"_s};
        all << args;
        const auto [code, out, err] = run(all);
        QCOMPARE(code, 0);
        QVERIFY2(err.isEmpty(), qPrintable(err)); // the demo log prices every call
        const QStringList lines = out.split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(lines.first(), u"period,group,calls,input_tokens,output_tokens,cost_usd,unpriced_calls,latency_p50_ms,latency_p95_ms"_s);
        double cost = 0;
        qint64 calls = 0, input = 0;
        for (const QString &line : lines.mid(1)) {
            const QStringList cells = line.split(u',');
            QCOMPARE(cells.size(), 9);
            calls += cells[2].toLongLong();
            input += cells[3].toLongLong();
            cost += cells[5].toDouble();
            QCOMPARE(cells[6], u"0"_s);
        }
        QCOMPARE(calls, m_calls);
        QCOMPARE(input, m_inputTokens);
        QVERIFY2(std::abs(cost - m_cost) < 1e-4, qPrintable(u"%1 vs %2"_s.arg(cost).arg(m_cost)));
    }

    void jsonAndTable()
    {
        const auto [code, out, err] = run({u"costs"_s, m_log, u"--by"_s, u"week"_s, u"--format"_s, u"json"_s});
        QCOMPARE(code, 0);
        QVERIFY(out.trimmed().startsWith(u'['));
        QVERIFY(out.contains(u"\"period\": \"2026-W"_s));
        QVERIFY(out.contains(u"\"latency_p95_ms\""_s));
        const auto table = run({u"costs"_s, m_log, u"--group"_s, u"feature"_s});
        QCOMPARE(std::get<0>(table), 0);
        QVERIFY(std::get<1>(table).startsWith(u"period"_s));
        QVERIFY(std::get<1>(table).contains(u"ticket_summary"_s));
    }

    void unpricedModelsAreNamedNotZeroed()
    {
        // A price file that knows nothing cannot remove the built-ins, so use a log whose
        // model has no price and no logged cost.
        const QString path = m_dir.filePath(u"unpriced.sqlite"_s);
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"unpriced"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"CREATE TABLE ai_outputs (id INTEGER PRIMARY KEY, feature TEXT, created_at TEXT, output TEXT, "
                       "model TEXT, input_tokens INTEGER, output_tokens INTEGER)"_s));
        QVERIFY(q.exec(u"INSERT INTO ai_outputs VALUES (1, 'f', '2026-11-01T10:00:00Z', 'a', 'house-model-7', 100, 10),"
                       " (2, 'f', '2026-11-01T11:00:00Z', 'b', 'gpt-4o', 1000000, 0)"_s));
        q.finish();
        db.close();
        const auto [code, out, err] = run({u"costs"_s, path, u"--format"_s, u"csv"_s});
        QCOMPARE(code, 0);
        QVERIFY2(err.contains(u"house-model-7"_s), qPrintable(err));
        QVERIFY(out.contains(u"2026-11-01,,2,1000100,10,2.500000,1,"_s)); // gpt-4o input at $2.50/M
    }

    void badArgumentsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("period") << QStringList{u"--by"_s, u"year"_s};
        QTest::newRow("group") << QStringList{u"--group"_s, u"colour"_s};
        QTest::newRow("zone") << QStringList{u"--tz"_s, u"Mars/Base"_s};
        QTest::newRow("format") << QStringList{u"--format"_s, u"xml"_s};
        QTest::newRow("prices") << QStringList{u"--prices"_s, u"/nonexistent/prices.json"_s};
        QTest::newRow("since") << QStringList{u"--since"_s, u"yesterday-ish"_s};
    }

    void badArgumentsExitTwo()
    {
        QFETCH(QStringList, args);
        QStringList all{u"costs"_s, m_log};
        all << args;
        const auto [code, out, err] = run(all);
        QCOMPARE(code, 2);
        QVERIFY(out.isEmpty());
        QVERIFY(err.startsWith(u"assay: "_s));
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
    QString m_log;
    double m_cost = 0;
    qint64 m_calls = 0;
    qint64 m_inputTokens = 0;
};

QTEST_GUILESS_MAIN(TestCostsCli)
#include "tst_costs_cli.moc"

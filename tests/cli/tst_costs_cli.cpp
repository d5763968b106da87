// `assay costs` as a script would use it: totals that equal SQL over the log, formats, exit codes,
// rollups and their fallback, and the user price file.
#include "demo/DemoLogGenerator.h"

#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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
        // Children inherit these: no real data folder, no real price file.
        qputenv("XDG_DATA_HOME", m_dir.filePath(u"data"_s).toUtf8());
        qunsetenv("ASSAY_PRICES");
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

    void hostileNumbersNeverReachAFigure()
    {
        // NaN and infinity as text and as REAL, and token counts no call has: each reads as
        // not logged (cost) or saturates (tokens), so no figure is NaN, infinite or overflowed.
        const QString path = m_dir.filePath(u"hostile.sqlite"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"hostile"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"CREATE TABLE ai_outputs (id INTEGER PRIMARY KEY, feature TEXT, created_at TEXT, output TEXT, "
                           "model TEXT, input_tokens, output_tokens, cost)"_s));
            QVERIFY(q.exec(u"INSERT INTO ai_outputs VALUES (1, 'f', '2026-11-01T10:00:00Z', 'a', 'house', NULL, NULL, 0.25),"
                           " (2, 'f', '2026-11-01T10:01:00Z', 'b', 'house', NULL, NULL, 'NaN'),"
                           " (3, 'f', '2026-11-01T10:02:00Z', 'c', 'house', NULL, NULL, 'inf'),"
                           " (4, 'f', '2026-11-01T10:03:00Z', 'd', 'house', NULL, NULL, 1e999),"
                           " (5, 'f', '2026-11-01T10:04:00Z', 'e', 'house', NULL, NULL, '-Infinity'),"
                           " (6, 'f', '2026-11-01T10:05:00Z', 'g', 'house', '5e12', 1e300, 0.5)"_s));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(u"hostile"_s);
        for (const QString &format : {u"csv"_s, u"json"_s, u"table"_s}) {
            const auto [code, out, err] = run({u"costs"_s, path, u"--format"_s, format});
            QVERIFY2(code == 0, qPrintable(err));
            QVERIFY2(!out.contains(u"nan"_s, Qt::CaseInsensitive) && !out.contains(u"inf"_s, Qt::CaseInsensitive),
                     qPrintable(out));
            // 0.25 + 0.5 logged; 5e12 tokens saturate at 10^9, 1e300 lies past any real number (not logged).
            if (format == "csv"_L1)
                QVERIFY2(out.contains(u"2026-11-01,,6,1000000000,0,0.750000,"_s), qPrintable(out));
        }
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

    void rollupsAnswerAndFallBack()
    {
        // The first run builds the rollups, the next reads no new rows; both print the same.
        const QStringList args{u"costs"_s, m_log, u"--format"_s, u"csv"_s, u"--group"_s, u"model"_s, u"--explain"_s};
        const auto [code, out, err] = run(args);
        QCOMPARE(code, 0);
        QVERIFY2(err.contains(u"computed by rollups"_s), qPrintable(err));
        const auto again = run(args);
        QCOMPARE(std::get<0>(again), 0);
        QVERIFY2(std::get<2>(again).contains(u"(0 new log rows read"_s), qPrintable(std::get<2>(again)));
        QCOMPARE(std::get<1>(again), out);
        // Users are not in the rollups: that request scans and says why.
        const auto byUser = run({u"costs"_s, m_log, u"--group"_s, u"user"_s, u"--explain"_s});
        QCOMPARE(std::get<0>(byUser), 0);
        QVERIFY2(std::get<2>(byUser).contains(u"computed by scan (not from rollups: rollups do not keep users)"_s),
                 qPrintable(std::get<2>(byUser)));
    }

    void reviewerLabelFilterCountsOnlyLabelledCalls()
    {
        // Rollups keep no labels: a label filter must scan, and count exactly the labelled calls.
        const QStringList ids = idsOfFirstRows(3);
        QCOMPARE(ids.size(), 3);
        for (const QString &id : ids.mid(0, 2))
            QCOMPARE(std::get<0>(run({u"label"_s, m_log, id, u"positive"_s})), 0);
        QCOMPARE(std::get<0>(run({u"label"_s, m_log, ids[2], u"negative"_s})), 0);
        const auto [code, out, err] = run({u"costs"_s, m_log, u"--label"_s, u"positive"_s, u"--by"_s, u"month"_s,
                                           u"--format"_s, u"json"_s, u"--explain"_s});
        QVERIFY2(code == 0, qPrintable(err));
        QVERIFY2(err.contains(u"rollups do not keep reviewer labels"_s), qPrintable(err));
        qint64 calls = 0;
        for (const QJsonValue &row : QJsonDocument::fromJson(out.toUtf8()).array())
            calls += row.toObject().value(u"calls"_s).toInteger();
        QCOMPARE(calls, 2);
    }

    void userPriceFile()
    {
        // Logged costs win over prices, so use a log without a cost column.
        const QString path = m_dir.filePath(u"tokens-only.sqlite"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tokens-only"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"CREATE TABLE ai_outputs (id INTEGER PRIMARY KEY, feature TEXT, created_at TEXT, "
                           "output TEXT, model TEXT, input_tokens INTEGER, output_tokens INTEGER)"_s));
            QVERIFY(q.exec(u"INSERT INTO ai_outputs VALUES (1, 'f', '2026-11-01T10:00:00Z', 'a', 'gpt-4o', 1000000, 0)"_s));
        }
        QSqlDatabase::removeDatabase(u"tokens-only"_s);
        const QStringList args{u"costs"_s, path, u"--format"_s, u"csv"_s};
        const QString listPrice = u"2026-11-01,,1,1000000,0,2.500000,0,"_s; // gpt-4o input at $2.50/M

        // No file: the built-in list prices.
        auto [code, out, err] = run(args);
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(listPrice), qPrintable(out));

        // The default place: AppDataLocation/prices.json (XDG_DATA_HOME/Assay/assay here).
        const QByteArray override = R"({"prices": [{"model": "gpt-4o", "input": 1.75, "output": 7}]})";
        QVERIFY(QDir().mkpath(m_dir.filePath(u"data/Assay/assay"_s)));
        QFile standard(m_dir.filePath(u"data/Assay/assay/prices.json"_s));
        QVERIFY(standard.open(QIODevice::WriteOnly) && standard.write(override) == override.size());
        standard.close();
        std::tie(code, out, err) = run(args);
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(u"2026-11-01,,1,1000000,0,1.750000,0,"_s), qPrintable(out));
        const auto help = run({u"costs"_s, u"--help"_s});
        QVERIFY2(std::get<1>(help).contains(standard.fileName()), qPrintable(std::get<1>(help)));

        // ASSAY_PRICES names another file, which wins.
        QFile other(m_dir.filePath(u"team-prices.json"_s));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write(R"({"prices": [{"model": "gpt-4o", "input": 5, "output": 7}]})");
        other.close();
        qputenv("ASSAY_PRICES", other.fileName().toUtf8());
        std::tie(code, out, err) = run(args);
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(u"2026-11-01,,1,1000000,0,5.000000,0,"_s), qPrintable(out));

        // A broken file is an error that names it, and nothing is printed as if priced.
        QVERIFY(other.open(QIODevice::WriteOnly | QIODevice::Truncate));
        other.write(R"({"prices": [{"model": "gpt-4o", "input": )");
        other.close();
        std::tie(code, out, err) = run(args);
        QCOMPARE(code, 2);
        QVERIFY(out.isEmpty());
        QVERIFY2(err.contains(u"team-prices.json"_s) && err.contains(u"broken"_s), qPrintable(err));
        // --prices still takes precedence over the broken user file.
        std::tie(code, out, err) = run({u"costs"_s, path, u"--format"_s, u"csv"_s, u"--prices"_s,
                                        standard.fileName()});
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(u"1.750000"_s), qPrintable(out));
        qunsetenv("ASSAY_PRICES");
        QVERIFY(standard.remove());
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
    QStringList idsOfFirstRows(int n)
    {
        const auto [code, out, err] = run({u"outputs"_s, m_log, u"--limit"_s, QString::number(n), u"--format"_s, u"jsonl"_s});
        QStringList ids;
        for (const QString &line : out.split(u'\n', Qt::SkipEmptyParts))
            ids << QJsonDocument::fromJson(line.toUtf8()).object().value(u"id"_s).toVariant().toString();
        return ids;
    }

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
    double m_cost = 0;
    qint64 m_calls = 0;
    qint64 m_inputTokens = 0;
};

QTEST_GUILESS_MAIN(TestCostsCli)
#include "tst_costs_cli.moc"

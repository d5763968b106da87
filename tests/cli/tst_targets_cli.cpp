// `assay targets` as a team's CI or cron would use it: set, list, remove, and check exiting 4
// on a breach and 0 otherwise, JSON figures as numbers beside their feature, a folder
// registry's targets.json, and bad arguments exiting 2 with the reason.
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

class TestTargetsCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("ASSAY_PRICES", m_dir.filePath(u"no-prices.json"_s).toUtf8());
        // 100 calls of "chat" in the week before 20 Nov 2026, every 90 minutes, ids shuffled
        // against time: 30 rated, 12 of them negative; 3 errors. "search": 100 calls, 1 of 50
        // rated negative.
        QList<QVariantList> rows;
        const QDateTime end(QDate(2026, 11, 20), QTime(0, 0), QTimeZone::utc());
        for (int i = 1; i <= 100; ++i) {
            for (const QString &feature : {u"chat"_s, u"search"_s}) {
                const qint64 id = (feature == "chat"_L1 ? 0 : 1000) + (i * 37) % 101;
                QVariantList row = assay::test::TestLog::standardRow(
                    id, feature, end.addSecs(-qint64(i) * 90 * 60).toString(Qt::ISODate), u"out"_s);
                if (feature == "chat"_L1) {
                    row[8] = i <= 12 ? QVariant(u"negative"_s) : i <= 30 ? QVariant(u"positive"_s) : QVariant();
                    row[15] = i % 33 == 0 ? u"error"_s : u"ok"_s;
                } else {
                    row[8] = i == 1 ? QVariant(u"negative"_s) : i <= 50 ? QVariant(u"positive"_s) : QVariant();
                }
                rows << row;
            }
        }
        m_log = assay::test::TestLog::create(m_dir, assay::test::TestLog::standardColumns(), rows);
    }

    void setListCheckRemove()
    {
        auto [code, out, err] = run({u"targets"_s, m_log, u"set"_s, u"--feature"_s, u"chat"_s,
                                     u"--negative-feedback"_s, u"10%"_s, u"--errors"_s, u"0.2"_s});
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(u"chat negative-feedback: at most 10% over 7d"_s), qPrintable(out));
        QCOMPARE(std::get<0>(run({u"targets"_s, m_log, u"set"_s, u"--feature"_s, u"search"_s,
                                  u"--negative-feedback"_s, u"10%"_s})), 0);
        std::tie(code, out, err) = run({u"targets"_s, m_log, u"list"_s, u"--format"_s, u"json"_s});
        QCOMPARE(code, 0);
        const QJsonArray listed = QJsonDocument::fromJson(out.toUtf8()).object().value(u"targets"_s).toArray();
        QCOMPARE(listed.size(), 3);

        // chat: 12 of 30 rated negative, 40% (95% CI ~25-58%), wholly above 10%: breached, exit 4.
        std::tie(code, out, err) = run({u"targets"_s, m_log, u"check"_s, u"--as-of"_s, u"2026-11-20T00:00:00Z"_s,
                                        u"--format"_s, u"json"_s});
        QCOMPARE(code, 4);
        const QJsonObject doc = QJsonDocument::fromJson(out.toUtf8()).object();
        QCOMPARE(doc.value(u"as_of"_s).toString(), u"2026-11-20T00:00:00Z"_s);
        QJsonObject chatFeedback, chatErrors, searchFeedback;
        for (const QJsonValue &v : doc.value(u"targets"_s).toArray()) {
            const QJsonObject o = v.toObject();
            if (o.value(u"feature"_s) == u"chat"_s && o.value(u"metric"_s) == u"negative-feedback"_s)
                chatFeedback = o;
            else if (o.value(u"feature"_s) == u"chat"_s)
                chatErrors = o;
            else
                searchFeedback = o;
        }
        QCOMPARE(chatFeedback.value(u"status"_s).toString(), u"breached"_s);
        QCOMPARE(chatFeedback.value(u"trials"_s).toInteger(), 30);
        QCOMPARE(chatFeedback.value(u"events"_s).toInteger(), 12);
        QCOMPARE(chatFeedback.value(u"observed"_s).toDouble(), 0.4);
        QVERIFY(chatFeedback.value(u"ci_low"_s).toDouble() > 0.10);
        QCOMPARE(chatErrors.value(u"status"_s).toString(), u"met"_s); // 3 of 100 against 20%
        QCOMPARE(chatErrors.value(u"trials"_s).toInteger(), 100);
        QCOMPARE(chatErrors.value(u"events"_s).toInteger(), 3);
        // search: 1 of 50, 2% (CI ~0.4-10.5%): straddles 10%, at risk, with how many more would decide.
        QCOMPARE(searchFeedback.value(u"status"_s).toString(), u"at risk"_s);
        QVERIFY(searchFeedback.value(u"more_to_decide"_s).toDouble() > 0);

        std::tie(code, out, err) = run({u"targets"_s, m_log, u"check"_s, u"--as-of"_s, u"2026-11-20T00:00:00Z"_s});
        QCOMPARE(code, 4);
        QVERIFY2(out.contains(u"breached"_s) && out.contains(u"at risk"_s) && out.contains(u"more rated outputs"_s),
                 qPrintable(out));

        // The chat target loosened: nothing is breached any more, exit 0. A window that ends
        // before any call: not enough data, exit 0.
        QCOMPARE(std::get<0>(run({u"targets"_s, m_log, u"set"_s, u"--feature"_s, u"chat"_s,
                                  u"--negative-feedback"_s, u"70%"_s})), 0);
        QCOMPARE(std::get<0>(run({u"targets"_s, m_log, u"check"_s, u"--as-of"_s, u"2026-11-20T00:00:00Z"_s})), 0);
        std::tie(code, out, err) = run({u"targets"_s, m_log, u"check"_s, u"--as-of"_s, u"2026-10-01"_s});
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(u"not enough data"_s), qPrintable(out));

        std::tie(code, out, err) = run({u"targets"_s, m_log, u"remove"_s, u"--feature"_s, u"chat"_s,
                                        u"--metric"_s, u"errors"_s});
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(u"removed 1 target"_s), qPrintable(out));
        std::tie(code, out, err) = run({u"targets"_s, m_log, u"remove"_s, u"--feature"_s, u"nothing"_s});
        QCOMPARE(code, 1);
        QVERIFY2(err.contains(u"no such target"_s), qPrintable(err));
        QCOMPARE(std::get<0>(run({u"targets"_s, m_log, u"remove"_s, u"--feature"_s, u"chat"_s})), 0);
        QCOMPARE(std::get<0>(run({u"targets"_s, m_log, u"remove"_s, u"--feature"_s, u"search"_s})), 0);
        std::tie(code, out, err) = run({u"targets"_s, m_log});
        QCOMPARE(code, 0);
        QVERIFY2(out.startsWith(u"no targets"_s), qPrintable(out));
    }

    void targetsFileOfAFolderRegistry()
    {
        QDir(m_dir.path()).mkpath(u"prompts"_s);
        QFile file(m_dir.filePath(u"prompts/targets.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"targets": [{"feature": "chat", "metric": "negative-feedback", "limit": 0.05}]})");
        file.close();
        auto [code, out, err] = run({u"targets"_s, m_log, u"check"_s, u"--registry"_s, m_dir.filePath(u"prompts"_s),
                                     u"--as-of"_s, u"2026-11-20T00:00:00Z"_s});
        QCOMPARE(code, 4);
        QVERIFY2(out.contains(u"chat negative-feedback"_s), qPrintable(out));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(R"({"targets": [{"feature": "chat", "metric": "negative-feedback"}]})");
        file.close();
        std::tie(code, out, err) = run({u"targets"_s, m_log, u"check"_s, u"--registry"_s, m_dir.filePath(u"prompts"_s)});
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(u"targets.json"_s) && err.contains(u"limit"_s), qPrintable(err));
    }

    void badArgumentsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no measure") << QStringList{u"set"_s, u"--feature"_s, u"chat"_s};
        QTest::newRow("no feature") << QStringList{u"set"_s, u"--errors"_s, u"5%"_s};
        QTest::newRow("rate over 100%") << QStringList{u"set"_s, u"--feature"_s, u"chat"_s, u"--errors"_s, u"150%"_s};
        QTest::newRow("rate not a number") << QStringList{u"set"_s, u"--feature"_s, u"chat"_s, u"--errors"_s, u"low"_s};
        QTest::newRow("check without rate") << QStringList{u"set"_s, u"--feature"_s, u"chat"_s, u"--check-failures"_s, u"json_valid"_s};
        QTest::newRow("negative latency") << QStringList{u"set"_s, u"--feature"_s, u"chat"_s, u"--p95-latency"_s, u"-5"_s};
        QTest::newRow("bad window") << QStringList{u"set"_s, u"--feature"_s, u"chat"_s, u"--errors"_s, u"5%"_s, u"--window"_s, u"7y"_s};
        QTest::newRow("unknown action") << QStringList{u"enforce"_s};
        QTest::newRow("bad format") << QStringList{u"check"_s, u"--format"_s, u"xml"_s};
        QTest::newRow("bad as-of") << QStringList{u"check"_s, u"--as-of"_s, u"someday"_s};
        QTest::newRow("remove without feature") << QStringList{u"remove"_s};
    }

    void badArgumentsExitTwo()
    {
        QFETCH(QStringList, args);
        const auto [code, out, err] = run(QStringList{u"targets"_s, m_log} + args);
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

QTEST_GUILESS_MAIN(TestTargetsCli)
#include "tst_targets_cli.moc"

// Durability of `assay label SOURCE --stdin` across kill -9: the real executable (ASSAY_BINARY)
// is fed label lines, its "saved ID" acknowledgements are read as they come, and it is killed
// with SIGKILL in the middle of the stream. Every acknowledged label must then be in the
// workspace with the value that was sent; nothing written after it may be half there.

#include "TestSupport.h"

#include "labels/LabelStore.h"
#include "workspace/Workspace.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

constexpr int kRows = 3000;

// The label sent for an id: every value and sometimes a note, so the check is not trivial.
QString labelFor(int id)
{
    static const QStringList values{u"positive"_s, u"negative"_s, u"edited"_s};
    return values.at(id % 3);
}

QString noteFor(int id)
{
    return id % 4 == 0 ? u"note for %1"_s.arg(id) : QString();
}

} // namespace

class TestLabelDurability : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void ackedLabelsSurviveKill9();
    void badLinesAreSkippedAndReported();

private:
    void startLabeller(QProcess &p, const QString &reviewer);
    test::ScopedWorkspaceDir m_wsDir;
    QTemporaryDir m_dir;
    QString m_binary;
    QString m_log;
};

void TestLabelDurability::initTestCase()
{
    m_binary = qEnvironmentVariable("ASSAY_BINARY");
    QVERIFY2(QFile::exists(m_binary), "ASSAY_BINARY must name the built assay executable");
    m_log = test::TestLog::create(m_dir, test::TestLog::standardColumns(), test::TestLog::standardRows(kRows));
}

void TestLabelDurability::startLabeller(QProcess &p, const QString &reviewer)
{
    // The child inherits ASSAY_WORKSPACE_DIR from m_wsDir, so it writes the workspace this test reads.
    p.start(m_binary, {u"label"_s, m_log, u"--stdin"_s, u"--reviewer"_s, reviewer});
    QVERIFY2(p.waitForStarted(10000), qPrintable(p.errorString()));
}

void TestLabelDurability::ackedLabelsSurviveKill9()
{
    QProcess p;
    startLabeller(p, u"crash"_s);
    // Lines go out ahead of the acknowledgements (never all of them), so the process always
    // has input still coming and lines in flight when it is killed, however the machine is loaded.
    constexpr int ahead = 400;
    int written = 0;
    const auto topUp = [&](int ackedSoFar) {
        QByteArray lines;
        for (; written < std::min(kRows, ackedSoFar + ahead); ++written) {
            const int id = written + 1;
            lines += u"%1 %2 %3\n"_s.arg(id).arg(labelFor(id), noteFor(id)).toUtf8();
        }
        p.write(lines);
    };
    topUp(0);

    QStringList acked;
    QByteArray pending;
    const auto readAcks = [&] {
        pending += p.readAllStandardOutput();
        qsizetype nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(nl);
            pending.remove(0, nl + 1);
            QVERIFY2(line.startsWith("saved "), line.constData());
            acked << QString::fromUtf8(line.mid(6));
        }
    };
    QDeadlineTimer deadline(60000);
    while (acked.size() < 50 && !deadline.hasExpired() && p.state() == QProcess::Running) {
        p.waitForReadyRead(1000);
        readAcks();
        topUp(int(acked.size()));
    }
    QVERIFY2(acked.size() >= 50, qPrintable(QString::fromUtf8(p.readAllStandardError())));
    p.kill(); // SIGKILL: no destructors, no flush, no commit of anything in flight
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    readAcks(); // acknowledgements already written before the kill count too
    QVERIFY(acked.size() <= written && written < kRows);
    qInfo("%d labels acknowledged before the kill, %d lines sent", int(acked.size()), written);

    auto ws = Workspace::open(test::sqliteSource(m_log));
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    LabelStore store(**ws, u"crash"_s);
    auto current = store.currentLabels(LabelQuery{u"crash"_s, std::nullopt, {}});
    QVERIFY(current.ok());
    QHash<QString, LabelEvent> byKey;
    for (const LabelEvent &e : *current)
        byKey.insert(e.outputKey, e);
    for (const QString &key : acked) {
        QVERIFY2(byKey.contains(key), qPrintable(u"acknowledged label of %1 is missing"_s.arg(key)));
        QCOMPARE(labelName(*byKey.value(key).label), labelFor(key.toInt()));
        QCOMPARE(byKey.value(key).note, noteFor(key.toInt()));
    }
    // Lines are saved in order: the store holds the acknowledged ones and at most the one
    // being committed when the kill came, never a gap.
    QVERIFY(byKey.size() >= acked.size() && byKey.size() <= acked.size() + 1);
    for (int id = 1; id <= int(byKey.size()); ++id)
        QVERIFY2(byKey.contains(QString::number(id)), qPrintable(u"gap at %1"_s.arg(id)));
}

void TestLabelDurability::badLinesAreSkippedAndReported()
{
    QProcess p;
    startLabeller(p, u"careful"_s);
    p.write("1 positive fine\n"
            "nonsense\n"
            "2 superb\n"
            "999999 negative\n"
            "\n"
            "# a comment\n"
            "3 negative  two  spaces kept\n");
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 1); // something was refused
    QCOMPARE(p.readAllStandardOutput(), QByteArray("saved 1\nsaved 3\n"));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(u"line 2:"_s) && err.contains(u"line 3:"_s) && err.contains(u"line 4:"_s), qPrintable(err));
    QVERIFY(!err.contains(u"line 7"_s));

    auto ws = Workspace::open(test::sqliteSource(m_log));
    QVERIFY(ws.ok());
    auto current = LabelStore(**ws, u"careful"_s).currentLabels(LabelQuery{u"careful"_s, std::nullopt, {}});
    QVERIFY(current.ok());
    QCOMPARE(current->size(), 2);
    QCOMPARE(current->at(1).note, u"two  spaces kept"_s);
}

QTEST_GUILESS_MAIN(TestLabelDurability)
#include "tst_label_durability.moc"

// Judging sessions and verdicts in a SQLite workspace: sessions fixed once drawn, verdicts
// append-only with A/B read through the pair's left/right, and undo that never reverts a
// verdict it did not make (another judge's, or one superseded since).

#include "TestSupport.h"

#include "eval/JudgingStore.h"
#include "workspace/Workspace.h"

#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

class TestJudgingStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void sessionsAreFixedOnceDrawn();
    void verdictsMapLeftRightToAB();
    void undoRefusesWhatItDidNotMake();
    void nothingIsEverUpdatedOrDeleted();

private:
    test::ScopedWorkspaceDir m_wsDir;
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    int m_round = 0;
};

void TestJudgingStore::init()
{
    const QString log = test::TestLog::create(m_dir.filePath(u"log%1.sqlite"_s.arg(++m_round)),
                                              test::TestLog::standardColumns(), test::TestLog::standardRows(5));
    auto ws = Workspace::open(test::sqliteSource(log));
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    m_ws = std::move(*ws);
    JudgingSession s;
    s.name = u"week48"_s;
    s.runId = 3;
    s.sideA = u"baseline"_s;
    s.sideB = u"target:1"_s;
    s.seed = 11;
    QVERIFY(JudgingStore(*m_ws).createSession(s, {{1, 4, true}, {2, 0, false}, {3, 2, true}}).ok());
}

void TestJudgingStore::cleanup()
{
    m_ws.reset();
}

void TestJudgingStore::sessionsAreFixedOnceDrawn()
{
    JudgingStore store(*m_ws);
    auto s = store.session(u"week48"_s);
    QVERIFY2(s.ok(), qPrintable(s.error()));
    QCOMPARE(s->runId, qint64(3));
    QCOMPARE(s->sideB, u"target:1"_s);
    QCOMPARE(s->seed, quint64(11));
    QCOMPARE(s->size, 3);
    auto pairs = store.pairs(u"week48"_s);
    QVERIFY(pairs.ok());
    QCOMPARE(pairs->size(), 3);
    QCOMPARE(pairs->at(1).caseNo, 0);
    QVERIFY(!pairs->at(1).aOnLeft);

    JudgingSession again = *s;
    const auto refused = store.createSession(again, {{1, 1, true}});
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(u"exists"_s), qPrintable(refused.error()));
    QCOMPARE(store.pairs(u"week48"_s)->size(), 3); // untouched
    QVERIFY(!store.session(u"nope"_s).ok());
    QVERIFY(!store.createSession(JudgingSession{u"empty"_s}, {}).ok());
}

void TestJudgingStore::verdictsMapLeftRightToAB()
{
    JudgingStore store(*m_ws);
    auto v1 = store.record(u"week48"_s, 1, u"alice"_s, PairChoice::Left); // A on the left: A
    auto v2 = store.record(u"week48"_s, 2, u"alice"_s, PairChoice::Left); // B on the left: B
    auto v3 = store.record(u"week48"_s, 3, u"alice"_s, PairChoice::Tie, u"both fine"_s);
    QVERIFY(v1.ok() && v2.ok() && v3.ok());
    QCOMPARE(v1->winner, PairWinner::A);
    QCOMPARE(v2->winner, PairWinner::B);
    QCOMPARE(v3->winner, PairWinner::Tie);
    QVERIFY(!store.record(u"week48"_s, 4, u"alice"_s, PairChoice::Left).ok()); // no pair 4
    QVERIFY(!store.record(u"other"_s, 1, u"alice"_s, PairChoice::Left).ok());
    QVERIFY(!store.record(u"week48"_s, 1, u"  "_s, PairChoice::Left).ok());
    // A judge changing their mind: the newest verdict stands.
    QVERIFY(store.record(u"week48"_s, 1, u"alice"_s, PairChoice::Right).ok());
    QVERIFY(store.record(u"week48"_s, 1, u"bob"_s, PairChoice::Left).ok());
    auto current = store.currentVerdicts(u"week48"_s);
    QVERIFY(current.ok());
    QCOMPARE(current->size(), 4);
    QCOMPARE(current->at(0).judge, u"alice"_s);
    QCOMPARE(current->at(0).winner, PairWinner::B);
    QCOMPARE(current->at(1).judge, u"bob"_s);
    QCOMPARE(current->at(1).winner, PairWinner::A);
    QCOMPARE(current->at(3).note, u"both fine"_s);
    QCOMPARE(pairChoiceFromName(u"2"), PairChoice::Right);
    QVERIFY(!pairChoiceFromName(u"sideways"));
}

void TestJudgingStore::undoRefusesWhatItDidNotMake()
{
    JudgingStore store(*m_ws);
    auto first = store.record(u"week48"_s, 1, u"alice"_s, PairChoice::Left);
    auto second = store.record(u"week48"_s, 1, u"alice"_s, PairChoice::Right);
    auto bobs = store.record(u"week48"_s, 1, u"bob"_s, PairChoice::Tie);
    QVERIFY(first.ok() && second.ok() && bobs.ok());
    // alice's first verdict was superseded by her second: undoing it would revert a newer one.
    const auto stale = store.undo(u"week48"_s, u"alice"_s, first->id);
    QVERIFY(!stale.ok());
    QVERIFY2(stale.error().contains(u"newer"_s), qPrintable(stale.error()));
    // Nobody undoes another judge's verdict.
    QVERIFY(!store.undo(u"week48"_s, u"alice"_s, bobs->id).ok());
    // Undoing the current one brings back the one before it.
    QVERIFY(store.undo(u"week48"_s, u"alice"_s, second->id).ok());
    auto current = store.currentVerdicts(u"week48"_s);
    QCOMPARE(current->at(0).id, first->id);
    QVERIFY(!store.undo(u"week48"_s, u"alice"_s, second->id).ok()); // twice: no
    QVERIFY(store.undo(u"week48"_s, u"alice"_s, first->id).ok());
    current = store.currentVerdicts(u"week48"_s);
    QCOMPARE(current->size(), 1); // bob's only
    QCOMPARE(current->first().judge, u"bob"_s);
}

void TestJudgingStore::nothingIsEverUpdatedOrDeleted()
{
    JudgingStore store(*m_ws);
    auto v = store.record(u"week48"_s, 2, u"alice"_s, PairChoice::Left);
    QVERIFY(store.undo(u"week48"_s, u"alice"_s, v->id).ok());
    QVERIFY(store.record(u"week48"_s, 2, u"alice"_s, PairChoice::Tie).ok());
    QSqlQuery q(m_ws->db());
    QVERIFY(q.exec(u"SELECT choice, retracts FROM judging_verdicts ORDER BY id"_s));
    QStringList rows;
    while (q.next())
        rows << q.value(0).toString() + u':' + (q.value(1).isNull() ? u"-"_s : u"r"_s);
    QCOMPARE(rows, (QStringList{u"left:-"_s, u"retract:r"_s, u"tie:-"_s}));
}

QTEST_GUILESS_MAIN(TestJudgingStore)
#include "tst_judgingstore.moc"

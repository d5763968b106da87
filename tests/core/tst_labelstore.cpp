// LabelStore and LabelUndoStack on a SQLite workspace: the append-only history, the current
// label derived from it, bulk changes as one batch, undo/redo (bulk as one step) that only
// appends, and durability (a second connection sees a label the moment set() returns).

#include "TestSupport.h"

#include "labels/LabelStore.h"
#include "labels/CurrentAgreement.h"
#include "labels/LabelUndoStack.h"
#include "browse/LogSession.h"
#include "workspace/Workspace.h"

#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

class TestLabelStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void labelNames();
    void historyAndCurrentLabel();
    void reviewersAreSeparate();
    void bulkIsOneBatch();
    void undoRedo();
    void undoRedoBulkIsOneStep();
    void newChangeForgetsRedo();
    void undoNeverOverwritesAnotherViewsChange();
    void redoNeverOverwritesAnotherViewsChange();
    void secondConnectionSeesLabelAtOnce();
    void currentAgreementReadsFeaturesFromTheLog();
    void tagsAndSince();

private:
    qint64 eventCount();
    std::unique_ptr<test::ScopedWorkspaceDir> m_wsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_log;
    std::unique_ptr<Workspace> m_ws;
};

void TestLabelStore::init()
{
    m_wsDir = std::make_unique<test::ScopedWorkspaceDir>();
    m_dir = std::make_unique<QTemporaryDir>();
    m_log = test::TestLog::create(*m_dir, test::TestLog::standardColumns(), test::TestLog::standardRows(20));
    auto ws = Workspace::open(test::sqliteSource(m_log));
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    m_ws = std::move(*ws);
    QVERIFY(m_ws->schemaVersion() >= 4);
}

void TestLabelStore::cleanup()
{
    m_ws.reset();
    m_dir.reset();
    m_wsDir.reset();
}

qint64 TestLabelStore::eventCount()
{
    QSqlQuery q(m_ws->db());
    return q.exec(u"SELECT count(*) FROM label_events"_s) && q.next() ? q.value(0).toLongLong() : -1;
}

void TestLabelStore::labelNames()
{
    QCOMPARE(labelFromName(u"positive"), LabelValue::Positive);
    QCOMPARE(labelFromName(u"2"), LabelValue::Negative);
    QCOMPARE(labelFromName(u"edited"), LabelValue::Edited);
    QVERIFY(!labelFromName(u"clear"));
    QCOMPARE(labelName(LabelValue::Edited), u"edited"_s);
}

void TestLabelStore::historyAndCurrentLabel()
{
    LabelStore store(*m_ws, u"alice"_s);
    QCOMPARE(store.reviewer(), u"alice"_s);
    QVERIFY(store.set({u"1"_s, LabelValue::Positive, {}, {}, {}}).ok());
    QVERIFY(store.set({u"1"_s, LabelValue::Edited, u"too long"_s, {u"tone"_s}, u"shorter"_s}).ok());
    auto cur = store.current(u"1"_s);
    QVERIFY(cur.ok() && cur->has_value());
    QCOMPARE((*cur)->label, LabelValue::Edited);
    QCOMPARE((*cur)->note, u"too long"_s);
    QCOMPARE((*cur)->tags, QStringList{u"tone"_s});
    QCOMPARE((*cur)->correctedOutput, u"shorter"_s);
    QVERIFY((*cur)->labelledAt.isValid());

    QVERIFY(store.set({u"1"_s, std::nullopt, {}, {}, {}}).ok()); // clear
    cur = store.current(u"1"_s);
    QVERIFY(cur.ok() && !cur->has_value());
    auto all = store.currentLabels();
    QVERIFY(all.ok() && all->isEmpty());

    auto history = store.history(u"1"_s);
    QVERIFY(history.ok());
    QCOMPARE(history->size(), 3);
    QCOMPARE(history->at(0).label, LabelValue::Positive); // the old value stays readable
    QCOMPARE(history->at(1).label, LabelValue::Edited);
    QVERIFY(!history->at(2).label);
}

void TestLabelStore::reviewersAreSeparate()
{
    LabelStore alice(*m_ws, u"alice"_s);
    LabelStore bob(*m_ws, u"bob"_s);
    QVERIFY(alice.set({u"5"_s, LabelValue::Positive, {}, {}, {}}).ok());
    QVERIFY(bob.set({u"5"_s, LabelValue::Negative, u"wrong"_s, {}, {}}).ok());
    QCOMPARE((*alice.current(u"5"_s))->label, LabelValue::Positive);
    QCOMPARE((*bob.current(u"5"_s))->label, LabelValue::Negative);
    QCOMPARE(alice.currentLabels()->size(), 2);
    LabelQuery onlyBob;
    onlyBob.reviewer = u"bob"_s;
    auto bobs = alice.currentLabels(onlyBob);
    QCOMPARE(bobs->size(), 1);
    QCOMPARE(bobs->first().reviewer, u"bob"_s);
    QCOMPARE(alice.labelledKeys().value(), QSet<QString>{u"5"_s});

    // Without a name the OS user labels.
    qputenv("USER", "os-user");
    QCOMPARE(LabelStore(*m_ws).reviewer(), u"os-user"_s);
}

void TestLabelStore::bulkIsOneBatch()
{
    LabelStore store(*m_ws, u"alice"_s);
    auto events = store.setMany({{u"1"_s, LabelValue::Positive, {}, {}, {}},
                                 {u"2"_s, LabelValue::Positive, {}, {}, {}},
                                 {u"3"_s, LabelValue::Negative, {}, {}, {}}});
    QVERIFY2(events.ok(), qPrintable(events.error()));
    QCOMPARE(events->size(), 3);
    QVERIFY(!events->first().batchId.isEmpty());
    for (const LabelEvent &e : *events)
        QCOMPARE(e.batchId, events->first().batchId);
    QCOMPARE(store.currentLabels()->size(), 3);
    // One bad change and nothing is written.
    const qint64 before = eventCount();
    QVERIFY(!store.setMany({{u"4"_s, LabelValue::Positive, {}, {}, {}}, {QString(), LabelValue::Positive, {}, {}, {}}}).ok());
    QCOMPARE(eventCount(), before);
}

void TestLabelStore::undoRedo()
{
    LabelStore store(*m_ws, u"alice"_s);
    LabelUndoStack stack(store);
    QVERIFY(!stack.canUndo());
    QVERIFY(stack.apply({u"1"_s, LabelValue::Positive, {}, {}, {}}).ok());
    QVERIFY(stack.apply({u"1"_s, LabelValue::Negative, u"n"_s, {}, {}}).ok());
    QCOMPARE(stack.undoCount(), 2);

    QVERIFY(stack.undo().ok());
    QCOMPARE((*store.current(u"1"_s))->label, LabelValue::Positive);
    QVERIFY(stack.undo().ok());
    QVERIFY(!store.current(u"1"_s)->has_value());
    QVERIFY(!stack.canUndo());
    QVERIFY(!stack.undo().ok());

    QVERIFY(stack.redo().ok());
    QVERIFY(stack.redo().ok());
    QCOMPARE((*store.current(u"1"_s))->label, LabelValue::Negative);
    QCOMPARE((*store.current(u"1"_s))->note, u"n"_s);
    QVERIFY(!stack.canRedo());
    // Nothing was deleted: 2 sets, 2 undos, 2 redos.
    QCOMPARE(eventCount(), 6);
    auto history = store.history(u"1"_s);
    QCOMPARE(history->at(2).action, u"undo"_s);
    QCOMPARE(history->at(5).action, u"redo"_s);
}

void TestLabelStore::undoRedoBulkIsOneStep()
{
    LabelStore store(*m_ws, u"alice"_s);
    LabelUndoStack stack(store);
    QVERIFY(stack.apply({u"1"_s, LabelValue::Edited, u"keep"_s, {u"t"_s}, u"fixed"_s}).ok());
    QVERIFY(stack.apply(QList<LabelChange>{{u"1"_s, LabelValue::Negative, {}, {}, {}},
                                           {u"2"_s, LabelValue::Negative, {}, {}, {}},
                                           {u"3"_s, LabelValue::Negative, {}, {}, {}}}).ok());
    QCOMPARE(stack.undoCount(), 2);
    auto undone = stack.undo();
    QVERIFY(undone.ok());
    QCOMPARE(undone->size(), 3);
    QCOMPARE(undone->at(0).batchId, undone->at(2).batchId);
    auto one = *store.current(u"1"_s);
    QCOMPARE(one->label, LabelValue::Edited); // restored with its note, tags and correction
    QCOMPARE(one->note, u"keep"_s);
    QCOMPARE(one->tags, QStringList{u"t"_s});
    QCOMPARE(one->correctedOutput, u"fixed"_s);
    QVERIFY(!store.current(u"2"_s)->has_value());
    QVERIFY(!store.current(u"3"_s)->has_value());
    QCOMPARE(stack.undoCount(), 1);
    QVERIFY(stack.redo().ok());
    QCOMPARE(store.currentLabels()->size(), 3);
}

void TestLabelStore::newChangeForgetsRedo()
{
    LabelStore store(*m_ws, u"alice"_s);
    LabelUndoStack stack(store);
    QVERIFY(stack.apply({u"1"_s, LabelValue::Positive, {}, {}, {}}).ok());
    QVERIFY(stack.undo().ok());
    QVERIFY(stack.canRedo());
    QVERIFY(stack.apply({u"2"_s, LabelValue::Positive, {}, {}, {}}).ok());
    QVERIFY(!stack.canRedo());
    QCOMPARE(stack.undoCount(), 1);
}

// The browser and the presenter each keep an undo stack for the same reviewer (two views, two
// workspace connections): undo in one must not revert the newer label made in the other.
void TestLabelStore::undoNeverOverwritesAnotherViewsChange()
{
    auto otherWs = Workspace::open(test::sqliteSource(m_log));
    QVERIFY(otherWs.ok());
    LabelStore browser(*m_ws, u"alice"_s);
    LabelStore presenter(**otherWs, u"alice"_s);
    LabelUndoStack browserUndo(browser);
    LabelUndoStack presenterUndo(presenter);
    QVERIFY(browserUndo.apply({u"1"_s, LabelValue::Positive, {}, {}, {}}).ok());
    QVERIFY(browserUndo.apply({u"4"_s, LabelValue::Positive, {}, {}, {}}).ok());
    QVERIFY(presenterUndo.apply({u"4"_s, LabelValue::Negative, u"worse on a second look"_s, {}, {}}).ok());
    const qint64 before = eventCount();

    auto refused = browserUndo.undo();
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(u"output 4"_s) && refused.error().contains(u"nothing was changed"_s),
             qPrintable(refused.error()));
    QCOMPARE(eventCount(), before); // nothing written
    QCOMPARE((*browser.current(u"4"_s))->label, LabelValue::Negative);
    QCOMPARE((*browser.current(u"4"_s))->note, u"worse on a second look"_s);
    // The refused step is gone; the older one (output 1) still undoes.
    QCOMPARE(browserUndo.undoCount(), 1);
    QVERIFY(browserUndo.undo().ok());
    QVERIFY(!browser.current(u"1"_s)->has_value());
    // The presenter's own undo still works: back to the browser's label it replaced.
    QVERIFY(presenterUndo.undo().ok());
    QCOMPARE((*presenter.current(u"4"_s))->label, LabelValue::Positive);

    // A bulk step is refused as a whole when one of its outputs changed elsewhere.
    QVERIFY(browserUndo.apply(QList<LabelChange>{{u"6"_s, LabelValue::Negative, {}, {}, {}},
                                                 {u"7"_s, LabelValue::Negative, {}, {}, {}}}).ok());
    QVERIFY(presenterUndo.apply({u"7"_s, LabelValue::Positive, {}, {}, {}}).ok());
    QVERIFY(!browserUndo.undo().ok());
    QCOMPARE((*browser.current(u"6"_s))->label, LabelValue::Negative);
    QCOMPARE((*browser.current(u"7"_s))->label, LabelValue::Positive);
}

void TestLabelStore::redoNeverOverwritesAnotherViewsChange()
{
    auto otherWs = Workspace::open(test::sqliteSource(m_log));
    QVERIFY(otherWs.ok());
    LabelStore browser(*m_ws, u"alice"_s);
    LabelStore presenter(**otherWs, u"alice"_s);
    LabelUndoStack browserUndo(browser);
    QVERIFY(browserUndo.apply({u"2"_s, LabelValue::Positive, {}, {}, {}}).ok());
    QVERIFY(browserUndo.undo().ok());
    QVERIFY(presenter.set({u"2"_s, LabelValue::Edited, {}, {}, u"a better answer"_s}).ok());
    auto refused = browserUndo.redo();
    QVERIFY(!refused.ok());
    QCOMPARE((*browser.current(u"2"_s))->label, LabelValue::Edited);
    QVERIFY(!browserUndo.canRedo());
}

// Every current label, each output's feature from the log: 6 outputs both reviewers labelled
// (bob differs on one), and one labelled output the log does not have.
void TestLabelStore::currentAgreementReadsFeaturesFromTheLog()
{
    LabelStore alice(*m_ws, u"alice"_s);
    LabelStore bob(*m_ws, u"bob"_s);
    for (int i = 1; i <= 6; ++i) {
        QVERIFY(alice.set({QString::number(i), LabelValue::Positive, {}, {}, {}}).ok());
        QVERIFY(bob.set({QString::number(i), i == 2 ? LabelValue::Negative : LabelValue::Positive, {}, {}, {}}).ok());
    }
    QVERIFY(alice.set({u"999"_s, LabelValue::Negative, {}, {}, {}}).ok());
    QVERIFY(alice.set({u"7"_s, LabelValue::Positive, {}, {}, {}}).ok());
    QVERIFY(alice.set({u"7"_s, std::nullopt, {}, {}, {}}).ok()); // cleared: not a current label
    auto session = LogSession::open(SessionSpec{test::sqliteSource(m_log), {}, {}, false});
    QVERIFY2(session.ok(), qPrintable(session.error()));
    auto agreement = currentAgreement(alice, (*session)->connection(), (*session)->schema());
    QVERIFY2(agreement.ok(), qPrintable(agreement.error()));
    QCOMPARE(agreement->labels, 13);
    QCOMPARE(agreement->missing, 1);
    qint64 compared = 0, agreed = 0;
    QStringList features;
    for (const FeatureAgreement &f : agreement->features) {
        compared += f.itemsCompared;
        agreed += f.itemsAgreed;
        features << f.feature;
    }
    QCOMPARE(compared, 6);
    QCOMPARE(agreed, 5);
    QVERIFY2(features.contains(u"(unknown)"_s), qPrintable(features.join(u", "_s))); // output 999
    QVERIFY2(features.size() >= 2, qPrintable(features.join(u", "_s)));
}

void TestLabelStore::secondConnectionSeesLabelAtOnce()
{
    LabelStore store(*m_ws, u"alice"_s);
    {
        QSqlQuery q(m_ws->db());
        QVERIFY(q.exec(u"PRAGMA synchronous"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), 2); // FULL
    }
    auto other = Workspace::open(test::sqliteSource(m_log));
    QVERIFY(other.ok());
    LabelStore reader(**other, u"alice"_s);
    for (int i = 1; i <= 5; ++i) {
        QVERIFY(store.set({QString::number(i), LabelValue::Positive, {}, {}, {}}).ok());
        auto seen = reader.current(QString::number(i));
        QVERIFY(seen.ok() && seen->has_value());
    }
    QVERIFY(store.setMany({{u"9"_s, LabelValue::Negative, {}, {}, {}}, {u"10"_s, LabelValue::Negative, {}, {}, {}}}).ok());
    QCOMPARE(reader.currentLabels()->size(), 7);
}

void TestLabelStore::tagsAndSince()
{
    LabelStore store(*m_ws, u"alice"_s);
    QVERIFY(store.set({u"1"_s, LabelValue::Negative, {}, {u"tone"_s, u"facts"_s}, {}}).ok());
    QVERIFY(store.set({u"2"_s, LabelValue::Negative, {}, {u"facts"_s}, {}}).ok());
    QCOMPARE(store.knownTags().value(), (QStringList{u"facts"_s, u"tone"_s}));
    LabelQuery future;
    future.since = QDateTime::currentDateTimeUtc().addSecs(3600);
    QVERIFY(store.currentLabels(future)->isEmpty());
    LabelQuery past;
    past.since = QDateTime::currentDateTimeUtc().addSecs(-3600);
    QCOMPARE(store.currentLabels(past)->size(), 2);
}

QTEST_GUILESS_MAIN(TestLabelStore)
#include "tst_labelstore.moc"

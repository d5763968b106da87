// Reviewer labels on the outputs browser, driven from the keyboard: 1/2/3/0 on one row and on a
// multi-selection, undo and redo, and what the user sees when the workspace refuses a write. What
// the page shows as saved is checked against a second LabelStore on the same workspace file.
#include "browse/BrowserPage.h"
#include "browse/DetailPane.h"
#include "browse/OutputsModel.h"
#include "labels/LabelDialogs.h"
#include "labels/LabelKeys.h"
#include "labels/LabelService.h"
#include "labels/LabelStore.h"
#include "common/CellTone.h"
#include "labels/ReviewerLabelProxy.h"
#include "labels/ShortcutHelp.h"
#include "workspace/Workspace.h"

#include "TestSupport.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QItemSelectionModel>
#include <QCompleter>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStringListModel>
#include <QTableWidget>
#include <QTextBrowser>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {
const QString kReviewer = u"tester"_s;
} // namespace

class TestLabelling : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"assay-tests"_s);
        QCoreApplication::setApplicationName(u"tst_labelling"_s);
        LabelService::setConfiguredReviewer(kReviewer);
        QSettings().setValue(u"labels/autoAdvance"_s, false);
        QSettings().setValue(u"labels/blind"_s, false);
        QVERIFY(m_dir.isValid());
        m_log = m_dir.filePath(u"demo.sqlite"_s);
        const QString error = test::writeDemoLogFixture(m_log, 300, 7);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void labelsRowsFromTheKeyboard()
    {
        BrowserPage page;
        QVERIFY(openPage(page));
        QTableView *table = page.table();
        ReviewerLabelProxy *labels = page.labelModel();
        QAbstractItemModelTester tester(labels, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int column = labels->labelColumn();
        // The rows on screen ask for their labels as they are painted, in one batch.
        QTRY_VERIFY_WITH_TIMEOUT(labels->labelsOf(labels->keyAt(0)).loaded, 10000);
        QVERIFY(labels->labelsOf(labels->keyAt(20)).loaded);
        table->setCurrentIndex(labels->index(0, 0));
        table->setFocus();

        // 1 labels the current row; it shows as saved only once the worker has committed it.
        const QString first = labels->keyAt(0);
        QTest::keyClick(table, Qt::Key_1);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(labels, 0), u"saved"_s, 10000);
        QCOMPARE(labels->index(0, column).data(ReviewerLabelProxy::MyLabelRole).toString(), u"positive"_s);
        QVERIFY(labels->index(0, column).data().toString().contains(u"positive"_s));
        // The label's colour is the delegate's to paint from the tone; the proxy returns none.
        QCOMPARE(labels->index(0, column).data(CellRole::Tone).toInt(), int(CellTone::LabelPositive));
        QVERIFY(!labels->index(0, column).data(Qt::ForegroundRole).isValid());
        QCOMPARE(storedLabel(first), std::optional<LabelValue>(LabelValue::Positive));

        // J moves down; 2 and 3 label the next rows.
        QTest::keyClick(table, Qt::Key_J);
        QCOMPARE(table->currentIndex().row(), 1);
        QTest::keyClick(table, Qt::Key_2);
        QTest::keyClick(table, Qt::Key_J);
        QTest::keyClick(table, Qt::Key_3);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(labels, 2), u"saved"_s, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(labels, 1), u"saved"_s, 10000);
        QCOMPARE(storedLabel(labels->keyAt(1)), std::optional<LabelValue>(LabelValue::Negative));
        QCOMPARE(storedLabel(labels->keyAt(2)), std::optional<LabelValue>(LabelValue::Edited));

        // K goes back up, 0 clears.
        QTest::keyClick(table, Qt::Key_K);
        QTest::keyClick(table, Qt::Key_K);
        QCOMPARE(table->currentIndex().row(), 0);
        QTest::keyClick(table, Qt::Key_0);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(labels, 0), QString(), 10000);
        QCOMPARE(storedLabel(first), std::nullopt);

        // Enter goes into the detail of the current row, Esc comes back to the keys.
        QTRY_COMPARE_WITH_TIMEOUT(page.detailPane()->recordKey().toString(), first, 10000);
        QTest::keyClick(table, Qt::Key_Return);
        QWidget *inDetail = page.window()->focusWidget();
        QVERIFY(inDetail && page.detailPane()->isAncestorOf(inDetail));
        QTest::keyClick(inDetail, Qt::Key_Escape);
        QCOMPARE(page.window()->focusWidget(), static_cast<QWidget *>(table));

        // A multi-selection and one key: every selected row, one undo step.
        table->setCurrentIndex(labels->index(3, 0));
        table->selectionModel()->select(QItemSelection(labels->index(3, 0), labels->index(6, column)),
                                        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QStringList bulk;
        for (int row = 3; row <= 6; ++row)
            bulk << labels->keyAt(row);
        QTest::keyClick(table, Qt::Key_2);
        for (int row = 3; row <= 6; ++row)
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(labels, row), u"saved"_s, 10000);
        for (const QString &key : bulk)
            QCOMPARE(storedLabel(key), std::optional<LabelValue>(LabelValue::Negative));

        QTest::keyClick(table, Qt::Key_Z, Qt::ControlModifier);
        for (int row = 3; row <= 6; ++row)
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(labels, row), QString(), 10000);
        for (const QString &key : bulk)
            QCOMPARE(storedLabel(key), std::nullopt);
        // The earlier single-row labels are untouched by undoing the bulk step.
        QCOMPARE(storedLabel(labels->keyAt(1)), std::optional<LabelValue>(LabelValue::Negative));

        QTest::keyClick(table, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        for (int row = 3; row <= 6; ++row)
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(labels, row), u"saved"_s, 10000);
        for (const QString &key : bulk)
            QCOMPARE(storedLabel(key), std::optional<LabelValue>(LabelValue::Negative));
        QVERIFY(page.undoLabelAction()->isEnabled());
        QVERIFY(!page.redoLabelAction()->isEnabled());

        // Auto-advance: one label, and the next row is current; remembered in the settings.
        page.autoAdvanceAction()->setChecked(true);
        QCOMPARE(QSettings().value(u"labels/autoAdvance"_s).toBool(), true);
        table->setCurrentIndex(labels->index(8, 0));
        QTest::keyClick(table, Qt::Key_1);
        QCOMPARE(table->currentIndex().row(), 9);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(labels, 8), u"saved"_s, 10000);
        QCOMPARE(stateOf(labels, 9), QString());
        page.autoAdvanceAction()->setChecked(false);

        // ASSAY_SCREENSHOT_DIR set: the browser with labels, for a person to look at.
        if (const QString dir = qEnvironmentVariable("ASSAY_SCREENSHOT_DIR"); !dir.isEmpty()) {
            table->setCurrentIndex(labels->index(1, 0));
            QTRY_VERIFY_WITH_TIMEOUT(page.detailPane()->recordKey().toString() == labels->keyAt(1), 10000);
            QVERIFY(page.grab().save(dir + u"/browser-labels.png"_s));
        }
    }

    void notesTagsAndCorrectedOutputs()
    {
        BrowserPage page;
        QVERIFY(openPage(page));
        ReviewerLabelProxy *labels = page.labelModel();
        QTableView *table = page.table();
        table->setFocus();
        const QString key = labels->keyAt(10);
        table->setCurrentIndex(labels->index(10, 0));

        // N on an output without a label says what to do first, and opens nothing.
        QTest::keyClick(table, Qt::Key_N);
        QVERIFY(!page.findChild<QDialog *>(u"noteDialog"_s));
        QVERIFY(page.findChild<QLabel *>(u"labelStatus"_s)->text().contains(u"first"_s));

        QTest::keyClick(table, Qt::Key_2);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(labels, 10), u"saved"_s, 10000);

        // N: a note on the label, which stays negative.
        QTest::keyClick(table, Qt::Key_N);
        auto *noteDialog = page.findChild<QDialog *>(u"noteDialog"_s);
        QVERIFY(noteDialog);
        noteDialog->findChild<QPlainTextEdit *>(u"noteEdit"_s)->setPlainText(u"cites a policy we do not have"_s);
        noteDialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(storedEvent(key) && storedEvent(key)->note == u"cites a policy we do not have"_s, 10000);
        QCOMPARE(storedEvent(key)->label, std::optional<LabelValue>(LabelValue::Negative));

        // T: tags, kept with the note; the next tag dialog completes them.
        QTest::keyClick(table, Qt::Key_T);
        auto *tagDialog = page.findChild<QDialog *>(u"tagDialog"_s);
        QVERIFY(tagDialog);
        tagDialog->findChild<QLineEdit *>(u"tagEdit"_s)->setText(u"policy, hallucination, policy"_s);
        tagDialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(storedEvent(key)
                                     && storedEvent(key)->tags == QStringList({u"policy"_s, u"hallucination"_s}),
                                 10000);
        QCOMPARE(storedEvent(key)->note, u"cites a policy we do not have"_s);
        // The known tags are read again after a tagged commit; the next T offers them.
        const auto offered = [&] {
            QTest::keyClick(table, Qt::Key_T);
            QDialog *dialog = nullptr;
            for (QDialog *d : page.findChildren<QDialog *>(u"tagDialog"_s))
                dialog = d->isVisible() ? d : dialog; // a closed one may wait for its deletion
            if (!dialog)
                return false;
            auto *edit = dialog->findChild<QLineEdit *>(u"tagEdit"_s);
            auto *completions = qobject_cast<QStringListModel *>(edit->completer()->model());
            const bool found = completions && completions->stringList().contains(u"hallucination"_s);
            dialog->reject();
            return found;
        };
        QTRY_VERIFY_WITH_TIMEOUT(offered(), 5000);

        // E: the corrected output, pre-filled with the output, the diff updating as you type.
        QTRY_COMPARE_WITH_TIMEOUT(page.detailPane()->recordKey().toString(), key, 10000);
        const QString original = page.detailPane()->outputText();
        QVERIFY(!original.isEmpty());
        QTest::keyClick(table, Qt::Key_E);
        auto *corrected = page.findChild<CorrectedOutputDialog *>();
        QVERIFY(corrected);
        auto *editor = corrected->findChild<QPlainTextEdit *>(u"correctedEdit"_s);
        QCOMPARE(editor->toPlainText(), original);
        editor->setPlainText(original + u" Zebra-check."_s);
        auto *diff = corrected->findChild<QTextBrowser *>(u"correctedDiff"_s);
        QTRY_VERIFY_WITH_TIMEOUT(diff->toPlainText().contains(u"Zebra"_s), 5000);
        corrected->accept();
        QTRY_VERIFY_WITH_TIMEOUT(storedEvent(key) && storedEvent(key)->label == LabelValue::Edited, 10000);
        QCOMPARE(storedEvent(key)->correctedOutput, original + u" Zebra-check."_s);
        QCOMPARE(storedEvent(key)->note, u"cites a policy we do not have"_s);
    }

    void helpListsEveryShortcut()
    {
        BrowserPage page;
        QVERIFY(openPage(page));
        page.table()->setFocus();
        page.table()->setCurrentIndex(page.labelModel()->index(0, 0));
        for (const Qt::Key key : {Qt::Key_F1, Qt::Key_Question}) {
            QTest::keyClick(page.table(), key);
            auto *help = page.window()->findChild<ShortcutHelp *>(u"shortcutHelp"_s);
            QVERIFY(help);
            QTRY_VERIFY_WITH_TIMEOUT(help->isVisible(), 5000);
            auto *table = help->findChild<QTableWidget *>(u"shortcutTable"_s);
            QCOMPARE(table->rowCount(), labelShortcutLines().size() + windowShortcutLines().size());
            QStringList keys;
            for (int row = 0; row < table->rowCount(); ++row)
                keys << table->item(row, 0)->text();
            for (const QString &k : {u"1"_s, u"2"_s, u"3"_s, u"0"_s, u"N"_s, u"E"_s, u"T"_s, u"Enter"_s, u"F1 / ?"_s})
                QVERIFY2(keys.contains(k), qPrintable(k));
            help->close();
        }
        // Labelling keys were not taken for anything else meanwhile.
        QCOMPARE(stateOf(page.labelModel(), 0), QString());
    }

    void detailPaneShowsEveryReviewerUnlessBlind()
    {
        // Another reviewer labels row 20 first, straight into the workspace.
        BrowserPage page;
        QVERIFY(openPage(page));
        ReviewerLabelProxy *labels = page.labelModel();
        const QString key = labels->keyAt(20);
        QVERIFY(!key.isEmpty());
        {
            auto ws = Workspace::open(test::sqliteSource(m_log));
            QVERIFY2(ws, qPrintable(ws ? QString() : ws.error()));
            LabelStore other(**ws, u"someone-else"_s);
            QVERIFY(other.set(LabelChange{key, LabelValue::Negative, u"wrong tone"_s, {}, {}}));
        }
        page.blindModeAction()->setChecked(true);
        labels->resetLabels(); // read again, with the other reviewer's label now there
        QTableView *table = page.table();
        table->setFocus();
        table->setCurrentIndex(labels->index(20, 0));
        table->scrollTo(labels->index(20, 0));
        auto *shown = page.detailPane()->findChild<QLabel *>(u"reviewerLabels"_s);
        QVERIFY(shown);
        QTRY_VERIFY_WITH_TIMEOUT(shown->isVisible() && shown->text().contains(u"hidden"_s), 10000);
        QVERIFY(!shown->text().contains(u"someone-else"_s));

        QTest::keyClick(table, Qt::Key_1);
        QTRY_VERIFY_WITH_TIMEOUT(shown->text().contains(u"someone-else"_s), 10000);
        QVERIFY(shown->text().contains(u"wrong tone"_s));
        page.blindModeAction()->setChecked(false);
    }

    void aRefusedWriteIsShownAndNotSaved()
    {
        BrowserPage page;
        QVERIFY(openPage(page));
        ReviewerLabelProxy *labels = page.labelModel();
        QTableView *table = page.table();
        const QString key = labels->keyAt(40);
        QVERIFY(!key.isEmpty());

        // The workspace stops taking labels (as a full disk or a revoked grant would).
        const QString wsPath = Workspace::defaultPathFor(test::sqliteSource(m_log));
        {
            test::WritableDb db(wsPath);
            QVERIFY(db.isOpen());
            QVERIFY2(db.exec(u"CREATE TRIGGER refuse_labels BEFORE INSERT ON label_events "
                             "BEGIN SELECT RAISE(ABORT, 'the workspace refuses writes'); END"_s),
                     qPrintable(db.lastError()));
        }
        QSignalSpy notSaved(&page, &BrowserPage::labelsNotSaved);
        table->setFocus();
        table->setCurrentIndex(labels->index(40, 0));
        QTest::keyClick(table, Qt::Key_1);
        QVERIFY(notSaved.wait(10000));
        auto *status = page.findChild<QLabel *>(u"labelStatus"_s);
        QVERIFY(status);
        QVERIFY(status->property("error").toBool());
        QVERIFY2(status->text().contains(u"Not saved"_s) && status->text().contains(u"refuses writes"_s),
                 qPrintable(status->text()));
        QCOMPARE(stateOf(labels, 40), QString());
        QVERIFY(labels->index(40, labels->labelColumn()).data(Qt::ToolTipRole).toString().contains(u"Not saved"_s));
        QCOMPARE(storedLabel(key), std::nullopt);

        test::WritableDb db(wsPath);
        QVERIFY(db.exec(u"DROP TRIGGER refuse_labels"_s));
    }

    void aWorkspaceThatDoesNotOpenIsShown()
    {
        BrowserPage page;
        page.resize(1200, 700);
        page.show();
        QSignalSpy opened(&page, &BrowserPage::sourceOpened);
        SessionSpec spec;
        spec.source = test::sqliteSource(m_log);
        spec.workspace = m_log + u"/not-a-folder/ws.sqlite"_s; // under a file: cannot be created
        page.openSource(spec);
        QVERIFY(opened.wait(10000));
        auto *status = page.findChild<QLabel *>(u"labelStatus"_s);
        QTRY_VERIFY_WITH_TIMEOUT(status->property("error").toBool(), 10000);
        QVERIFY2(status->text().contains(u"Labels unavailable"_s), qPrintable(status->text()));
        QTRY_VERIFY_WITH_TIMEOUT(page.model()->isRowLoaded(0), 10000);
        QSignalSpy notSaved(&page, &BrowserPage::labelsNotSaved);
        page.table()->setFocus();
        page.table()->setCurrentIndex(page.labelModel()->index(0, 0));
        QTest::keyClick(page.table(), Qt::Key_1);
        QCOMPARE(notSaved.size(), 1);
        QCOMPARE(stateOf(page.labelModel(), 0), QString());
    }

private:
    bool openPage(BrowserPage &page)
    {
        page.resize(1400, 800);
        page.show();
        QSignalSpy opened(&page, &BrowserPage::sourceOpened);
        SessionSpec spec;
        spec.source = test::sqliteSource(m_log);
        page.openSource(spec);
        if (!opened.wait(10000))
            return false;
        if (!QTest::qWaitFor([&] { return page.reviewer() == kReviewer; }, 10000))
            return false;
        return QTest::qWaitFor([&] { return page.model()->isRowLoaded(0) && page.model()->isRowLoaded(60); }, 10000);
    }

    static QString stateOf(ReviewerLabelProxy *labels, int row)
    {
        return labels->index(row, labels->labelColumn()).data(ReviewerLabelProxy::SaveStateRole).toString();
    }

    std::optional<LabelEvent> storedEvent(const QString &key)
    {
        auto ws = Workspace::open(test::sqliteSource(m_log));
        if (!ws)
            return std::nullopt;
        auto current = LabelStore(**ws, kReviewer).current(key);
        return current ? *current : std::nullopt;
    }

    // What a second connection reads from the workspace file: the durable truth.
    std::optional<LabelValue> storedLabel(const QString &key)
    {
        auto ws = Workspace::open(test::sqliteSource(m_log));
        if (!ws) {
            qWarning() << ws.error();
            return std::nullopt;
        }
        LabelStore store(**ws, kReviewer);
        auto current = store.current(key);
        if (!current || !*current)
            return std::nullopt;
        return (*current)->label;
    }

    test::ScopedWorkspaceDir m_workspaces;
    QTemporaryDir m_dir;
    QString m_log;
};

QTEST_MAIN(TestLabelling)
#include "tst_labelling.moc"

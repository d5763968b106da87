// A weekly review session from the keyboard alone: draw a small sample through the "New session"
// dialog, label every item with 1/2/3 and J, write a note (N ... Esc) and a decision (D ... Enter),
// finish (F), and read the summary's counts; then check the workspace holds what was shown.
#include "labels/LabelService.h"
#include "labels/LabelStore.h"
#include "labels/ReviewSessionStore.h"
#include "review/NewSessionDialog.h"
#include "review/PresenterView.h"
#include "review/ReviewPage.h"
#include "review/SummaryView.h"
#include "workspace/Workspace.h"

#include "TestSupport.h"

#include <QApplication>
#include <QDateTimeEdit>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimeZone>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {
const QString kReviewer = u"presenter"_s;
const QString kSession = u"weekly-test"_s;
} // namespace

class TestReviewPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"assay-tests"_s);
        QCoreApplication::setApplicationName(u"tst_reviewpage"_s);
        LabelService::setConfiguredReviewer(kReviewer);
        QSettings().setValue(u"labels/blind"_s, false);
        QVERIFY(m_dir.isValid());
        m_log = m_dir.filePath(u"demo.sqlite"_s);
        const QString error = test::writeDemoLogFixture(m_log, 600, 5);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void runsASessionFromTheKeyboard()
    {
        ReviewPage page;
        page.resize(1400, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy listed(&page, &ReviewPage::sessionsListed);
        SessionSpec spec;
        spec.source = test::sqliteSource(m_log);
        page.openSource(spec);
        QVERIFY(listed.wait(10000));
        QCOMPARE(page.reviewer(), kReviewer);
        QCOMPARE(listed.first().first().toInt(), 0);

        // The dialog proposes the last full ISO week; the test log ends on 2026-11-20, so pick
        // the seven days before that and a small sample.
        page.newSession();
        auto *dialog = page.findChild<NewSessionDialog *>();
        QVERIFY(dialog);
        const QDateTime end = test::demoLogFixtureEnd();
        QCOMPARE(dialog->spec().until.date().dayOfWeek(), 1); // a Monday: an ISO week boundary
        dialog->findChild<QLineEdit *>(u"sessionName"_s)->setText(kSession);
        dialog->findChild<QDateTimeEdit *>(u"sinceEdit"_s)->setDateTime(end.addDays(-7));
        dialog->findChild<QDateTimeEdit *>(u"untilEdit"_s)->setDateTime(end);
        dialog->findChild<QSpinBox *>(u"sizeSpin"_s)->setValue(6);
        grabForReview(*dialog, u"new-session.png"_s);
        dialog->accept();

        PresenterView *presenter = page.presenter();
        auto *stack = page.findChild<QStackedWidget *>();
        QTRY_COMPARE_WITH_TIMEOUT(stack->currentWidget(), static_cast<QWidget *>(presenter), 10000);
        const int items = int(presenter->session().items.size());
        QCOMPARE(items, 6);
        auto *progress = presenter->findChild<QLabel *>(u"presenterProgress"_s);
        QCOMPARE(progress->text(), u"1 / 6"_s);
        auto *output = presenter->findChild<QTextBrowser *>(u"presenterOutput"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!output->toPlainText().isEmpty() && output->toPlainText() != u"Loading…"_s, 10000);
        auto *labels = presenter->findChild<QLabel *>(u"presenterLabels"_s);
        QTRY_VERIFY_WITH_TIMEOUT(labels->text().contains(u"not labelled yet"_s), 10000);

        // Label every item: + - + edited - +, moving on with J.
        const QList<Qt::Key> keys{Qt::Key_1, Qt::Key_2, Qt::Key_1, Qt::Key_3, Qt::Key_2, Qt::Key_1};
        const QStringList names{u"positive"_s, u"negative"_s, u"positive"_s, u"edited"_s, u"negative"_s, u"positive"_s};
        for (int i = 0; i < items; ++i) {
            QCOMPARE(progress->text(), u"%1 / 6"_s.arg(i + 1));
            press(page, keys.at(i));
            QTRY_VERIFY_WITH_TIMEOUT(labels->text().contains(u"You (presenter)"_s)
                                         && labels->text().contains(names.at(i)), 10000);
            if (i == 1) {
                // A note on the second item: N, type, Esc back to the keys.
                press(page, Qt::Key_N);
                QCOMPARE(focused(page)->objectName(), u"itemNote"_s);
                QTest::keyClicks(focused(page), u"invents a refund policy"_s);
                press(page, Qt::Key_Escape);
                QCOMPARE(focused(page), static_cast<QWidget *>(presenter));
                QTRY_COMPARE_WITH_TIMEOUT(presenter->findChild<QLabel *>(u"presenterStatus"_s)->text(),
                                          u"Note saved."_s, 10000);
            }
            if (i + 1 < items)
                press(page, Qt::Key_J);
        }
        QCOMPARE(progress->text(), u"6 / 6"_s);
        press(page, Qt::Key_J); // past the end stays on the last item
        QCOMPARE(progress->text(), u"6 / 6"_s);

        // A decision for the log: D, type, Enter.
        press(page, Qt::Key_D);
        QCOMPARE(focused(page)->objectName(), u"decisionEdit"_s);
        QTest::keyClicks(focused(page), u"Tighten the refund prompt"_s);
        press(page, Qt::Key_Return);
        QCOMPARE(presenter->findChild<QListWidget *>(u"decisionList"_s)->count(), 1);
        QCOMPARE(focused(page), static_cast<QWidget *>(presenter));

        // Back to the second item with K: its label and note are still there.
        for (int i = 0; i < 4; ++i)
            press(page, Qt::Key_K);
        QCOMPARE(progress->text(), u"2 / 6"_s);
        QCOMPARE(presenter->findChild<QPlainTextEdit *>(u"itemNote"_s)->toPlainText(), u"invents a refund policy"_s);
        QTRY_VERIFY_WITH_TIMEOUT(labels->text().contains(u"negative"_s), 10000);
        grabForReview(page, u"presenter.png"_s);
        press(page, Qt::Key_K);
        QTRY_VERIFY_WITH_TIMEOUT(labels->text().contains(u"positive"_s), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(output->toPlainText() != u"Loading…"_s, 10000);
        grabForReview(page, u"presenter-first.png"_s);

        // F finishes: the session closes and the summary counts what was labelled.
        press(page, Qt::Key_F);
        SummaryView *summaryView = page.summaryView();
        QTRY_COMPARE_WITH_TIMEOUT(stack->currentWidget(), static_cast<QWidget *>(summaryView), 10000);
        const SessionSummary &summary = summaryView->summary();
        QCOMPARE(summary.name, kSession);
        QCOMPARE(summary.status, u"closed"_s);
        int total = 0, positive = 0, negative = 0, edited = 0, itemsCounted = 0;
        for (const FeatureSummary &f : summary.features) {
            total += f.labels;
            positive += f.positive;
            negative += f.negative;
            edited += f.edited;
            itemsCounted += f.items;
            QVERIFY(f.positiveRate.low <= f.positiveRate.high);
        }
        QCOMPARE(itemsCounted, 6);
        QCOMPARE(total, 6);
        QCOMPARE(positive, 3);
        QCOMPARE(negative, 2);
        QCOMPARE(edited, 1);
        QCOMPARE(summary.negatives.size(), 2);
        bool noted = false;
        for (const SummaryNegative &n : summary.negatives)
            noted = noted || n.itemNote == u"invents a refund policy"_s;
        QVERIFY(noted);
        QCOMPARE(summary.decisions.size(), 1);
        const QString shown = summaryView->findChild<QTextBrowser *>(u"summaryText"_s)->toPlainText();
        QVERIFY2(shown.contains(u"invents a refund policy"_s) && shown.contains(u"Tighten the refund prompt"_s),
                 qPrintable(shown));
        grabForReview(page, u"summary.png"_s);

        // Export writes the same Markdown.
        const QString exported = m_dir.filePath(u"summary.md"_s);
        QVERIFY(summaryView->exportMarkdown(exported));
        QFile file(exported);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), summaryView->markdown());
        QVERIFY(!summaryView->exportMarkdown(m_dir.filePath(u"no-such-folder/summary.md"_s)));

        // The workspace, read on its own connection, holds the session as the screen showed it.
        auto ws = Workspace::open(test::sqliteSource(m_log));
        QVERIFY(ws);
        auto stored = ReviewSessionStore(**ws).load(kSession);
        QVERIFY(stored);
        QCOMPARE(stored->status, u"closed"_s);
        QCOMPARE(stored->items.at(1).note, u"invents a refund policy"_s);
        QCOMPARE(stored->decisions.size(), 1);
        LabelStore store(**ws, kReviewer);
        for (int i = 0; i < items; ++i) {
            auto current = store.current(stored->items.at(i).outputKey);
            QVERIFY(current && *current);
            QCOMPARE(labelName(*(*current)->label), names.at(i));
        }

        // Back to the list: the closed session is there with all six labelled.
        page.findChild<QPushButton *>(u"summaryBackButton"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(page.sessionList()->topLevelItemCount(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(page.sessionList()->topLevelItem(0)->text(2), u"6 / 6"_s, 10000);
        QCOMPARE(page.sessionList()->topLevelItem(0)->text(1), u"closed"_s);

        // F1 lists the keys, over the list as over the presenter.
        page.sessionList()->setFocus();
        QTest::keyClick(page.sessionList(), Qt::Key_F1);
        QTRY_VERIFY_WITH_TIMEOUT(page.window()->findChild<QDialog *>(u"shortcutHelp"_s)
                                     && page.window()->findChild<QDialog *>(u"shortcutHelp"_s)->isVisible(),
                                 5000);
        grabForReview(*page.window()->findChild<QDialog *>(u"shortcutHelp"_s), u"shortcut-help.png"_s);
        page.window()->findChild<QDialog *>(u"shortcutHelp"_s)->close();

        // Someone clears the fourth label; reopening resumes there.
        QVERIFY(store.set(LabelChange{stored->items.at(3).outputKey, std::nullopt, {}, {}, {}}));
        page.findChild<QPushButton *>(u"toggleSessionButton"_s)->click(); // "Reopen"
        QTRY_COMPARE_WITH_TIMEOUT(page.sessionList()->topLevelItem(0)->text(1), u"open"_s, 10000);
        page.sessionList()->setFocus();
        page.sessionList()->setCurrentItem(page.sessionList()->topLevelItem(0));
        QTest::keyClick(page.sessionList(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(stack->currentWidget(), static_cast<QWidget *>(presenter), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(progress->text(), u"4 / 6"_s, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(labels->text().contains(u"not labelled yet"_s), 10000);
    }

    void failedSavesAreShownInThePresenter()
    {
        ReviewPage page;
        page.resize(1200, 800);
        page.show();
        QSignalSpy listed(&page, &ReviewPage::sessionsListed);
        SessionSpec spec;
        spec.source = test::sqliteSource(m_log);
        page.openSource(spec);
        QVERIFY(listed.wait(10000));
        SampleSpec sample;
        sample.since = test::demoLogFixtureEnd().addDays(-14);
        sample.until = test::demoLogFixtureEnd().addDays(-7);
        sample.size = 3;
        page.createSession(u"refusals"_s, sample);
        PresenterView *presenter = page.presenter();
        QTRY_COMPARE_WITH_TIMEOUT(presenter->session().name, u"refusals"_s, 10000);
        auto *labels = presenter->findChild<QLabel *>(u"presenterLabels"_s);
        QTRY_VERIFY_WITH_TIMEOUT(labels->text().contains(u"not labelled yet"_s), 10000);

        // The workspace stops taking writes: labels and notes say so and show nothing as saved.
        const QString wsPath = Workspace::defaultPathFor(test::sqliteSource(m_log));
        {
            test::WritableDb db(wsPath);
            QVERIFY(db.exec(u"CREATE TRIGGER refuse_labels BEFORE INSERT ON label_events "
                            "BEGIN SELECT RAISE(ABORT, 'no more labels'); END"_s));
            QVERIFY(db.exec(u"CREATE TRIGGER refuse_notes BEFORE UPDATE ON review_items "
                            "BEGIN SELECT RAISE(ABORT, 'no more notes'); END"_s));
        }
        auto *status = presenter->findChild<QLabel *>(u"presenterStatus"_s);
        press(page, Qt::Key_1);
        QTRY_VERIFY_WITH_TIMEOUT(status->property("error").toBool(), 10000);
        QVERIFY2(status->text().contains(u"no more labels"_s), qPrintable(status->text()));
        QVERIFY(labels->text().contains(u"not labelled yet"_s));
        QVERIFY(labels->text().contains(u"Not saved"_s));

        press(page, Qt::Key_N);
        QTest::keyClicks(focused(page), u"lost?"_s);
        press(page, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"no more notes"_s), 10000);
        QVERIFY(status->property("error").toBool());

        // Writes work again: the same keys save both, nothing retyped.
        {
            test::WritableDb db(wsPath);
            QVERIFY(db.exec(u"DROP TRIGGER refuse_labels"_s));
            QVERIFY(db.exec(u"DROP TRIGGER refuse_notes"_s));
        }
        press(page, Qt::Key_N);
        press(page, Qt::Key_Escape);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), u"Note saved."_s, 10000);
        press(page, Qt::Key_1);
        QTRY_VERIFY_WITH_TIMEOUT(labels->text().contains(u"positive"_s) && !labels->text().contains(u"Not saved"_s), 10000);
        auto ws = Workspace::open(test::sqliteSource(m_log));
        QVERIFY(ws);
        auto stored = ReviewSessionStore(**ws).load(u"refusals"_s);
        QVERIFY(stored);
        QCOMPARE(stored->items.first().note, u"lost?"_s);
    }

    void anEmptyRangeIsExplained()
    {
        ReviewPage page;
        page.show();
        QSignalSpy listed(&page, &ReviewPage::sessionsListed);
        SessionSpec spec;
        spec.source = test::sqliteSource(m_log);
        page.openSource(spec);
        QVERIFY(listed.wait(10000));
        QSignalSpy problem(&page, &ReviewPage::problem);
        SampleSpec sample;
        sample.since = QDateTime(QDate(2020, 1, 6), QTime(0, 0), QTimeZone::utc());
        sample.until = sample.since.addDays(7);
        sample.size = 5;
        page.createSession(u"nothing-there"_s, sample);
        QVERIFY(problem.wait(10000));
        QVERIFY2(problem.first().first().toString().contains(u"No outputs to review"_s),
                 qPrintable(problem.first().first().toString()));
        QCOMPARE(page.findChild<QLabel *>(u"reviewStatus"_s)->property("error").toBool(), true);
    }

private:
    // ASSAY_SCREENSHOT_DIR set: what the page looks like at this step, for a person to check.
    static void grabForReview(QWidget &widget, const QString &name)
    {
        const QString dir = qEnvironmentVariable("ASSAY_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY(widget.grab().save(dir + u'/' + name));
    }

    static QWidget *focused(ReviewPage &page)
    {
        QWidget *widget = page.window()->focusWidget();
        return widget ? widget : page.presenter();
    }
    // A key to whatever has the focus, as a keyboard would send it.
    static void press(ReviewPage &page, Qt::Key key) { QTest::keyClick(focused(page), key); }

    test::ScopedWorkspaceDir m_workspaces;
    QTemporaryDir m_dir;
    QString m_log;
};

QTEST_MAIN(TestReviewPage)
#include "tst_reviewpage.moc"

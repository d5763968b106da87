// The browser's reviewer-label filters: labels written by two reviewers (one through the page's
// keys, one through a LabelStore of its own), then each choice of the Review, Reviewer and Tag
// filters must list exactly the outputs a direct LabelStore query says. Also: a label saved under
// a label filter re-queries the list and keeps the reader's place; saved views keep the review
// conditions; without the workspace the filters are off and say why. And the detail pane's
// label history of an output, against LabelStore::history.
#include "browse/BrowserPage.h"
#include "browse/FilterBar.h"
#include "browse/OutputsModel.h"
#include "browse/DetailPane.h"
#include "labels/LabelHistoryDialog.h"
#include "labels/LabelService.h"
#include "labels/LabelStore.h"
#include "labels/LabelText.h"
#include "labels/ReviewerLabelProxy.h"
#include "workspace/Workspace.h"

#include "TestSupport.h"

#include <QComboBox>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {
const QString kMe = u"tester"_s;
const QString kOther = u"alice"_s;
const QStringList kVerdicts{u"positive"_s, u"negative"_s, u"edited"_s};
} // namespace

class TestReviewFilters : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"assay-tests"_s);
        QCoreApplication::setApplicationName(u"tst_reviewfilters"_s);
        LabelService::setConfiguredReviewer(kMe);
        QSettings().setValue(u"labels/autoAdvance"_s, false);
        QSettings().setValue(u"labels/blind"_s, false);
        QVERIFY(m_dir.isValid());
        m_log = m_dir.filePath(u"demo.sqlite"_s);
        const QString error = test::writeDemoLogFixture(m_log, 300, 11);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void eachFilterListsWhatTheStoreSays()
    {
        BrowserPage page;
        QVERIFY(openPage(page));
        const QStringList all = tableKeys(page);
        QCOMPARE(all.size(), 300);
        const int feedbackColumn = page.model()->columnOf(LogField::Feedback);
        QVERIFY(feedbackColumn >= 0);
        for (int row = 0; row < 300; ++row)
            m_feedback.insert(all.at(row), page.model()->index(row, feedbackColumn).data(OutputsModel::RawValueRole).toString());

        // Three labels from the keyboard, under this page's reviewer.
        ReviewerLabelProxy *labels = page.labelModel();
        QTableView *table = page.table();
        table->setFocus();
        const QList<Qt::Key> keys{Qt::Key_1, Qt::Key_2, Qt::Key_3};
        for (int i = 0; i < keys.size(); ++i) {
            table->setCurrentIndex(labels->index(i, 0));
            QTest::keyClick(table, keys.at(i));
            QTRY_COMPARE_WITH_TIMEOUT(
                labels->index(i, labels->labelColumn()).data(ReviewerLabelProxy::SaveStateRole).toString(), u"saved"_s,
                10000);
        }
        // A second reviewer, with notes and tags, overlapping the first on rows 1 and 2.
        {
            auto ws = Workspace::open(test::sqliteSource(m_log));
            QVERIFY2(ws, qPrintable(ws ? QString() : ws.error()));
            LabelStore alice(**ws, kOther);
            QVERIFY(alice.set({all.at(1), LabelValue::Negative, u"made up a date"_s, {u"refund"_s}, {}}));
            QVERIFY(alice.set({all.at(2), LabelValue::Positive, {}, {}, {}}));
            QVERIFY(alice.set({all.at(5), LabelValue::Edited, {}, {u"refund"_s, u"tone"_s}, u"fixed"_s}));
            QVERIFY(alice.set({all.at(7), LabelValue::Positive, u"fine"_s, {}, {}}));
            QVERIFY(alice.set({all.at(9), LabelValue::Negative, {}, {}, {}}));
            QVERIFY(alice.set({all.at(9), std::nullopt, {}, {}, {}})); // cleared: not reviewed any more
        }
        const QList<LabelEvent> current = storedLabels();
        QCOMPARE(current.size(), 7);

        // Known reviewers and tags reach the filter bar from the label worker.
        auto *review = page.filterBar()->findChild<QComboBox *>(u"reviewCombo"_s);
        auto *reviewer = page.filterBar()->findChild<QComboBox *>(u"reviewerCombo"_s);
        auto *tag = page.filterBar()->findChild<QComboBox *>(u"tagCombo"_s);
        QVERIFY(review && reviewer && tag);
        QVERIFY(review->isEnabled());
        page.hide();
        page.show(); // coming back to the page reads the labels (and the reviewers) again
        QTRY_VERIFY_WITH_TIMEOUT(reviewer->findText(kOther) > 0 && reviewer->findText(kMe) > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(tag->findText(u"refund"_s) > 0 && tag->findText(u"tone"_s) > 0, 10000);

        const auto expect = [&](auto matches) {
            QSet<QString> matching;
            for (const LabelEvent &e : current) {
                if (matches(e))
                    matching.insert(e.outputKey);
            }
            return matching;
        };
        QSet<QString> labelled = expect([](const LabelEvent &) { return true; });
        QSet<QString> byOther = expect([](const LabelEvent &e) { return e.reviewer == kOther; });

        const auto choose = [&](const QString &reviewChoice, const QString &who = {}, const QString &withTag = {}) {
            review->setCurrentIndex(review->findText(reviewChoice));
            reviewer->setCurrentIndex(who.isEmpty() ? 0 : reviewer->findText(who));
            tag->setCurrentIndex(withTag.isEmpty() ? 0 : tag->findText(withTag));
            QVERIFY(review->currentIndex() >= 0 && reviewer->currentIndex() >= 0 && tag->currentIndex() >= 0);
        };

        choose(u"Reviewed"_s);
        QCOMPARE(keySet(tableKeys(page)), labelled);
        QVERIFY(page.filterSummary().contains(u"reviewed"_s));

        choose(u"Not reviewed"_s);
        QCOMPARE(keySet(tableKeys(page)), keySet(all) - labelled);
        QVERIFY(page.filterSummary().contains(u"not reviewed"_s));

        const QStringList names{u"Labelled positive"_s, u"Labelled negative"_s, u"Labelled edited"_s};
        for (int i = 0; i < 3; ++i) {
            choose(names.at(i));
            const QString value = kVerdicts.at(i);
            QCOMPARE(keySet(tableKeys(page)), expect([&](const LabelEvent &e) { return labelName(*e.label) == value; }));
            QVERIFY(page.filterSummary().contains(u"reviewer label = "_s + value));
        }

        choose(u"Label has a note"_s);
        QCOMPARE(keySet(tableKeys(page)), expect([](const LabelEvent &e) { return !e.note.isEmpty(); }));

        choose(u"Disagrees with end user"_s);
        const QSet<QString> disagreeing = expect([this](const LabelEvent &e) {
            const QString user = m_feedback.value(e.outputKey);
            return kVerdicts.contains(user) && user != labelName(*e.label);
        });
        QCOMPARE(keySet(tableKeys(page)), disagreeing);
        QVERIFY(page.filterSummary().contains(u"disagrees with end user"_s));

        choose(u"Any review"_s, kOther);
        QCOMPARE(keySet(tableKeys(page)), byOther);
        QVERIFY(page.filterSummary().contains(u"labelled by alice"_s));

        choose(u"Not reviewed"_s, kOther);
        QCOMPARE(keySet(tableKeys(page)), keySet(all) - byOther);
        QVERIFY(page.filterSummary().contains(u"not reviewed by alice"_s));

        choose(u"Any review"_s, {}, u"refund"_s);
        QCOMPARE(keySet(tableKeys(page)), expect([](const LabelEvent &e) { return e.tags.contains(u"refund"_s); }));
        QVERIFY(page.filterSummary().contains(u"tagged refund"_s));

        choose(u"Labelled negative"_s, kOther, u"refund"_s);
        QCOMPARE(keySet(tableKeys(page)), QSet<QString>{all.at(1)});
        if (const QString dir = qEnvironmentVariable("ASSAY_SCREENSHOT_DIR"); !dir.isEmpty())
            QVERIFY(page.grab().save(dir + u"/browser-review-filters.png"_s));

        choose(u"Any review"_s);
        QCOMPARE(tableKeys(page).size(), 300);
    }

    void labelHistoryOfTheShownOutput()
    {
        BrowserPage page;
        QVERIFY(openPage(page));
        const QStringList all = tableKeys(page);
        const QString key = all.at(1); // labelled negative by this reviewer, then by alice with a note
        QTableView *table = page.table();
        table->setFocus();
        table->setCurrentIndex(page.labelModel()->index(1, 0));
        QSignalSpy saved(&page, &BrowserPage::labelsSaved);
        QTest::keyClick(table, Qt::Key_1); // and now positive
        QVERIFY(saved.wait(10000));
        QTRY_COMPARE_WITH_TIMEOUT(page.detailPane()->recordKey().toString(), key, 10000);

        auto *button = page.detailPane()->findChild<QToolButton *>(u"labelHistoryButton"_s);
        QVERIFY(button);
        button->click();
        auto *dialog = page.window()->findChild<LabelHistoryDialog *>();
        QVERIFY(dialog);
        QCOMPARE(dialog->outputKey(), key);
        QTreeWidget *list = dialog->eventList();
        QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 3, 10000);

        auto ws = Workspace::open(test::sqliteSource(m_log));
        QVERIFY(ws);
        auto history = LabelStore(**ws, kMe).history(key);
        QVERIFY(history);
        QCOMPARE(history->size(), 3);
        const QStringList who{u"tester (you)"_s, u"alice"_s, u"tester (you)"_s};
        const QStringList change{u"(none) → "_s + labelCaption(LabelValue::Negative),
                                 u"(none) → "_s + labelCaption(LabelValue::Negative),
                                 labelCaption(LabelValue::Negative) + u" → "_s + labelCaption(LabelValue::Positive)};
        for (int i = 0; i < 3; ++i) {
            const QTreeWidgetItem *item = list->topLevelItem(i);
            QCOMPARE(item->data(0, Qt::UserRole).toDateTime(), history->at(i).labelledAt);
            QCOMPARE(item->text(1), who.at(i));
            QCOMPARE(item->text(2), history->at(i).action);
            QCOMPARE(item->text(3), change.at(i));
            QCOMPARE(item->text(4), history->at(i).note);
        }
        QCOMPARE(list->topLevelItem(1)->text(4), u"made up a date"_s);
        QCOMPARE(list->topLevelItem(1)->text(5), u"refund"_s);
        if (const QString dir = qEnvironmentVariable("ASSAY_SCREENSHOT_DIR"); !dir.isEmpty())
            QVERIFY(dialog->grab().save(dir + u"/label-history.png"_s));
        dialog->close();

        // H on the table opens the same history for the current row.
        table->setFocus();
        QTest::keyClick(table, Qt::Key_H);
        QTRY_VERIFY_WITH_TIMEOUT(page.window()->findChild<LabelHistoryDialog *>()
                                     && page.window()->findChild<LabelHistoryDialog *>()->isVisible(), 5000);
        auto *again = page.window()->findChild<LabelHistoryDialog *>();
        QCOMPARE(again->outputKey(), key);
        QTRY_COMPARE_WITH_TIMEOUT(again->eventList()->topLevelItemCount(), 3, 10000);
        again->close();
    }

    void labellingUnderALabelFilterRefreshesTheList()
    {
        BrowserPage page;
        QVERIFY(openPage(page));
        auto *review = page.filterBar()->findChild<QComboBox *>(u"reviewCombo"_s);
        review->setCurrentIndex(review->findText(u"Not reviewed"_s));
        const QStringList before = tableKeys(page);
        QVERIFY(before.size() > 10);
        QTableView *table = page.table();
        table->setFocus();
        table->setCurrentIndex(page.labelModel()->index(4, 0));
        QSignalSpy saved(&page, &BrowserPage::labelsSaved);
        QTest::keyClick(table, Qt::Key_2);
        QVERIFY(saved.wait(10000));
        // The labelled output leaves the "not reviewed" list; the one after it takes its place
        // and is current, so the next key labels what the reader now sees.
        QTRY_COMPARE_WITH_TIMEOUT(int(page.model()->totalRows()), int(before.size() - 1), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(page.model()->isCountExact(), 10000);
        const QStringList after = tableKeys(page);
        QVERIFY(!after.contains(before.at(4)));
        QCOMPARE(after.mid(0, 4), before.mid(0, 4));
        QTRY_COMPARE_WITH_TIMEOUT(table->currentIndex().row(), 4, 10000);
        QCOMPARE(page.model()->keyAt(4).toString(), before.at(5));
        QCOMPARE(storedLabelOf(before.at(4)), std::optional<LabelValue>(LabelValue::Negative));

        // An output asked for from elsewhere (the agreement view): its row when the list has it...
        page.showOutput(after.at(2));
        QCOMPARE(table->currentIndex().row(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(page.detailPane()->recordKey().toString(), after.at(2), 10000);
        // ...else the detail pane alone, with its reviewer labels.
        page.showOutput(before.at(4));
        QTRY_COMPARE_WITH_TIMEOUT(page.detailPane()->recordKey().toString(), before.at(4), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(page.labelModel()->labelsOf(before.at(4)).loaded, 10000);
        QVERIFY(page.labelModel()->labelsOf(before.at(4)).mine.has_value());
    }

    void savedViewsKeepTheReviewConditions()
    {
        BrowserPage page;
        QVERIFY(openPage(page));
        // One the combo says alone, and one it cannot (two labels and a note): both round-trip.
        OutputFilter simple;
        simple.reviewed = ReviewedFilter::Unreviewed;
        simple.reviewer = kOther;
        OutputFilter compound;
        compound.reviewLabels = {u"negative"_s, u"edited"_s};
        compound.hasNote = true;
        compound.tag = u"refund"_s;
        compound.features = {u"support_reply"_s};
        for (const OutputFilter &wanted : {simple, compound}) {
            page.filterBar()->setFilter(wanted);
            QCOMPARE(page.filterBar()->filter(), wanted);
            QSignalSpy views(page.model(), &OutputsModel::savedViewsReady);
            page.model()->saveView(u"view"_s, page.filterBar()->filter());
            // The page's own listing (read when it opened) may arrive first: wait for the one
            // that answers the save.
            const auto saved = [&views, &wanted] {
                for (const QList<QVariant> &signal : views) {
                    const auto list = signal.first().value<QList<SavedView>>();
                    const auto it = std::find_if(list.cbegin(), list.cend(),
                                                 [&wanted](const SavedView &v) { return v.name == u"view"_s && v.filter == wanted; });
                    if (it != list.cend())
                        return std::optional<SavedView>(*it);
                }
                return std::optional<SavedView>();
            };
            QTRY_VERIFY_WITH_TIMEOUT(saved().has_value(), 10000);
            const std::optional<SavedView> it = saved();
            page.filterBar()->clearAll();
            QVERIFY(!page.filterBar()->filter().usesReviewLabels());
            page.filterBar()->setFilter(it->filter);
            QCOMPARE(page.filterBar()->filter(), wanted);
            QCOMPARE(OutputFilter::fromJson(wanted.toJson()), wanted);
        }
        QVERIFY(page.filterSummary().contains(u"reviewer label = negative or edited"_s));
        QVERIFY(page.filterSummary().contains(u"label has a note"_s));
    }

    void withoutTheWorkspaceTheFiltersAreOff()
    {
        FilterBar bar;
        OutputFilter f;
        f.reviewLabels = {u"positive"_s};
        bar.setFilter(f);
        QVERIFY(bar.filter().usesReviewLabels());
        QSignalSpy changed(&bar, &FilterBar::filterChanged);
        bar.setReviewFiltersAvailable(false, u"the workspace folder is read-only"_s);
        auto *review = bar.findChild<QComboBox *>(u"reviewCombo"_s);
        QVERIFY(!review->isEnabled());
        QVERIFY(review->toolTip().contains(u"the workspace folder is read-only"_s));
        QVERIFY(!bar.findChild<QComboBox *>(u"reviewerCombo"_s)->isEnabled());
        QVERIFY(!bar.findChild<QComboBox *>(u"tagCombo"_s)->isEnabled());
        // The condition that cannot run is dropped, and the list is told so.
        QVERIFY(!bar.filter().usesReviewLabels());
        QVERIFY(changed.wait(2000));
        QVERIFY(!changed.last().first().value<OutputFilter>().usesReviewLabels());
        bar.setReviewFiltersAvailable(true);
        QVERIFY(review->isEnabled());
    }

    void aPageWithoutItsWorkspaceTurnsThemOff()
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
        auto *review = page.filterBar()->findChild<QComboBox *>(u"reviewCombo"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!page.filterBar()->reviewFiltersAvailable(), 10000);
        // Still off once the labels worker has said why, and the tooltip says it.
        QTRY_VERIFY_WITH_TIMEOUT(review->toolTip().contains(u"Reviewer-label filters are off"_s)
                                     && !review->toolTip().contains(u"still opening"_s), 10000);
        QVERIFY(!review->isEnabled());
        QVERIFY(!page.filterBar()->filter().usesReviewLabels());
    }

    void disagreementNeedsAFeedbackColumn()
    {
        FilterBar bar;
        auto *review = bar.findChild<QComboBox *>(u"reviewCombo"_s);
        const int disagrees = review->findText(u"Disagrees with end user"_s);
        QVERIFY(disagrees > 0);
        const auto enabled = [&] { return bool(review->model()->flags(review->model()->index(disagrees, 0)) & Qt::ItemIsEnabled); };
        LogSchema schema;
        schema.table = u"ai_outputs"_s;
        schema.columns.insert(LogField::Id, u"id"_s);
        schema.columns.insert(LogField::Output, u"output"_s);
        bar.adaptTo(schema);
        QVERIFY(!enabled());
        schema.columns.insert(LogField::Feedback, u"feedback"_s);
        bar.adaptTo(schema);
        QVERIFY(enabled());
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
        if (!QTest::qWaitFor([&] { return page.reviewer() == kMe; }, 10000))
            return false;
        return QTest::qWaitFor([&] { return page.model()->isRowLoaded(0); }, 10000);
    }

    // Every key the table lists once the filter the bar shows has been applied and counted.
    static QStringList tableKeys(BrowserPage &page)
    {
        OutputsModel *model = page.model();
        const bool counted = QTest::qWaitFor(
            [&] { return model->filter() == page.filterBar()->filter() && model->isCountExact(); }, 10000);
        if (!counted)
            return {u"(the filter was not applied and counted)"_s};
        const bool loaded = QTest::qWaitFor(
            [&] {
                bool all = true;
                for (int row = 0; row < model->rowCount(); ++row) {
                    if (!model->isRowLoaded(row)) {
                        model->data(model->index(row, 0)); // asking fetches
                        all = false;
                    }
                }
                return all;
            },
            10000);
        if (!loaded)
            return {u"(rows did not load)"_s};
        QStringList keys;
        for (int row = 0; row < model->rowCount(); ++row)
            keys << model->keyAt(row).toString();
        return keys;
    }

    static QSet<QString> keySet(const QStringList &keys) { return QSet<QString>(keys.cbegin(), keys.cend()); }

    QList<LabelEvent> storedLabels()
    {
        auto ws = Workspace::open(test::sqliteSource(m_log));
        if (!ws)
            return {};
        auto labels = LabelStore(**ws, kMe).currentLabels();
        return labels ? *labels : QList<LabelEvent>{};
    }

    std::optional<LabelValue> storedLabelOf(const QString &key)
    {
        auto ws = Workspace::open(test::sqliteSource(m_log));
        if (!ws)
            return std::nullopt;
        auto current = LabelStore(**ws, kMe).current(key);
        if (!current || !*current)
            return std::nullopt;
        return (*current)->label;
    }

    test::ScopedWorkspaceDir m_workspaces;
    QTemporaryDir m_dir;
    QString m_log;
    QHash<QString, QString> m_feedback;
};

QTEST_MAIN(TestReviewFilters)
#include "tst_reviewfilters.moc"

// The Review page's agreement view: three reviewers' labels written through LabelStore (two on
// one feature, three on another), then the kappa per feature, its reading and the list of
// disagreements must be what core's agreementByFeature says for the same labels; a double-click
// asks for the output; the export writes Markdown or CSV and says why when it cannot.
#include "labels/Agreement.h"
#include "labels/LabelService.h"
#include "labels/LabelStore.h"
#include "review/AgreementView.h"
#include "review/ReviewPage.h"
#include "workspace/Workspace.h"

#include "TestSupport.h"

#include <QFile>
#include <QHash>
#include <QLocale>
#include <QSet>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace assay;

class TestAgreementView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"assay-tests"_s);
        QCoreApplication::setApplicationName(u"tst_agreementview"_s);
        LabelService::setConfiguredReviewer(u"ann"_s);
        QVERIFY(m_dir.isValid());
        const QList<QVariantList> rows = test::TestLog::standardRows(30);
        m_log = test::TestLog::create(m_dir, test::TestLog::standardColumns(), rows);
        for (const QVariantList &row : rows)
            m_featureOf.insert(row.at(0).toString(), row.at(1).toString());

        auto ws = Workspace::open(test::sqliteSource(m_log));
        QVERIFY2(ws, qPrintable(ws ? QString() : ws.error()));
        LabelStore ann(**ws, u"ann"_s);
        LabelStore ben(**ws, u"ben"_s);
        LabelStore cal(**ws, u"cal"_s);
        const QList<LabelValue> cycle{LabelValue::Positive, LabelValue::Negative, LabelValue::Edited};
        for (int id = 1; id <= 24; ++id) {
            const QString key = QString::number(id);
            // Features follow the id round three names, so id / 3 varies ann's labels within each.
            const LabelValue a = cycle.at((id / 3) % 3);
            // ben agrees with ann on most outputs, not on every fifth; cal labels "summarize" only.
            const LabelValue b = id % 5 == 0 ? cycle.at((id / 5) % 3) : a;
            QVERIFY(ann.set({key, a, {}, {}, {}}));
            QVERIFY(ben.set({key, b, {}, {}, {}}));
            if (m_featureOf.value(key) == u"summarize"_s)
                QVERIFY(cal.set({key, id % 4 == 0 ? LabelValue::Negative : a, {}, {}, {}}));
        }
        auto labels = ann.currentLabels();
        QVERIFY(labels);
        QList<RatedLabel> rated;
        for (const LabelEvent &e : *labels)
            rated << RatedLabel{e.outputKey, e.reviewer, *e.label};
        m_expected = agreementByFeature(rated, m_featureOf);
        QCOMPARE(m_expected.size(), 3);
    }

    void showsWhatAgreementComputes()
    {
        ReviewPage page;
        page.resize(1200, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy listed(&page, &ReviewPage::sessionsListed);
        SessionSpec spec;
        spec.source = test::sqliteSource(m_log);
        page.openSource(spec);
        QVERIFY(listed.wait(10000));

        AgreementView *view = page.agreementView();
        QSignalSpy shown(view, &AgreementView::agreementShown);
        QTest::mouseClick(page.findChild<QPushButton *>(u"agreementButton"_s), Qt::LeftButton);
        QVERIFY(shown.wait(10000));
        QCOMPARE(page.findChild<QStackedWidget *>()->currentWidget(), static_cast<QWidget *>(view));

        QTreeWidget *features = view->featureList();
        QCOMPARE(features->topLevelItemCount(), int(m_expected.size()));
        bool sawCohen = false;
        bool sawFleiss = false;
        for (int i = 0; i < features->topLevelItemCount(); ++i) {
            const QTreeWidgetItem *item = features->topLevelItem(i);
            const FeatureAgreement &want = m_expected.at(i);
            QCOMPARE(item->text(0), want.feature);
            QCOMPARE(item->text(1), want.reviewers.join(u", "_s));
            QCOMPARE(item->text(2), QString::number(want.itemsCompared));
            QVERIFY(want.kappa);
            QCOMPARE(item->data(4, Qt::UserRole).toDouble(), *want.kappa);
            QVERIFY(item->text(4).startsWith(QLocale().toString(*want.kappa, 'f', 2)));
            QVERIFY(item->text(4).contains(want.method == u"cohen"_s ? u"Cohen"_s : u"Fleiss"_s));
            QCOMPARE(item->text(5), AgreementView::interpretKappa(*want.kappa));
            sawCohen = sawCohen || want.method == u"cohen"_s;
            sawFleiss = sawFleiss || want.method == u"fleiss"_s;
        }
        QVERIFY(sawCohen && sawFleiss);
        if (const QString dir = qEnvironmentVariable("ASSAY_SCREENSHOT_DIR"); !dir.isEmpty())
            QVERIFY(page.grab().save(dir + u"/agreement.png"_s));

        // No feature selected: every disagreement, with each reviewer's label in its column.
        QTreeWidget *list = view->disagreementList();
        QSet<QString> expectedKeys;
        QHash<QString, Disagreement> byKey;
        for (const FeatureAgreement &f : m_expected) {
            for (const Disagreement &d : f.disagreements) {
                expectedKeys.insert(d.outputKey);
                byKey.insert(d.outputKey, d);
            }
        }
        QVERIFY(!expectedKeys.isEmpty());
        QCOMPARE(shownKeys(list), expectedKeys);
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            const QTreeWidgetItem *item = list->topLevelItem(i);
            const Disagreement &d = byKey.value(item->text(0));
            QCOMPARE(item->text(1), d.feature);
            for (int c = 2; c < list->columnCount(); ++c) {
                const QString reviewer = list->headerItem()->text(c);
                QCOMPARE(item->text(c), d.labels.contains(reviewer) ? labelName(d.labels.value(reviewer)) : QString());
            }
        }

        // One feature selected: only its disagreements.
        features->setCurrentItem(features->topLevelItem(0));
        QSet<QString> first;
        for (const Disagreement &d : m_expected.first().disagreements)
            first.insert(d.outputKey);
        QCOMPARE(shownKeys(list), first);

        // Activating an item (double-click, or Enter from the keyboard) asks to open the output in
        // the browser; the window wires the signal. (Synthetic double-clicks do not reach
        // QTreeView's activation offscreen, so the test uses Enter: the same itemActivated.)
        QSignalSpy open(&page, &ReviewPage::openOutputRequested);
        QTreeWidgetItem *item = list->topLevelItem(0);
        QVERIFY(item);
        list->setCurrentItem(item);
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Return);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().first().toString(), item->text(0));

        // A new label shows after Refresh.
        {
            auto ws = Workspace::open(test::sqliteSource(m_log));
            QVERIFY(ws);
            QVERIFY(LabelStore(**ws, u"ben"_s).set({u"25"_s, LabelValue::Negative, {}, {}, {}}));
            QVERIFY(LabelStore(**ws, u"ann"_s).set({u"25"_s, LabelValue::Positive, {}, {}, {}}));
        }
        QTest::mouseClick(view->findChild<QPushButton *>(u"agreementRefreshButton"_s), Qt::LeftButton);
        QVERIFY(shown.wait(10000));
        features->clearSelection();
        QVERIFY(shownKeys(list).contains(u"25"_s));
    }

    void exportsMarkdownAndCsv()
    {
        const QString md = AgreementView::disagreementsMarkdown(m_expected);
        const QString csv = AgreementView::disagreementsCsv(m_expected);
        int rows = 0;
        for (const FeatureAgreement &f : m_expected) {
            QVERIFY(md.contains(u"## "_s + f.feature));
            QVERIFY(md.contains(QString::number(*f.kappa, 'f', 3)));
            for (const Disagreement &d : f.disagreements) {
                QVERIFY(md.contains(u"| "_s + d.outputKey + u" |"_s));
                for (auto it = d.labels.cbegin(); it != d.labels.cend(); ++it) {
                    QVERIFY(csv.contains(u"%1,%2,%3,%4\n"_s.arg(f.feature, d.outputKey, it.key(), labelName(it.value()))));
                    ++rows;
                }
            }
        }
        QCOMPARE(csv.count(u'\n'), rows + 1);
        QVERIFY(csv.startsWith(u"feature,output_id,reviewer,label\n"_s));

        ReviewPage page;
        SessionSpec spec;
        spec.source = test::sqliteSource(m_log);
        QSignalSpy listed(&page, &ReviewPage::sessionsListed);
        page.openSource(spec);
        QVERIFY(listed.wait(10000));
        QSignalSpy shown(page.agreementView(), &AgreementView::agreementShown);
        page.showAgreement();
        QVERIFY(shown.wait(10000));
        const QString csvPath = m_dir.filePath(u"disagreements.csv"_s);
        QVERIFY(page.agreementView()->exportDisagreements(csvPath));
        QFile written(csvPath);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(written.readAll().startsWith("feature,output_id,reviewer,label\n"));
        const QString mdPath = m_dir.filePath(u"disagreements.md"_s);
        QVERIFY(page.agreementView()->exportDisagreements(mdPath));
        QVERIFY(QFile(mdPath).size() > 0);

        // Nowhere to write: an error naming the path, nothing half-written.
        const QString bad = m_dir.filePath(u"no-such-folder/out.md"_s);
        const auto failed = page.agreementView()->exportDisagreements(bad);
        QVERIFY(!failed);
        QVERIFY(failed.error().contains(bad));
        QVERIFY(!QFile::exists(bad));
    }

    void readsKappaTheUsualWay()
    {
        QCOMPARE(AgreementView::interpretKappa(-0.1), u"poor (below chance)"_s);
        QCOMPARE(AgreementView::interpretKappa(0.1), u"slight"_s);
        QCOMPARE(AgreementView::interpretKappa(0.3), u"fair"_s);
        QCOMPARE(AgreementView::interpretKappa(0.5), u"moderate"_s);
        QCOMPARE(AgreementView::interpretKappa(0.8), u"substantial"_s);
        QCOMPARE(AgreementView::interpretKappa(0.81), u"almost perfect"_s);
    }

private:
    static QSet<QString> shownKeys(QTreeWidget *list)
    {
        QSet<QString> keys;
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            keys.insert(list->topLevelItem(i)->text(0));
        return keys;
    }

    test::ScopedWorkspaceDir m_workspaces;
    QTemporaryDir m_dir;
    QString m_log;
    QHash<QString, QString> m_featureOf;
    QList<FeatureAgreement> m_expected;
};

QTEST_MAIN(TestAgreementView)
#include "tst_agreementview.moc"

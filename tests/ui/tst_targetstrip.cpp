// Quality targets on the dashboard: the strip shows one gauge per target with the verdict the
// core service (checkTargets) gives for the same moment, hides while no target is set, says why
// when targets cannot be checked, and follows a target changed in the workspace on refresh.
#include "TestSupport.h"

#include "browse/LogSession.h"
#include "dashboard/DashboardPage.h"
#include "dashboard/TargetStrip.h"
#include "settings/TargetsDialog.h"
#include "targets/TargetStatus.h"
#include "targets/TargetStore.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

// The demo log ends 2026-11-20 00:00 UTC.
const QDateTime kNow(QDate(2026, 11, 19), QTime(15, 0), QTimeZone::utc());

} // namespace

class TestTargetStrip : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    SessionSpec m_spec;
    QString m_feature;

    std::unique_ptr<LogSession> session()
    {
        auto s = LogSession::open(m_spec);
        if (!s || !(*s)->workspace())
            qFatal("cannot open the session with its workspace");
        return std::move(*s);
    }

    void openPage(DashboardPage &page)
    {
        QSignalSpy checked(&page, &DashboardPage::targetsRefreshed);
        page.setNow(kNow);
        page.openSource(m_spec);
        QVERIFY(checked.wait(60000));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString log = m_dir.filePath(u"demo.sqlite"_s);
        const QString error = test::writeDemoLogFixture(log, 4000, 9);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_spec.source = test::sqliteSource(log);
        auto s = session();
        auto features = s->outputs().distinctValues(LogField::Feature);
        QVERIFY(features && !features->isEmpty());
        m_feature = features->first();
    }

    void hiddenWithoutTargets()
    {
        DashboardPage page;
        page.resize(1200, 900);
        page.show();
        openPage(page);
        QVERIFY(page.targetLines().isEmpty());
        QVERIFY(!page.findChild<TargetStrip *>()->isVisible());
    }

    void showsWhatTheServiceSays()
    {
        {
            auto s = session();
            TargetStore store(*s->workspace());
            QualityTarget strict;
            strict.feature = m_feature;
            strict.metric = TargetMetric::Errors;
            strict.limit = 0.0001; // no log meets this once it has an error
            QualityTarget loose = strict;
            loose.metric = TargetMetric::P95Latency;
            loose.limit = 1e7;
            QVERIFY(store.set(strict).ok());
            QVERIFY(store.set(loose).ok());
        }
        auto s = session();
        auto targets = TargetStore(*s->workspace()).list();
        QVERIFY(targets.ok());
        auto expected = checkTargets(*s, PriceTable::withDefaults(), *targets, kNow);
        QVERIFY2(expected.ok(), qPrintable(expected.error()));

        DashboardPage page;
        page.resize(1200, 900);
        page.show();
        openPage(page);
        const QStringList lines = page.targetLines();
        QCOMPARE(lines.size(), expected->size());
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const TargetStatus &e = expected->at(i);
            QVERIFY2(lines.at(i).startsWith(e.target.subject()), qPrintable(lines.at(i)));
            QVERIFY2(lines.at(i).contains(u": "_s + targetVerdictName(e.verdict)), qPrintable(lines.at(i)));
            QVERIFY2(lines.at(i).contains(e.observedText()), qPrintable(lines.at(i)));
        }
        const auto gauges = page.findChildren<TargetGauge *>();
        QCOMPARE(gauges.size(), expected->size());
        for (TargetGauge *g : gauges) {
            QVERIFY(!g->grab().isNull());
            QVERIFY(!g->toolTip().isEmpty());
        }

        // The limit loosened in the workspace: a refresh shows the new verdict.
        QualityTarget met = targets->first();
        met.limit = 1.0;
        QVERIFY(TargetStore(*s->workspace()).set(met).ok());
        QSignalSpy checked(&page, &DashboardPage::targetsRefreshed);
        page.refreshTargets();
        QVERIFY(checked.wait(60000));
        bool sawMet = false;
        for (const QString &line : page.targetLines())
            sawMet |= line.startsWith(met.subject()) && (line.contains(u": met"_s) || line.contains(u": at risk"_s));
        QVERIFY2(sawMet, qPrintable(page.targetLines().join(u'\n')));

        const QString shots = qEnvironmentVariable("ASSAY_SCREENSHOTS");
        if (!shots.isEmpty())
            page.findChild<TargetStrip *>()->grab().save(shots + u"/target-strip.png"_s);
    }

    void dialogSavesRefusesAndRemoves()
    {
        const auto stored = [this] {
            auto s = session();
            auto list = TargetStore(*s->workspace()).list();
            return list ? *list : QList<QualityTarget>();
        };
        const qsizetype before = stored().size();
        TargetsDialog dialog(m_spec, PriceTable::withDefaults(), kNow);
        QSignalSpy reloaded(&dialog, &TargetsDialog::reloaded);
        dialog.show();
        QVERIFY(reloaded.wait(60000));
        QCOMPARE(dialog.shownStatuses().size(), before);

        auto *feature = dialog.findChild<QComboBox *>(u"targetFeature"_s);
        auto *metric = dialog.findChild<QComboBox *>(u"targetMetric"_s);
        auto *limit = dialog.findChild<QLineEdit *>(u"targetLimit"_s);
        auto *save = dialog.findChild<QPushButton *>(u"saveTarget"_s);
        QVERIFY(feature && metric && limit && save);
        feature->setEditText(m_feature);
        metric->setCurrentIndex(metric->findText(u"negative-feedback"_s));
        // A limit that is no rate: refused with the reason, nothing written.
        limit->setText(u"150%"_s);
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY2(dialog.statusText().contains(u"150%"_s), qPrintable(dialog.statusText()));
        QCOMPARE(stored().size(), before);

        QSignalSpy changed(&dialog, &TargetsDialog::targetsChanged);
        limit->setText(u"5%"_s);
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY(reloaded.wait(60000));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(stored().size(), before + 1);
        QCOMPARE(dialog.shownStatuses().size(), before + 1);

        // Select the new row and remove it.
        auto *table = dialog.findChild<QTableWidget *>(u"targetsTable"_s);
        int row = -1;
        for (int r = 0; r < table->rowCount(); ++r) {
            if (table->item(r, 0)->text() == m_feature + u" negative-feedback"_s)
                row = r;
        }
        QVERIFY(row >= 0);
        table->selectRow(row);
        QTest::mouseClick(dialog.findChild<QPushButton *>(u"removeTarget"_s), Qt::LeftButton);
        QVERIFY(reloaded.wait(60000));
        QCOMPARE(stored().size(), before);
        QVERIFY2(dialog.statusText().startsWith(u"Removed"_s), qPrintable(dialog.statusText()));

        const QString shots = qEnvironmentVariable("ASSAY_SCREENSHOTS");
        if (!shots.isEmpty())
            dialog.grab().save(shots + u"/targets-dialog.png"_s);
    }

    void saysWhyTargetsCannotBeChecked()
    {
        TargetStrip strip;
        strip.setProblem(u"the workspace is locked"_s);
        QVERIFY(strip.isVisibleTo(nullptr) || !strip.isHidden());
        QCOMPARE(strip.lines().size(), 1);
        QVERIFY(strip.lines().first().contains(u"the workspace is locked"_s));
        strip.setStatuses({});
        QVERIFY(strip.isHidden());
    }
};

QTEST_MAIN(TestTargetStrip)
#include "tst_targetstrip.moc"

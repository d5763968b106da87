// File ▸ Audit the log: the dialog shows what the core audit finds on the planted log (off the UI
// thread), re-audits the range chosen, and says why when the log cannot be read.
#include "AuditPlanted.h"
#include "TestSupport.h"

#include "audit/LogAudit.h"
#include "dialogs/AuditDialog.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>

using namespace Qt::StringLiterals;
using namespace assay;

class TestAuditDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsTheFindings()
    {
        QTemporaryDir dir;
        const test::Planted p = test::planted(false);
        SessionSpec spec;
        spec.source = test::sqliteSource(test::TestLog::create(dir, p.columns, p.rows));
        AuditDialog dialog(spec, PriceTable::withDefaults());
        QSignalSpy audited(&dialog, &AuditDialog::audited);
        dialog.show();
        QVERIFY(audited.wait(60000));
        QVERIFY2(dialog.statusText().startsWith(u"72 rows audited"_s), qPrintable(dialog.statusText()));
        const QString md = dialog.markdown();
        QVERIFY(md.contains(u"outputs that should be JSON"_s));
        QVERIFY(md.contains(u"duplicate rows"_s));
        const QString shown = dialog.findChild<QTextBrowser *>(u"auditView"_s)->toPlainText();
        QVERIFY2(shown.contains(u"Findings"_s), qPrintable(shown.left(200)));
        QVERIFY(!shown.contains(u"| j |"_s)); // rendered as a table, not shown as Markdown source

        // The last 7 days of a log whose planted rows are all from the 3 days before 20 Nov 2026
        // (and two in the day after): only the future rows are that recent, if any.
        dialog.findChild<QComboBox *>(u"auditRange"_s)->setCurrentIndex(2);
        QVERIFY(audited.wait(60000));
        QVERIFY(!dialog.markdown().isEmpty());

        const QString shots = qEnvironmentVariable("ASSAY_SCREENSHOTS");
        if (!shots.isEmpty()) {
            dialog.findChild<QComboBox *>(u"auditRange"_s)->setCurrentIndex(0);
            QVERIFY(audited.wait(60000));
            dialog.grab().save(shots + u"/audit-dialog.png"_s);
        }
    }

    void saysWhyItFailed()
    {
        SessionSpec spec;
        spec.source = test::sqliteSource(u"/nonexistent/folder/log.sqlite"_s);
        AuditDialog dialog(spec, PriceTable::withDefaults());
        QSignalSpy problem(&dialog, &AuditDialog::problem);
        QVERIFY(problem.wait(30000));
        QVERIFY2(dialog.statusText().startsWith(u"The audit failed"_s), qPrintable(dialog.statusText()));
    }
};

QTEST_MAIN(TestAuditDialog)
#include "tst_auditdialog.moc"

// The log audit on PostgreSQL (its own SQL: btrim, a numeric pattern, JSON parsed in Assay since
// PostgreSQL 15 has no json_valid) against the SQLite audit of the very same rows: every figure
// and finding equal, sample ids among the planted ones.
#include "AuditPlanted.h"
#include "TestSupport.h"

#include "audit/LogAudit.h"
#include "browse/LogSession.h"
#include "pricing/PriceTable.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {
const QString skipTag = u"ASSAY_PG_TESTS_SKIPPED: "_s;
} // namespace

class TestAuditPg : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sameFindingsAsSqlite();

private:
    QTemporaryDir m_dir;
};

void TestAuditPg::sameFindingsAsSqlite()
{
    if (const QString reason = qEnvironmentVariable("ASSAY_TEST_PG_SKIP"); !reason.isEmpty())
        QSKIP(qPrintable(skipTag + reason));
    const QString url = qEnvironmentVariable("ASSAY_TEST_PG_URL");
    if (url.isEmpty())
        QSKIP(qPrintable(skipTag + u"ASSAY_TEST_PG_URL is not set; run this test through ctest, which starts a "
                                   "PostgreSQL server for it"_s));
    const test::Planted p = test::planted(false);
    auto location = SourceLocation::parse(url);
    QVERIFY2(location, qPrintable(location.error()));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, u"audit-admin"_s);
        db.setHostName(location->host);
        db.setPort(location->port);
        db.setDatabaseName(location->database);
        db.setUserName(location->user);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QSqlQuery q(db);
        QVERIFY(q.exec(u"DROP TABLE IF EXISTS public.audit_log"_s));
        QVERIFY2(q.exec(u"CREATE TABLE public.audit_log (id bigint PRIMARY KEY, feature text, created_at text, "
                        "output text, model text, input text, input_hash text, feedback text, input_tokens int, "
                        "output_tokens int, cost float8)"_s),
                 qPrintable(q.lastError().text()));
        QVERIFY(q.prepare(u"INSERT INTO public.audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s));
        for (const QVariantList &row : p.rows) {
            for (int i = 0; i < row.size(); ++i)
                q.bindValue(i, row.at(i));
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        }
    }
    QSqlDatabase::removeDatabase(u"audit-admin"_s);

    SessionSpec pgSpec;
    pgSpec.source = *location;
    pgSpec.mapping.table = u"audit_log"_s;
    pgSpec.useWorkspace = false;
    auto pg = LogSession::open(pgSpec);
    QVERIFY2(pg, qPrintable(pg.error()));
    SessionSpec liteSpec;
    liteSpec.source = test::sqliteSource(test::TestLog::create(m_dir, p.columns, p.rows));
    liteSpec.useWorkspace = false;
    auto lite = LogSession::open(liteSpec);
    QVERIFY2(lite, qPrintable(lite.error()));

    auto onPg = auditLog(**pg, PriceTable::withDefaults(), std::nullopt, test::kPlantedNow);
    QVERIFY2(onPg, qPrintable(onPg.error()));
    auto onLite = auditLog(**lite, PriceTable::withDefaults(), std::nullopt, test::kPlantedNow);
    QVERIFY2(onLite, qPrintable(onLite.error()));

    QCOMPARE(onPg->rows, onLite->rows);
    QCOMPARE(onPg->features.size(), onLite->features.size());
    for (qsizetype i = 0; i < onLite->features.size(); ++i) {
        const FeatureAudit &a = onPg->features.at(i);
        const FeatureAudit &b = onLite->features.at(i);
        QCOMPARE(a.feature, b.feature);
        QCOMPARE(a.outputs, b.outputs);
        QCOMPARE(a.withFeedback, b.withFeedback);
        QCOMPARE(a.edited, b.edited);
        QCOMPARE(a.mostlyJson, b.mostlyJson);
        QCOMPARE(a.verdict, b.verdict);
        QCOMPARE(a.findings.size(), b.findings.size());
        for (qsizetype k = 0; k < b.findings.size(); ++k) {
            QCOMPARE(a.findings.at(k).what, b.findings.at(k).what);
            QCOMPARE(a.findings.at(k).count, b.findings.at(k).count);
            QCOMPARE(a.findings.at(k).of, b.findings.at(k).of);
        }
    }
    QCOMPARE(onPg->logFindings.size(), onLite->logFindings.size());
    for (qsizetype k = 0; k < onLite->logFindings.size(); ++k) {
        QCOMPARE(onPg->logFindings.at(k).what, onLite->logFindings.at(k).what);
        QCOMPARE(onPg->logFindings.at(k).count, onLite->logFindings.at(k).count);
    }
    QCOMPARE(onPg->fields.size(), onLite->fields.size());
    for (qsizetype k = 0; k < onLite->fields.size(); ++k)
        QCOMPARE(onPg->fields.at(k).missing, onLite->fields.at(k).missing);
    // The planted figures themselves (as in tst_audit).
    for (const FeatureAudit &f : onPg->features) {
        if (f.feature != u"j"_s)
            continue;
        bool sawInvalid = false;
        for (const AuditFinding &finding : f.findings) {
            if (finding.what.startsWith(u"outputs that should be JSON"_s)) {
                sawInvalid = true;
                QCOMPARE(finding.count, qint64(4));
            }
        }
        QVERIFY(sawInvalid);
    }
}

QTEST_GUILESS_MAIN(TestAuditPg)
#include "tst_audit_pg.moc"

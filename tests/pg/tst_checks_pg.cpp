// Stored check results and check sets in a PostgreSQL workspace (migration 7 in that dialect),
// on the server ctest starts (see CMakeLists.txt); the same scenario as tests/core/tst_checkstore.
#include "CheckStoreScenario.h"
#include "TestSupport.h"

#include "workspace/Workspace.h"

#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

class TestChecksPg : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scenarioOnPostgres();
};

void TestChecksPg::scenarioOnPostgres()
{
    if (const QString reason = qEnvironmentVariable("ASSAY_TEST_PG_SKIP"); !reason.isEmpty())
        QSKIP(qPrintable(u"ASSAY_PG_TESTS_SKIPPED: "_s + reason));
    const QString url = qEnvironmentVariable("ASSAY_TEST_PG_URL");
    if (url.isEmpty())
        QSKIP("ASSAY_PG_TESTS_SKIPPED: ASSAY_TEST_PG_URL is not set; run this test through ctest, which starts a "
              "PostgreSQL server for it");
    test::ScopedWorkspaceDir wsDir;
    QTemporaryDir dir;
    auto ws = Workspace::open(test::sqliteSource(dir.filePath(u"log.sqlite"_s)), url);
    QVERIFY2(ws, qPrintable(ws.error()));
    QCOMPARE((*ws)->dialect(), SqlDialect::PostgreSQL);
    QCOMPARE((*ws)->schemaVersion(), Workspace::latestSchemaVersion());
    // Other pg tests share the database: start from empty check tables.
    QSqlQuery(( *ws)->db()).exec(u"DELETE FROM assay.check_results"_s);
    QSqlQuery((*ws)->db()).exec(u"DELETE FROM assay.check_sets"_s);
    const QString problem = test::runCheckStoreScenario(**ws);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

QTEST_GUILESS_MAIN(TestChecksPg)
#include "tst_checks_pg.moc"

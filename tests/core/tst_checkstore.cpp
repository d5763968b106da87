// Stored check results and check sets in a SQLite workspace (the PostgreSQL run of the same
// scenario is tests/pg/tst_checks_pg).
#include "CheckStoreScenario.h"
#include "TestSupport.h"

#include "workspace/Workspace.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

class TestCheckStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scenarioOnSqlite();
};

void TestCheckStore::scenarioOnSqlite()
{
    test::ScopedWorkspaceDir wsDir;
    QTemporaryDir dir;
    const QString log = test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(3));
    auto ws = Workspace::open(test::sqliteSource(log), dir.filePath(u"ws.sqlite"_s));
    QVERIFY2(ws, qPrintable(ws.error()));
    QCOMPARE((*ws)->schemaVersion(), Workspace::latestSchemaVersion());
    const QString problem = test::runCheckStoreScenario(**ws);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

QTEST_GUILESS_MAIN(TestCheckStore)
#include "tst_checkstore.moc"

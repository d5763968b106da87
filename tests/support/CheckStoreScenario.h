#pragma once
// The stored check results and check sets of a workspace, exercised the same way on SQLite
// (tests/core/tst_checkstore) and PostgreSQL (tests/pg/tst_checks_pg). Returns the first thing
// that went wrong, empty when all held.

#include <QString>

namespace assay {
class Workspace;
}

namespace assay::test {

QString runCheckStoreScenario(Workspace &workspace);

} // namespace assay::test

#include "source/SqlInterruption.h"

#include <QSqlError>

using namespace Qt::StringLiterals;

namespace assay {

bool isInterruption(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (code == "57014"_L1)
        return true;
    bool numeric = false;
    const int sqliteCode = code.toInt(&numeric);
    constexpr int sqliteInterrupt = 9; // SQLITE_INTERRUPT; the low byte of an extended code
    return numeric && (sqliteCode & 0xff) == sqliteInterrupt;
}

} // namespace assay

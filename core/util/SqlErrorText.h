#pragma once

#include <QSqlError>
#include <QSqlQuery>
#include <QString>

namespace assay {

// The first line of a failed statement's error, as every store reports it (drivers append
// the statement and context on further lines, which would swamp a message).
inline QString sqlErrorText(const QSqlQuery &query)
{
    return query.lastError().text().section(u'\n', 0, 0).trimmed();
}

} // namespace assay

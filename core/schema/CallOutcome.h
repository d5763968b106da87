#pragma once

#include <QString>
#include <QStringView>
#include <QVariant>

#include <string_view>

namespace assay {

// The one rule for whether a logged call failed, used by the browser's error filter, the detail
// pane, the dashboards and the budget figures alike. A status is success when, trimmed and
// lowercased, it is "ok", "success", "succeeded", "completed" or "200"; a NULL or empty status
// says nothing (a log that writes '' for "not recorded" does not turn every row into an error);
// any other status fails the call, and so does any text in the error column.
bool isOkStatus(QStringView status);
bool isOkStatusUtf8(std::string_view status);
bool isFailedCall(const QVariant &status, const QVariant &error);

// The same rule as an SQL boolean over text expressions, for SQLite and PostgreSQL; an empty
// expression means the log has no such column. Neither: never failed.
QString failedCallSql(const QString &statusText, const QString &errorText);

} // namespace assay

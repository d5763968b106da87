#include "analytics/SqliteColumns.h"

#include "schema/CallOutcome.h"

#include "analytics/SqliteUsageScan.h"
#include "schema/TimestampCodec.h"
#include "util/LoggedNumber.h"

#include <QSqlDriver>

#include <sqlite3.h>

#include <cctype>
#include <cstdlib>
#include <string>

using namespace Qt::StringLiterals;

namespace assay {

Result<sqlite3 *> sqliteHandleOf(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return fail(u"the SQLite connection has no native handle"_s);
    return *static_cast<sqlite3 *const *>(handle.data());
}

std::string_view sqliteText(sqlite3_stmt *st, int col)
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(st, col));
    return p ? std::string_view(p, size_t(sqlite3_column_bytes(st, col))) : std::string_view();
}

std::optional<double> sqliteNumber(sqlite3_stmt *st, int col)
{
    switch (sqlite3_column_type(st, col)) {
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
        return loggedNumber(sqlite3_column_double(st, col)); // a REAL column can hold 1e999 (inf)
    case SQLITE_TEXT: {
        const std::string text(sqliteText(st, col));
        char *end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0')
            return std::nullopt; // not a number: like RecordCost, as if nothing were logged
        return loggedNumber(v); // strtod reads "nan" and "inf"
    }
    default:
        return std::nullopt;
    }
}

qint64 tokenCount(const std::optional<double> &n)
{
    return loggedTokenCount(n);
}

std::optional<qint64> sqliteTimestampMs(sqlite3_stmt *st, int col)
{
    switch (sqlite3_column_type(st, col)) {
    case SQLITE_INTEGER:
    case SQLITE_FLOAT: {
        const QDateTime dt = TimestampCodec::parseAny(sqlite3_column_double(st, col));
        return dt.isValid() ? std::optional<qint64>(dt.toMSecsSinceEpoch()) : std::nullopt;
    }
    case SQLITE_TEXT: {
        const std::string_view text = sqliteText(st, col);
        if (auto ms = parseIsoUtcMs(text.data(), qsizetype(text.size())))
            return ms;
        const QDateTime dt = TimestampCodec::parseAny(QString::fromUtf8(text.data(), qsizetype(text.size())));
        return dt.isValid() ? std::optional<qint64>(dt.toMSecsSinceEpoch()) : std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

bool isErrorRow(sqlite3_stmt *st, int statusCol, int errorCol)
{
    const bool statusError = sqlite3_column_type(st, statusCol) != SQLITE_NULL && !isOkStatusUtf8(sqliteText(st, statusCol));
    return statusError || !sqliteText(st, errorCol).empty();
}

void sqliteBindAll(sqlite3_stmt *st, const QVariantList &binds)
{
    for (int i = 0; i < binds.size(); ++i) {
        const QVariant &v = binds.at(i);
        const int index = i + 1;
        switch (v.typeId()) {
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
        case QMetaType::Bool:
            sqlite3_bind_int64(st, index, v.toLongLong());
            break;
        case QMetaType::Double:
            sqlite3_bind_double(st, index, v.toDouble());
            break;
        default:
            if (v.isNull()) {
                sqlite3_bind_null(st, index);
            } else {
                const QByteArray utf8 = v.toString().toUtf8();
                sqlite3_bind_text(st, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
            }
        }
    }
}

} // namespace assay

#include "schema/CallOutcome.h"

#include <QStringList>

#include <array>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr std::array<std::string_view, 5> kOkStatuses{"ok", "success", "succeeded", "completed", "200"};

} // namespace

bool isOkStatus(QStringView status)
{
    const QString s = status.trimmed().toString().toLower();
    if (s.isEmpty())
        return true;
    for (std::string_view ok : kOkStatuses) {
        if (s == QLatin1StringView(ok.data(), qsizetype(ok.size())))
            return true;
    }
    return false;
}

bool isOkStatusUtf8(std::string_view status)
{
    return isOkStatus(QString::fromUtf8(status.data(), qsizetype(status.size())));
}

bool isFailedCall(const QVariant &status, const QVariant &error)
{
    if (status.isValid() && !status.isNull() && !isOkStatus(status.toString()))
        return true;
    return error.isValid() && !error.isNull() && !error.toString().isEmpty();
}

QString failedCallSql(const QString &statusText, const QString &errorText)
{
    QStringList any;
    if (!statusText.isEmpty()) {
        QStringList names{u"''"_s};
        for (std::string_view ok : kOkStatuses)
            names << u"'%1'"_s.arg(QLatin1StringView(ok.data(), qsizetype(ok.size())));
        any << u"coalesce(lower(trim(%1)), '') NOT IN (%2)"_s.arg(statusText, names.join(u", "_s));
    }
    if (!errorText.isEmpty())
        any << u"coalesce(%1, '') <> ''"_s.arg(errorText);
    return any.isEmpty() ? u"(1 = 0)"_s : u"("_s + any.join(u" OR "_s) + u")"_s;
}

} // namespace assay

#include "util/LoggedNumber.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

std::optional<double> loggedNumber(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return std::nullopt;
    bool ok = false;
    const double d = value.toDouble(&ok);
    if (!ok)
        return std::nullopt;
    return loggedNumber(d);
}

std::optional<double> loggedNumber(double value)
{
    if (!std::isfinite(value) || std::fabs(value) > kLoggedNumberLimit)
        return std::nullopt;
    return value;
}

qint64 loggedTokenCount(const std::optional<double> &value)
{
    if (!value || !std::isfinite(*value) || *value <= 0)
        return 0;
    if (*value >= double(kMaxLoggedTokens))
        return kMaxLoggedTokens;
    return std::llround(*value);
}

QString loggedNumberSql(const QString &expr)
{
    // PostgreSQL orders NaN above every number, so the bound test rejects it and +-Infinity alike.
    return u"(CASE WHEN abs((%1)::float8) <= %2 THEN (%1)::float8 END)"_s.arg(expr, QString::number(kLoggedNumberLimit, 'g', 17));
}

QString loggedTokenCountSql(const QString &expr)
{
    return u"least(greatest(round(%1), 0), %2)::bigint"_s.arg(loggedNumberSql(expr)).arg(kMaxLoggedTokens);
}

} // namespace assay

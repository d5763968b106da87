#pragma once

#include <QString>
#include <QVariant>

#include <optional>

namespace assay {

// The numbers a team's log carries (cost, token counts, latency) may be anything: "NaN" or
// "inf" text, 1e300 tokens. One rule for all of them, in C++ and in PostgreSQL: a value that is
// not finite, or larger in magnitude than kLoggedNumberLimit, reads as not logged (so it never
// turns a sum into NaN or infinity), and token counts saturate at kMaxLoggedTokens.
constexpr double kLoggedNumberLimit = 1e15;
// A billion tokens is far past any context window, and ten billion such rows still sum inside qint64.
constexpr qint64 kMaxLoggedTokens = 1'000'000'000;

std::optional<double> loggedNumber(double value);
// A value as a driver hands it over (number, numeric text, NULL): nothing for NULL, for
// text that is not a number and for what loggedNumber(double) refuses.
std::optional<double> loggedNumber(const QVariant &value);
// Rounded and clamped to [0, kMaxLoggedTokens]; nothing logged counts 0.
qint64 loggedTokenCount(const std::optional<double> &value);

// The same rules as SQL over a PostgreSQL expression: float8 or NULL, and bigint tokens.
QString loggedNumberSql(const QString &expr);
QString loggedTokenCountSql(const QString &expr);

} // namespace assay

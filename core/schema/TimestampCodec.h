#pragma once

#include <QDateTime>
#include <QTimeZone>
#include <QString>
#include <QVariant>

#include "util/Result.h"

#include <optional>

namespace assay {

// How a log stores created_at. Filters must compare in the column's own representation so that
// the database can use its index, so we detect the kind once and convert bound values to it.
enum class TimestampKind {
    IsoText,      // "2026-11-20T09:15:02Z", "2026-11-20 09:15:02.123", "...+01:00"
    SqlTimestamp, // a native timestamp type (PostgreSQL timestamp / timestamptz)
    EpochSeconds, // integer or real seconds since 1970
    EpochMillis,  // integer milliseconds since 1970
};

struct TimestampCodec {
    TimestampKind kind = TimestampKind::IsoText;
    // IsoText only: how the log writes it, so a bound value compares as text correctly.
    QChar separator = QLatin1Char('T');
    bool hasZoneSuffix = false; // "Z" or "+00:00" present; values without one are taken as UTC

    // Detects the kind from sample values of the column (NULLs ignored).
    static TimestampCodec detect(const QList<QVariant> &samples);

    // Any representation a log may use, to a UTC QDateTime (invalid when it cannot be read).
    static QDateTime parseAny(const QVariant &value);

    QDateTime decode(const QVariant &value) const;
    // The value to bind so that `column >= value` means "at or after `when`".
    QVariant encode(const QDateTime &when) const;

    static QString kindName(TimestampKind kind);
};

// "2026-11-20T09:15:02Z": how Assay prints every timestamp it emits (JSONL, CSV).
QString toIsoUtc(const QDateTime &when);

// The instants Assay represents: 0001-01-01 to 9999-12-31 UTC. A logged time outside reads as
// no time, a typed one is refused: nothing past these bounds reaches integer arithmetic.
constexpr qint64 kEarliestEpochMs = -62135596800000LL;
constexpr qint64 kLatestEpochMs = 253402300799999LL;
bool isRepresentableTime(const QDateTime &when);

// Relative ("7d", "24h", "30m", "2w") or absolute ("2026-11-01", ISO-8601) times typed by users;
// the error says what is wrong with the text (unreadable, or too far from now). A date, or a
// time written without an offset, is wall-clock time in `zone`: the user's zone by Assay's one
// rule (util/CalendarWeek.h), so "2026-11-01" is that day's midnight where the user lives; a
// time with "Z" or "+01:00" means exactly that instant.
Result<QDateTime> parseUserTime(const QString &text, const QDateTime &now, const QTimeZone &zone);

} // namespace assay

#pragma once

#include "util/Result.h"

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace assay {

// Assay's one time-zone rule: every calendar notion (a day, an ISO week, "last week", a date
// typed as 2026-11-01 or a time typed without an offset, a budget's month) is read in the
// user's zone: this machine's zone (the TZ variable, else the system's setting), or the zone
// the CLI's --tz names. Stored and logged instants stay absolute (UTC) and are never shifted.
QTimeZone userTimeZone();

// An IANA zone name ("Europe/Berlin", "UTC"); empty means the user's zone (userTimeZone()).
// Fails naming the zone when Qt does not know it.
Result<QTimeZone> timeZoneNamed(const QString &name);

// An ISO week with its boundaries in a time zone: the week runs from Monday 00:00 to the next
// Monday 00:00 local time, so a week holding a DST change is 167 or 169 hours long, as the
// team lives it. Review sessions, the weekly report and the dashboard all count weeks so.
struct CalendarWeek {
    QDate monday;
    QTimeZone zone = QTimeZone::utc();

    QDateTime start() const;        // Monday 00:00 local
    QDateTime end() const;          // the next Monday 00:00 local (exclusive)
    CalendarWeek previous() const;  // the week before, same zone
    QString label() const;          // "2026-W47"
    QDate day(int index) const { return monday.addDays(index); } // 0 = Monday
};

// "2026-W47" (also "2026-w47" and "2026W47"): the Monday of that ISO week. Fails naming the
// problem: a malformed text, week 0, or week 53 in a year that has 52.
Result<QDate> parseIsoWeek(const QString &text);

// The last ISO week that has ended, in `zone`, before `now`.
CalendarWeek lastFullWeek(const QDateTime &now, const QTimeZone &zone);

// "2026-W47": the ISO week (and ISO year) of `day`.
QString isoWeekLabel(const QDate &day);

// The ISO week holding `when` in `zone`.
CalendarWeek weekContaining(const QDateTime &when, const QTimeZone &zone);

} // namespace assay

#pragma once

#include "util/Result.h"

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace assay {

// The ISO week a weekly report covers, with its boundaries in the reader's time zone: the week
// runs from Monday 00:00 to the next Monday 00:00 local time, so a week holding a DST change is
// 167 or 169 hours long, as the team lives it.
struct ReportWeek {
    QDate monday;
    QTimeZone zone = QTimeZone::utc();

    QDateTime start() const;        // Monday 00:00 local
    QDateTime end() const;          // the next Monday 00:00 local (exclusive)
    ReportWeek previous() const;    // the week before, same zone
    QString label() const;          // "2026-W47"
    QDate day(int index) const { return monday.addDays(index); } // 0 = Monday
};

// "2026-W47" (also "2026-w47" and "2026W47"): the Monday of that ISO week. Fails naming the
// problem: a malformed text, week 0, or week 53 in a year that has 52.
Result<QDate> parseIsoWeek(const QString &text);

// The last ISO week that has ended, in `zone`, before `now`. (Review sessions default to the
// UTC one, labels/ReviewSampler.h; a report reads its week where the team lives.)
ReportWeek lastFullReportWeek(const QDateTime &now, const QTimeZone &zone);

// An IANA zone name ("Europe/Berlin", "UTC"); fails naming the zone when Qt does not know it.
Result<QTimeZone> timeZoneNamed(const QString &name);

} // namespace assay

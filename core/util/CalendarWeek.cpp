#include "util/CalendarWeek.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace assay {

QDateTime CalendarWeek::start() const
{
    return QDateTime(monday, QTime(0, 0), zone);
}

QDateTime CalendarWeek::end() const
{
    return QDateTime(monday.addDays(7), QTime(0, 0), zone);
}

CalendarWeek CalendarWeek::previous() const
{
    return CalendarWeek{monday.addDays(-7), zone};
}

QString CalendarWeek::label() const
{
    return isoWeekLabel(monday);
}

QString isoWeekLabel(const QDate &day)
{
    int year = 0;
    const int week = day.weekNumber(&year);
    return u"%1-W%2"_s.arg(year).arg(week, 2, 10, QLatin1Char('0'));
}

Result<QDate> parseIsoWeek(const QString &text)
{
    static const QRegularExpression pattern(u"^(\\d{4})-?[Ww](\\d{1,2})$"_s);
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return fail(u"\"%1\" is not an ISO week; write it like 2026-W47"_s.arg(text));
    const int year = match.captured(1).toInt();
    const int week = match.captured(2).toInt();
    // 4 January is always in week 1; its Monday starts the ISO year.
    const QDate jan4(year, 1, 4);
    const QDate week1 = jan4.addDays(1 - jan4.dayOfWeek());
    // 28 December is always in the last week of its ISO year.
    const int weeksInYear = QDate(year, 12, 28).weekNumber();
    if (week < 1 || week > weeksInYear)
        return fail(u"%1 has no week %2 (its ISO weeks are 1 to %3)"_s.arg(year).arg(week).arg(weeksInYear));
    return week1.addDays(7 * (week - 1));
}

CalendarWeek weekContaining(const QDateTime &when, const QTimeZone &zone)
{
    const QDate day = when.toTimeZone(zone).date();
    return CalendarWeek{day.addDays(1 - day.dayOfWeek()), zone};
}

CalendarWeek lastFullWeek(const QDateTime &now, const QTimeZone &zone)
{
    return weekContaining(now, zone).previous();
}

QTimeZone userTimeZone()
{
    // Qt reads TZ (and /etc/localtime) each time, so a test or a shell can set the zone per process.
    const QTimeZone system = QTimeZone::systemTimeZone();
    return system.isValid() ? system : QTimeZone::utc();
}

Result<QTimeZone> timeZoneNamed(const QString &name)
{
    if (name.isEmpty())
        return userTimeZone();
    if (name.compare(u"UTC"_s, Qt::CaseInsensitive) == 0)
        return QTimeZone::utc();
    const QTimeZone zone(name.toUtf8());
    if (!zone.isValid())
        return fail(u"unknown time zone \"%1\" (use an IANA name such as Europe/Berlin)"_s.arg(name));
    return zone;
}

} // namespace assay

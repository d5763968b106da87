#include "report/ReportFormat.h"

#include "util/Money.h"

#include <QLocale>

#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Figures read the same on every machine, whatever its locale.
const QLocale &english()
{
    static const QLocale locale(QLocale::English, QLocale::UnitedStates);
    return locale;
}

const QString minus = u"−"_s; // U+2212: the minus sign, not a hyphen

} // namespace

QString formatSignedCount(qint64 n)
{
    if (n == 0)
        return u"0"_s;
    return (n > 0 ? u"+"_s : minus) + formatCount(n > 0 ? n : -n);
}

QString formatSignedUsd(double usd)
{
    if (std::abs(usd) < 5e-7)
        return u"$0"_s;
    return (usd > 0 ? u"+"_s : minus) + formatUsd(std::abs(usd));
}

QString formatPercentChange(const Change &change, bool currentIsZero)
{
    if (!change.percent)
        return currentIsZero ? u"–"_s : u"new"_s;
    const double p = *change.percent;
    if (std::abs(p) < 0.05)
        return u"0.0%"_s;
    return (p > 0 ? u"+"_s : minus) + QString::number(std::abs(p), 'f', 1) + u'%';
}

QString formatRate(qint64 successes, qint64 n, const Interval &interval)
{
    if (n <= 0)
        return u"–"_s;
    const auto pct = [](double v) { return QString::number(v * 100, 'f', 0) + u'%'; };
    return u"%1 (%2–%3)"_s.arg(pct(double(successes) / double(n)), pct(interval.low), pct(interval.high));
}

QString formatMs(const std::optional<double> &ms)
{
    return ms ? english().toString(qRound64(*ms)) + u" ms"_s : u"–"_s;
}

QString formatGroup(const QString &group)
{
    return group.isEmpty() ? u"(none)"_s : group;
}

QString formatKappa(const ReviewerQuality &q)
{
    if (!q.kappa) {
        if (q.reviewers.size() < 2)
            return u"– (one reviewer)"_s;
        return q.itemsCompared ? u"– (undefined)"_s : u"– (no shared items)"_s;
    }
    const QString method = q.kappaMethod == "cohen"_L1 ? u"Cohen"_s : u"Fleiss"_s;
    return u"%1 (%2, %3/%4 agreed)"_s.arg(QString::number(*q.kappa, 'f', 2), method).arg(q.itemsAgreed).arg(q.itemsCompared);
}

QString formatWeekRange(const CalendarWeek &week)
{
    const QDate first = week.monday;
    const QDate last = week.monday.addDays(6);
    if (first.month() == last.month())
        return u"%1–%2"_s.arg(first.day()).arg(english().toString(last, u"d MMM yyyy"_s));
    if (first.year() == last.year())
        return u"%1 – %2"_s.arg(english().toString(first, u"d MMM"_s), english().toString(last, u"d MMM yyyy"_s));
    return u"%1 – %2"_s.arg(english().toString(first, u"d MMM yyyy"_s), english().toString(last, u"d MMM yyyy"_s));
}

QString formatLocalTime(const QDateTime &when)
{
    return when.isValid() ? when.toString(u"yyyy-MM-dd HH:mm"_s) : u"–"_s;
}

} // namespace assay

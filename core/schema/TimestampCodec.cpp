#include "schema/TimestampCodec.h"

#include <QRegularExpression>
#include <QTimeZone>

#include <cmath>
#include <optional>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Epoch values above this are milliseconds: 1e11 seconds is the year 5138.
constexpr double millisThreshold = 1e11;

QDateTime fromEpochMs(double ms)
{
    // Range-checked as a double first: casting one beyond qint64 is undefined behaviour.
    if (!std::isfinite(ms) || ms < double(kEarliestEpochMs) || ms > double(kLatestEpochMs))
        return {};
    return QDateTime::fromMSecsSinceEpoch(std::llround(ms), QTimeZone::utc());
}

// A number whose unit is unknown: seconds, or milliseconds above the threshold.
QDateTime fromEpochNumber(double v)
{
    return fromEpochMs(std::abs(v) >= millisThreshold ? v : v * 1000.0);
}

// The value as a number, when it is one (a numeric type, or text that reads as a number).
std::optional<double> epochNumberOf(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return value.toDouble();
    case QMetaType::QString: {
        bool ok = false;
        const double d = value.toString().toDouble(&ok);
        return ok ? std::optional(d) : std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

QDateTime parseAnyUnchecked(const QVariant &value);

QDateTime parseIsoText(QString text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return {};
    // "2026-11-20 09:15:02" (SQL style) reads as ISO once the space is a 'T'.
    if (text.size() > 10 && text.at(10) == u' ')
        text[10] = u'T';
    // "+0100" / "+01" zones: Qt wants "+01:00".
    static const QRegularExpression shortZone(u"([+-]\\d{2})(\\d{2})?$"_s);
    if (text.size() > 19) {
        const auto m = shortZone.match(text, 19);
        if (m.hasMatch() && !text.mid(m.capturedStart() - 1, 1).contains(u':'))
            text = text.left(m.capturedStart()) + m.captured(1) + u':' + (m.captured(2).isEmpty() ? u"00"_s : m.captured(2));
    }
    QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(text, Qt::ISODate);
    if (!dt.isValid())
        return {};
    if (dt.timeSpec() == Qt::LocalTime) // no zone written: logs are UTC by convention
        dt.setTimeZone(QTimeZone::utc());
    return dt.toUTC();
}

} // namespace

QDateTime TimestampCodec::parseAny(const QVariant &value)
{
    // Whatever the representation, a time outside 0001..9999 reads as no time (an offset can
    // carry "9999-12-31T23:59:59-14:00" into the year 10000).
    const QDateTime dt = parseAnyUnchecked(value);
    return isRepresentableTime(dt) ? dt : QDateTime();
}

namespace {

QDateTime parseAnyUnchecked(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return {};
    switch (value.typeId()) {
    case QMetaType::QDateTime: {
        QDateTime dt = value.toDateTime();
        if (dt.timeSpec() == Qt::LocalTime)
            dt.setTimeZone(QTimeZone::utc());
        return dt.toUTC();
    }
    case QMetaType::QDate:
        return QDateTime(value.toDate(), QTime(0, 0), QTimeZone::utc());
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return fromEpochNumber(value.toDouble());
    default:
        break;
    }
    const QString text = value.toString();
    bool isNumber = false;
    const double number = text.toDouble(&isNumber);
    if (isNumber)
        return fromEpochNumber(number);
    return parseIsoText(text);
}

} // namespace

TimestampCodec TimestampCodec::detect(const QList<QVariant> &samples)
{
    TimestampCodec codec;
    int seconds = 0, millis = 0, native = 0, iso = 0, zoned = 0, spaced = 0;
    for (const QVariant &v : samples) {
        if (v.isNull())
            continue;
        const int type = v.typeId();
        if (type == QMetaType::QDateTime || type == QMetaType::QDate) {
            ++native;
            continue;
        }
        bool isNumber = false;
        const double number = (type == QMetaType::QString) ? v.toString().toDouble(&isNumber) : v.toDouble(&isNumber);
        if (isNumber) {
            (std::abs(number) >= millisThreshold ? millis : seconds)++;
            continue;
        }
        const QString text = v.toString().trimmed();
        ++iso;
        if (text.size() > 10 && text.at(10) == u' ')
            ++spaced;
        if (text.endsWith(u'Z') || (text.size() > 19 && (text.lastIndexOf(u'+') > 18 || text.lastIndexOf(u'-') > 18)))
            ++zoned;
    }
    if (native >= std::max({seconds, millis, iso}) && native > 0) {
        codec.kind = TimestampKind::SqlTimestamp;
    } else if (millis > seconds && millis >= iso) {
        codec.kind = TimestampKind::EpochMillis;
    } else if (seconds >= iso && seconds > 0) {
        codec.kind = TimestampKind::EpochSeconds;
    } else {
        codec.kind = TimestampKind::IsoText;
        codec.separator = spaced * 2 > iso ? u' ' : u'T';
        codec.hasZoneSuffix = zoned * 2 > iso;
    }
    return codec;
}

QDateTime TimestampCodec::decode(const QVariant &value) const
{
    // A column known to hold epoch seconds or milliseconds is read in its own unit: guessing by
    // magnitude would read 22 ms (an early 1970 time) as 22 s, and encode() would not round-trip.
    if (kind == TimestampKind::EpochMillis || kind == TimestampKind::EpochSeconds) {
        if (value.isNull())
            return {};
        if (const auto n = epochNumberOf(value))
            return fromEpochMs(kind == TimestampKind::EpochMillis ? *n : *n * 1000.0);
    }
    return parseAny(value);
}

QVariant TimestampCodec::encode(const QDateTime &when) const
{
    const QDateTime utc = when.toUTC();
    switch (kind) {
    case TimestampKind::SqlTimestamp:
        return utc;
    case TimestampKind::EpochSeconds:
        return utc.toSecsSinceEpoch();
    case TimestampKind::EpochMillis:
        return utc.toMSecsSinceEpoch();
    case TimestampKind::IsoText:
        break;
    }
    // Text compares byte-wise, so write exactly the shape the log uses: "YYYY-MM-DD?HH:MM:SS",
    // and nothing after the seconds. Every row of that second ("...:02", "...:02Z",
    // "...:02.5Z", "...:02+00:00") extends this prefix and so compares >= it, while every
    // earlier second compares <; a "Z" here would put "...:02.5Z" and "...:02+00:00" before
    // the bound ('.' and '+' sort before 'Z'). Logs that mix offsets compare only approximately.
    QString text = utc.toString(u"yyyy-MM-dd'T'HH:mm:ss"_s);
    text[10] = separator;
    return text;
}

QString TimestampCodec::kindName(TimestampKind kind)
{
    switch (kind) {
    case TimestampKind::IsoText:
        return u"ISO-8601 text"_s;
    case TimestampKind::SqlTimestamp:
        return u"SQL timestamp"_s;
    case TimestampKind::EpochSeconds:
        return u"epoch seconds"_s;
    case TimestampKind::EpochMillis:
        return u"epoch milliseconds"_s;
    }
    return {};
}

QString toIsoUtc(const QDateTime &when)
{
    if (!when.isValid())
        return {};
    const QDateTime utc = when.toUTC();
    return utc.time().msec() != 0 ? utc.toString(Qt::ISODateWithMs) : utc.toString(Qt::ISODate);
}

bool isRepresentableTime(const QDateTime &when)
{
    if (!when.isValid())
        return false;
    const qint64 ms = when.toMSecsSinceEpoch();
    return ms >= kEarliestEpochMs && ms <= kLatestEpochMs;
}

Result<QDateTime> parseUserTime(const QString &rawText, const QDateTime &now, const QTimeZone &zone)
{
    const QString text = rawText.trimmed();
    const auto unreadable = [&] {
        return fail(u"cannot read \"%1\" as a time (use 7d, 24h, 2026-11-01 or an ISO-8601 time)"_s.arg(text));
    };
    static const QRegularExpression relative(u"^(\\d+)\\s*(m|min|h|d|w)$"_s, QRegularExpression::CaseInsensitiveOption);
    if (const auto m = relative.match(text); m.hasMatch()) {
        const QString unit = m.captured(2).toLower();
        const qint64 unitSecs = unit == "w"_L1 ? 7 * 86400 : unit == "d"_L1 ? 86400 : unit == "h"_L1 ? 3600 : 60;
        // Bounded before multiplying: "99999999999999w" must be an error, not an overflow.
        const qint64 maxSecs = (kLatestEpochMs - kEarliestEpochMs) / 1000;
        bool ok = false;
        const qint64 n = m.captured(1).toLongLong(&ok);
        if (!ok || n > maxSecs / unitSecs)
            return fail(u"\"%1\" reaches before the year 1; Assay's times run from 0001 to 9999"_s.arg(text));
        const QDateTime when = now.toUTC().addSecs(-n * unitSecs);
        if (!isRepresentableTime(when))
            return fail(u"\"%1\" reaches before the year 1; Assay's times run from 0001 to 9999"_s.arg(text));
        return when;
    }
    if (text == "now"_L1)
        return now.toUTC();
    const QDate dateOnly = QDate::fromString(text, Qt::ISODate);
    if (dateOnly.isValid() && text.size() == 10) {
        const QDateTime midnight = dateOnly.startOfDay(zone); // a zone may skip 00:00 (DST): its first moment
        if (!isRepresentableTime(midnight))
            return fail(u"\"%1\" lies outside the years 0001 to 9999"_s.arg(text));
        return midnight.toUTC();
    }
    if (text.isEmpty() || !text.at(0).isDigit() || !text.contains(u'-'))
        return unreadable();
    QDateTime dt = TimestampCodec::parseAny(QVariant(text));
    if (!dt.isValid())
        return unreadable();
    // parseAny reads a time without an offset as UTC (the log's convention); typed by a user it
    // is the user's wall clock, so the same date and time are re-read in `zone`.
    static const QRegularExpression explicitOffset(u"(?:[Zz]|[+-]\\d{2}(?::?\\d{2})?)$"_s);
    if (!explicitOffset.match(text.section(u':', 1)).hasMatch())
        dt = QDateTime(dt.date(), dt.time(), zone).toUTC();
    if (!dt.isValid() || !isRepresentableTime(dt))
        return fail(u"\"%1\" lies outside the years 0001 to 9999"_s.arg(text));
    return dt;
}

} // namespace assay

// Timestamps as logs write them: ISO text in several shapes, epoch seconds or milliseconds,
// native SQL timestamps; and the times users type ("7d", "2026-11-01").

#include "schema/TimestampCodec.h"

#include <QTest>
#include <QTimeZone>

#include <limits>

using namespace Qt::StringLiterals;
using namespace assay;

Q_DECLARE_METATYPE(assay::TimestampKind)

namespace {

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc());
}

} // namespace

class TestTimestamps : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parseAny_data();
    void parseAny();
    void parseAnyNative();
    void parseAnyRejects_data();
    void parseAnyRejects();
    void detect_data();
    void detect();
    void encode_data();
    void encode();
    void encodeConvertsToUtc();
    void encodeComparesLikeTheLog_data();
    void encodeComparesLikeTheLog();
    void decodeRoundTrip();
    void decodeReadsTheColumnsUnit();
    void offsetsCannotLeaveTheRange();
    void toIsoUtcFormat();
    void kindNames();
    void parseUserTime_data();
    void parseUserTime();
};

void TestTimestamps::parseAny_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QDateTime>("expected");

    const QDateTime base = utc(2026, 11, 20, 9, 15, 2);
    QTest::newRow("iso T Z") << QVariant(u"2026-11-20T09:15:02Z"_s) << base;
    QTest::newRow("iso T no zone (taken as UTC)") << QVariant(u"2026-11-20T09:15:02"_s) << base;
    QTest::newRow("iso space no zone") << QVariant(u"2026-11-20 09:15:02"_s) << base;
    QTest::newRow("iso space Z") << QVariant(u"2026-11-20 09:15:02Z"_s) << base;
    QTest::newRow("iso ms Z") << QVariant(u"2026-11-20T09:15:02.123Z"_s) << base.addMSecs(123);
    QTest::newRow("iso space ms") << QVariant(u"2026-11-20 09:15:02.123"_s) << base.addMSecs(123);
    QTest::newRow("python microseconds") << QVariant(u"2026-11-20 09:15:02.123456"_s) << base.addMSecs(123);
    QTest::newRow("python isoformat +00:00") << QVariant(u"2026-11-20T09:15:02.123456+00:00"_s) << base.addMSecs(123);
    QTest::newRow("offset +01:00") << QVariant(u"2026-11-20T10:15:02+01:00"_s) << base;
    QTest::newRow("offset -05:00") << QVariant(u"2026-11-20T04:15:02-05:00"_s) << base;
    QTest::newRow("offset +0100") << QVariant(u"2026-11-20T10:15:02+0100"_s) << base;
    QTest::newRow("offset +01") << QVariant(u"2026-11-20 10:15:02+01"_s) << base;
    QTest::newRow("offset -0530 ms") << QVariant(u"2026-11-20T03:45:02.500-0530"_s) << base.addMSecs(500);
    QTest::newRow("surrounding spaces") << QVariant(u"  2026-11-20T09:15:02Z \n"_s) << base;
    QTest::newRow("epoch seconds int") << QVariant(qint64(base.toSecsSinceEpoch())) << base;
    QTest::newRow("epoch seconds int32") << QVariant(int(base.toSecsSinceEpoch())) << base;
    QTest::newRow("epoch seconds real") << QVariant(double(base.toSecsSinceEpoch()) + 0.25) << base.addMSecs(250);
    QTest::newRow("epoch ms int") << QVariant(qint64(base.toMSecsSinceEpoch()) + 7) << base.addMSecs(7);
    QTest::newRow("epoch seconds text") << QVariant(QString::number(base.toSecsSinceEpoch())) << base;
    QTest::newRow("epoch ms text") << QVariant(QString::number(base.toMSecsSinceEpoch())) << base;
    QTest::newRow("epoch zero") << QVariant(qint64(0)) << utc(1970, 1, 1);
    QTest::newRow("bytes") << QVariant(QByteArray("2026-11-20T09:15:02Z")) << base;
}

void TestTimestamps::parseAny()
{
    QFETCH(QVariant, value);
    QFETCH(QDateTime, expected);
    const QDateTime got = TimestampCodec::parseAny(value);
    QVERIFY2(got.isValid(), qPrintable(value.toString()));
    QCOMPARE(got, expected);
    QCOMPARE(got.offsetFromUtc(), 0);
    QCOMPARE(got.toMSecsSinceEpoch(), expected.toMSecsSinceEpoch());
}

void TestTimestamps::parseAnyNative()
{
    // A driver's QDateTime: with a zone it is converted, without one it is taken as UTC.
    const QDateTime zoned(QDate(2026, 11, 20), QTime(10, 15, 2), QTimeZone(3600));
    QCOMPARE(TimestampCodec::parseAny(zoned), utc(2026, 11, 20, 9, 15, 2));
    QCOMPARE(TimestampCodec::parseAny(zoned).offsetFromUtc(), 0);
    const QDateTime local(QDate(2026, 11, 20), QTime(9, 15, 2));
    QCOMPARE(TimestampCodec::parseAny(local).toMSecsSinceEpoch(), utc(2026, 11, 20, 9, 15, 2).toMSecsSinceEpoch());
    QCOMPARE(TimestampCodec::parseAny(QDate(2026, 11, 20)), utc(2026, 11, 20));
}

void TestTimestamps::parseAnyRejects_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::newRow("invalid variant") << QVariant();
    QTest::newRow("null string") << QVariant(QMetaType::fromType<QString>());
    QTest::newRow("empty") << QVariant(u""_s);
    QTest::newRow("spaces") << QVariant(u"   "_s);
    QTest::newRow("garbage") << QVariant(u"yesterday-ish"_s);
    QTest::newRow("bad month") << QVariant(u"2026-13-01T00:00:00Z"_s);
    QTest::newRow("bad day") << QVariant(u"2026-02-30 00:00:00"_s);
    QTest::newRow("nan") << QVariant(qQNaN());
    QTest::newRow("infinite") << QVariant(qInf());
    // Beyond the years 0001-9999: casting these to qint64 milliseconds was undefined behaviour.
    QTest::newRow("1e300") << QVariant(1e300);
    QTest::newRow("-1e300") << QVariant(-1e300);
    QTest::newRow("1e19 text") << QVariant(u"1e19"_s);
    QTest::newRow("qint64 max") << QVariant(std::numeric_limits<qint64>::max());
    QTest::newRow("qint64 min") << QVariant(std::numeric_limits<qint64>::min());
    QTest::newRow("year 10000 in ms") << QVariant(253402300800000.0);
}

void TestTimestamps::parseAnyRejects()
{
    QFETCH(QVariant, value);
    QVERIFY(!TimestampCodec::parseAny(value).isValid());
}

void TestTimestamps::detect_data()
{
    QTest::addColumn<QVariantList>("samples");
    QTest::addColumn<TimestampKind>("kind");
    QTest::addColumn<QChar>("separator");
    QTest::addColumn<bool>("zoned");

    QTest::newRow("nothing") << QVariantList{} << TimestampKind::IsoText << QChar(u'T') << false;
    QTest::newRow("only nulls") << QVariantList{QVariant(), QVariant(QMetaType::fromType<QString>())}
                                << TimestampKind::IsoText << QChar(u'T') << false;
    QTest::newRow("iso T Z") << QVariantList{u"2026-11-20T09:15:02Z"_s, u"2026-11-20T09:15:03.5Z"_s}
                             << TimestampKind::IsoText << QChar(u'T') << true;
    QTest::newRow("iso T offset") << QVariantList{u"2026-11-20T09:15:02+00:00"_s, u"2026-11-20T09:15:02-05:00"_s}
                                  << TimestampKind::IsoText << QChar(u'T') << true;
    QTest::newRow("iso T no zone") << QVariantList{u"2026-11-20T09:15:02"_s, u"2026-11-20T09:15:02.250"_s}
                                   << TimestampKind::IsoText << QChar(u'T') << false;
    QTest::newRow("sql space") << QVariantList{u"2026-11-20 09:15:02"_s, u"2026-11-20 09:15:02.123456"_s, QVariant()}
                               << TimestampKind::IsoText << QChar(u' ') << false;
    QTest::newRow("sql space zoned") << QVariantList{u"2026-11-20 09:15:02+00"_s, u"2026-11-20 09:15:03+00"_s}
                                     << TimestampKind::IsoText << QChar(u' ') << true;
    QTest::newRow("epoch seconds") << QVariantList{qint64(1763630102), qint64(1763630103)}
                                   << TimestampKind::EpochSeconds << QChar(u'T') << false;
    QTest::newRow("epoch seconds real") << QVariantList{1763630102.5, 1763630103.25} << TimestampKind::EpochSeconds
                                        << QChar(u'T') << false;
    QTest::newRow("epoch millis") << QVariantList{qint64(1763630102000), qint64(1763630103123)}
                                  << TimestampKind::EpochMillis << QChar(u'T') << false;
    QTest::newRow("epoch millis text") << QVariantList{u"1763630102000"_s, u"1763630103123"_s}
                                       << TimestampKind::EpochMillis << QChar(u'T') << false;
    QTest::newRow("native") << QVariantList{QVariant(utc(2026, 11, 20)), QVariant(utc(2026, 11, 21))}
                            << TimestampKind::SqlTimestamp << QChar(u'T') << false;
    QTest::newRow("native dates") << QVariantList{QVariant(QDate(2026, 11, 20))} << TimestampKind::SqlTimestamp
                                  << QChar(u'T') << false;
    QTest::newRow("mostly iso") << QVariantList{u"2026-11-20T09:15:02Z"_s, u"2026-11-20T09:15:03Z"_s,
                                                qint64(1763630102)}
                                << TimestampKind::IsoText << QChar(u'T') << true;
    QTest::newRow("mostly millis") << QVariantList{qint64(1763630102000), qint64(1763630103000), u"2026-11-20"_s}
                                   << TimestampKind::EpochMillis << QChar(u'T') << false;
}

void TestTimestamps::detect()
{
    QFETCH(QVariantList, samples);
    QFETCH(TimestampKind, kind);
    QFETCH(QChar, separator);
    QFETCH(bool, zoned);
    const TimestampCodec codec = TimestampCodec::detect(samples);
    QCOMPARE(int(codec.kind), int(kind));
    if (kind == TimestampKind::IsoText) {
        QCOMPARE(codec.separator, separator);
        QCOMPARE(codec.hasZoneSuffix, zoned);
    }
}

void TestTimestamps::encode_data()
{
    QTest::addColumn<TimestampKind>("kind");
    QTest::addColumn<QChar>("separator");
    QTest::addColumn<bool>("zoned");
    QTest::addColumn<QVariant>("expected");

    const QDateTime when = utc(2026, 11, 20, 9, 15, 2, 0);
    QTest::newRow("iso T") << TimestampKind::IsoText << QChar(u'T') << false << QVariant(u"2026-11-20T09:15:02"_s);
    QTest::newRow("iso space") << TimestampKind::IsoText << QChar(u' ') << false << QVariant(u"2026-11-20 09:15:02"_s);
    // Zoned logs get the same bound: see encodeComparesLikeTheLog for why no "Z".
    QTest::newRow("iso T zoned") << TimestampKind::IsoText << QChar(u'T') << true << QVariant(u"2026-11-20T09:15:02"_s);
    QTest::newRow("epoch seconds") << TimestampKind::EpochSeconds << QChar(u'T') << false
                                   << QVariant(qint64(when.toSecsSinceEpoch()));
    QTest::newRow("epoch ms") << TimestampKind::EpochMillis << QChar(u'T') << false
                              << QVariant(qint64(when.toMSecsSinceEpoch()));
    QTest::newRow("sql") << TimestampKind::SqlTimestamp << QChar(u'T') << false << QVariant(when);
}

void TestTimestamps::encode()
{
    QFETCH(TimestampKind, kind);
    QFETCH(QChar, separator);
    QFETCH(bool, zoned);
    QFETCH(QVariant, expected);
    TimestampCodec codec;
    codec.kind = kind;
    codec.separator = separator;
    codec.hasZoneSuffix = zoned;
    const QVariant got = codec.encode(utc(2026, 11, 20, 9, 15, 2));
    QCOMPARE(got, expected);
    QCOMPARE(got.typeId(), expected.typeId());
}

void TestTimestamps::encodeConvertsToUtc()
{
    const QDateTime paris(QDate(2026, 11, 20), QTime(10, 15, 2), QTimeZone(3600));
    TimestampCodec iso;
    QCOMPARE(iso.encode(paris).toString().left(19), u"2026-11-20T09:15:02"_s);
    TimestampCodec secs;
    secs.kind = TimestampKind::EpochSeconds;
    QCOMPARE(secs.encode(paris).toLongLong(), utc(2026, 11, 20, 9, 15, 2).toSecsSinceEpoch());
    TimestampCodec sql;
    sql.kind = TimestampKind::SqlTimestamp;
    QCOMPARE(sql.encode(paris).toDateTime().offsetFromUtc(), 0);
}

// The encoded bound is compared with the log's own text by the database, byte-wise. A row at
// or after the bound must compare >= it, a row before it must compare <, whatever the row's
// shape (fractions, zone suffixes) as long as the codec matches the log's separator.
void TestTimestamps::encodeComparesLikeTheLog_data()
{
    QTest::addColumn<QChar>("separator");
    QTest::addColumn<bool>("zoned");
    QTest::addColumn<QString>("row");
    QTest::addColumn<bool>("atOrAfter"); // the row is at or after 2026-11-20 09:15:02 UTC

    QTest::newRow("Z exact") << QChar(u'T') << true << u"2026-11-20T09:15:02Z"_s << true;
    QTest::newRow("Z fraction after") << QChar(u'T') << true << u"2026-11-20T09:15:02.123Z"_s << true;
    QTest::newRow("Z second before") << QChar(u'T') << true << u"2026-11-20T09:15:01.999Z"_s << false;
    QTest::newRow("+00:00 exact") << QChar(u'T') << true << u"2026-11-20T09:15:02+00:00"_s << true;
    QTest::newRow("+00:00 fraction") << QChar(u'T') << true << u"2026-11-20T09:15:02.5+00:00"_s << true;
    QTest::newRow("+00:00 before") << QChar(u'T') << true << u"2026-11-20T09:15:01+00:00"_s << false;
    QTest::newRow("no zone exact") << QChar(u'T') << false << u"2026-11-20T09:15:02"_s << true;
    QTest::newRow("no zone fraction") << QChar(u'T') << false << u"2026-11-20T09:15:02.000001"_s << true;
    QTest::newRow("space exact") << QChar(u' ') << false << u"2026-11-20 09:15:02"_s << true;
    QTest::newRow("space micro") << QChar(u' ') << false << u"2026-11-20 09:15:02.123456"_s << true;
    QTest::newRow("space before") << QChar(u' ') << false << u"2026-11-20 09:15:01.999999"_s << false;
    QTest::newRow("next day") << QChar(u'T') << true << u"2026-11-21T00:00:00Z"_s << true;
}

void TestTimestamps::encodeComparesLikeTheLog()
{
    QFETCH(QChar, separator);
    QFETCH(bool, zoned);
    QFETCH(QString, row);
    QFETCH(bool, atOrAfter);
    TimestampCodec codec;
    codec.separator = separator;
    codec.hasZoneSuffix = zoned;
    const QString bound = codec.encode(utc(2026, 11, 20, 9, 15, 2)).toString();
    // Byte-wise, as SQLite's BINARY collation compares: `since` is ">= bound", `until` is "< bound".
    const bool ge = row.toUtf8() >= bound.toUtf8();
    QVERIFY2(ge == atOrAfter, qPrintable(u"row %1 vs bound %2"_s.arg(row, bound)));
}

void TestTimestamps::decodeRoundTrip()
{
    const QDateTime when = utc(2026, 11, 20, 9, 15, 2);
    for (TimestampKind kind : {TimestampKind::IsoText, TimestampKind::SqlTimestamp, TimestampKind::EpochSeconds,
                               TimestampKind::EpochMillis}) {
        for (bool zoned : {false, true}) {
            for (QChar sep : {QChar(u'T'), QChar(u' ')}) {
                TimestampCodec codec;
                codec.kind = kind;
                codec.hasZoneSuffix = zoned;
                codec.separator = sep;
                QCOMPARE(codec.decode(codec.encode(when)), when);
            }
        }
    }
    TimestampCodec ms;
    ms.kind = TimestampKind::EpochMillis;
    const QDateTime withMs = when.addMSecs(789);
    QCOMPARE(ms.decode(ms.encode(withMs)), withMs);
}

void TestTimestamps::toIsoUtcFormat()
{
    QCOMPARE(toIsoUtc(utc(2026, 11, 20, 9, 15, 2)), u"2026-11-20T09:15:02Z"_s);
    QCOMPARE(toIsoUtc(utc(2026, 11, 20, 9, 15, 2, 40)), u"2026-11-20T09:15:02.040Z"_s);
    QCOMPARE(toIsoUtc(QDateTime(QDate(2026, 11, 20), QTime(10, 15, 2), QTimeZone(3600))), u"2026-11-20T09:15:02Z"_s);
    QCOMPARE(toIsoUtc(QDateTime()), QString());
}

void TestTimestamps::kindNames()
{
    QSet<QString> names;
    for (TimestampKind kind :
         {TimestampKind::IsoText, TimestampKind::SqlTimestamp, TimestampKind::EpochSeconds, TimestampKind::EpochMillis})
        names.insert(TimestampCodec::kindName(kind));
    QCOMPARE(names.size(), 4);
    QVERIFY(!names.contains(QString()));
    QCOMPARE(TimestampCodec::kindName(TimestampKind::EpochMillis), u"epoch milliseconds"_s);
}

void TestTimestamps::decodeReadsTheColumnsUnit()
{
    // Found by fuzz_timestamp (corpus known-epoch-ms-decoded-as-seconds): an EpochMillis column
    // holding 22 (22 ms after 1970) was read as 22 s, guessed from the magnitude.
    TimestampCodec millis;
    millis.kind = TimestampKind::EpochMillis;
    QCOMPARE(millis.decode(QVariant(qint64(22))), QDateTime::fromMSecsSinceEpoch(22, QTimeZone::utc()));
    QCOMPARE(millis.decode(QVariant(u"22"_s)), QDateTime::fromMSecsSinceEpoch(22, QTimeZone::utc()));
    const QDateTime early = QDateTime::fromMSecsSinceEpoch(22, QTimeZone::utc());
    QCOMPARE(millis.decode(millis.encode(early)), early);
    // An EpochSeconds column holding 2e11 is 2e11 s (year 8307), not 2e11 ms (1976).
    TimestampCodec seconds;
    seconds.kind = TimestampKind::EpochSeconds;
    QCOMPARE(seconds.decode(QVariant(qint64(200000000000))).toSecsSinceEpoch(), qint64(200000000000));
    // Out of range in its own unit: no time; text that is no number: read as text.
    QVERIFY(!seconds.decode(QVariant(qint64(400000000000))).isValid());
    QCOMPARE(millis.decode(QVariant(u"2026-11-20T09:15:02Z"_s)), utc(2026, 11, 20, 9, 15, 2));
    QVERIFY(!millis.decode(QVariant()).isValid());
}

void TestTimestamps::offsetsCannotLeaveTheRange()
{
    // Found by fuzz_timestamp (known-iso-offset-past-9999 / -before-0001): a valid local time
    // whose offset carries it past 9999 or before 0001 came back valid.
    QVERIFY(!TimestampCodec::parseAny(QVariant(u"9999-12-31T23:59:59-14:00"_s)).isValid());
    QVERIFY(!TimestampCodec::parseAny(QVariant(u"0001-01-01T00:00:00+14:00"_s)).isValid());
    QCOMPARE(TimestampCodec::parseAny(QVariant(u"9999-12-31T09:59:59-14:00"_s)), utc(9999, 12, 31, 23, 59, 59));
}

void TestTimestamps::parseUserTime_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected"); // invalid: nullopt expected
    QTest::addColumn<QString>("zone");       // the user's zone the text is read in; empty: UTC

    const QDateTime now = utc(2026, 11, 20, 12, 0, 0);
    QTest::newRow("7d") << u"7d"_s << now.addDays(-7) << QString();
    QTest::newRow("7D") << u"7D"_s << now.addDays(-7) << QString();
    QTest::newRow("24h") << u"24h"_s << now.addSecs(-24 * 3600) << QString();
    QTest::newRow("30m") << u"30m"_s << now.addSecs(-30 * 60) << QString();
    QTest::newRow("30min") << u"30min"_s << now.addSecs(-30 * 60) << QString();
    QTest::newRow("2w") << u"2w"_s << now.addDays(-14) << QString();
    QTest::newRow("space before unit") << u" 3 d "_s << now.addDays(-3) << QString();
    QTest::newRow("0h") << u"0h"_s << now << QString();
    QTest::newRow("now") << u"now"_s << now << QString();
    QTest::newRow("date") << u"2026-11-01"_s << utc(2026, 11, 1) << QString();
    QTest::newRow("iso Z") << u"2026-11-01T08:30:00Z"_s << utc(2026, 11, 1, 8, 30) << QString();
    QTest::newRow("iso offset") << u"2026-11-01T09:30:00+01:00"_s << utc(2026, 11, 1, 8, 30) << QString();
    QTest::newRow("iso without offset, user in UTC") << u"2026-11-01T08:30:00"_s << utc(2026, 11, 1, 8, 30) << QString();
    QTest::newRow("sql style") << u"2026-11-01 08:30:00"_s << utc(2026, 11, 1, 8, 30) << QString();

    // The user's zone (Assay's one rule): a date is that midnight there, a time without an
    // offset is that wall-clock time there; an explicit Z or offset is exact. Expected values are
    // the UTC instants worked out by hand (Berlin is UTC+1 in winter, UTC+2 in summer; the
    // clocks went back at 03:00 on 25 Oct 2026).
    const QString berlin = u"Europe/Berlin"_s;
    QTest::newRow("date, Berlin") << u"2026-11-01"_s << utc(2026, 10, 31, 23, 0) << berlin;
    QTest::newRow("date, Berlin summer") << u"2026-07-01"_s << utc(2026, 6, 30, 22, 0) << berlin;
    QTest::newRow("date, Berlin DST day") << u"2026-10-25"_s << utc(2026, 10, 24, 22, 0) << berlin;
    QTest::newRow("no offset, Berlin") << u"2026-11-01T08:30:00"_s << utc(2026, 11, 1, 7, 30) << berlin;
    QTest::newRow("sql style, Berlin") << u"2026-07-01 08:30:00"_s << utc(2026, 7, 1, 6, 30) << berlin;
    QTest::newRow("Z, Berlin") << u"2026-11-01T08:30:00Z"_s << utc(2026, 11, 1, 8, 30) << berlin;
    QTest::newRow("offset, Berlin") << u"2026-11-01T09:30:00+01:00"_s << utc(2026, 11, 1, 8, 30) << berlin;
    QTest::newRow("negative offset, Berlin") << u"2026-11-01T03:30:00-05:00"_s << utc(2026, 11, 1, 8, 30) << berlin;
    QTest::newRow("relative, Berlin") << u"7d"_s << now.addDays(-7) << berlin;
    QTest::newRow("date, Tokyo") << u"2026-11-01"_s << utc(2026, 10, 31, 15, 0) << u"Asia/Tokyo"_s;
    QTest::newRow("date, New York") << u"2026-11-01"_s << utc(2026, 11, 1, 4, 0) << u"America/New_York"_s;
    // Midnight of 1 Jan 0001 in Tokyo is still year 0 in UTC: outside Assay's range, refused.
    QTest::newRow("year 1 east of UTC") << u"0001-01-01"_s << QDateTime() << u"Asia/Tokyo"_s;

    QTest::newRow("garbage") << u"garbage"_s << QDateTime() << QString();
    QTest::newRow("empty") << u""_s << QDateTime() << QString();
    QTest::newRow("blank") << u"   "_s << QDateTime() << QString();
    QTest::newRow("unit only") << u"d"_s << QDateTime() << QString();
    QTest::newRow("unknown unit") << u"7y"_s << QDateTime() << QString();
    QTest::newRow("negative") << u"-7d"_s << QDateTime() << QString();
    QTest::newRow("bare number") << u"1763630102"_s << QDateTime() << QString();
    QTest::newRow("bad date") << u"2026-02-30"_s << QDateTime() << QString();
    QTest::newRow("words") << u"last tuesday"_s << QDateTime() << QString();
    QTest::newRow("injection") << u"2026-11-01' OR 1=1 --"_s << QDateTime() << QString();
    // Hostile magnitudes: refused before any arithmetic could overflow (these crashed once).
    QTest::newRow("huge weeks") << u"99999999999999w"_s << QDateTime() << QString();
    QTest::newRow("beyond qint64") << u"99999999999999999999999d"_s << QDateTime() << QString();
    QTest::newRow("year 1 is the floor") << u"1060000w"_s << QDateTime() << QString();
    QTest::newRow("10,000 years ago") << u"521000w"_s << QDateTime() << QString();
    QTest::newRow("a century ago") << u"5218w"_s << now.addDays(-5218 * 7) << QString();
}

void TestTimestamps::parseUserTime()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);
    QFETCH(QString, zone);
    const QTimeZone userZone = zone.isEmpty() ? QTimeZone::utc() : QTimeZone(zone.toUtf8());
    QVERIFY(userZone.isValid());
    const QDateTime now = utc(2026, 11, 20, 12, 0, 0);
    const auto got = assay::parseUserTime(text, now, userZone);
    if (!expected.isValid()) {
        QVERIFY2(!got.ok(), qPrintable(got ? got->toString(Qt::ISODate) : QString()));
        QVERIFY(!got.error().isEmpty());
        return;
    }
    QVERIFY2(got.ok(), qPrintable(text + u": "_s + got.error()));
    QCOMPARE(*got, expected);
    QCOMPARE(got->offsetFromUtc(), 0);
}

QTEST_GUILESS_MAIN(TestTimestamps)
#include "tst_timestamps.moc"

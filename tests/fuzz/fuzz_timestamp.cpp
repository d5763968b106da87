// TimestampCodec: parseAny on logged values (text, and the numbers a column may hold), detect()
// on a column of samples (one per line), parseUserTime on typed text.
// Invariants (TimestampCodec.h): a logged time outside 0001..9999 reads as no time, so whatever
// parseAny returns valid is representable; the same for what parseUserTime accepts; an
// EpochMillis or SqlTimestamp codec decodes what it encodes.

#include "FuzzSupport.h"

#include "schema/TimestampCodec.h"

#include <QList>
#include <QTimeZone>
#include <QVariant>

#include <cstring>

using namespace assay;

FUZZ_INIT()

namespace {

// parseUserTime gained the user's zone; either signature is fuzzed.
template <typename Text, typename Time>
Result<QDateTime> userTime(const Text &text, const Time &now, const QTimeZone &zone)
{
    if constexpr (requires { parseUserTime(text, now, zone); })
        return parseUserTime(text, now, zone);
    else
        return parseUserTime(text, now);
}

void checkLogged(const QVariant &value)
{
    const QDateTime t = TimestampCodec::parseAny(value);
    if (!t.isValid())
        return;
    FUZZ_CHECK(isRepresentableTime(t));
    FUZZ_CHECK(!toIsoUtc(t).isEmpty());
    for (TimestampKind kind : {TimestampKind::EpochMillis, TimestampKind::SqlTimestamp}) {
        TimestampCodec codec;
        codec.kind = kind;
        FUZZ_CHECK(codec.decode(codec.encode(t)) == t);
    }
    TimestampCodec iso;
    (void)iso.decode(iso.encode(t));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = fuzz::text(data, size);
    checkLogged(QVariant(text));
    if (size == sizeof(double)) {
        double d;
        std::memcpy(&d, data, sizeof d);
        checkLogged(QVariant(d));
        qint64 n;
        std::memcpy(&n, data, sizeof n);
        checkLogged(QVariant(n));
    }

    QList<QVariant> samples;
    for (const QString &line : text.split(u'\n'))
        samples.append(line.isEmpty() ? QVariant() : QVariant(line));
    (void)TimestampCodec::detect(samples);

    static const QDateTime now = QDateTime::fromMSecsSinceEpoch(1795000000000LL, QTimeZone::utc());
    static const QTimeZone zones[] = {QTimeZone::utc(), QTimeZone("Europe/Berlin"), QTimeZone("Pacific/Kiritimati"),
                                      QTimeZone("America/Sao_Paulo")};
    const QTimeZone &zone = zones[size % 4];
    const Result<QDateTime> typed = userTime(text, now, zone);
    if (typed.ok())
        FUZZ_CHECK(isRepresentableTime(*typed));
    else
        FUZZ_CHECK(!typed.error().isEmpty());
    return 0;
}

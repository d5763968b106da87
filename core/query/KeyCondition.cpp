#include "query/KeyCondition.h"

using namespace Qt::StringLiterals;

namespace assay {

QList<QStringList> keyChunks(const QStringList &keys)
{
    QList<QStringList> chunks;
    for (qsizetype first = 0; first < keys.size(); first += kKeysPerQuery)
        chunks << keys.mid(first, kKeysPerQuery);
    return chunks;
}

KeyCondition keyInCondition(const LogSchema &schema, const QStringList &keys)
{
    KeyCondition k;
    QStringList marks;
    for (const QString &key : keys) {
        bool numeric = false;
        const qint64 n = key.toLongLong(&numeric);
        if (schema.idIsInteger && !numeric)
            continue;
        marks << u"?"_s;
        k.binds << (schema.idIsInteger ? QVariant(n) : QVariant(key));
    }
    if (!marks.isEmpty())
        k.clause = u"%1 IN (%2)"_s.arg(schema.expr(LogField::Id), marks.join(u", "_s));
    return k;
}

} // namespace assay

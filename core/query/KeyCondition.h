#pragma once

#include "schema/LogSchema.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

namespace assay {

// Outputs looked up by id (labels, check results, report examples): the keys go in as bound
// values, in chunks well under every driver's bound-parameter limit.
inline constexpr qsizetype kKeysPerQuery = 400;
QList<QStringList> keyChunks(const QStringList &keys);

// "id IN (?, ?, ...)" over the keys that can be ids of this log (a key that is not a number
// cannot be an id of an integer-keyed log, and is left out); empty when none can.
struct KeyCondition {
    QString clause;
    QVariantList binds;
    bool isEmpty() const { return binds.isEmpty(); }
};
KeyCondition keyInCondition(const LogSchema &schema, const QStringList &keys);

} // namespace assay

#include "AuditPlanted.h"

#include <QMap>

#include <optional>

using namespace Qt::StringLiterals;

namespace assay::test {

namespace {
const QDateTime kNow = kPlantedNow;
} // namespace

Planted planted(bool textKeys)
{
    Planted p;
    if (textKeys)
        p.columns[0] = u"id TEXT PRIMARY KEY"_s;
    QMap<qint64, QDateTime> timeById;
    for (int i = 0; i < 70; ++i) {
        const qint64 id = (qint64(i) * 29) % 70 + 1; // 29 is coprime with 70
        const QString key = textKeys ? u"k-%1"_s.arg(id, 3, 10, QLatin1Char('0')) : QString::number(id);
        const bool json = i < 40;
        QDateTime at = kNow.addSecs(-qint64(70 - i) * 3600);
        QVariant created = at.toString(Qt::ISODate);
        QVariant output = json ? QVariant(u"{\"score\": %1}"_s.arg(i)) : QVariant(u"Thanks for asking, number %1."_s.arg(i));
        if (json && (i == 3 || i == 7 || i == 11 || i == 15)) {
            output = u"{\"score\": "_s; // cut off mid-object
            p.invalidJsonIds << key;
        }
        if (json && i == 20) {
            output = QVariant();
            p.emptyJsonIds << key;
        }
        if (json && i == 21) {
            output = u"   "_s;
            p.emptyJsonIds << key;
        }
        if (i == 30 || i == 50) {
            at = kNow.addDays(1);
            created = at.toString(Qt::ISODate);
            p.futureIds << key;
        }
        if (i == 60) {
            created = u"-- not a time --"_s;
            at = QDateTime();
            p.unreadableIds << key;
        }
        QString model = u"gpt-4o"_s;
        QVariant cost = 0.001;
        if (i == 45 || i == 46 || i == 47) {
            model = u"mystery-model-9"_s;
            cost = QVariant();
            p.unpricedIds << key;
        }
        QVariant inTokens = 100, outTokens = 20;
        if (i >= 62 && i <= 66) {
            (i % 2 ? inTokens : outTokens) = i == 62 ? QVariant() : QVariant(0);
            p.zeroTokenIds << key;
        }
        QString input = u"{\"q\": %1}"_s.arg(i);
        QString hash = u"h-%1"_s.arg(i);
        if (i == 41 || i == 42) // one hash, two different inputs
            hash = u"shared"_s;
        // Feedback on 3 of the 30 prose outputs (one "edited"), none on JSON.
        QVariant feedback;
        if (i == 52) feedback = u"positive"_s;
        if (i == 53) feedback = u"negative"_s;
        if (i == 54) feedback = u"edited"_s;
        p.rows << QVariantList{textKeys ? QVariant(key) : QVariant(id), json ? u"j"_s : u"t"_s, created, output, model,
                               input, hash, feedback, inTokens, outTokens, cost};
        timeById.insert(id, at);
    }
    // Two more copies of row i = 35 (a JSON one) (same feature, time, model, input and output): 2 duplicates.
    for (int copy = 0; copy < 2; ++copy) {
        QVariantList row = p.rows.at(35);
        const qint64 id = 71 + copy;
        row[0] = textKeys ? QVariant(u"k-%1"_s.arg(id, 3, 10, QLatin1Char('0'))) : QVariant(id);
        row[6] = u"h-35"_s;
        p.rows << row;
        timeById.insert(id, QDateTime::fromString(row.at(2).toString(), Qt::ISODate));
    }
    // The reference for time order: walk the ids in order (text keys sort like the numbers here,
    // but the audit does not check order for text keys).
    std::optional<QDateTime> previous;
    for (auto it = timeById.cbegin(); it != timeById.cend(); ++it) {
        if (!it.value().isValid())
            continue;
        if (previous && it.value() < *previous)
            ++p.outOfOrder;
        previous = it.value();
    }
    return p;
}


} // namespace assay::test

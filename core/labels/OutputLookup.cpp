#include "labels/OutputLookup.h"

#include "query/KeyCondition.h"

#include "source/SourceConnection.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

Result<QHash<QString, OutputFacts>> lookupOutputs(SourceConnection &connection, const LogSchema &schema,
                                                  const QStringList &keys)
{
    QHash<QString, OutputFacts> facts;
    const QString id = schema.expr(LogField::Id);
    const QString feature = schema.has(LogField::Feature) ? schema.expr(LogField::Feature) : u"NULL"_s;
    const QString feedback = schema.has(LogField::Feedback) ? schema.expr(LogField::Feedback) : u"NULL"_s;
    QSqlQuery q(connection.db());
    q.setForwardOnly(true);
    for (const QStringList &chunk : keyChunks(keys)) {
        const KeyCondition ids = keyInCondition(schema, chunk);
        if (ids.isEmpty())
            continue;
        q.prepare(u"SELECT %1, %2, %3 FROM %4 WHERE %5"_s.arg(id, feature, feedback, schema.qualifiedTable(), ids.clause));
        for (const QVariant &b : ids.binds)
            q.addBindValue(b);
        if (!q.exec())
            return fail(u"cannot look up outputs: %1"_s.arg(q.lastError().text().section(u'\n', 0, 0)));
        while (q.next())
            facts.insert(q.value(0).toString(), OutputFacts{q.value(1).toString(), q.value(2).toString()});
    }
    return facts;
}

} // namespace assay

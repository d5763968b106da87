#include "prompts/PromptUsage.h"

#include "query/FilterSql.h"
#include "source/SourceConnection.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString asText(const LogSchema &schema, LogField field)
{
    return schema.dialect == SqlDialect::PostgreSQL ? u"CAST(%1 AS TEXT)"_s.arg(schema.expr(field)) : schema.expr(field);
}

} // namespace

Result<QList<PromptUsage>> promptUsage(SourceConnection &connection, const LogSchema &schema, const OutputFilter &filter)
{
    if (!schema.has(LogField::PromptName))
        return fail(u"the log has no prompt_name column, so outputs cannot be linked to prompt versions"_s);
    const QString name = asText(schema, LogField::PromptName);
    const QString version = schema.has(LogField::PromptVersion) ? asText(schema, LogField::PromptVersion) : u"NULL"_s;
    const QString created = schema.expr(LogField::CreatedAt);
    const bool feedback = schema.has(LogField::Feedback);
    const QString fb = feedback ? asText(schema, LogField::Feedback) : QString();
    const auto countOf = [&](const char *value) {
        return feedback ? u"sum(CASE WHEN %1 = '%2' THEN 1 ELSE 0 END)"_s.arg(fb, QLatin1StringView(value)) : u"0"_s;
    };
    SqlConditions where = filterConditions(schema, filter);
    where.add(name + u" IS NOT NULL"_s);
    const QString sql = u"SELECT %1, %2, count(*), min(%3), max(%3), %4, %5, %6 FROM %7%8 GROUP BY 1, 2 ORDER BY 1, 2"_s
                            .arg(name, version, created, countOf("positive"), countOf("negative"), countOf("edited"),
                                 schema.qualifiedTable(), where.whereClause());
    QSqlQuery q(connection.db());
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return fail(u"cannot count outputs per prompt version: %1"_s.arg(q.lastError().text().section(u'\n', 0, 0)));
    for (const QVariant &bind : where.binds)
        q.addBindValue(bind);
    if (!q.exec())
        return fail(u"cannot count outputs per prompt version: %1"_s.arg(q.lastError().text().section(u'\n', 0, 0)));
    QList<PromptUsage> out;
    while (q.next()) {
        PromptUsage u;
        u.name = q.value(0).toString();
        u.version = q.value(1).toString();
        u.outputs = q.value(2).toLongLong();
        u.firstSeen = schema.timestamps.decode(q.value(3));
        u.lastSeen = schema.timestamps.decode(q.value(4));
        u.positive = q.value(5).toLongLong();
        u.negative = q.value(6).toLongLong();
        u.edited = q.value(7).toLongLong();
        u.hasFeedback = feedback;
        out << u;
    }
    return out;
}

const PromptUsage *findUsage(const QList<PromptUsage> &usage, const QString &name, const QString &version)
{
    for (const PromptUsage &u : usage) {
        if (u.name == name && u.version == version)
            return &u;
    }
    return nullptr;
}

} // namespace assay

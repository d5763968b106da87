#include "report/ReportOutputs.h"

#include "query/KeyCondition.h"

#include "query/FilterSql.h"
#include "source/SourceConnection.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

SqlConditions weekConditions(const LogSchema &schema, const CalendarWeek &week)
{
    OutputFilter filter;
    filter.since = week.start();
    filter.until = week.end();
    return filterConditions(schema, filter);
}

// The columns every brief reads, in the order briefOf() expects. Only the start of the output
// leaves the database: a log's outputs can be megabytes long. (CAST: PostgreSQL logs may keep
// outputs as json.)
QString briefColumns(const LogSchema &schema, int excerptChars)
{
    const QString feedback = schema.has(LogField::Feedback) ? schema.expr(LogField::Feedback) : u"NULL"_s;
    // Read a few more characters than shown so the ellipsis is honest about cut outputs.
    return u"%1, %2, %3, %4, substr(CAST(%5 AS TEXT), 1, %6)"_s.arg(
        schema.expr(LogField::Id), schema.expr(LogField::Feature), schema.expr(LogField::CreatedAt), feedback,
        schema.expr(LogField::Output), QString::number(excerptChars * 2 + 1));
}

OutputBrief briefOf(const QSqlQuery &q, const LogSchema &schema, int excerptChars)
{
    return OutputBrief{q.value(0).toString(), q.value(1).toString(), schema.timestamps.decode(q.value(2)),
                       q.value(3).toString(), excerptOf(q.value(4).toString(), excerptChars)};
}

QString firstLine(const QSqlError &error)
{
    return error.text().section(u'\n', 0, 0);
}

} // namespace

QString excerptOf(const QString &text, int chars)
{
    static const QRegularExpression space(u"\\s+"_s);
    QString line = QString(text).replace(space, u" "_s).trimmed();
    if (line.size() > chars)
        line = line.left(chars).trimmed() + u"…"_s;
    return line;
}

Result<QHash<QString, OutputBrief>> weekOutputsByKey(SourceConnection &connection, const LogSchema &schema,
                                                     const QStringList &keys, const CalendarWeek &week,
                                                     int excerptChars)
{
    QHash<QString, OutputBrief> found;
    QSqlQuery q(connection.db());
    q.setForwardOnly(true);
    for (const QStringList &chunk : keyChunks(keys)) {
        const KeyCondition ids = keyInCondition(schema, chunk);
        if (ids.isEmpty())
            continue; // labels on things that cannot be ids of this log
        SqlConditions where = weekConditions(schema, week);
        where.add(ids.clause, ids.binds);
        q.prepare(u"SELECT "_s + briefColumns(schema, excerptChars) + u" FROM "_s + schema.qualifiedTable()
                  + where.whereClause());
        for (const QVariant &b : where.binds)
            q.addBindValue(b);
        if (!q.exec())
            return fail(u"cannot look up the labelled outputs: %1"_s.arg(firstLine(q.lastError())));
        while (q.next()) {
            OutputBrief brief = briefOf(q, schema, excerptChars);
            found.insert(brief.key, std::move(brief));
        }
    }
    return found;
}

Result<QList<OutputBrief>> endUserNegatives(SourceConnection &connection, const LogSchema &schema,
                                            const CalendarWeek &week, int limit, int excerptChars)
{
    if (!schema.has(LogField::Feedback) || limit <= 0)
        return QList<OutputBrief>{};
    OutputFilter filter;
    filter.since = week.start();
    filter.until = week.end();
    filter.feedback = {FeedbackFilter::Negative};
    const SqlConditions where = filterConditions(schema, filter);
    QSqlQuery q(connection.db());
    q.setForwardOnly(true);
    q.prepare(u"SELECT %1 FROM %2%3 ORDER BY %4 DESC, %5 DESC LIMIT %6"_s.arg(
        briefColumns(schema, excerptChars), schema.qualifiedTable(), where.whereClause(),
        schema.expr(LogField::CreatedAt), schema.expr(LogField::Id), QString::number(limit)));
    for (const QVariant &b : where.binds)
        q.addBindValue(b);
    if (!q.exec())
        return fail(u"cannot read the outputs end users rated negative: %1"_s.arg(firstLine(q.lastError())));
    QList<OutputBrief> briefs;
    while (q.next())
        briefs << briefOf(q, schema, excerptChars);
    return briefs;
}

} // namespace assay

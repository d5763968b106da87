#include "query/FilterSql.h"

using namespace Qt::StringLiterals;

namespace assay {

void SqlConditions::add(const QString &clause, const QVariantList &values)
{
    clauses << clause;
    binds << values;
}

void SqlConditions::append(const SqlConditions &other)
{
    clauses << other.clauses;
    binds << other.binds;
}

QString SqlConditions::whereClause() const
{
    return clauses.isEmpty() ? QString() : u" WHERE "_s + clauses.join(u" AND "_s);
}

QString likeContainsPattern(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size() + 2);
    for (QChar c : text) {
        if (c == u'%' || c == u'_' || c == u'\\')
            escaped += u'\\';
        escaped += c;
    }
    return u'%' + escaped + u'%';
}

QString fts5Phrase(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'"', u"\"\""_s);
    return u'"' + quoted + u'"';
}

bool searchCanUseTrigramIndex(const QString &text)
{
    return text.toUcs4().size() >= 3;
}

namespace {

QString placeholders(qsizetype n)
{
    QStringList marks(n, u"?"_s);
    return marks.join(u", "_s);
}

QVariantList toVariants(const QStringList &values)
{
    QVariantList out;
    for (const QString &v : values)
        out << v;
    return out;
}

// Text columns in PostgreSQL may be json/jsonb: compare their text form.
QString asText(const LogSchema &schema, LogField field)
{
    return schema.dialect == SqlDialect::PostgreSQL ? schema.expr(field) + u"::text"_s : schema.expr(field);
}

// SQLite's LIKE never matches a BLOB, and some products store outputs as BLOBs.
QString searchable(const LogSchema &schema, LogField field)
{
    return schema.dialect == SqlDialect::PostgreSQL ? asText(schema, field) : u"CAST(%1 AS TEXT)"_s.arg(schema.expr(field));
}

SqlConditions searchConditions(const LogSchema &schema, const QString &text, const SearchSupport &search)
{
    SqlConditions c;
    const QString pattern = likeContainsPattern(text);
    const bool postgres = schema.dialect == SqlDialect::PostgreSQL;
    const QString like = postgres ? u" ILIKE ? ESCAPE '\\'"_s : u" LIKE ? ESCAPE '\\'"_s;
    QStringList scan{searchable(schema, LogField::Output) + like};
    QVariantList scanBinds{pattern};
    if (schema.has(LogField::Input)) {
        scan << searchable(schema, LogField::Input) + like;
        scanBinds << pattern;
    }
    const QString scanClause = u"("_s + scan.join(u" OR "_s) + u")"_s;

    if (postgres && search.matchedIds && searchCanUseTrigramIndex(text)) {
        // The ids travel as one bound array literal ("{1,2,3}"), never as SQL text.
        QStringList ids;
        ids.reserve(search.matchedIds->size());
        for (qint64 id : *search.matchedIds)
            ids << QString::number(id);
        const QString indexed = schema.expr(LogField::Id) + u" = ANY(CAST(? AS bigint[]))"_s;
        const QVariantList idBinds{u"{"_s + ids.join(u',') + u"}"_s};
        if (search.coversAll) {
            c.add(indexed, idBinds);
            return c;
        }
        QVariantList binds = idBinds;
        binds << qint64(search.indexedThroughRowid) << scanBinds;
        c.add(u"(%1 OR (%2 > ? AND %3))"_s.arg(indexed, schema.expr(LogField::Id), scanClause), binds);
        return c;
    }
    if (!postgres && search.indexAttached && searchCanUseTrigramIndex(text)) {
        // The index answers for what it covers; rows the product logged since are scanned.
        const QString indexed = u"%1 IN (SELECT rowid FROM %2.output_search WHERE output_search MATCH ?)"_s.arg(
            search.walkInOrder ? u"+rowid"_s : u"rowid"_s, search.indexAlias);
        QVariantList binds{fts5Phrase(text)};
        if (search.coversAll) {
            // Nothing to scan: a lone IN lets SQLite go straight to the matching rows.
            c.add(indexed, binds);
            return c;
        }
        binds << qint64(search.indexedThroughRowid) << scanBinds;
        c.add(u"(%1 OR (rowid > ? AND %2))"_s.arg(indexed, scanClause), binds);
        return c;
    }
    c.add(scanClause, scanBinds);
    return c;
}

} // namespace

QStringList unsupportedFilters(const LogSchema &schema, const OutputFilter &filter)
{
    QStringList out;
    const auto need = [&](bool used, LogField field, const QString &what) {
        if (used && !schema.has(field))
            out << u"this log has no %1 column, so it cannot be filtered by %2"_s.arg(logFieldName(field), what);
    };
    need(!filter.models.isEmpty(), LogField::Model, u"model"_s);
    need(!filter.userId.isEmpty(), LogField::UserId, u"user"_s);
    need(!filter.sessionId.isEmpty(), LogField::SessionId, u"session"_s);
    need(!filter.feedback.isEmpty(), LogField::Feedback, u"feedback"_s);
    need(!filter.promptName.isEmpty(), LogField::PromptName, u"prompt"_s);
    need(!filter.promptVersion.isEmpty(), LogField::PromptVersion, u"prompt version"_s);
    if (filter.errorsOnly && !schema.has(LogField::Status) && !schema.has(LogField::Error))
        out << u"this log has no status or error column, so it cannot show errors only"_s;
    return out;
}

SqlConditions filterConditions(const LogSchema &schema, const OutputFilter &filter, const SearchSupport &search)
{
    SqlConditions c;
    if (!filter.features.isEmpty())
        c.add(schema.expr(LogField::Feature) + u" IN ("_s + placeholders(filter.features.size()) + u")"_s,
              toVariants(filter.features));
    if (!filter.models.isEmpty() && schema.has(LogField::Model))
        c.add(schema.expr(LogField::Model) + u" IN ("_s + placeholders(filter.models.size()) + u")"_s,
              toVariants(filter.models));
    if (filter.since)
        c.add(schema.expr(LogField::CreatedAt) + u" >= ?"_s, {schema.timestamps.encode(*filter.since)});
    if (filter.until)
        c.add(schema.expr(LogField::CreatedAt) + u" < ?"_s, {schema.timestamps.encode(*filter.until)});
    if (!filter.userId.isEmpty() && schema.has(LogField::UserId))
        c.add(asText(schema, LogField::UserId) + u" = ?"_s, {filter.userId});
    if (!filter.sessionId.isEmpty() && schema.has(LogField::SessionId))
        c.add(asText(schema, LogField::SessionId) + u" = ?"_s, {filter.sessionId});
    if (!filter.feedback.isEmpty() && schema.has(LogField::Feedback)) {
        const QString col = schema.expr(LogField::Feedback);
        QStringList named;
        bool none = false;
        for (FeedbackFilter f : filter.feedback) {
            if (f == FeedbackFilter::None)
                none = true;
            else
                named << OutputFilter::feedbackName(f);
        }
        QStringList any;
        if (!named.isEmpty())
            any << col + u" IN ("_s + placeholders(named.size()) + u")"_s;
        if (none)
            any << u"%1 IS NULL OR %1 = ''"_s.arg(col);
        c.add(u"("_s + any.join(u" OR "_s) + u")"_s, toVariants(named));
    }
    if (!filter.promptName.isEmpty() && schema.has(LogField::PromptName)) {
        c.add(asText(schema, LogField::PromptName) + u" = ?"_s, {filter.promptName});
        if (!filter.promptVersion.isEmpty() && schema.has(LogField::PromptVersion))
            c.add(asText(schema, LogField::PromptVersion) + u" = ?"_s, {filter.promptVersion});
    }
    if (filter.errorsOnly) {
        QStringList any;
        if (schema.has(LogField::Status))
            any << u"lower(%1) NOT IN ('ok', 'success', 'succeeded', 'completed', '200')"_s.arg(asText(schema, LogField::Status));
        if (schema.has(LogField::Error))
            any << u"(%1 IS NOT NULL AND %1 <> '')"_s.arg(asText(schema, LogField::Error));
        // A log that records no outcome has no errors to show, rather than all rows.
        c.add(any.isEmpty() ? u"1 = 0"_s : u"("_s + any.join(u" OR "_s) + u")"_s);
    }
    if (!filter.search.isEmpty())
        c.append(searchConditions(schema, filter.search, search));
    return c;
}

} // namespace assay

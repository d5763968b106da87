#include "query/FilterSql.h"

#include "schema/CallOutcome.h"

#include "eval/CheckFailures.h"

#include <QJsonArray>
#include <QJsonDocument>

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
    if (error.isEmpty())
        error = other.error;
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

const QStringList reviewLabelNames{u"positive"_s, u"negative"_s, u"edited"_s};

// "Key in (or not in) the set of outputs whose current label matches": a subquery over the
// attached workspace, or a bound list of the keys the workspace returned.
struct LabelledSet {
    QString clause;
    QVariantList binds;
};

LabelledSet attachedLabelSet(const LogSchema &schema, const LabelCriteria &criteria, const SearchSupport &search,
                             bool negate)
{
    const QString ws = search.indexAlias;
    QStringList where{u"e.label IS NOT NULL"_s};
    QVariantList binds;
    if (!criteria.labels.isEmpty()) {
        where << u"e.label IN (%1)"_s.arg(placeholders(criteria.labels.size()));
        binds << toVariants(criteria.labels);
    }
    if (!criteria.reviewer.isEmpty()) {
        where << u"e.reviewer = ?"_s;
        binds << criteria.reviewer;
    }
    if (criteria.hasNote)
        where << u"e.note IS NOT NULL AND e.note <> ''"_s;
    if (!criteria.tag.isEmpty()) {
        where << u"EXISTS (SELECT 1 FROM json_each(e.tags) t WHERE t.value = ?)"_s;
        binds << criteria.tag;
    }
    // The newest event of (output, reviewer) is the current label; the table is read rather
    // than the current_labels view, whose unqualified names would not resolve in an attached schema.
    where << u"e.id = (SELECT max(l.id) FROM %1.label_events l WHERE l.output_key = e.output_key "
             "AND l.reviewer = e.reviewer)"_s.arg(ws);
    QString key = u"e.output_key"_s;
    if (schema.idIsInteger) {
        key = u"CAST(e.output_key AS INTEGER)"_s;
        // A label set with --force on "abc" must not turn into output 0.
        where << u"CAST(CAST(e.output_key AS INTEGER) AS TEXT) = e.output_key"_s;
    }
    return {u"%1 %2IN (SELECT %3 FROM %4.label_events e WHERE %5)"_s.arg(
                schema.expr(LogField::Id), negate ? u"NOT "_s : QString(), key, ws, where.join(u" AND "_s)),
            binds};
}

QString postgresArrayLiteral(const QStringList &values, bool integers)
{
    QStringList items;
    items.reserve(values.size());
    for (const QString &v : values) {
        if (integers) {
            items << v;
            continue;
        }
        QString quoted = v;
        quoted.replace(u"\\"_s, u"\\\\"_s).replace(u"\""_s, u"\\\""_s);
        items << u'"' + quoted + u'"';
    }
    return u"{"_s + items.join(u',') + u"}"_s;
}

LabelledSet listedLabelSet(const LogSchema &schema, const QStringList &keys, bool negate)
{
    QStringList usable;
    for (const QString &k : keys) {
        bool numeric = false;
        k.toLongLong(&numeric);
        if (numeric || !schema.idIsInteger)
            usable << k; // a non-numeric key cannot be an integer id of this log
    }
    const QString id = schema.expr(LogField::Id);
    if (schema.dialect == SqlDialect::PostgreSQL) {
        const QString any = schema.idIsInteger ? u"%1 = ANY(CAST(? AS bigint[]))"_s.arg(id)
                                               : u"%1::text = ANY(CAST(? AS text[]))"_s.arg(id);
        return {negate ? u"NOT ("_s + any + u")"_s : any, {postgresArrayLiteral(usable, schema.idIsInteger)}};
    }
    // SQLite: one JSON array bound, expanded by json_each (no limit on the number of keys).
    QJsonArray array;
    for (const QString &k : usable)
        array.append(schema.idIsInteger ? QJsonValue(k.toLongLong()) : QJsonValue(k));
    return {u"%1 %2IN (SELECT value FROM json_each(?))"_s.arg(id, negate ? u"NOT "_s : QString()),
            {QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact))}};
}

// When the labels cannot be read the conditions must not quietly match nothing: a caller that
// runs them without looking at SqlConditions::error would show an empty list or zero costs as
// if that were the answer. This clause names a table no log has, so running it fails, and the
// database's error ("no such table: assay_reviewer_labels_unavailable") says why.
QString unavailableLabelsClause()
{
    return u"EXISTS (SELECT 1 FROM assay_reviewer_labels_unavailable)"_s;
}

SqlConditions reviewLabelConditions(const LogSchema &schema, const OutputFilter &filter, const SearchSupport &search)
{
    SqlConditions c;
    if (!filter.usesReviewLabels())
        return c;
    if (!search.labelsAttached && !search.labelledKeys) {
        c.error = u"reviewer-label filters need Assay's workspace, which is not open"_s;
        c.add(unavailableLabelsClause());
        return c;
    }
    const auto labelled = [&](const LabelCriteria &criteria, bool negate) -> std::optional<LabelledSet> {
        if (search.labelsAttached)
            return attachedLabelSet(schema, criteria, search, negate);
        auto keys = search.labelledKeys(criteria);
        if (!keys) {
            c.error = keys.error();
            return std::nullopt;
        }
        return listedLabelSet(schema, *keys, negate);
    };
    const bool unreviewed = filter.reviewed == ReviewedFilter::Unreviewed;
    // With --unreviewed the reviewer names whose review is missing, not whose label to match.
    const LabelCriteria verdict{filter.reviewLabels, unreviewed ? QString() : filter.reviewer, filter.hasNote, filter.tag};
    const bool needsLabel = !filter.reviewLabels.isEmpty() || filter.hasNote || !filter.tag.isEmpty()
        || filter.reviewed == ReviewedFilter::Reviewed || (!filter.reviewer.isEmpty() && !unreviewed);

    if (filter.disagreesWithUser) {
        // Per label value: labelled v, and the end user said one of the other two.
        const QString feedback = schema.expr(LogField::Feedback);
        QStringList any;
        QVariantList binds;
        for (const QString &value : reviewLabelNames) {
            if (!filter.reviewLabels.isEmpty() && !filter.reviewLabels.contains(value))
                continue;
            LabelCriteria one = verdict;
            one.labels = {value};
            const auto set = labelled(one, false);
            if (!set) {
                c.add(unavailableLabelsClause());
                return c;
            }
            QStringList others = reviewLabelNames;
            others.removeAll(value);
            any << u"(%1 AND %2 IN (?, ?))"_s.arg(set->clause, feedback);
            binds << set->binds << others.at(0) << others.at(1);
        }
        c.add(any.isEmpty() ? u"1 = 0"_s : u"("_s + any.join(u" OR "_s) + u")"_s, binds);
    } else if (needsLabel) {
        const auto set = labelled(verdict, false);
        if (!set) {
            c.add(unavailableLabelsClause());
            return c;
        }
        c.add(set->clause, set->binds);
    }
    if (unreviewed) {
        const auto set = labelled(LabelCriteria{{}, filter.reviewer, false, {}}, true);
        if (!set) {
            c.add(unavailableLabelsClause());
            return c;
        }
        c.add(set->clause, set->binds);
    }
    return c;
}

// "Fails check X": the stored results of the automatic checks, read like the reviewer labels
// (inside the query from the attached workspace, else as a bound list of keys).
SqlConditions checkResultConditions(const LogSchema &schema, const OutputFilter &filter, const SearchSupport &search)
{
    SqlConditions c;
    if (!filter.usesCheckResults())
        return c;
    if (search.labelsAttached) {
        const QString subjects = failingSubjectsSql(search.indexAlias + u".check_results"_s);
        const QString key = schema.idIsInteger ? u"CAST(substr(f.subject, 5) AS INTEGER)"_s : u"substr(f.subject, 5)"_s;
        c.add(u"%1 IN (SELECT %2 FROM (%3) f)"_s.arg(schema.expr(LogField::Id), key, subjects), {filter.failsCheck});
        return c;
    }
    if (!search.failingKeys) {
        c.error = u"check filters need Assay's workspace, which is not open"_s;
        c.add(unavailableLabelsClause());
        return c;
    }
    auto keys = search.failingKeys(filter.failsCheck);
    if (!keys) {
        c.error = keys.error();
        c.add(unavailableLabelsClause());
        return c;
    }
    const LabelledSet set = listedLabelSet(schema, *keys, false);
    c.add(set.clause, set.binds);
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
    need(filter.disagreesWithUser, LogField::Feedback, u"disagreement with end-user feedback"_s);
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
        // A log that records no outcome has no errors to show, rather than all rows.
        c.add(failedCallSql(schema.has(LogField::Status) ? asText(schema, LogField::Status) : QString(),
                            schema.has(LogField::Error) ? asText(schema, LogField::Error) : QString()));
    }
    if (!filter.search.isEmpty())
        c.append(searchConditions(schema, filter.search, search));
    c.append(reviewLabelConditions(schema, filter, search));
    c.append(checkResultConditions(schema, filter, search));
    return c;
}

} // namespace assay

#include "browse/OutputsRepository.h"

#include "query/KeyCondition.h"
#include "source/SourceConnection.h"
#include "source/SqlInterruption.h"
#include "util/LoggedNumber.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

enum class Segment { NonNull, Null };

} // namespace

QString OutputsRepository::queryError(const QSqlQuery &q)
{
    const QSqlError e = q.lastError();
    m_interrupted = isInterruption(e);
    const QString text = e.databaseText().isEmpty() ? e.text() : e.databaseText();
    return text.section(u'\n', 0, 0).trimmed();
}

OutputsRepository::OutputsRepository(SourceConnection &connection, LogSchema schema)
    : m_connection(connection), m_schema(std::move(schema))
{
    for (LogField f : allLogFields) {
        if (f != LogField::Id && m_schema.has(f))
            m_fields << f;
    }
}

LogField OutputsRepository::sortField(const SortOrder &order) const
{
    LogField f = LogField::CreatedAt;
    switch (order.field) {
    case SortField::CreatedAt:
        f = LogField::CreatedAt;
        break;
    case SortField::InputTokens:
        f = LogField::InputTokens;
        break;
    case SortField::OutputTokens:
        f = LogField::OutputTokens;
        break;
    case SortField::LatencyMs:
        f = LogField::LatencyMs;
        break;
    case SortField::Cost:
        f = LogField::Cost;
        break;
    }
    return m_schema.has(f) ? f : LogField::CreatedAt;
}

QString OutputsRepository::selectList(Shape shape, qint64 maxOutputChars) const
{
    const bool postgres = m_schema.dialect == SqlDialect::PostgreSQL;
    QStringList cols;
    cols << m_schema.expr(LogField::Id);
    // The sort value goes back into the next page's bound parameter. PostgreSQL timestamps
    // carry microseconds that QDateTime would round away, so callers select their exact text.
    cols << u"%SORT%"_s;
    for (LogField f : m_fields) {
        const QString e = m_schema.expr(f);
        if (f == LogField::Output) {
            const qint64 n = shape == Shape::Preview ? previewChars : maxOutputChars;
            if (n < 0)
                cols << e;
            else
                cols << (postgres ? u"left(%1::text, %2)"_s : u"substr(%1, 1, %2)"_s).arg(e).arg(n);
        } else if (f == LogField::Input && shape == Shape::Preview) {
            cols << u"NULL"_s; // never needed in the list, and can be large
        } else {
            cols << e;
        }
    }
    if (shape == Shape::Full) {
        // The byte size of the whole output and of what was selected: "truncated" compares the
        // two, because re-encoding the decoded text can change its size (invalid UTF-8).
        const QString bytes = postgres ? u"octet_length(%1::text)"_s : u"length(CAST(%1 AS BLOB))"_s;
        const QString e = m_schema.expr(LogField::Output);
        cols << bytes.arg(e);
        cols << (maxOutputChars < 0
                     ? bytes.arg(e)
                     : bytes.arg((postgres ? u"left(%1::text, %2)"_s : u"substr(%1, 1, %2)"_s).arg(e).arg(maxOutputChars)));
    }
    return cols.join(u", "_s);
}

OutputRecord OutputsRepository::readRow(const QSqlQuery &q, Shape shape) const
{
    OutputRecord r;
    r.key = q.value(0);
    r.sortValue = q.value(1);
    int i = 2;
    for (LogField f : m_fields) {
        const QVariant v = q.value(i++);
        if (f == LogField::Input && shape == Shape::Preview)
            continue;
        r.values.insert(f, v);
    }
    r.values.insert(LogField::Id, r.key);
    r.createdAt = m_schema.timestamps.decode(r.values.value(LogField::CreatedAt));
    if (shape == Shape::Full) {
        const QVariant bytes = q.value(i);
        const QVariant shownBytes = q.value(i + 1);
        r.outputBytes = bytes.isNull() ? 0 : bytes.toLongLong();
        r.outputTruncated = !bytes.isNull() && shownBytes.toLongLong() < r.outputBytes;
    }
    return r;
}

bool OutputsRepository::prepareAndBind(QSqlQuery &q, const QString &sql, const QVariantList &binds) const
{
    q.setForwardOnly(true);
    // A failed prepare (dead connection, bad SQL) must surface as itself: executing anyway
    // reports a meaningless "EXECUTE" syntax error on PostgreSQL.
    if (!q.prepare(sql))
        return false;
    for (const QVariant &v : binds)
        q.addBindValue(v);
    return true;
}

bool OutputsRepository::driveFromSearchIndex(const OutputFilter &filter, bool visitsEveryHit)
{
    if (filter.search.isEmpty() || !m_search.indexAttached || m_schema.dialect != SqlDialect::SQLite
        || !searchCanUseTrigramIndex(filter.search))
        return false;
    if (visitsEveryHit)
        return true; // counting and walking keys read every hit anyway
    const auto cached = m_selectiveSearches.constFind(filter.search);
    if (cached != m_selectiveSearches.cend())
        return *cached;
    // A common term fills a page after a short walk down the time index; a rare one would
    // walk the whole table. One bounded probe of the index tells which this is.
    QSqlQuery q(m_connection.db());
    q.setForwardOnly(true);
    q.prepare(u"SELECT count(*) FROM (SELECT rowid FROM %1.output_search WHERE output_search MATCH ? LIMIT %2)"_s.arg(
        m_search.indexAlias).arg(selectiveSearchHits + 1));
    q.addBindValue(fts5Phrase(filter.search));
    const bool selective = q.exec() && q.next() && q.value(0).toLongLong() <= selectiveSearchHits;
    m_selectiveSearches.insert(filter.search, selective);
    return selective;
}

SearchSupport OutputsRepository::searchFor(const OutputFilter &filter)
{
    SearchSupport search = m_search;
    if (filter.search.isEmpty() || !search.matchIds || !searchCanUseTrigramIndex(filter.search))
        return search;
    auto cached = m_matchedIds.constFind(filter.search);
    if (cached == m_matchedIds.cend())
        cached = m_matchedIds.insert(filter.search, search.matchIds(filter.search));
    search.matchedIds = *cached;
    return search;
}

QString OutputsRepository::sortExpression(LogField field, bool fromSearchIndex) const
{
    return fromSearchIndex ? u"+"_s + m_schema.expr(field) : m_schema.expr(field);
}

Result<QList<OutputRecord>> OutputsRepository::fetchRows(const PageRequest &request, Shape shape, qint64 maxOutputChars)
{
    m_interrupted = false;
    const LogField sf = sortField(request.order);
    const bool fromIndex = driveFromSearchIndex(request.filter, false);
    const QString s = sortExpression(sf, fromIndex);
    const QString k = m_schema.expr(LogField::Id);
    const bool postgres = m_schema.dialect == SqlDialect::PostgreSQL;
    // Aliased: PostgreSQL resolves ORDER BY "col" to an output column of that name before the
    // table's column, so an unaliased "col"::text would be ambiguous (or sort as text).
    const QString sortSelect = postgres ? s + u"::text AS assay_sort_value"_s : s;
    const bool desc = request.order.descending != request.reverse;
    const QString dir = desc ? u" DESC"_s : u" ASC"_s;
    const QString cmp = desc ? u"<"_s : u">"_s;
    const QString inclusive = request.includeStart ? u"="_s : QString();
    SearchSupport search = searchFor(request.filter);
    search.walkInOrder = !fromIndex;
    const SqlConditions base = filterConditions(m_schema, request.filter, search);
    if (!base.error.isEmpty())
        return fail(base.error);
    const QString select = u"SELECT "_s + QString(selectList(shape, maxOutputChars)).replace(u"%SORT%"_s, sortSelect)
        + u" FROM "_s + m_schema.qualifiedTable();

    const QList<Segment> segments = desc ? QList{Segment::NonNull, Segment::Null} : QList{Segment::Null, Segment::NonNull};
    qsizetype first = 0;
    if (request.start)
        first = segments.indexOf(request.start->sortValue.isNull() ? Segment::Null : Segment::NonNull);

    QList<OutputRecord> rows;
    for (qsizetype i = first; i < segments.size() && rows.size() < request.limit; ++i) {
        SqlConditions c = base;
        QString orderBy;
        const bool bounded = request.start && i == first;
        if (segments[i] == Segment::Null) {
            c.add(s + u" IS NULL"_s);
            if (bounded)
                c.add(k + u' ' + cmp + inclusive + u" ?"_s, {request.start->key});
            orderBy = k + dir;
        } else {
            // "s <= v AND (s < v OR k < key)": the first half is an index range, the rest
            // only sorts out ties, so a page deep in the table costs what the first one does.
            if (bounded) {
                c.add(u"%1 %2= ? AND (%1 %2 ? OR %3 %2%4 ?)"_s.arg(s, cmp, k, inclusive),
                      {request.start->sortValue, request.start->sortValue, request.start->key});
            } else {
                c.add(s + u" IS NOT NULL"_s);
            }
            orderBy = s + dir + u", "_s + k + dir;
        }
        const QString sql = select + c.whereClause() + u" ORDER BY "_s + orderBy + u" LIMIT "_s
            + QString::number(request.limit - rows.size());
        QSqlQuery q(m_connection.db());
        if (!prepareAndBind(q, sql, c.binds) || !q.exec())
            return fail(u"cannot read %1: %2"_s.arg(m_schema.table, queryError(q)));
        while (q.next())
            rows.append(readRow(q, shape));
        if (q.lastError().isValid())
            return fail(u"reading %1 failed: %2"_s.arg(m_schema.table, queryError(q)));
    }
    return rows;
}

Result<QList<OutputRecord>> OutputsRepository::fetchPage(const PageRequest &request)
{
    return fetchRows(request, Shape::Preview, previewChars);
}

Result<qint64> OutputsRepository::count(const OutputFilter &filter)
{
    m_interrupted = false;
    const SqlConditions c = filterConditions(m_schema, filter, searchFor(filter));
    if (!c.error.isEmpty())
        return fail(c.error);
    QSqlQuery q(m_connection.db());
    if (!prepareAndBind(q, u"SELECT count(*) FROM "_s + m_schema.qualifiedTable() + c.whereClause(), c.binds)
        || !q.exec() || !q.next())
        return fail(u"cannot count %1: %2"_s.arg(m_schema.table, queryError(q)));
    return q.value(0).toLongLong();
}

Result<QSet<QString>> OutputsRepository::keysMatching(const OutputFilter &filter, const QStringList &keys)
{
    m_interrupted = false;
    QSet<QString> found;
    for (const QStringList &chunk : keyChunks(keys)) {
        const KeyCondition ids = keyInCondition(m_schema, chunk);
        if (ids.isEmpty())
            continue;
        SqlConditions c = filterConditions(m_schema, filter, searchFor(filter));
        if (!c.error.isEmpty())
            return fail(c.error);
        c.add(ids.clause, ids.binds);
        QSqlQuery q(m_connection.db());
        if (!prepareAndBind(q, u"SELECT %1 FROM %2"_s.arg(m_schema.expr(LogField::Id), m_schema.qualifiedTable())
                                   + c.whereClause(), c.binds)
            || !q.exec())
            return fail(u"cannot look up outputs by id: %1"_s.arg(queryError(q)));
        while (q.next())
            found.insert(q.value(0).toString());
    }
    return found;
}

Result<QList<double>> OutputsRepository::latenciesMs(const OutputFilter &filter)
{
    m_interrupted = false;
    if (!m_schema.has(LogField::LatencyMs))
        return fail(u"the log has no latency column"_s);
    SqlConditions c = filterConditions(m_schema, filter, searchFor(filter));
    if (!c.error.isEmpty())
        return fail(c.error);
    const QString latency = m_schema.expr(LogField::LatencyMs);
    c.add(latency + u" IS NOT NULL"_s);
    QSqlQuery q(m_connection.db());
    if (!prepareAndBind(q, u"SELECT %1 FROM %2"_s.arg(latency, m_schema.qualifiedTable()) + c.whereClause(), c.binds)
        || !q.exec())
        return fail(u"cannot read the latencies: %1"_s.arg(queryError(q)));
    QList<double> out;
    while (q.next()) {
        if (const auto ms = loggedNumber(q.value(0)))
            out << *ms;
    }
    return out;
}

Result<qint64> OutputsRepository::estimateTotal()
{
    QSqlQuery q(m_connection.db());
    if (m_schema.dialect == SqlDialect::PostgreSQL) {
        if (prepareAndBind(q, u"SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)"_s,
                           {m_schema.qualifiedTable()})
            && q.exec() && q.next() && q.value(0).toLongLong() >= 0)
            return q.value(0).toLongLong();
        return qint64(-1); // never analysed: unknown until the exact count arrives
    }
    // Two single-aggregate queries: SQLite answers each from the b-tree's edge at once.
    qint64 bounds[2] = {0, 0};
    int i = 0;
    for (const char *agg : {"min", "max"}) {
        if (!q.exec(u"SELECT %1(rowid) FROM %2"_s.arg(QLatin1StringView(agg), m_schema.qualifiedTable())) || !q.next())
            return fail(u"cannot read %1: %2"_s.arg(m_schema.table, queryError(q)));
        if (q.value(0).isNull())
            return qint64(0);
        bounds[i++] = q.value(0).toLongLong();
    }
    return bounds[1] - bounds[0] + 1;
}

Result<qint64> OutputsRepository::forEachKey(const OutputFilter &filter, const SortOrder &order,
                                             const std::function<bool(const PageKey &)> &visit, int every)
{
    m_interrupted = false;
    every = std::max(1, every);
    qint64 walked = 0;
    const LogField sf = sortField(order);
    const QString s = sortExpression(sf, driveFromSearchIndex(filter, true));
    const QString k = m_schema.expr(LogField::Id);
    const QString sortSelect = m_schema.dialect == SqlDialect::PostgreSQL ? s + u"::text AS assay_sort_value"_s : s;
    const QString dir = order.descending ? u" DESC"_s : u" ASC"_s;
    const SqlConditions base = filterConditions(m_schema, filter, searchFor(filter));
    if (!base.error.isEmpty())
        return fail(base.error);
    const QList<Segment> segments = order.descending ? QList{Segment::NonNull, Segment::Null} : QList{Segment::Null, Segment::NonNull};
    for (Segment seg : segments) {
        SqlConditions c = base;
        c.add(s + (seg == Segment::Null ? u" IS NULL"_s : u" IS NOT NULL"_s));
        const QString orderBy = seg == Segment::Null ? k + dir : s + dir + u", "_s + k + dir;
        QSqlQuery q(m_connection.db());
        if (!prepareAndBind(q, u"SELECT %1, %2 FROM %3"_s.arg(sortSelect, k, m_schema.qualifiedTable()) + c.whereClause()
                                   + u" ORDER BY "_s + orderBy, c.binds)
            || !q.exec())
            return fail(u"cannot read %1: %2"_s.arg(m_schema.table, queryError(q)));
        while (q.next()) {
            if (walked++ % every == 0 && !visit(PageKey{q.value(0), q.value(1)}))
                return walked;
        }
        if (q.lastError().isValid())
            return fail(u"reading %1 failed: %2"_s.arg(m_schema.table, queryError(q)));
    }
    return walked;
}

Result<OutputRecord> OutputsRepository::fetchRecord(const QVariant &key, qint64 maxOutputChars)
{
    QSqlQuery q(m_connection.db());
    const QString sql = u"SELECT "_s + QString(selectList(Shape::Full, maxOutputChars)).replace(u"%SORT%"_s, u"NULL"_s)
        + u" FROM "_s + m_schema.qualifiedTable() + u" WHERE "_s + m_schema.expr(LogField::Id) + u" = ?"_s;
    if (!prepareAndBind(q, sql, {key}) || !q.exec())
        return fail(u"cannot read output %1: %2"_s.arg(key.toString(), queryError(q)));
    if (!q.next())
        return fail(u"output %1 is not in the log (any more)"_s.arg(key.toString()));
    return readRow(q, Shape::Full);
}

Result<void> OutputsRepository::forEachRecord(const OutputFilter &filter, const SortOrder &order, qint64 limit,
                                              const std::function<bool(const OutputRecord &)> &visit)
{
    PageRequest request{filter, order, std::nullopt, false, false, 500};
    qint64 seen = 0;
    for (;;) {
        if (limit >= 0)
            request.limit = static_cast<int>(std::min<qint64>(500, limit - seen));
        if (request.limit <= 0)
            return {};
        auto rows = fetchRows(request, Shape::Full, -1);
        if (!rows)
            return fail(rows.error());
        for (const OutputRecord &r : *rows) {
            ++seen;
            if (!visit(r))
                return {};
        }
        if (rows->size() < request.limit)
            return {};
        request.start = PageKey{rows->last().sortValue, rows->last().key};
        request.includeStart = false;
    }
}

Result<QStringList> OutputsRepository::distinctValues(LogField field, int limit)
{
    if (!m_schema.has(field))
        return QStringList{};
    const QString col = m_schema.expr(field);
    QSqlQuery q(m_connection.db());
    if (!prepareAndBind(q, u"SELECT %1, count(*) FROM %2 WHERE %1 IS NOT NULL GROUP BY %1 ORDER BY 2 DESC, 1 LIMIT %3"_s.arg(
                               col, m_schema.qualifiedTable()).arg(limit), {})
        || !q.exec())
        return fail(u"cannot list the values of %1: %2"_s.arg(logFieldName(field), queryError(q)));
    QStringList values;
    while (q.next())
        values << q.value(0).toString();
    return values;
}

Result<QStringList> OutputsRepository::promptChoices(int limit)
{
    if (!m_schema.has(LogField::PromptName))
        return QStringList{};
    const QString version = m_schema.has(LogField::PromptVersion) ? m_schema.expr(LogField::PromptVersion) : u"NULL"_s;
    QSqlQuery q(m_connection.db());
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT %1, %2 FROM %3 WHERE %1 IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2 LIMIT %4"_s.arg(
            m_schema.expr(LogField::PromptName), version, m_schema.qualifiedTable()).arg(limit)))
        return fail(u"cannot list the prompts of %1: %2"_s.arg(m_schema.table, queryError(q)));
    QStringList choices;
    while (q.next()) {
        const QString name = q.value(0).toString();
        if (!choices.contains(name))
            choices << name;
        if (!q.value(1).isNull())
            choices << name + u'@' + q.value(1).toString();
    }
    return choices;
}

} // namespace assay

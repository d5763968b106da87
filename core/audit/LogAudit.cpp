#include "audit/LogAudit.h"

#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "query/FilterSql.h"
#include "source/SourceConnection.h"
#include "util/NumberText.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr int kKeyBatch = 50'000;           // rows per key-order batch
constexpr qint64 kFutureSlackSecs = 300;    // clocks differ: five minutes ahead is not "the future"
constexpr int kJsonCheckChars = 1 << 20;    // PostgreSQL: outputs longer than this are not parsed

// Dialect-aware SQL pieces over the log's columns.
struct AuditSql {
    const LogSchema &schema;
    bool pg() const { return schema.dialect == SqlDialect::PostgreSQL; }
    QString text(const QString &x) const { return pg() ? u"(%1)::text"_s.arg(x) : u"CAST(%1 AS TEXT)"_s.arg(x); }
    QString blank(const QString &x) const
    {
        return pg() ? u"(%1 IS NULL OR btrim((%1)::text) = '')"_s.arg(x) : u"(%1 IS NULL OR trim(CAST(%1 AS TEXT)) = '')"_s.arg(x);
    }
    QString filled(const QString &x) const { return u"NOT "_s + blank(x); }
    QString startsLikeJson(const QString &x) const
    {
        return pg() ? u"left(ltrim((%1)::text, E' \\t\\n\\r'), 1) IN ('{', '[')"_s.arg(x)
                    : u"substr(ltrim(CAST(%1 AS TEXT), ' ' || char(9, 10, 13)), 1, 1) IN ('{', '[')"_s.arg(x);
    }
    QString zeroOrMissing(const QString &x) const
    {
        return pg() ? u"coalesce(CASE WHEN btrim((%1)::text) ~ '^[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?$' "
                      "THEN btrim((%1)::text)::float8 END, 0) = 0"_s.arg(x)
                    : u"coalesce(CAST(%1 AS REAL), 0) = 0"_s.arg(x);
    }
    static QString sum(const QString &condition) { return u"sum(CASE WHEN %1 THEN 1 ELSE 0 END)"_s.arg(condition); }
};



bool prepare(QSqlQuery &q, const QString &sql, const QVariantList &binds)
{
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return false;
    for (const QVariant &b : binds)
        q.addBindValue(b);
    return q.exec();
}

QString errorOf(const QSqlQuery &q)
{
    return q.lastError().text().section(u'\n', 0, 0);
}

// Up to kAuditSamples ids of the rows matching `condition` (with its binds), within `where`.
QStringList sampleIds(SourceConnection &connection, const LogSchema &schema, const SqlConditions &where,
                      const QString &condition, const QVariantList &binds = {})
{
    SqlConditions c = where;
    c.add(condition, binds);
    QSqlQuery q(connection.db());
    QStringList ids;
    if (!prepare(q, u"SELECT %1 FROM %2%3 LIMIT %4"_s.arg(schema.expr(LogField::Id), schema.qualifiedTable(),
                                                        c.whereClause()).arg(kAuditSamples), c.binds))
        return ids;
    while (q.next())
        ids << q.value(0).toString();
    return ids;
}

void addFinding(QList<AuditFinding> &findings, const QString &what, qint64 n, qint64 of, const QStringList &ids = {})
{
    if (n > 0)
        findings << AuditFinding{what, n, of, ids};
}

} // namespace

QString featureVerdict(const FeatureAudit &f)
{
    if (f.outputs == 0)
        return u"no outputs in the audited range"_s;
    QStringList problems;
    const double capture = f.feedbackRate();
    if (capture < 0.02)
        problems << u"feedback on %1 of outputs: too few to judge quality weekly; capture implicit signals (edits, "
                    "copies, regenerations)"_s.arg(formatSmallShare(capture));
    else if (f.edited == 0)
        problems << u"feedback on %1 of outputs but none \"edited\": log when users change the suggestion"_s.arg(
            formatSmallShare(capture));
    for (const AuditFinding &finding : f.findings) {
        if (finding.share() >= 0.01)
            problems << u"%1 of outputs: %2"_s.arg(formatSmallShare(finding.share()), finding.what);
    }
    if (problems.isEmpty())
        return u"feedback on %1 of outputs (%2 edited); the data supports a weekly quality review"_s.arg(
            formatSmallShare(capture), formatSmallShare(f.withFeedback ? double(f.edited) / double(f.withFeedback) : 0));
    return problems.join(u"; "_s);
}

Result<LogAudit> auditLog(LogSession &session, const PriceTable &prices, const std::optional<QDateTime> &since,
                          const QDateTime &now)
{
    SourceConnection &connection = session.connection();
    const LogSchema &schema = session.schema();
    const AuditSql sql{schema};
    LogAudit audit;
    audit.source = connection.location().displayName();
    audit.since = since;
    audit.auditedAt = now.toUTC();

    OutputFilter filter;
    filter.since = since;
    const SqlConditions where = filterConditions(schema, filter);
    if (!where.error.isEmpty())
        return fail(where.error);
    const QString table = schema.qualifiedTable();
    const auto has = [&](LogField f) { return schema.has(f); };
    const auto col = [&](LogField f) { return schema.expr(f); };
    const QString featureExpr = has(LogField::Feature) ? u"coalesce(%1, '')"_s.arg(sql.text(col(LogField::Feature)))
                                                       : u"''"_s;

    // 1. One grouped pass: per feature, what is missing and what the outputs look like.
    QList<LogField> fields;
    for (LogField f : allLogFields) {
        if (f != LogField::Id && has(f))
            fields << f;
    }
    QStringList select{featureExpr, u"count(*)"_s};
    for (LogField f : fields)
        select << AuditSql::sum(sql.blank(col(f)));
    const bool fb = has(LogField::Feedback);
    const QString feedback = fb ? col(LogField::Feedback) : QString();
    select << (fb ? AuditSql::sum(sql.filled(feedback)) : u"0"_s)
           << (fb ? AuditSql::sum(u"lower(trim(%1)) = 'edited'"_s.arg(sql.text(feedback))) : u"0"_s);
    const QString output = col(LogField::Output);
    select << AuditSql::sum(sql.filled(output) + u" AND "_s + sql.startsLikeJson(output))
           << AuditSql::sum(sql.filled(output))
           << (sql.pg() ? u"0"_s : AuditSql::sum(sql.filled(output) + u" AND NOT json_valid(%1)"_s.arg(output)));
    const QString inTok = has(LogField::InputTokens) ? col(LogField::InputTokens) : QString();
    const QString outTok = has(LogField::OutputTokens) ? col(LogField::OutputTokens) : QString();
    QStringList tokenGaps;
    for (const QString &t : {inTok, outTok})
        tokenGaps << (t.isEmpty() ? u"1 = 1"_s : sql.zeroOrMissing(t));
    const QString tokenGap = u"(%1)"_s.arg(tokenGaps.join(u" OR "_s));
    select << AuditSql::sum(tokenGap);
    QSqlQuery q(connection.db());
    if (!prepare(q, u"SELECT %1 FROM %2%3 GROUP BY 1"_s.arg(select.join(u", "_s), table, where.whereClause()),
                 where.binds))
        return fail(u"cannot audit %1: %2"_s.arg(schema.table, errorOf(q)));
    QHash<LogField, qint64> missing;
    struct Shape { qint64 jsonLike = 0, nonEmpty = 0, invalidJson = 0, tokenGaps = 0, empty = 0; };
    QHash<QString, Shape> shapes;
    while (q.next()) {
        FeatureAudit f;
        f.feature = q.value(0).toString();
        f.outputs = q.value(1).toLongLong();
        int i = 2;
        for (LogField field : fields) {
            const qint64 n = q.value(i++).toLongLong();
            missing[field] += n;
            if (field == LogField::Output)
                shapes[f.feature].empty = n;
        }
        f.withFeedback = q.value(i++).toLongLong();
        f.edited = q.value(i++).toLongLong();
        Shape &s = shapes[f.feature];
        s.jsonLike = q.value(i++).toLongLong();
        s.nonEmpty = q.value(i++).toLongLong();
        s.invalidJson = q.value(i++).toLongLong();
        s.tokenGaps = q.value(i++).toLongLong();
        f.mostlyJson = s.nonEmpty > 0 && 2 * s.jsonLike >= s.nonEmpty;
        audit.rows += f.outputs;
        audit.features << f;
    }
    q.finish();
    for (LogField f : allLogFields) {
        if (f == LogField::Id)
            continue;
        audit.fields << FieldAudit{logFieldName(f), schema.column(f), has(f) ? missing.value(f) : audit.rows};
    }
    if (!fb)
        audit.notes << u"the log has no end-user feedback column: feedback capture is 0 everywhere"_s;

    // PostgreSQL has no json_valid before version 16: the outputs of mostly-JSON features are
    // parsed here (the first MB of each; longer ones are counted as not checked).
    if (sql.pg()) {
        for (const FeatureAudit &f : audit.features) {
            if (!f.mostlyJson)
                continue;
            SqlConditions c = where;
            if (has(LogField::Feature))
                c.add(featureExpr + u" = ?"_s, {f.feature});
            c.add(sql.filled(output));
            QSqlQuery rows(connection.db());
            if (!prepare(rows, u"SELECT left((%1)::text, %2), length((%1)::text) > %2 FROM %3%4"_s.arg(output)
                                   .arg(kJsonCheckChars).arg(table, c.whereClause()), c.binds))
                return fail(u"cannot read the outputs of %1: %2"_s.arg(f.feature, errorOf(rows)));
            qint64 invalid = 0, tooLong = 0;
            while (rows.next()) {
                if (rows.value(1).toBool()) {
                    ++tooLong;
                    continue;
                }
                QJsonParseError error;
                QJsonDocument::fromJson(rows.value(0).toString().toUtf8(), &error);
                invalid += error.error != QJsonParseError::NoError;
            }
            shapes[f.feature].invalidJson = invalid;
            if (tooLong > 0)
                audit.notes << u"%1: %2 outputs over 1 MB were not parsed as JSON"_s.arg(f.feature, formatCount(tooLong));
        }
    }

    const auto inFeature = [&](const QString &feature) {
        SqlConditions c = where;
        if (has(LogField::Feature))
            c.add(featureExpr + u" = ?"_s, {feature});
        return c;
    };
    for (FeatureAudit &f : audit.features) {
        const Shape &s = shapes.value(f.feature);
        const SqlConditions c = inFeature(f.feature);
        addFinding(f.findings, u"outputs empty or NULL"_s, s.empty, f.outputs,
                   s.empty ? sampleIds(connection, schema, c, sql.blank(output)) : QStringList());
        if (f.mostlyJson && s.invalidJson > 0) {
            const QString invalid = sql.pg() ? QString() : sql.filled(output) + u" AND NOT json_valid(%1)"_s.arg(output);
            addFinding(f.findings, u"outputs that should be JSON (most of this feature's are) but do not parse"_s,
                       s.invalidJson, s.nonEmpty, invalid.isEmpty() ? QStringList() : sampleIds(connection, schema, c, invalid));
        }
        addFinding(f.findings, u"token counts missing or zero (input or output)"_s, s.tokenGaps, f.outputs,
                   s.tokenGaps ? sampleIds(connection, schema, c, tokenGap) : QStringList());
    }

    // 2. Models without a price: calls no logged cost and no price table row account for.
    if (has(LogField::Model)) {
        const QString cost = has(LogField::Cost) ? AuditSql::sum(sql.blank(col(LogField::Cost))) : u"count(*)"_s;
        QSqlQuery m(connection.db());
        if (!prepare(m, u"SELECT %1, coalesce(%2(%3), ''), %4 FROM %5%6 GROUP BY 1, 2"_s.arg(
                            featureExpr, sql.pg() ? u"btrim"_s : u"trim"_s, sql.text(col(LogField::Model)), cost, table,
                            where.whereClause()),
                     where.binds))
            return fail(u"cannot read the models of %1: %2"_s.arg(schema.table, errorOf(m)));
        QHash<QString, QMap<QString, qint64>> unpriced; // feature -> model -> calls without cost or price
        while (m.next()) {
            const QString model = m.value(1).toString();
            const qint64 calls = m.value(2).toLongLong();
            if (calls > 0 && !prices.find(model))
                unpriced[m.value(0).toString()][model.isEmpty() ? u"(no model)"_s : model] += calls;
        }
        for (FeatureAudit &f : audit.features) {
            const QMap<QString, qint64> models = unpriced.value(f.feature);
            qint64 calls = 0;
            for (qint64 n : models)
                calls += n;
            addFinding(f.findings, u"calls with neither a logged cost nor a price for their model (%1)"_s.arg(
                                       QStringList(models.keys()).join(u", "_s)),
                       calls, f.outputs);
        }
    }

    // 3. Timestamps, in key order, a bounded batch at a time: unreadable, in the future, and
    // (for sequential keys) older than the row logged before them.
    {
        const bool sequential = schema.idIsRowid || schema.idIsInteger;
        const QString key = col(LogField::Id);
        QHash<QString, qint64> future, unreadable;
        QHash<QString, QStringList> futureIds, unreadableIds;
        qint64 outOfOrder = 0, ordered = 0;
        QStringList outOfOrderIds;
        std::optional<QDateTime> previous;
        QVariant after;
        const QDateTime futureFrom = now.toUTC().addSecs(kFutureSlackSecs);
        for (;;) {
            SqlConditions c = where;
            if (after.isValid())
                c.add(key + u" > ?"_s, {after});
            QSqlQuery t(connection.db());
            if (!prepare(t, u"SELECT %1, %2, %3 FROM %4%5 ORDER BY %1 LIMIT %6"_s.arg(key, col(LogField::CreatedAt),
                                featureExpr, table, c.whereClause()).arg(kKeyBatch), c.binds))
                return fail(u"cannot read the times of %1: %2"_s.arg(schema.table, errorOf(t)));
            int n = 0;
            while (t.next()) {
                ++n;
                after = t.value(0);
                const QString id = after.toString();
                const QString feature = t.value(2).toString();
                const QDateTime when = schema.timestamps.decode(t.value(1));
                if (!when.isValid()) {
                    ++unreadable[feature];
                    if (unreadableIds[feature].size() < kAuditSamples)
                        unreadableIds[feature] << id;
                    continue;
                }
                if (when > futureFrom) {
                    ++future[feature];
                    if (futureIds[feature].size() < kAuditSamples)
                        futureIds[feature] << id;
                }
                if (sequential) {
                    if (previous && when < *previous) {
                        ++outOfOrder;
                        if (outOfOrderIds.size() < kAuditSamples)
                            outOfOrderIds << id;
                    }
                    ++ordered;
                    previous = when;
                }
            }
            if (n < kKeyBatch)
                break;
        }
        for (FeatureAudit &f : audit.features) {
            addFinding(f.findings, u"timestamps in the future"_s, future.value(f.feature), f.outputs,
                       futureIds.value(f.feature));
            addFinding(f.findings, u"timestamps that cannot be read"_s, unreadable.value(f.feature), f.outputs,
                       unreadableIds.value(f.feature));
        }
        if (sequential)
            addFinding(audit.logFindings, u"rows older than the row before them by key (ids not in time order: "
                                          "backfills or imports)"_s,
                       outOfOrder, ordered, outOfOrderIds);
        else
            audit.notes << u"the key is not sequential (text ids): time order against the key is not checked"_s;
    }

    // 4. One input_hash, different inputs: a collision or a hashing bug.
    if (has(LogField::InputHash) && has(LogField::Input)) {
        SqlConditions c = where;
        c.add(sql.filled(col(LogField::InputHash)));
        QSqlQuery h(connection.db());
        if (!prepare(h, u"SELECT %1, count(*) FROM %2%3 GROUP BY 1 HAVING count(DISTINCT %4) > 1"_s.arg(
                            sql.text(col(LogField::InputHash)), table, c.whereClause(), sql.text(col(LogField::Input))),
                     c.binds))
            return fail(u"cannot compare the input hashes of %1: %2"_s.arg(schema.table, errorOf(h)));
        qint64 hashes = 0, rows = 0;
        QStringList examples;
        while (h.next()) {
            ++hashes;
            rows += h.value(1).toLongLong();
            if (examples.size() < 2)
                examples << h.value(0).toString();
        }
        QStringList ids;
        for (const QString &hash : examples)
            ids << sampleIds(connection, schema, where, sql.text(col(LogField::InputHash)) + u" = ?"_s, {hash}).mid(0, 3);
        addFinding(audit.logFindings, u"rows whose input_hash is shared with a different input (%1 %2)"_s.arg(
                                          formatCount(hashes), hashes == 1 ? u"hash"_s : u"hashes"_s),
                   rows, audit.rows, ids);
    }

    // 5. Duplicate rows: the same feature, time, model, input and output logged more than once.
    {
        QStringList same;
        for (LogField f : {LogField::Feature, LogField::CreatedAt, LogField::Model, LogField::Input, LogField::Output}) {
            if (has(f))
                same << sql.text(col(f));
        }
        // Only rows that share their time with another row can be duplicates: grouping those
        // alone on the long texts avoids sorting every input and output of the log.
        SqlConditions candidates = where;
        const QString at = sql.text(col(LogField::CreatedAt));
        candidates.add(u"%1 IN (SELECT %1 FROM %2%3 GROUP BY %1 HAVING count(*) > 1)"_s.arg(at, table, where.whereClause()),
                       where.binds);
        QSqlQuery d(connection.db());
        if (!prepare(d, u"SELECT count(*), min(%1), max(%1) FROM %2%3 GROUP BY %4 HAVING count(*) > 1"_s.arg(
                            sql.text(col(LogField::Id)), table, candidates.whereClause(), same.join(u", "_s)),
                     candidates.binds))
            return fail(u"cannot look for duplicate rows of %1: %2"_s.arg(schema.table, errorOf(d)));
        qint64 extra = 0;
        QStringList ids;
        while (d.next()) {
            extra += d.value(0).toLongLong() - 1;
            if (ids.size() < kAuditSamples)
                ids << d.value(1).toString() << d.value(2).toString();
        }
        addFinding(audit.logFindings, u"duplicate rows (the same %1 logged again)"_s.arg(
                                          same.size() == 5 ? u"feature, time, model, input and output"_s
                                                           : u"logged fields"_s),
                   extra, audit.rows, ids.mid(0, kAuditSamples));
    }

    std::stable_sort(audit.features.begin(), audit.features.end(),
                     [](const FeatureAudit &a, const FeatureAudit &b) { return a.outputs > b.outputs; });
    for (FeatureAudit &f : audit.features)
        f.verdict = featureVerdict(f);
    return audit;
}

QJsonObject LogAudit::toJson() const
{
    const auto findingJson = [](const AuditFinding &f) {
        return QJsonObject{{u"finding"_s, f.what}, {u"count"_s, f.count}, {u"of"_s, f.of}, {u"share"_s, f.share()},
                           {u"sample_ids"_s, QJsonArray::fromStringList(f.sampleIds)}};
    };
    QJsonArray fieldList;
    for (const FieldAudit &f : fields)
        fieldList << QJsonObject{{u"field"_s, f.field}, {u"column"_s, f.column.isEmpty() ? QJsonValue() : QJsonValue(f.column)},
                                 {u"missing"_s, f.missing}, {u"missing_share"_s, rows ? double(f.missing) / double(rows) : 0.0}};
    QJsonArray featureList;
    for (const FeatureAudit &f : features) {
        QJsonArray findingList;
        for (const AuditFinding &finding : f.findings)
            findingList << findingJson(finding);
        featureList << QJsonObject{{u"feature"_s, f.feature}, {u"outputs"_s, f.outputs},
                                   {u"with_feedback"_s, f.withFeedback}, {u"feedback_rate"_s, f.feedbackRate()},
                                   {u"edited"_s, f.edited}, {u"mostly_json"_s, f.mostlyJson},
                                   {u"findings"_s, findingList}, {u"verdict"_s, f.verdict}};
    }
    QJsonArray logList;
    for (const AuditFinding &finding : logFindings)
        logList << findingJson(finding);
    QJsonObject o{{u"source"_s, source}, {u"rows"_s, rows}, {u"audited_at"_s, auditedAt.toString(Qt::ISODate)},
                  {u"fields"_s, fieldList}, {u"features"_s, featureList}, {u"log_findings"_s, logList},
                  {u"notes"_s, QJsonArray::fromStringList(notes)}};
    o[u"since"_s] = since ? QJsonValue(since->toUTC().toString(Qt::ISODate)) : QJsonValue();
    return o;
}

QString LogAudit::toMarkdown() const
{
    const auto cell = [](QString s) { return s.replace(u'|', u"\\|"_s); };
    QString md = u"# Log audit of %1\n\n%2 rows%3, audited %4 UTC.\n\n"_s.arg(
        source, formatCount(rows), since ? u" created since %1"_s.arg(since->toUTC().toString(Qt::ISODate)) : QString(),
        auditedAt.toString(u"yyyy-MM-dd HH:mm"_s));
    md += u"## Features\n\n| Feature | Outputs | Feedback | Edited | Verdict |\n|---|---:|---:|---:|---|\n"_s;
    for (const FeatureAudit &f : features)
        md += u"| %1 | %2 | %3 | %4 | %5 |\n"_s.arg(cell(f.feature.isEmpty() ? u"(none)"_s : f.feature), formatCount(f.outputs),
                                                formatSmallShare(f.feedbackRate()), formatCount(f.edited), cell(f.verdict));
    md += u"\n## Findings\n\n"_s;
    bool any = false;
    const auto line = [&](const QString &scope, const AuditFinding &f) {
        any = true;
        md += u"- **%1**: %2 of %3 (%4) %5%6\n"_s.arg(cell(scope), formatCount(f.count), formatCount(f.of), formatSmallShare(f.share()), f.what,
                                                    f.sampleIds.isEmpty() ? QString()
                                                                          : u"; e.g. ids "_s + f.sampleIds.join(u", "_s));
    };
    for (const FeatureAudit &f : features) {
        for (const AuditFinding &finding : f.findings)
            line(f.feature.isEmpty() ? u"(none)"_s : f.feature, finding);
    }
    for (const AuditFinding &finding : logFindings)
        line(u"whole log"_s, finding);
    if (!any)
        md += u"Nothing found.\n"_s;
    md += u"\n## Fields\n\n| Field | Column | Missing or empty |\n|---|---|---:|\n"_s;
    for (const FieldAudit &f : fields)
        md += u"| %1 | %2 | %3 |\n"_s.arg(f.field, f.column.isEmpty() ? u"(none)"_s : cell(f.column),
                                         f.column.isEmpty() ? u"absent"_s
                                                            : formatSmallShare(rows ? double(f.missing) / double(rows) : 0));
    if (!notes.isEmpty()) {
        md += u"\n## Not checked\n\n"_s;
        for (const QString &n : notes)
            md += u"- "_s + n + u'\n';
    }
    return md;
}

} // namespace assay

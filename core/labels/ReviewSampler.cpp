#include "labels/ReviewSampler.h"

#include "util/SqlErrorText.h"

#include "query/FilterSql.h"
#include "source/SourceConnection.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <sqlite3.h>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

quint64 splitmix64(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

quint64 fnv1a(const unsigned char *bytes, int n)
{
    quint64 h = 0xcbf29ce484222325ULL;
    for (int i = 0; i < n; ++i)
        h = (h ^ bytes[i]) * 0x100000001b3ULL;
    return h;
}

// assay_sample_rank(id, seed, weight): integer ids hash as integers, anything else by its text.
void sqliteSampleRank(sqlite3_context *ctx, int, sqlite3_value **argv)
{
    quint64 keyHash = 0;
    if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER) {
        keyHash = quint64(sqlite3_value_int64(argv[0]));
    } else {
        const unsigned char *text = sqlite3_value_text(argv[0]);
        keyHash = fnv1a(text, sqlite3_value_bytes(argv[0]));
    }
    const quint64 seed = quint64(sqlite3_value_int64(argv[1]));
    sqlite3_result_double(ctx, sampleRank(keyHash, seed, sqlite3_value_double(argv[2])));
}

bool registerSqliteRank(SourceConnection &connection)
{
    const QVariant handle = connection.db().driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return false;
    sqlite3 *db = *static_cast<sqlite3 *const *>(handle.data());
    return sqlite3_create_function_v2(db, "assay_sample_rank", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                      &sqliteSampleRank, nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool run(QSqlQuery &q, const QString &sql, const QVariantList &binds)
{
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return false;
    for (const QVariant &b : binds)
        q.addBindValue(b);
    return q.exec();
}

// Distinct features by skipping through the feature index: one seek per feature instead of
// reading every row of the range.
Result<QStringList> featuresOf(SourceConnection &connection, const LogSchema &schema)
{
    const QString col = schema.expr(LogField::Feature);
    QStringList features;
    QSqlQuery q(connection.db());
    QVariant last;
    for (int guard = 0; guard < 10000; ++guard) {
        const bool ok = last.isValid()
            ? run(q, u"SELECT min(%1) FROM %2 WHERE %1 > ?"_s.arg(col, schema.qualifiedTable()), {last})
            : run(q, u"SELECT min(%1) FROM %2"_s.arg(col, schema.qualifiedTable()), {});
        if (!ok)
            return fail(u"cannot list the features: %1"_s.arg(sqlErrorText(q)));
        if (!q.next() || q.value(0).isNull())
            break;
        last = q.value(0);
        features << last.toString();
    }
    return features;
}

} // namespace

double sampleRank(quint64 keyHash, quint64 seed, double weight)
{
    const quint64 h = splitmix64(keyHash ^ splitmix64(seed));
    const double u = (double(h >> 11) + 0.5) * (1.0 / 9007199254740992.0); // (0, 1)
    return -std::log(u) / (weight > 0 ? weight : 1.0);
}

QJsonObject SampleSpec::toJson() const
{
    return QJsonObject{{u"since"_s, since.toUTC().toString(Qt::ISODate)},
                       {u"until"_s, until.toUTC().toString(Qt::ISODate)},
                       {u"size"_s, size},
                       {u"seed"_s, QString::number(seed)},
                       {u"per_feature"_s, strata == Stratification::Equal ? u"equal"_s : u"proportional"_s},
                       {u"oversample_feedback"_s, oversampleFeedback},
                       {u"include_reviewed"_s, includeReviewed}};
}

SampleSpec SampleSpec::fromJson(const QJsonObject &json)
{
    SampleSpec s;
    s.since = QDateTime::fromString(json.value(u"since"_s).toString(), Qt::ISODate);
    s.until = QDateTime::fromString(json.value(u"until"_s).toString(), Qt::ISODate);
    s.size = json.value(u"size"_s).toInt();
    s.seed = json.value(u"seed"_s).toString().toULongLong();
    s.strata = json.value(u"per_feature"_s).toString() == "equal"_L1 ? Stratification::Equal : Stratification::Proportional;
    s.oversampleFeedback = json.value(u"oversample_feedback"_s).toDouble(1.0);
    s.includeReviewed = json.value(u"include_reviewed"_s).toBool();
    return s;
}

QHash<QString, int> allocateSample(const QHash<QString, qint64> &available, int size, Stratification strata)
{
    QStringList names;
    qint64 total = 0;
    for (auto it = available.cbegin(); it != available.cend(); ++it) {
        if (it.value() > 0) {
            names << it.key();
            total += it.value();
        }
    }
    names.sort();
    QHash<QString, int> quota;
    if (size <= 0 || total == 0)
        return quota;
    if (size >= total) {
        for (const QString &n : names)
            quota[n] = int(available.value(n));
        return quota;
    }
    if (strata == Stratification::Proportional) {
        // Hamilton's method: floors first, then the largest remainders.
        QList<std::pair<double, QString>> remainders;
        int given = 0;
        for (const QString &n : names) {
            const double exact = double(size) * double(available.value(n)) / double(total);
            quota[n] = int(std::floor(exact));
            given += quota[n];
            remainders.append({exact - std::floor(exact), n});
        }
        std::stable_sort(remainders.begin(), remainders.end(),
                         [](const auto &a, const auto &b) { return a.first > b.first; });
        for (qsizetype i = 0; given < size && i < remainders.size(); ++i, ++given)
            ++quota[remainders.at(i).second];
        return quota;
    }
    // Water-filling: the smallest strata take what they have (at most an equal share) and
    // leave the rest to the larger ones; a remainder goes one each in name order.
    QStringList bySize = names;
    std::stable_sort(bySize.begin(), bySize.end(),
                     [&](const QString &a, const QString &b) { return available.value(a) < available.value(b); });
    qint64 left = size;
    for (qsizetype i = 0; i < bySize.size(); ++i) {
        const qint64 share = left / (bySize.size() - i);
        quota[bySize.at(i)] = int(std::min(share, available.value(bySize.at(i))));
        left -= quota[bySize.at(i)];
    }
    for (const QString &n : names) {
        if (left > 0 && quota.value(n) < available.value(n)) {
            ++quota[n];
            --left;
        }
    }
    return quota;
}

Result<QList<SampledOutput>> sampleOutputs(SourceConnection &connection, const LogSchema &schema,
                                           const SampleSpec &spec, const QSet<QString> &reviewed)
{
    if (!schema.has(LogField::Feature) || !schema.has(LogField::Id))
        return fail(u"sampling needs the feature and id columns"_s);
    const bool pg = schema.dialect == SqlDialect::PostgreSQL;
    if (!pg && !registerSqliteRank(connection))
        return fail(u"cannot prepare sampling on this SQLite connection"_s);
    auto features = featuresOf(connection, schema);
    if (!features)
        return fail(features.error());

    const auto conditionsFor = [&](const QString &feature) {
        OutputFilter f;
        f.features = {feature};
        if (spec.since.isValid())
            f.since = spec.since;
        if (spec.until.isValid())
            f.until = spec.until;
        return filterConditions(schema, f);
    };
    QHash<QString, qint64> available;
    QSqlQuery q(connection.db());
    for (const QString &feature : *features) {
        const SqlConditions c = conditionsFor(feature);
        if (!run(q, u"SELECT count(*) FROM %1%2"_s.arg(schema.qualifiedTable(), c.whereClause()), c.binds) || !q.next())
            return fail(u"cannot count the outputs of %1: %2"_s.arg(feature, sqlErrorText(q)));
        available[feature] = q.value(0).toLongLong();
    }

    // The weight: end-user negatives and edits count `oversampleFeedback` times. Testing the
    // feedback column per row would read every row of the range from the table; instead the
    // weighted ids come from the feedback index once (an uncorrelated subquery the database
    // materialises: SQLite as an ephemeral index, PostgreSQL as a hashed subplan) and each entry
    // of the feature's covering index is only probed against them. Ids are the log's keys, so a
    // row is weighted exactly when its own feedback is negative or edited: same weights, same ranks.
    // (Measured on the 1M-row log: as fast as merging a ranked query over the feedback rows with
    // an unweighted one, and simpler; the merge also had to read each feedback row for its feature.)
    const QString id = schema.expr(LogField::Id);
    QString weight = u"1.0"_s;
    QVariantList weightBinds;
    if (spec.oversampleFeedback > 1.0 && schema.has(LogField::Feedback)) {
        OutputFilter fb;
        fb.feedback = {FeedbackFilter::Negative, FeedbackFilter::Edited};
        if (spec.since.isValid())
            fb.since = spec.since;
        if (spec.until.isValid())
            fb.until = spec.until;
        const SqlConditions c = filterConditions(schema, fb);
        weight = u"(CASE WHEN %1 IN (SELECT %1 FROM %2%3) THEN %4 ELSE 1.0 END)"_s.arg(
            id, schema.qualifiedTable(), c.whereClause()).arg(spec.oversampleFeedback, 0, 'g', 17);
        weightBinds = c.binds;
    }
    const QString rank = pg ? u"(-ln((('x' || substr(md5(?::text || ':' || %1::text), 1, 13))::bit(52)::bigint + 0.5) "
                              "/ 4503599627370496.0) / %2)"_s.arg(id, weight)
                            : u"assay_sample_rank(%1, ?, %2)"_s.arg(id, weight);
    const QVariant seedBind = pg ? QVariant(QString::number(spec.seed)) : QVariant(qint64(spec.seed));
    const QSet<QString> excluded = spec.includeReviewed ? QSet<QString>{} : reviewed;

    // Draws a feature's `quota` lowest ranks that are not excluded. At most |excluded| of the
    // first quota + |excluded| ranks can be excluded, so one query always suffices.
    const auto draw = [&](const QString &feature, int quota) -> Result<QStringList> {
        const SqlConditions c = conditionsFor(feature);
        // Placeholders in text order: the WHERE clause comes before the rank.
        QVariantList binds = c.binds;
        binds << seedBind;
        binds += weightBinds;
        const QString sql = u"SELECT %1 FROM %2%3 ORDER BY %4, %1 LIMIT %5"_s.arg(
            id, schema.qualifiedTable(), c.whereClause(), rank).arg(qint64(quota) + excluded.size());
        if (!run(q, sql, binds))
            return fail(u"cannot sample the outputs of %1: %2"_s.arg(feature, sqlErrorText(q)));
        QStringList keys;
        while (keys.size() < quota && q.next()) {
            const QString key = q.value(0).toString();
            if (!excluded.contains(key))
                keys << key;
        }
        if (q.lastError().isValid())
            return fail(u"cannot sample the outputs of %1: %2"_s.arg(feature, sqlErrorText(q)));
        return keys;
    };

    // A feature whose outputs are mostly reviewed already yields fewer than its quota; it is
    // then capped at what it had and the rest goes to the others.
    QHash<QString, QStringList> drawn;
    for (int round = 0; round <= features->size(); ++round) {
        const QHash<QString, int> quota = allocateSample(available, spec.size, spec.strata);
        drawn.clear();
        bool short_ = false;
        for (auto it = quota.cbegin(); it != quota.cend(); ++it) {
            auto keys = draw(it.key(), it.value());
            if (!keys)
                return fail(keys.error());
            if (keys->size() < it.value()) {
                available[it.key()] = keys->size();
                short_ = true;
            }
            drawn.insert(it.key(), *keys);
        }
        if (!short_)
            break;
    }
    QList<SampledOutput> sample;
    for (const QString &feature : *features) {
        for (const QString &key : drawn.value(feature))
            sample << SampledOutput{key, feature};
    }
    return sample;
}

} // namespace assay

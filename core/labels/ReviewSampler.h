#pragma once

#include "schema/LogSchema.h"
#include "util/Result.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

namespace assay {

class SourceConnection;

enum class Stratification { Proportional, Equal };

struct SampleSpec {
    QDateTime since; // inclusive
    QDateTime until; // exclusive
    int size = 50;
    quint64 seed = 1;
    Stratification strata = Stratification::Proportional;
    // > 1: outputs end users marked negative or edited are this many times as likely to be
    // drawn within their feature (weighted sampling without replacement).
    double oversampleFeedback = 1.0;
    bool includeReviewed = false; // false: keys in `reviewed` are never drawn

    QJsonObject toJson() const;
    static SampleSpec fromJson(const QJsonObject &json);
};

struct SampledOutput {
    QString key;
    QString feature;
};

// How many items each stratum gets: proportional by largest remainder, or equal shares; never
// more than a stratum holds, the rest going to the others. Ties go to the earlier name.
QHash<QString, int> allocateSample(const QHash<QString, qint64> &available, int size, Stratification strata);

// Draws a stratified sample of a log. Reproducible: every row gets a rank from a hash of
// (seed, id) and each feature takes its lowest ranks, so the same log, range, size and seed give
// the same ids, and no row order or random state is involved. The database does the ranking
// over the feature's (feature, created_at) index range with ORDER BY rank LIMIT k, so only k
// rows per feature ever leave it. Items come out ordered by feature, then rank.
Result<QList<SampledOutput>> sampleOutputs(SourceConnection &connection, const LogSchema &schema,
                                           const SampleSpec &spec, const QSet<QString> &reviewed = {});

// The rank itself (exposed for tests): exponential key -ln(u)/weight, u from splitmix64.
double sampleRank(quint64 keyHash, quint64 seed, double weight);

} // namespace assay

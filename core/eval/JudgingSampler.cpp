#include "eval/JudgingSampler.h"

#include "labels/ReviewSampler.h"

#include <QHash>

#include <algorithm>

namespace assay {

namespace {

// FNV-1a over the case's output key and number: fixed across platforms and Qt versions,
// which qHash is not promised to be.
quint64 caseHash(const ComparedPair &pair)
{
    quint64 h = 1469598103934665603ULL;
    const QByteArray bytes = pair.outputKey.toUtf8() + '#' + QByteArray::number(pair.caseNo);
    for (char c : bytes) {
        h ^= quint8(c);
        h *= 1099511628211ULL;
    }
    return h;
}

struct Ranked {
    const ComparedPair *pair;
    double rank;
};

} // namespace

QList<JudgingPair> drawJudgingPairs(const ComparedPairs &pairs, int size, quint64 seed)
{
    QHash<QString, QList<Ranked>> byFeature;
    QHash<QString, qint64> available;
    for (const ComparedPair &p : pairs.pairs) {
        byFeature[p.feature].append(Ranked{&p, sampleRank(caseHash(p), seed, 1.0)});
        ++available[p.feature];
    }
    const QHash<QString, int> quota = allocateSample(available, size, Stratification::Proportional);
    QList<Ranked> chosen;
    for (auto it = byFeature.begin(); it != byFeature.end(); ++it) {
        QList<Ranked> &ranked = it.value();
        std::sort(ranked.begin(), ranked.end(), [](const Ranked &x, const Ranked &y) {
            return x.rank != y.rank ? x.rank < y.rank : x.pair->caseNo < y.pair->caseNo;
        });
        chosen += ranked.mid(0, quota.value(it.key()));
    }
    std::sort(chosen.begin(), chosen.end(), [](const Ranked &x, const Ranked &y) {
        return x.rank != y.rank ? x.rank < y.rank : x.pair->caseNo < y.pair->caseNo;
    });

    // Left or right: a second, independent ranking; its lower half shows A on the left.
    constexpr quint64 positionStream = 0x9e3779b97f4a7c15ULL;
    QList<std::pair<double, qsizetype>> byPosition;
    for (qsizetype i = 0; i < chosen.size(); ++i)
        byPosition.append({sampleRank(caseHash(*chosen[i].pair), seed ^ positionStream, 1.0), i});
    std::sort(byPosition.begin(), byPosition.end());
    QList<bool> aOnLeft(chosen.size(), false);
    for (qsizetype i = 0; i < (byPosition.size() + 1) / 2; ++i)
        aOnLeft[byPosition[i].second] = true;

    QList<JudgingPair> out;
    for (qsizetype i = 0; i < chosen.size(); ++i)
        out << JudgingPair{int(i + 1), chosen[i].pair->caseNo, aOnLeft[i]};
    return out;
}

} // namespace assay

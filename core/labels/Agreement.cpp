#include "labels/Agreement.h"

#include <QMap>
#include <QSet>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

std::optional<double> cohensKappa(const QList<QList<qint64>> &confusion)
{
    const qsizetype k = confusion.size();
    double total = 0;
    double agreed = 0;
    QList<double> rows(k, 0.0), cols(k, 0.0);
    for (qsizetype i = 0; i < k; ++i) {
        for (qsizetype j = 0; j < k && j < confusion.at(i).size(); ++j) {
            const double v = double(confusion.at(i).at(j));
            total += v;
            rows[i] += v;
            cols[j] += v;
            if (i == j)
                agreed += v;
        }
    }
    if (total <= 0)
        return std::nullopt;
    double expected = 0;
    for (qsizetype i = 0; i < k; ++i)
        expected += (rows.at(i) / total) * (cols.at(i) / total);
    if (expected >= 1.0 - 1e-12)
        return std::nullopt;
    return (agreed / total - expected) / (1 - expected);
}

std::optional<double> fleissKappa(const QList<QList<qint64>> &counts)
{
    double sumP = 0;
    double items = 0;
    double ratings = 0;
    QList<double> perCategory;
    for (const auto &row : counts) {
        double n = 0;
        double squares = 0;
        for (qint64 c : row) {
            n += double(c);
            squares += double(c) * double(c);
        }
        if (n < 2)
            continue;
        if (perCategory.size() < row.size())
            perCategory.resize(row.size(), 0.0);
        for (qsizetype j = 0; j < row.size(); ++j)
            perCategory[j] += double(row.at(j));
        sumP += (squares - n) / (n * (n - 1));
        items += 1;
        ratings += n;
    }
    if (items == 0)
        return std::nullopt;
    const double observed = sumP / items;
    double expected = 0;
    for (double c : perCategory)
        expected += (c / ratings) * (c / ratings);
    if (expected >= 1.0 - 1e-12)
        return std::nullopt;
    return (observed - expected) / (1 - expected);
}

QList<FeatureAgreement> agreementByFeature(const QList<RatedLabel> &labels, const QHash<QString, QString> &featureOf)
{
    // feature -> output -> reviewer -> label
    QMap<QString, QMap<QString, QHash<QString, LabelValue>>> byFeature;
    for (const RatedLabel &l : labels) {
        const QString feature = featureOf.value(l.outputKey, u"(unknown)"_s);
        byFeature[feature][l.outputKey].insert(l.reviewer, l.label);
    }
    QList<FeatureAgreement> result;
    for (auto f = byFeature.cbegin(); f != byFeature.cend(); ++f) {
        FeatureAgreement a;
        a.feature = f.key();
        QSet<QString> reviewers;
        QList<QList<qint64>> counts;
        for (auto item = f->cbegin(); item != f->cend(); ++item) {
            for (auto r = item->cbegin(); r != item->cend(); ++r)
                reviewers.insert(r.key());
            if (item->size() < 2)
                continue;
            ++a.itemsCompared;
            QList<qint64> row(3, 0);
            for (LabelValue v : *item)
                ++row[int(v)];
            counts << row;
            if (std::count(row.cbegin(), row.cend(), 0) == 2)
                ++a.itemsAgreed;
            else
                a.disagreements << Disagreement{item.key(), a.feature, *item};
        }
        a.reviewers = QStringList(reviewers.cbegin(), reviewers.cend());
        a.reviewers.sort();
        if (a.reviewers.size() == 2 && a.itemsCompared > 0) {
            QList<QList<qint64>> confusion(3, QList<qint64>(3, 0));
            for (const auto &item : *f) {
                if (item.size() == 2)
                    ++confusion[int(item.value(a.reviewers.at(0)))][int(item.value(a.reviewers.at(1)))];
            }
            a.kappa = cohensKappa(confusion);
            a.method = u"cohen"_s;
        } else if (a.reviewers.size() > 2 && a.itemsCompared > 0) {
            a.kappa = fleissKappa(counts);
            a.method = u"fleiss"_s;
        }
        result << a;
    }
    return result;
}

} // namespace assay

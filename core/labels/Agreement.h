#pragma once

#include "labels/LabelStore.h"
#include "util/WilsonInterval.h" // Interval, wilsonInterval: the rates beside the agreement

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace assay {

// Cohen's kappa from a square confusion matrix (rows: rater A's category, columns: rater B's).
// None when it is undefined (no items, or chance agreement is 1).
std::optional<double> cohensKappa(const QList<QList<qint64>> &confusion);

// Fleiss' kappa from an items x categories matrix of rating counts. Items may have different
// numbers of raters (each needs at least two; others are skipped): P_i uses each item's own n_i.
std::optional<double> fleissKappa(const QList<QList<qint64>> &counts);

// One reviewer label as agreement sees it.
struct RatedLabel {
    QString outputKey;
    QString reviewer;
    LabelValue label;
};

struct Disagreement {
    QString outputKey;
    QString feature;
    QHash<QString, LabelValue> labels; // reviewer -> label
};

struct FeatureAgreement {
    QString feature;
    QStringList reviewers;     // who labelled outputs of this feature
    qint64 itemsCompared = 0;  // outputs labelled by two or more reviewers
    qint64 itemsAgreed = 0;
    std::optional<double> kappa; // Cohen with two reviewers, Fleiss with more
    QString method;              // "cohen", "fleiss" or "" (not enough overlap)
    QList<Disagreement> disagreements;
};

// Agreement per feature. `featureOf` maps output keys to features (keys without one go under
// "(unknown)"). Features come out sorted by name.
QList<FeatureAgreement> agreementByFeature(const QList<RatedLabel> &labels, const QHash<QString, QString> &featureOf);

} // namespace assay

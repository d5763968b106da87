#include "report/ReportQuality.h"

#include "labels/LabelStore.h"
#include "report/ReportOutputs.h"

#include <QMap>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

QList<FeedbackRates> feedbackRatesOf(const QList<VolumeRow> &byFeature)
{
    QList<FeedbackRates> rates;
    for (const VolumeRow &row : byFeature) {
        const UsageBucket &b = row.current;
        if (b.calls == 0)
            continue;
        FeedbackRates r;
        r.feature = row.group;
        r.calls = b.calls;
        r.positive = b.feedbackPositive;
        r.negative = b.feedbackNegative;
        r.edited = b.feedbackEdited;
        r.positiveRate = wilsonInterval(r.positive, r.rated());
        r.negativeRate = wilsonInterval(r.negative, r.rated());
        rates << r;
    }
    std::sort(rates.begin(), rates.end(), [](const auto &a, const auto &b) { return a.feature < b.feature; });
    return rates;
}

Result<void> collectReviewerQuality(SourceConnection &connection, const LogSchema &schema, Workspace &workspace,
                                    int excerptChars, WeeklyReportData &data)
{
    LabelStore store(workspace);
    auto labels = store.currentLabels();
    if (!labels)
        return fail(labels.error());
    QStringList keys;
    for (const LabelEvent &l : *labels)
        keys << l.outputKey;
    keys.removeDuplicates();
    auto outputs = weekOutputsByKey(connection, schema, keys, data.week, excerptChars);
    if (!outputs)
        return fail(outputs.error());

    QMap<QString, ReviewerQuality> byFeature;
    QMap<QString, QSet<QString>> labelledOutputs;
    QList<RatedLabel> rated;
    QHash<QString, QString> featureOf;
    QList<NegativeExample> negatives;
    for (const LabelEvent &l : *labels) {
        const auto brief = outputs->constFind(l.outputKey);
        if (brief == outputs->cend() || !l.label)
            continue; // an output of another week, or no longer in the log
        ReviewerQuality &q = byFeature[brief->feature];
        q.feature = brief->feature;
        ++q.labels;
        labelledOutputs[brief->feature].insert(l.outputKey);
        switch (*l.label) {
        case LabelValue::Positive: ++q.positive; break;
        case LabelValue::Negative: ++q.negative; break;
        case LabelValue::Edited: ++q.edited; break;
        }
        rated << RatedLabel{l.outputKey, l.reviewer, *l.label};
        featureOf.insert(l.outputKey, brief->feature);
        if (*l.label == LabelValue::Negative)
            negatives << NegativeExample{l.outputKey, brief->feature, brief->createdAt.toTimeZone(data.week.zone),
                                         l.reviewer, l.note.trimmed(), brief->excerpt};
    }
    for (const FeatureAgreement &a : agreementByFeature(rated, featureOf)) {
        ReviewerQuality &q = byFeature[a.feature];
        q.reviewers = a.reviewers;
        q.itemsCompared = a.itemsCompared;
        q.itemsAgreed = a.itemsAgreed;
        q.kappa = a.kappa;
        q.kappaMethod = a.method;
    }
    data.reviewerQuality.clear();
    for (ReviewerQuality &q : byFeature) {
        q.outputs = labelledOutputs.value(q.feature).size();
        q.positiveRate = wilsonInterval(q.positive, q.labels);
        data.reviewerQuality << q;
    }

    // The negatives a reviewer explained come first: they are what the meeting discusses.
    std::stable_sort(negatives.begin(), negatives.end(), [](const NegativeExample &a, const NegativeExample &b) {
        if (a.note.isEmpty() != b.note.isEmpty())
            return !a.note.isEmpty();
        return a.createdAt > b.createdAt;
    });
    data.reviewerNegativeCount = negatives.size();
    data.reviewerNegatives = negatives.mid(0, data.negativeCap);
    data.labelsAvailable = true;
    return {};
}

} // namespace assay

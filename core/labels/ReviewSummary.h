#pragma once

#include "labels/Agreement.h"
#include "labels/LabelStore.h"
#include "labels/OutputLookup.h"
#include "labels/ReviewSessionStore.h"

#include <QJsonObject>
#include <QList>
#include <QMap>

namespace assay {

struct FeatureSummary {
    QString feature;
    int items = 0;
    int labels = 0; // reviewer labels on the items (each reviewer counts)
    int positive = 0, negative = 0, edited = 0;
    Interval positiveRate; // Wilson 95% of positive / labels
    int withUserFeedback = 0; // labels on items end users rated too
    int agreeWithUser = 0;    // ... where the reviewer label equals the end user's
};

struct SummaryNegative {
    QString outputKey;
    QString feature;
    QString reviewer;
    QString note;
    QString itemNote;
    bool inLog = true;
};

struct SessionSummary {
    QString name;
    QString status;
    QList<FeatureSummary> features;
    QList<SummaryNegative> negatives;
    QList<ReviewDecision> decisions;
    // Items whose output has left the log since the session was drawn (retention, deletion):
    // their labels are kept and counted, and they are listed so nobody looks for them in vain.
    QStringList notInLog;

    QJsonObject toJson() const;
    QString toMarkdown() const;
};

// End-of-session summary: one row per feature over the session's items, counting every
// reviewer's current label (several reviewers' labels of one item each count).
SessionSummary summarizeSession(const ReviewSession &session, const QList<LabelEvent> &labels,
                                const QHash<QString, OutputFacts> &facts);

} // namespace assay

#pragma once

#include <QMetaType>

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace assay {

// End-user feedback as logged; None selects rows whose feedback is NULL or empty.
enum class FeedbackFilter { Positive, Negative, Edited, None };

// Reviewer labels (kept in Assay's workspace, not in the log): has anyone judged the output?
enum class ReviewedFilter { Any, Reviewed, Unreviewed };

// Everything a user can narrow the outputs by. Values only: FilterSql turns it into a WHERE
// clause with bound parameters, saved views store it as JSON, the CLI fills it from flags.
struct OutputFilter {
    QStringList features;      // any of
    QStringList models;        // any of
    std::optional<QDateTime> since; // inclusive
    std::optional<QDateTime> until; // exclusive
    QString userId;
    QString sessionId;
    QList<FeedbackFilter> feedback; // any of
    QString promptName;
    QString promptVersion;     // only with promptName
    bool errorsOnly = false;
    QString search;            // substring of output or input, case-insensitive

    // Reviewer labels. The label, reviewer, note and tag conditions hold together on one current
    // label (a negative label by bob that has a note), so they read as one reviewer's verdict.
    QStringList reviewLabels;  // any of "positive", "negative", "edited"
    ReviewedFilter reviewed = ReviewedFilter::Any; // with `reviewer`: (not) reviewed by that reviewer
    QString reviewer;          // alone: labelled by this reviewer
    bool hasNote = false;      // the label carries a note
    QString tag;               // the label carries this tag
    bool disagreesWithUser = false; // the reviewer label differs from the end user's feedback

    // Automatic checks (kept in the workspace): the newest stored result of the check of this
    // name failed (see eval/CheckFailures.h).
    QString failsCheck;

    // True when the filter needs the workspace's labels.
    bool usesReviewLabels() const;
    // True when it needs the workspace's check results.
    bool usesCheckResults() const { return !failsCheck.isEmpty(); }
    // True when answering the filter needs Assay's workspace at all (the search index, the
    // reviewer labels or the check results): whoever opens a LogSession for a filter asks this.
    bool needsWorkspace() const;

    bool isEmpty() const;
    bool operator==(const OutputFilter &) const = default;

    QJsonObject toJson() const;
    static OutputFilter fromJson(const QJsonObject &json);

    static QString feedbackName(FeedbackFilter f);
    static std::optional<FeedbackFilter> feedbackFromName(QStringView name);
};

// Which way the browser lists rows. The row key (id) always breaks ties, so the order is total.
enum class SortField { CreatedAt, InputTokens, OutputTokens, LatencyMs, Cost };

struct SortOrder {
    SortField field = SortField::CreatedAt;
    bool descending = true;
    bool operator==(const SortOrder &) const = default;
};

} // namespace assay

Q_DECLARE_METATYPE(assay::OutputFilter)
Q_DECLARE_METATYPE(assay::SortOrder)

#include "query/OutputFilter.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace assay {

bool OutputFilter::isEmpty() const
{
    return *this == OutputFilter{};
}

bool OutputFilter::usesReviewLabels() const
{
    return !reviewLabels.isEmpty() || reviewed != ReviewedFilter::Any || !reviewer.isEmpty() || hasNote || !tag.isEmpty()
        || disagreesWithUser;
}

bool OutputFilter::needsWorkspace() const
{
    return !search.isEmpty() || usesReviewLabels() || usesCheckResults();
}

QString OutputFilter::feedbackName(FeedbackFilter f)
{
    switch (f) {
    case FeedbackFilter::Positive:
        return u"positive"_s;
    case FeedbackFilter::Negative:
        return u"negative"_s;
    case FeedbackFilter::Edited:
        return u"edited"_s;
    case FeedbackFilter::None:
        return u"none"_s;
    }
    return {};
}

std::optional<FeedbackFilter> OutputFilter::feedbackFromName(QStringView name)
{
    for (auto f : {FeedbackFilter::Positive, FeedbackFilter::Negative, FeedbackFilter::Edited, FeedbackFilter::None}) {
        if (name.compare(feedbackName(f), Qt::CaseInsensitive) == 0)
            return f;
    }
    return std::nullopt;
}

QJsonObject OutputFilter::toJson() const
{
    QJsonObject o;
    if (!features.isEmpty())
        o[u"features"_s] = QJsonArray::fromStringList(features);
    if (!models.isEmpty())
        o[u"models"_s] = QJsonArray::fromStringList(models);
    if (since)
        o[u"since"_s] = since->toUTC().toString(Qt::ISODateWithMs);
    if (until)
        o[u"until"_s] = until->toUTC().toString(Qt::ISODateWithMs);
    if (!userId.isEmpty())
        o[u"user_id"_s] = userId;
    if (!sessionId.isEmpty())
        o[u"session_id"_s] = sessionId;
    if (!feedback.isEmpty()) {
        QJsonArray fb;
        for (auto f : feedback)
            fb.append(feedbackName(f));
        o[u"feedback"_s] = fb;
    }
    if (!promptName.isEmpty())
        o[u"prompt_name"_s] = promptName;
    if (!promptVersion.isEmpty())
        o[u"prompt_version"_s] = promptVersion;
    if (errorsOnly)
        o[u"errors_only"_s] = true;
    if (!search.isEmpty())
        o[u"search"_s] = search;
    // Keys of their own, written only when set: views saved before these filters existed
    // read back unchanged, and older versions of Assay ignore keys they do not know.
    if (!reviewLabels.isEmpty())
        o[u"review_labels"_s] = QJsonArray::fromStringList(reviewLabels);
    if (reviewed != ReviewedFilter::Any)
        o[u"reviewed"_s] = reviewed == ReviewedFilter::Reviewed;
    if (!reviewer.isEmpty())
        o[u"reviewer"_s] = reviewer;
    if (hasNote)
        o[u"has_note"_s] = true;
    if (!tag.isEmpty())
        o[u"tag"_s] = tag;
    if (disagreesWithUser)
        o[u"disagrees_with_user"_s] = true;
    if (!failsCheck.isEmpty())
        o[u"fails_check"_s] = failsCheck;
    return o;
}

OutputFilter OutputFilter::fromJson(const QJsonObject &o)
{
    OutputFilter f;
    for (const auto &v : o.value(u"features"_s).toArray())
        f.features << v.toString();
    for (const auto &v : o.value(u"models"_s).toArray())
        f.models << v.toString();
    if (o.contains(u"since"_s))
        f.since = QDateTime::fromString(o.value(u"since"_s).toString(), Qt::ISODateWithMs);
    if (o.contains(u"until"_s))
        f.until = QDateTime::fromString(o.value(u"until"_s).toString(), Qt::ISODateWithMs);
    f.userId = o.value(u"user_id"_s).toString();
    f.sessionId = o.value(u"session_id"_s).toString();
    for (const auto &v : o.value(u"feedback"_s).toArray()) {
        if (auto fb = feedbackFromName(v.toString()))
            f.feedback << *fb;
    }
    f.promptName = o.value(u"prompt_name"_s).toString();
    f.promptVersion = o.value(u"prompt_version"_s).toString();
    f.errorsOnly = o.value(u"errors_only"_s).toBool();
    f.search = o.value(u"search"_s).toString();
    for (const auto &v : o.value(u"review_labels"_s).toArray())
        f.reviewLabels << v.toString();
    if (o.value(u"reviewed"_s).isBool())
        f.reviewed = o.value(u"reviewed"_s).toBool() ? ReviewedFilter::Reviewed : ReviewedFilter::Unreviewed;
    f.reviewer = o.value(u"reviewer"_s).toString();
    f.hasNote = o.value(u"has_note"_s).toBool();
    f.tag = o.value(u"tag"_s).toString();
    f.disagreesWithUser = o.value(u"disagrees_with_user"_s).toBool();
    f.failsCheck = o.value(u"fails_check"_s).toString();
    return f;
}

} // namespace assay

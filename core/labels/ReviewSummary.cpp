#include "labels/ReviewSummary.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace assay {

SessionSummary summarizeSession(const ReviewSession &session, const QList<LabelEvent> &labels,
                                const QHash<QString, OutputFacts> &facts)
{
    SessionSummary s;
    s.name = session.name;
    s.status = session.status;
    s.decisions = session.decisions;
    QMap<QString, FeatureSummary> byFeature;
    QHash<QString, const ReviewItem *> itemOf;
    for (const ReviewItem &item : session.items) {
        itemOf.insert(item.outputKey, &item);
        if (!facts.contains(item.outputKey))
            s.notInLog << item.outputKey;
        FeatureSummary &f = byFeature[item.feature];
        f.feature = item.feature;
        ++f.items;
    }
    for (const LabelEvent &l : labels) {
        const ReviewItem *item = itemOf.value(l.outputKey);
        if (!item || !l.label)
            continue;
        FeatureSummary &f = byFeature[item->feature];
        ++f.labels;
        switch (*l.label) {
        case LabelValue::Positive: ++f.positive; break;
        case LabelValue::Negative: ++f.negative; break;
        case LabelValue::Edited: ++f.edited; break;
        }
        const QString user = facts.value(l.outputKey).feedback;
        if (labelFromName(user)) {
            ++f.withUserFeedback;
            if (labelFromName(user) == l.label)
                ++f.agreeWithUser;
        }
        if (*l.label == LabelValue::Negative)
            s.negatives << SummaryNegative{l.outputKey, item->feature, l.reviewer, l.note, item->note,
                                           facts.contains(l.outputKey)};
    }
    for (FeatureSummary &f : byFeature) {
        f.positiveRate = wilsonInterval(f.positive, f.labels);
        s.features << f;
    }
    return s;
}

QJsonObject SessionSummary::toJson() const
{
    QJsonArray features;
    for (const FeatureSummary &f : this->features) {
        features.append(QJsonObject{
            {u"feature"_s, f.feature}, {u"items"_s, f.items}, {u"labels"_s, f.labels},
            {u"positive"_s, f.positive}, {u"negative"_s, f.negative}, {u"edited"_s, f.edited},
            {u"positive_rate"_s, f.labels ? QJsonValue(double(f.positive) / f.labels) : QJsonValue()},
            {u"positive_rate_low"_s, f.positiveRate.low}, {u"positive_rate_high"_s, f.positiveRate.high},
            {u"with_user_feedback"_s, f.withUserFeedback}, {u"agree_with_user"_s, f.agreeWithUser}});
    }
    QJsonArray negatives;
    for (const SummaryNegative &n : this->negatives)
        negatives.append(QJsonObject{{u"id"_s, n.outputKey}, {u"feature"_s, n.feature}, {u"reviewer"_s, n.reviewer},
                                     {u"note"_s, n.note}, {u"item_note"_s, n.itemNote}, {u"in_log"_s, n.inLog}});
    QJsonArray decisions;
    for (const ReviewDecision &d : this->decisions)
        decisions.append(QJsonObject{{u"author"_s, d.author}, {u"text"_s, d.text},
                                     {u"at"_s, d.at.toString(Qt::ISODate)}});
    return QJsonObject{{u"session"_s, name}, {u"status"_s, status}, {u"features"_s, features},
                       {u"negatives"_s, negatives}, {u"decisions"_s, decisions},
                       {u"not_in_log"_s, QJsonArray::fromStringList(notInLog)}};
}

QString SessionSummary::toMarkdown() const
{
    const auto pct = [](double v) { return QString::number(v * 100, 'f', 0) + u'%'; };
    QString md = u"# Review session %1 (%2)\n\n"_s.arg(name, status);
    md += u"| Feature | Items | Labels | Positive | Negative | Edited | Positive rate (95% CI) | Agrees with end users |\n"
          "|---|---:|---:|---:|---:|---:|---|---|\n"_s;
    for (const FeatureSummary &f : features) {
        const QString rate = f.labels ? u"%1 (%2–%3)"_s.arg(pct(double(f.positive) / f.labels), pct(f.positiveRate.low),
                                                             pct(f.positiveRate.high))
                                      : u"–"_s;
        const QString agree = f.withUserFeedback ? u"%1 / %2"_s.arg(f.agreeWithUser).arg(f.withUserFeedback) : u"–"_s;
        md += u"| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 |\n"_s.arg(f.feature).arg(f.items).arg(f.labels).arg(f.positive)
                  .arg(f.negative).arg(f.edited).arg(rate, agree);
    }
    md += u"\n## Negatives\n\n"_s;
    if (negatives.isEmpty())
        md += u"None.\n"_s;
    for (const SummaryNegative &n : negatives) {
        QString line = u"- **%1** (%2, %3%4)"_s.arg(n.outputKey, n.feature, n.reviewer,
                                                    n.inLog ? QString() : u", no longer in the log"_s);
        for (const QString &note : {n.note, n.itemNote}) {
            if (!note.isEmpty())
                line += u": "_s + QString(note).replace(u'\n', u' ');
        }
        md += line + u'\n';
    }
    if (!notInLog.isEmpty())
        md += u"\n## No longer in the log\n\n%1 item(s) left the log after the session was drawn; their labels are kept: %2\n"_s
                  .arg(notInLog.size()).arg(notInLog.join(u", "_s));
    if (!decisions.isEmpty()) {
        md += u"\n## Decisions\n\n"_s;
        for (const ReviewDecision &d : decisions)
            md += u"- %1 (%2)\n"_s.arg(d.text, d.author);
    }
    return md;
}

} // namespace assay

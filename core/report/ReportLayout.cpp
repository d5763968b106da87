#include "report/ReportLayout.h"

#include "report/ReportBlocks.h"
#include "report/ReportBudgetSection.h"
#include "report/ReportTargetSection.h"
#include "report/ReportFormat.h"
#include "report/ReportReplaySection.h"
#include "util/Money.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString countChange(qint64 previous, qint64 current)
{
    const Change c = changeBetween(double(previous), double(current));
    return u"%1 (%2)"_s.arg(formatSignedCount(current - previous), formatPercentChange(c, current == 0));
}

QString costChange(double previous, double current)
{
    const Change c = changeBetween(previous, current);
    return u"%1 (%2)"_s.arg(formatSignedUsd(c.absolute), formatPercentChange(c, current == 0));
}

QString msChange(const std::optional<double> &previous, const std::optional<double> &current)
{
    if (!previous || !current)
        return u"–"_s;
    const qint64 delta = qRound64(*current) - qRound64(*previous);
    return formatSignedCount(delta) + u" ms"_s;
}

QString pointChange(double previous, double current)
{
    const double points = (current - previous) * 100;
    const QString sign = points > 0.05 ? u"+"_s : points < -0.05 ? u"−"_s : QString();
    return sign + QString::number(std::abs(points), 'f', 1) + u" pt"_s;
}

ReportTable summaryTable(const WeeklyReportData &d)
{
    const UsageBucket &c = d.current, &p = d.previous;
    ReportTable t{{u""_s, u"This week"_s, u"Previous week"_s, u"Change"_s}, {false, true, true, true}, {}};
    t.rows << QStringList{u"Calls"_s, formatCount(c.calls), formatCount(p.calls), countChange(p.calls, c.calls)};
    t.rows << QStringList{u"Cost"_s, formatUsd(c.costUsd), formatUsd(p.costUsd), costChange(p.costUsd, c.costUsd)};
    t.rows << QStringList{u"Input tokens"_s, formatCount(c.inputTokens), formatCount(p.inputTokens),
                          countChange(p.inputTokens, c.inputTokens)};
    t.rows << QStringList{u"Output tokens"_s, formatCount(c.outputTokens), formatCount(p.outputTokens),
                          countChange(p.outputTokens, c.outputTokens)};
    t.rows << QStringList{u"Latency p50"_s, formatMs(c.latencyP50Ms), formatMs(p.latencyP50Ms),
                          msChange(p.latencyP50Ms, c.latencyP50Ms)};
    t.rows << QStringList{u"Latency p95"_s, formatMs(c.latencyP95Ms), formatMs(p.latencyP95Ms),
                          msChange(p.latencyP95Ms, c.latencyP95Ms)};
    t.rows << QStringList{u"Error rate"_s, formatShare(c.errorRate()), formatShare(p.errorRate()),
                          pointChange(p.errorRate(), c.errorRate())};
    t.rows << QStringList{u"Calls without a cost"_s, formatCount(c.unpricedCalls + c.noUsageCalls),
                          formatCount(p.unpricedCalls + p.noUsageCalls),
                          formatSignedCount((c.unpricedCalls + c.noUsageCalls) - (p.unpricedCalls + p.noUsageCalls))};
    return t;
}

ReportTable volumeTable(const QString &groupHeader, const QList<VolumeRow> &rows)
{
    ReportTable t{{groupHeader, u"Calls"_s, u"Previous"_s, u"Change"_s, u"Cost"_s, u"Previous"_s, u"Change"_s,
                   u"p50"_s, u"p95"_s, u"Errors"_s},
                  {false, true, true, true, true, true, true, true, true, true},
                  {}};
    for (const VolumeRow &r : rows) {
        const UsageBucket &c = r.current, &p = r.previous;
        t.rows << QStringList{formatGroup(r.group),
                              formatCount(c.calls),
                              formatCount(p.calls),
                              countChange(p.calls, c.calls),
                              formatUsd(c.costUsd),
                              formatUsd(p.costUsd),
                              costChange(p.costUsd, c.costUsd),
                              formatMs(c.latencyP50Ms),
                              formatMs(c.latencyP95Ms),
                              c.calls ? formatShare(c.errorRate()) : u"–"_s};
    }
    return t;
}

ReportTable dailyTable(const WeeklyReportData &d)
{
    ReportTable t;
    t.headers << u"Day"_s;
    t.numeric << false;
    for (const QString &f : d.features) {
        t.headers << formatGroup(f);
        t.numeric << true;
    }
    t.headers << u"Total"_s << u"Calls"_s;
    t.numeric << true << true;
    for (const DailyCost &day : d.daily) {
        QStringList row{day.day.toString(u"ddd yyyy-MM-dd"_s)};
        for (const QString &f : d.features)
            row << formatUsd(day.costByFeature.value(f));
        row << formatUsd(day.total()) << formatCount(day.calls);
        t.rows << row;
    }
    return t;
}

ReportTable feedbackTable(const QList<FeedbackRates> &rates)
{
    ReportTable t{{u"Feature"_s, u"Calls"_s, u"Rated"_s, u"Positive"_s, u"Negative"_s, u"Edited"_s,
                   u"Positive rate (95% CI)"_s, u"Negative rate (95% CI)"_s},
                  {false, true, true, true, true, true, true, true},
                  {}};
    for (const FeedbackRates &r : rates)
        t.rows << QStringList{formatGroup(r.feature),    formatCount(r.calls),    formatCount(r.rated()),
                              formatCount(r.positive),   formatCount(r.negative), formatCount(r.edited),
                              formatRate(r.positive, r.rated(), r.positiveRate),
                              formatRate(r.negative, r.rated(), r.negativeRate)};
    return t;
}

ReportTable labelTable(const QList<ReviewerQuality> &quality)
{
    ReportTable t{{u"Feature"_s, u"Outputs"_s, u"Labels"_s, u"Positive"_s, u"Negative"_s, u"Edited"_s,
                   u"Positive rate (95% CI)"_s, u"Reviewers"_s, u"Agreement (kappa)"_s},
                  {false, true, true, true, true, true, true, true, false},
                  {}};
    for (const ReviewerQuality &q : quality)
        t.rows << QStringList{formatGroup(q.feature),  formatCount(q.outputs),  formatCount(q.labels),
                              formatCount(q.positive), formatCount(q.negative), formatCount(q.edited),
                              formatRate(q.positive, q.labels, q.positiveRate), QString::number(q.reviewers.size()),
                              formatKappa(q)};
    return t;
}

ReportBlock negativeList(const QList<NegativeExample> &examples)
{
    ReportBlock b;
    b.kind = ReportBlock::Kind::List;
    for (const NegativeExample &e : examples) {
        QStringList parts{formatGroup(e.feature), formatLocalTime(e.createdAt)};
        if (!e.reviewer.isEmpty())
            parts << e.reviewer;
        QString text = parts.join(u", "_s);
        if (!e.note.isEmpty())
            text += u" — note: "_s + e.note.simplified();
        text += u" — output: “%1”"_s.arg(e.excerpt);
        b.items << ReportListItem{u"#"_s + e.outputKey, text};
    }
    return b;
}

ReportTable promptTable(const QList<PromptChange> &changes)
{
    ReportTable t{{u"Prompt"_s, u"Version"_s, u"Created"_s, u"Author"_s, u"Against"_s, u"Lines added"_s,
                   u"Lines removed"_s, u"Model"_s, u"Note"_s},
                  {false, false, false, false, false, true, true, false, false},
                  {}};
    for (const PromptChange &c : changes) {
        const QString model = c.modelChanged ? u"%1 → %2"_s.arg(c.previousModel.isEmpty() ? u"–"_s : c.previousModel,
                                                                 c.model.isEmpty() ? u"–"_s : c.model)
                                             : c.model;
        t.rows << QStringList{c.name,
                              c.version,
                              formatLocalTime(c.createdAt),
                              c.author,
                              c.previousVersion.isEmpty() ? u"(first version)"_s : c.previousVersion,
                              formatSignedCount(c.linesAdded),
                              c.linesRemoved ? u"−"_s + formatCount(c.linesRemoved) : u"0"_s,
                              model,
                              c.note.simplified()};
    }
    return t;
}

void addBreakdown(QList<ReportBlock> &out, const WeeklyReportData &d)
{
    out << chartBlock(ReportChart::DailyCostByFeature, u"Daily cost by feature, previous week and this week"_s);
    out << chartBlock(ReportChart::CallsByFeature, u"Calls by feature, this week against the previous week"_s);
    out << heading(3, u"By feature"_s);
    out << tableBlock(volumeTable(u"Feature"_s, d.byFeature));
    if (!d.byModel.isEmpty()) {
        out << heading(3, u"By model"_s);
        out << tableBlock(volumeTable(u"Model"_s, d.byModel));
    }
    out << heading(3, u"Daily cost"_s);
    out << tableBlock(dailyTable(d));
    const qint64 costless = d.current.unpricedCalls + d.current.noUsageCalls;
    if (costless > 0) {
        QStringList models;
        for (auto it = d.current.unpricedModels.cbegin(); it != d.current.unpricedModels.cend(); ++it)
            models << u"%1 (%2)"_s.arg(formatGroup(it.key()), formatCount(it.value()));
        QString note = u"%1 of this week's calls (%2) have no cost: they are not in the cost figures."_s.arg(
            formatShare(d.current.unpricedShare()), formatCount(costless));
        if (!models.isEmpty())
            note += u" Models without a price: "_s + models.mid(0, 10).join(u", "_s) + u'.';
        out << paragraph(note, true);
    }
}

void addVolume(QList<ReportBlock> &out, const WeeklyReportData &d)
{
    out << heading(2, u"Volume and cost"_s);
    out << paragraph(u"This week against the previous ISO week (%1, %2)."_s.arg(d.week.previous().label(),
                                                                                  formatWeekRange(d.week.previous())));
    out << tableBlock(summaryTable(d));
    if (d.current.calls > 0 || d.previous.calls > 0)
        addBreakdown(out, d);
    else // most often the wrong week (the default is the last full one) or a log that stopped
        out << paragraph(u"The log has no calls in either week: nothing to chart or break down."_s, true);
    if (d.undatedRows > 0)
        out << paragraph(u"%1 rows have no readable time and belong to no week."_s.arg(formatCount(d.undatedRows)),
                         true);
}

void addQuality(QList<ReportBlock> &out, const WeeklyReportData &d)
{
    out << heading(2, u"Quality"_s);
    out << heading(3, u"End-user feedback"_s);
    if (d.feedback.isEmpty())
        out << paragraph(u"No calls this week."_s, true);
    else
        out << tableBlock(feedbackTable(d.feedback));
    out << heading(3, u"Reviewer labels"_s);
    if (!d.labelsAvailable)
        out << paragraph(u"Reviewer labels are unavailable: %1."_s.arg(d.labelsNote), true);
    else if (d.reviewerQuality.isEmpty())
        out << paragraph(u"No reviewer has labelled an output of this week."_s, true);
    else
        out << tableBlock(labelTable(d.reviewerQuality));

    out << heading(2, u"Negative examples"_s);
    const auto shown = [&](qint64 total, qsizetype listed) {
        return total > listed ? u" (%1, the first %2 listed)"_s.arg(formatCount(total)).arg(listed)
                              : u" (%1)"_s.arg(formatCount(total));
    };
    out << heading(3, u"Reviewer negatives"_s + shown(d.reviewerNegativeCount, d.reviewerNegatives.size()));
    if (d.reviewerNegatives.isEmpty())
        out << paragraph(d.labelsAvailable ? u"None."_s : u"Unavailable without reviewer labels."_s, true);
    else
        out << negativeList(d.reviewerNegatives);
    out << heading(3, u"End-user negatives"_s + shown(d.endUserNegativeCount, d.endUserNegatives.size()));
    if (d.endUserNegatives.isEmpty())
        out << paragraph(u"None."_s, true);
    else
        out << negativeList(d.endUserNegatives);
}

void addPrompts(QList<ReportBlock> &out, const WeeklyReportData &d)
{
    out << heading(2, u"Prompt versions"_s);
    if (!d.promptsAvailable) {
        out << paragraph(u"The prompt registry is unavailable: %1."_s.arg(d.promptsNote), true);
        return;
    }
    if (d.promptChanges.isEmpty())
        out << paragraph(u"No prompt version was created this week."_s, true);
    else
        out << tableBlock(promptTable(d.promptChanges));
    if (d.undatedPromptVersions > 0)
        out << paragraph(u"%1 versions in the registry have no creation date and are not placed in any week."_s.arg(
                             d.undatedPromptVersions),
                         true);
}

} // namespace

QString weeklyReportTitle(const WeeklyReportData &data)
{
    return u"Weekly report %1 (%2, %3)"_s.arg(data.week.label(), formatWeekRange(data.week),
                                               QString::fromUtf8(data.week.zone.id()));
}

QList<ReportBlock> layoutWeeklyReport(const WeeklyReportData &data)
{
    QList<ReportBlock> out;
    out << heading(1, weeklyReportTitle(data));
    out << paragraph(u"Source: %1. Generated %2 UTC."_s.arg(data.sourceName,
                                                            data.generatedAt.toString(u"yyyy-MM-dd HH:mm"_s)),
                     true);
    addVolume(out, data);
    addQuality(out, data);
    addPrompts(out, data);
    addReplaySection(out, data);
    addBudgetSection(out, data);
    addTargetSection(out, data);
    return out;
}

} // namespace assay

#include "targets/TargetStatus.h"

#include "analytics/UsageAggregator.h"
#include "analytics/UsageCells.h"
#include "browse/LogSession.h"
#include "eval/CheckFailures.h"
#include "util/NumberText.h"

#include <QLocale>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

const QLocale &english()
{
    static const QLocale locale(QLocale::English, QLocale::UnitedStates);
    return locale;
}



// What the denominator counts, as the reader should read it.
QString trialsNoun(TargetMetric metric)
{
    switch (metric) {
    case TargetMetric::NegativeFeedback: return u"rated outputs"_s;
    case TargetMetric::NegativeLabels: return u"reviewed outputs"_s;
    case TargetMetric::CheckFailures: return u"checked outputs"_s;
    case TargetMetric::Errors: return u"calls"_s;
    case TargetMetric::P95Latency: return u"calls with a latency"_s;
    case TargetMetric::CostPerCall: return u"priced calls"_s;
    }
    return {};
}

} // namespace

QString targetVerdictName(TargetVerdict verdict)
{
    switch (verdict) {
    case TargetVerdict::Met: return u"met"_s;
    case TargetVerdict::AtRisk: return u"at risk"_s;
    case TargetVerdict::Breached: return u"breached"_s;
    case TargetVerdict::NotEnoughData: return u"not enough data"_s;
    }
    return {};
}

TargetStatus judgeTarget(const QualityTarget &target, const TargetMeasure &measure)
{
    TargetStatus s;
    s.target = target;
    s.measure = measure;
    const qint64 shortOf = std::max<qint64>(0, kMinimumTargetTrials - measure.trials);
    if (target.metric == TargetMetric::CostPerCall) {
        // A mean of amounts Assay knows exactly: compared as measured.
        if (measure.trials > 0)
            s.observed = measure.usd / double(measure.trials);
        if (shortOf > 0) {
            s.verdict = TargetVerdict::NotEnoughData;
            s.moreToDecide = shortOf;
        } else {
            s.verdict = *s.observed > target.limit ? TargetVerdict::Breached : TargetVerdict::Met;
        }
        return s;
    }
    s.threshold = target.metric == TargetMetric::P95Latency ? kP95SlowShare : target.limit;
    if (measure.trials > 0) {
        s.observed = double(measure.events) / double(measure.trials);
        s.interval = wilsonInterval(measure.events, measure.trials);
    }
    const auto toExclude = moreTrialsToExclude(measure.events, measure.trials, s.threshold);
    if (shortOf > 0) {
        s.verdict = TargetVerdict::NotEnoughData;
        s.moreToDecide = measure.trials > 0 && toExclude ? std::max(shortOf, *toExclude) : shortOf;
    } else if (s.interval->low > s.threshold) {
        s.verdict = TargetVerdict::Breached;
    } else if (s.interval->high < s.threshold) {
        s.verdict = TargetVerdict::Met;
    } else {
        s.verdict = TargetVerdict::AtRisk;
        s.moreToDecide = toExclude;
    }
    return s;
}

QString TargetStatus::observedText() const
{
    const QString noun = trialsNoun(target.metric);
    if (measure.trials == 0)
        return u"no %1 in the window"_s.arg(noun);
    if (target.metric == TargetMetric::CostPerCall) {
        QString text = u"$%1 per call over %2 %3"_s.arg(english().toString(*observed, 'f', 5), formatCount(measure.trials), noun);
        if (measure.unpriced > 0)
            text += u" (%1 unpriced calls left out)"_s.arg(formatCount(measure.unpriced));
        return text;
    }
    const QString ci = u"95% CI %1–%2"_s.arg(formatSmallShare(interval->low), formatSmallShare(interval->high));
    if (target.metric == TargetMetric::P95Latency)
        return u"p95 %1 ms; %2 of %3 %4 slower than %5 ms (%6; the limit allows 5%)"_s.arg(
            english().toString(measure.p95Ms.value_or(0), 'f', 0), formatSmallShare(*observed), formatCount(measure.trials), noun,
            english().toString(target.limit, 'f', 0), ci);
    return u"%1 (%2) of %3 %4"_s.arg(formatSmallShare(*observed), ci, formatCount(measure.trials), noun);
}

QString TargetStatus::decisionText() const
{
    if (verdict != TargetVerdict::AtRisk && verdict != TargetVerdict::NotEnoughData)
        return {};
    const QString noun = trialsNoun(target.metric);
    if (!moreToDecide)
        return u"at this rate no number of %1 would decide it"_s.arg(noun);
    return u"about %1 more %2 at this rate would decide it"_s.arg(formatCount(*moreToDecide), noun);
}

QJsonObject TargetStatus::toJson() const
{
    QJsonObject o = target.toJson();
    o[u"since"_s] = since.toUTC().toString(Qt::ISODate);
    o[u"until"_s] = until.toUTC().toString(Qt::ISODate);
    o[u"status"_s] = targetVerdictName(verdict);
    o[u"trials"_s] = measure.trials;
    if (target.metric != TargetMetric::CostPerCall) {
        o[u"events"_s] = measure.events;
        o[u"threshold"_s] = threshold;
    } else {
        o[u"usd"_s] = measure.usd;
        o[u"unpriced_calls"_s] = measure.unpriced;
    }
    o[u"observed"_s] = observed ? QJsonValue(*observed) : QJsonValue();
    if (interval) {
        o[u"ci_low"_s] = interval->low;
        o[u"ci_high"_s] = interval->high;
    }
    if (measure.p95Ms)
        o[u"p95_ms"_s] = *measure.p95Ms;
    if (verdict == TargetVerdict::AtRisk || verdict == TargetVerdict::NotEnoughData)
        o[u"more_to_decide"_s] = moreToDecide ? QJsonValue(double(*moreToDecide)) : QJsonValue();
    return o;
}

namespace {

// A rate's two counts: the outputs it is over (`trials`) and those it counts (`events`).
Result<TargetMeasure> countRate(OutputsRepository &outputs, const OutputFilter &trials, const OutputFilter &events)
{
    auto over = outputs.count(trials);
    if (!over)
        return fail(over.error());
    auto counted = outputs.count(events);
    if (!counted)
        return fail(counted.error());
    TargetMeasure m;
    m.trials = *over;
    m.events = *counted;
    return m;
}

} // namespace

Result<TargetMeasure> measureTarget(LogSession &session, const PriceTable &prices, const QualityTarget &target,
                                    const QDateTime &since, const QDateTime &until)
{
    OutputFilter base;
    base.features = {target.feature};
    if (!target.prompt.isEmpty()) {
        base.promptName = target.prompt.section(u'@', 0, 0);
        base.promptVersion = target.prompt.contains(u'@') ? target.prompt.section(u'@', 1) : QString();
    }
    base.since = since;
    base.until = until;
    OutputsRepository &outputs = session.outputs();
    const auto needWorkspace = [&]() -> Result<Workspace *> {
        if (!session.workspace())
            return fail(u"%1 needs Assay's workspace, which did not open: %2"_s.arg(target.subject(),
                                                                                     session.workspaceError()));
        return session.workspace();
    };

    TargetMeasure m;
    switch (target.metric) {
    case TargetMetric::NegativeFeedback: {
        if (!session.schema().has(LogField::Feedback))
            return fail(u"%1: the log has no end-user feedback column"_s.arg(target.subject()));
        OutputFilter rated = base;
        rated.feedback = {FeedbackFilter::Positive, FeedbackFilter::Negative, FeedbackFilter::Edited};
        OutputFilter negative = base;
        negative.feedback = {FeedbackFilter::Negative};
        return countRate(outputs, rated, negative);
    }
    case TargetMetric::Errors: {
        OutputFilter errors = base;
        errors.errorsOnly = true;
        return countRate(outputs, base, errors);
    }
    case TargetMetric::NegativeLabels: {
        if (auto ws = needWorkspace(); !ws)
            return fail(ws.error());
        OutputFilter reviewed = base;
        reviewed.reviewed = ReviewedFilter::Reviewed;
        OutputFilter negative = base;
        negative.reviewLabels = {u"negative"_s};
        return countRate(outputs, reviewed, negative);
    }
    case TargetMetric::CheckFailures: {
        auto ws = needWorkspace();
        if (!ws)
            return fail(ws.error());
        auto outcomes = latestCheckOutcomes(**ws, target.check);
        if (!outcomes)
            return fail(outcomes.error());
        auto inWindow = outputs.keysMatching(base, outcomes->keys());
        if (!inWindow)
            return fail(inWindow.error());
        m.trials = inWindow->size();
        for (const QString &key : *inWindow)
            m.events += outcomes->value(key) ? 1 : 0;
        return m;
    }
    case TargetMetric::P95Latency: {
        auto latencies = outputs.latenciesMs(base);
        if (!latencies)
            return fail(u"%1: %2"_s.arg(target.subject(), latencies.error()));
        m.trials = latencies->size();
        m.events = std::count_if(latencies->cbegin(), latencies->cend(), [&](double ms) { return ms > target.limit; });
        std::vector<double> values(latencies->cbegin(), latencies->cend());
        m.p95Ms = percentileCont(values, 0.95);
        return m;
    }
    case TargetMetric::CostPerCall: {
        UsageAggregator aggregator(session, prices);
        AggregateRequest request;
        request.filter = base;
        request.period = UsagePeriod::Month;
        auto buckets = aggregator.aggregate(request);
        if (!buckets)
            return fail(buckets.error());
        const UsageBucket total = totalOf(*buckets);
        m.unpriced = total.unpricedCalls + total.noUsageCalls;
        m.trials = std::max<qint64>(0, total.calls - m.unpriced);
        m.usd = total.costUsd;
        return m;
    }
    }
    return m;
}

Result<QList<TargetStatus>> checkTargets(LogSession &session, const PriceTable &prices,
                                         const QList<QualityTarget> &targets, const QDateTime &now)
{
    QList<TargetStatus> out;
    for (const QualityTarget &t : targets) {
        const QDateTime until = now.toUTC();
        const QDateTime since = until.addSecs(-t.windowSeconds);
        auto measure = measureTarget(session, prices, t, since, until);
        if (!measure)
            return fail(measure.error());
        TargetStatus s = judgeTarget(t, *measure);
        s.since = since;
        s.until = until;
        out << s;
    }
    return out;
}

bool anyBreached(const QList<TargetStatus> &statuses)
{
    return std::any_of(statuses.cbegin(), statuses.cend(),
                       [](const TargetStatus &s) { return s.verdict == TargetVerdict::Breached; });
}

} // namespace assay

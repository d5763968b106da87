#include "replay/ReplayCaseView.h"

#include "prompts/WordDiff.h"
#include "replay/ReplayComparison.h"
#include "replay/ReplayResultsFilter.h"
#include "util/Money.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Word diffs are quadratic at worst; past this the two texts are shown apart, undiffed.
constexpr qsizetype maxDiffChars = 20'000;
// Below this share of words in common a word diff is a mosaic of strike-through nobody can read:
// the new output is shown whole instead, with the share.
constexpr double minDiffSimilarity = 0.35;

QString pre(const QString &text)
{
    return u"<pre style=\"white-space: pre-wrap; margin: 2px 0 8px 0;\">"_s + text.toHtmlEscaped() + u"</pre>"_s;
}

QString signedNumber(qint64 value, const QString &unit)
{
    return (value > 0 ? u"+"_s : QString()) + QString::number(value) + unit;
}

QString deltas(const ReplayResult &r, const ReplayBaseline &b)
{
    QStringList parts;
    if (const auto d = tokenDelta(r, b))
        parts << QObject::tr("output tokens %1").arg(signedNumber(*d, {}));
    if (const auto d = costDelta(r, b))
        parts << QObject::tr("cost %1%2").arg(*d > 0 ? u"+"_s : QString(), formatUsd(*d));
    if (const auto d = latencyDelta(r, b))
        parts << QObject::tr("latency %1").arg(signedNumber(*d, u" ms"_s));
    return parts.isEmpty() ? QString() : QObject::tr("vs baseline: %1").arg(parts.join(u", "_s));
}

} // namespace

QString wordDiffHtml(const QString &baseline, const QString &output)
{
    if (baseline.size() > maxDiffChars || output.size() > maxDiffChars)
        return pre(output);
    const WordDiff diff = diffWords(baseline, output);
    if (diff.similarity < minDiffSimilarity)
        return QObject::tr("<br><i>Rewritten: %1% of the words in common with the baseline.</i>")
                   .arg(qRound(diff.similarity * 100))
            + pre(output);
    QString html = u"<pre style=\"white-space: pre-wrap; margin: 2px 0 8px 0;\">"_s;
    WordChange previous = WordChange::Equal;
    for (const WordSegment &segment : diff.segments) {
        const QString text = segment.text.toHtmlEscaped();
        // "old new" reads better than "oldnew" where a word was replaced.
        if (previous == WordChange::Removed && segment.change == WordChange::Added)
            html += u' ';
        previous = segment.change;
        switch (segment.change) {
        case WordChange::Equal:
            html += text;
            break;
        case WordChange::Removed:
            html += u"<span style=\"background:#f8d0d0; text-decoration: line-through;\">"_s + text + u"</span>"_s;
            break;
        case WordChange::Added:
            html += u"<span style=\"background:#c8f0c8;\">"_s + text + u"</span>"_s;
            break;
        }
    }
    return html + u"</pre>"_s;
}

ReplayCaseView::ReplayCaseView(QWidget *parent) : QTextBrowser(parent)
{
    setObjectName(u"replayCase"_s);
    setOpenLinks(false);
    clearCase();
}

void ReplayCaseView::clearCase()
{
    setHtml(tr("<p style=\"color:gray\">Select a case to read its input, the logged output and each target's "
               "output with the words that changed.</p>"));
}

void ReplayCaseView::showCase(const ReplayComparison &comparison, const ReplayComparisonRow &row)
{
    const ReplayBaseline &b = row.baseline;
    QString html = tr("<h3>Case %1 — output %2</h3>").arg(row.caseNo + 1).arg(row.outputKey.toHtmlEscaped());
    html += tr("<b>Input</b>") + pre(b.input);
    html += tr("<b>Baseline</b> (logged output)");
    if (!b.error.isEmpty())
        html += u"<p style=\"color:#b3261e\">"_s + b.error.toHtmlEscaped() + u"</p>"_s;
    else
        html += pre(b.output);
    for (int t = 0; t < row.results.size(); ++t) {
        const ReplayResult &r = row.results.at(t);
        const QString label = t < comparison.targets.size() ? comparison.targets.at(t).label() : tr("target %1").arg(t + 1);
        html += u"<hr><b>"_s + label.toHtmlEscaped() + u"</b> — "_s + replayResultStatusName(r.status);
        if (r.fromCache)
            html += tr(" (from the response cache)");
        else if (r.attempts > 1)
            html += tr(" (%1 attempts)").arg(r.attempts);
        const QString d = deltas(r, b);
        if (!d.isEmpty())
            html += u"<br><small>"_s + d.toHtmlEscaped() + u"</small>"_s;
        if (!r.error.isEmpty())
            html += u"<p style=\"color:#b3261e\">"_s + r.error.toHtmlEscaped() + u"</p>"_s;
        if (r.status == ReplayResultStatus::Ok) {
            const auto changed = outputChanged(row, t);
            if (changed && !*changed)
                html += tr("<br><i>Same as the baseline.</i>") + pre(r.output);
            else if (b.error.isEmpty())
                html += wordDiffHtml(b.output, r.output);
            else
                html += pre(r.output);
        }
    }
    setHtml(html);
}

} // namespace assay

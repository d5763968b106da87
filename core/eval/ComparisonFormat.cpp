#include "eval/ComparisonFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QXmlStreamWriter>

#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString pct(double rate)
{
    return QString::number(rate * 100, 'f', 0) + u'%';
}

QString pText(double p)
{
    return p < 0.001 ? u"< 0.001"_s : QString::number(p, 'g', 2);
}

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonObject tallyJson(const WinTally &t)
{
    return {{u"wins"_s, t.wins},
            {u"losses"_s, t.losses},
            {u"ties"_s, t.ties},
            {u"decisive"_s, t.decisive()},
            {u"win_rate"_s, t.winRate},
            {u"ci_low"_s, t.ci.low},
            {u"ci_high"_s, t.ci.high},
            {u"sign_test_p"_s, t.signTestP},
            {u"adjusted_p"_s, t.adjustedP},
            {u"more_pairs_to_decide"_s, t.morePairs ? QJsonValue(*t.morePairs) : QJsonValue(QJsonValue::Null)}};
}

QString deltaText(const DeltaSummary &d)
{
    if (d.pairs == 0)
        return u"%1: not logged on both sides"_s.arg(d.metric);
    const QString relative = d.meanA != 0 ? u" (%1%2)"_s.arg(d.meanB >= d.meanA ? u"+"_s : QString(),
                                                             pct((d.meanB - d.meanA) / std::fabs(d.meanA)))
                                          : QString();
    const int decimals = d.metric == "cost_usd"_L1 ? 6 : 1;
    QString text = u"%1: A %2, B %3 per pair%4"_s.arg(d.metric, QString::number(d.meanA, 'f', decimals),
                                                      QString::number(d.meanB, 'f', decimals), relative);
    if (d.difference)
        text += u"; B - A %1 (95% CI %2 to %3, %4 pairs)"_s.arg(QString::number(d.difference->mean, 'f', decimals),
                                                                QString::number(d.difference->low, 'f', decimals),
                                                                QString::number(d.difference->high, 'f', decimals))
                    .arg(d.pairs);
    return text;
}

QString exclusionText(const PairExclusions &e)
{
    if (e.total() == 0)
        return u"none"_s;
    QStringList parts;
    if (e.failed)
        parts << u"%1 failed calls"_s.arg(e.failed);
    if (e.renderErrors)
        parts << u"%1 render errors"_s.arg(e.renderErrors);
    if (e.pending)
        parts << u"%1 not run yet"_s.arg(e.pending);
    if (e.missingBaseline)
        parts << u"%1 logged outputs not found"_s.arg(e.missingBaseline);
    return parts.join(u", "_s);
}

QString positionText(const ComparisonSummary &s)
{
    if (s.decisiveHumanVerdicts == 0)
        return u"no decisive human verdict yet"_s;
    const Interval ci = wilsonInterval(s.leftChosen, s.decisiveHumanVerdicts);
    return u"left side won %1 of %2 decisive verdicts (%3, 95% CI %4-%5)"_s.arg(s.leftChosen)
        .arg(s.decisiveHumanVerdicts)
        .arg(pct(double(s.leftChosen) / double(s.decisiveHumanVerdicts)), pct(ci.low), pct(ci.high));
}

} // namespace

bool passesRequireBetter(const ComparisonSummary &summary)
{
    return summary.verdict == ComparisonVerdict::Better && !summary.anyCheckSignificantlyWorse();
}

QJsonObject comparisonToJson(const ComparisonSummary &s)
{
    QJsonObject o = tallyJson(s.overall);
    o.insert(u"run_id"_s, s.runId);
    o.insert(u"a"_s, s.sideA);
    o.insert(u"b"_s, s.sideB);
    o.insert(u"judges"_s, s.judges);
    o.insert(u"alpha"_s, s.alpha);
    o.insert(u"family"_s, s.family);
    o.insert(u"cases"_s, s.cases);
    o.insert(u"pairs"_s, s.pairs);
    o.insert(u"judged"_s, s.judged);
    o.insert(u"excluded"_s, QJsonObject{{u"failed"_s, s.excluded.failed},
                                        {u"render_errors"_s, s.excluded.renderErrors},
                                        {u"pending"_s, s.excluded.pending},
                                        {u"missing_baseline"_s, s.excluded.missingBaseline}});
    o.insert(u"verdict"_s, comparisonVerdictText(s.verdict));
    o.insert(u"reason"_s, s.reason);
    QJsonArray features;
    for (const FeatureTally &f : s.features) {
        QJsonObject fo = tallyJson(f.tally);
        fo.insert(u"feature"_s, f.feature);
        features << fo;
    }
    o.insert(u"features"_s, features);
    o.insert(u"position"_s, QJsonObject{{u"left_won"_s, s.leftChosen}, {u"decisive_verdicts"_s, s.decisiveHumanVerdicts}});
    o.insert(u"agreement"_s, QJsonObject{{u"people"_s, QJsonArray::fromStringList(s.people)},
                                         {u"pairs_judged_by_two"_s, s.pairsJudgedByTwo},
                                         {u"kappa"_s, optionalNumber(s.peopleKappa)},
                                         {u"method"_s, s.peopleKappaMethod}});
    o.insert(u"judge_model"_s, QJsonObject{{u"pairs"_s, s.modelPairs},
                                           {u"position_consistent"_s, s.modelConsistent},
                                           {u"pairs_also_judged_by_people"_s, s.modelAndPeoplePairs},
                                           {u"kappa_with_people"_s, optionalNumber(s.modelPeopleKappa)}});
    QJsonArray checks;
    for (const CheckComparison &c : s.checks)
        checks << QJsonObject{{u"name"_s, c.name},           {u"pairs"_s, c.pairs},
                              {u"a_passed"_s, c.aPassed},     {u"b_passed"_s, c.bPassed},
                              {u"only_a_passed"_s, c.onlyAPassed}, {u"only_b_passed"_s, c.onlyBPassed},
                              {u"mcnemar_p"_s, c.mcnemarP},   {u"b_significantly_worse"_s, c.significantlyWorse(s.alpha)}};
    o.insert(u"checks"_s, checks);
    QJsonObject deltas;
    for (const DeltaSummary &d : s.deltas) {
        QJsonObject dobj{{u"pairs"_s, d.pairs}, {u"mean_a"_s, d.meanA}, {u"mean_b"_s, d.meanB}};
        if (d.difference) {
            dobj.insert(u"mean_difference"_s, d.difference->mean);
            dobj.insert(u"ci_low"_s, d.difference->low);
            dobj.insert(u"ci_high"_s, d.difference->high);
        }
        deltas.insert(d.metric, dobj);
    }
    o.insert(u"deltas"_s, deltas);
    return o;
}

QByteArray comparisonsToJson(const QList<ComparisonSummary> &family)
{
    if (family.size() == 1)
        return QJsonDocument(comparisonToJson(family.first())).toJson(QJsonDocument::Indented);
    QJsonArray all;
    for (const ComparisonSummary &s : family)
        all << comparisonToJson(s);
    return QJsonDocument(QJsonObject{{u"adjustment"_s, u"holm"_s}, {u"comparisons"_s, all}}).toJson(QJsonDocument::Indented);
}

QString comparisonsToText(const QList<ComparisonSummary> &family)
{
    QString out;
    for (const ComparisonSummary &s : family) {
        const WinTally &t = s.overall;
        out += u"A: %1\nB: %2\n"_s.arg(s.sideA, s.sideB);
        out += u"Verdict (%1): %2\n  %3\n"_s.arg(s.judges, comparisonVerdictText(s.verdict), s.reason);
        out += u"Pairs: %1 of %2 cases; judged %3; excluded: %4\n"_s.arg(s.pairs).arg(s.cases).arg(s.judged).arg(
            exclusionText(s.excluded));
        out += u"Wins %1, losses %2, ties %3; win rate %4 (95% CI %5-%6); sign test p %7%8\n"_s.arg(t.wins)
                   .arg(t.losses)
                   .arg(t.ties)
                   .arg(pct(t.winRate), pct(t.ci.low), pct(t.ci.high), pText(t.signTestP),
                        s.family > 1 ? u", Holm-adjusted p %1 (%2 comparisons)"_s.arg(pText(t.adjustedP)).arg(s.family)
                                     : QString());
        if (s.features.size() > 1) {
            out += u"Per feature:\n"_s;
            for (const FeatureTally &f : s.features)
                out += u"  %1: %2-%3-%4 (W-L-T), win rate %5, p %6\n"_s.arg(f.feature)
                           .arg(f.tally.wins)
                           .arg(f.tally.losses)
                           .arg(f.tally.ties)
                           .arg(pct(f.tally.winRate), pText(f.tally.signTestP));
        }
        out += u"Position: %1\n"_s.arg(positionText(s));
        if (s.peopleKappa)
            out += u"Agreement between people: %1 kappa %2 over %3 pairs\n"_s.arg(s.peopleKappaMethod)
                       .arg(*s.peopleKappa, 0, 'f', 2)
                       .arg(s.pairsJudgedByTwo);
        if (s.modelPairs > 0)
            out += u"Judge model: %1 of %2 pairs position-consistent%3\n"_s.arg(s.modelConsistent)
                       .arg(s.modelPairs)
                       .arg(s.modelPeopleKappa ? u"; kappa with people %1 over %2 pairs"_s.arg(*s.modelPeopleKappa, 0, 'f', 2)
                                                     .arg(s.modelAndPeoplePairs)
                                               : QString());
        for (const CheckComparison &c : s.checks)
            out += u"Check %1: A %2/%3, B %4/%3; McNemar p %5%6\n"_s.arg(c.name)
                       .arg(c.aPassed)
                       .arg(c.pairs)
                       .arg(c.bPassed)
                       .arg(pText(c.mcnemarP), c.significantlyWorse(s.alpha) ? u" (B significantly worse)"_s : QString());
        for (const DeltaSummary &d : s.deltas)
            out += deltaText(d) + u'\n';
        out += u'\n';
    }
    return out;
}

QString comparisonsToMarkdown(const QList<ComparisonSummary> &family)
{
    QString out;
    for (const ComparisonSummary &s : family) {
        const WinTally &t = s.overall;
        out += u"### %1 vs %2\n\n"_s.arg(s.sideB, s.sideA);
        out += u"**%1** (%2). %3.\n\n"_s.arg(comparisonVerdictText(s.verdict), s.judges, s.reason);
        out += u"| | wins | losses | ties | win rate | 95% CI | sign test p |\n|---|---:|---:|---:|---:|---|---:|\n"_s;
        out += u"| all | %1 | %2 | %3 | %4 | %5-%6 | %7 |\n"_s.arg(t.wins).arg(t.losses).arg(t.ties).arg(
            pct(t.winRate), pct(t.ci.low), pct(t.ci.high), pText(t.adjustedP));
        for (const FeatureTally &f : s.features)
            out += u"| %1 | %2 | %3 | %4 | %5 | %6-%7 | %8 |\n"_s.arg(f.feature)
                       .arg(f.tally.wins)
                       .arg(f.tally.losses)
                       .arg(f.tally.ties)
                       .arg(pct(f.tally.winRate), pct(f.tally.ci.low), pct(f.tally.ci.high), pText(f.tally.signTestP));
        if (!s.checks.isEmpty()) {
            out += u"\n| check | A passed | B passed | McNemar p |\n|---|---:|---:|---:|\n"_s;
            for (const CheckComparison &c : s.checks)
                out += u"| %1 | %2/%3 | %4/%3 | %5 |\n"_s.arg(c.name).arg(c.aPassed).arg(c.pairs).arg(c.bPassed).arg(
                    pText(c.mcnemarP));
        }
        out += u"\n"_s;
        for (const DeltaSummary &d : s.deltas)
            out += u"- "_s + deltaText(d) + u'\n';
        out += u"- Position: %1\n- Pairs: %2 of %3 cases; excluded: %4\n\n"_s.arg(positionText(s)).arg(s.pairs).arg(s.cases).arg(
            exclusionText(s.excluded));
    }
    return out;
}

QByteArray comparisonsToJUnit(const QList<ComparisonSummary> &family)
{
    QByteArray xml;
    QXmlStreamWriter w(&xml);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeStartElement(u"testsuites"_s);
    for (const ComparisonSummary &s : family) {
        int failures = s.verdict == ComparisonVerdict::Better ? 0 : 1;
        for (const CheckComparison &c : s.checks)
            failures += c.significantlyWorse(s.alpha) ? 1 : 0;
        w.writeStartElement(u"testsuite"_s);
        w.writeAttribute(u"name"_s, u"assay compare: %1 vs %2"_s.arg(s.sideB, s.sideA));
        w.writeAttribute(u"tests"_s, QString::number(1 + s.checks.size()));
        w.writeAttribute(u"failures"_s, QString::number(failures));
        w.writeStartElement(u"testcase"_s);
        w.writeAttribute(u"classname"_s, u"assay.compare"_s);
        w.writeAttribute(u"name"_s, u"B is better than A"_s);
        if (s.verdict != ComparisonVerdict::Better) {
            w.writeStartElement(u"failure"_s);
            w.writeAttribute(u"message"_s, comparisonVerdictText(s.verdict));
            w.writeCharacters(s.reason);
            w.writeEndElement();
        }
        w.writeEndElement();
        for (const CheckComparison &c : s.checks) {
            w.writeStartElement(u"testcase"_s);
            w.writeAttribute(u"classname"_s, u"assay.compare.checks"_s);
            w.writeAttribute(u"name"_s, u"%1 not worse on B"_s.arg(c.name));
            if (c.significantlyWorse(s.alpha)) {
                w.writeStartElement(u"failure"_s);
                w.writeAttribute(u"message"_s, u"B passes %1 of %2, A %3; McNemar p %4"_s.arg(c.bPassed).arg(c.pairs).arg(
                                                  c.aPassed).arg(pText(c.mcnemarP)));
                w.writeEndElement();
            }
            w.writeEndElement();
        }
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndDocument();
    return xml;
}

} // namespace assay

#include "eval/ComparisonSummary.h"

#include <QHash>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr qint64 kMinimumDecisive = 10;

QString percent(double rate)
{
    return QString::number(std::lround(rate * 100));
}

QString pValue(double p)
{
    if (p < 0.001)
        return u"< 0.001"_s;
    return u"= "_s + QString::number(p, 'g', 2);
}

WinTally tallyOf(qint64 wins, qint64 losses, qint64 ties)
{
    WinTally t;
    t.wins = wins;
    t.losses = losses;
    t.ties = ties;
    if (t.decisive() > 0) {
        t.winRate = double(wins) / double(t.decisive());
        t.ci = wilsonInterval(wins, t.decisive());
    }
    t.signTestP = signTestP(wins, losses);
    t.adjustedP = t.signTestP;
    t.morePairs = morePairsToDecide(wins, t.decisive());
    return t;
}

PairWinner majority(qint64 forA, qint64 forB)
{
    return forA > forB ? PairWinner::A : forB > forA ? PairWinner::B : PairWinner::Tie;
}

void decide(ComparisonSummary &s)
{
    const WinTally &t = s.overall;
    const QString adjusted = s.family > 1 ? u", Holm-adjusted over %1 comparisons"_s.arg(s.family) : QString();
    const QString evidence = u"B wins %1 of %2 decisive pairs (%3%, 95% CI %4-%5%), %6 ties; sign test p %7%8"_s
                                 .arg(t.wins)
                                 .arg(t.decisive())
                                 .arg(percent(t.winRate), percent(t.ci.low), percent(t.ci.high))
                                 .arg(t.ties)
                                 .arg(pValue(t.adjustedP), adjusted);
    if (s.judged == 0) {
        s.verdict = ComparisonVerdict::NotYet;
        s.reason = s.pairs == 0 ? u"no pair has both outputs, so nothing can be judged"_s
                                : u"none of the %1 pairs has been judged yet"_s.arg(s.pairs);
        return;
    }
    if (t.decisive() < kMinimumDecisive) {
        s.verdict = ComparisonVerdict::NotYet;
        s.reason = u"only %1 decisive pairs (%2 ties): fewer than %3 cannot tell better from worse"_s.arg(t.decisive())
                       .arg(t.ties)
                       .arg(kMinimumDecisive);
        return;
    }
    if (t.adjustedP < s.alpha) {
        s.verdict = t.wins > t.losses ? ComparisonVerdict::Better : ComparisonVerdict::Worse;
        s.reason = evidence;
        return;
    }
    s.verdict = ComparisonVerdict::NotYet;
    s.reason = evidence
               + (t.morePairs ? u"; about %1 more decisive pairs at this rate would decide"_s.arg(*t.morePairs)
                              : u"; at an even split no number of pairs decides"_s);
}

// Kappa over A/B/tie between the people who judged the same pairs.
void peopleAgreement(ComparisonSummary &s, const QHash<int, QHash<QString, PairWinner>> &byPair)
{
    QSet<QString> people;
    for (const auto &votes : byPair)
        for (auto it = votes.begin(); it != votes.end(); ++it)
            people.insert(it.key());
    s.people = QStringList(people.begin(), people.end());
    s.people.sort();
    QList<QList<qint64>> counts;
    for (const auto &votes : byPair) {
        if (votes.size() < 2)
            continue;
        QList<qint64> row(3, 0);
        for (PairWinner w : votes)
            ++row[int(w)];
        counts << row;
    }
    s.pairsJudgedByTwo = counts.size();
    if (s.people.size() == 2) {
        QList<QList<qint64>> confusion(3, QList<qint64>(3, 0));
        for (const auto &votes : byPair) {
            if (votes.contains(s.people[0]) && votes.contains(s.people[1]))
                ++confusion[int(votes.value(s.people[0]))][int(votes.value(s.people[1]))];
        }
        s.peopleKappa = cohensKappa(confusion);
        s.peopleKappaMethod = u"cohen"_s;
    } else if (s.people.size() > 2) {
        s.peopleKappa = fleissKappa(counts);
        s.peopleKappaMethod = u"fleiss"_s;
    }
}

DeltaSummary delta(const QString &metric, const QList<ComparedPair> &pairs,
                   const std::function<std::optional<double>(const PairSideOutput &)> &value)
{
    DeltaSummary d;
    d.metric = metric;
    QList<double> diffs;
    double sumA = 0, sumB = 0;
    for (const ComparedPair &p : pairs) {
        const auto a = value(p.a), b = value(p.b);
        if (!a || !b)
            continue;
        sumA += *a;
        sumB += *b;
        diffs << *b - *a;
    }
    d.pairs = diffs.size();
    if (d.pairs > 0) {
        d.meanA = sumA / double(d.pairs);
        d.meanB = sumB / double(d.pairs);
    }
    d.difference = meanDifference(diffs);
    return d;
}

} // namespace

Result<JudgeSelection> JudgeSelection::parse(const QString &rawText)
{
    const QString text = rawText.trimmed();
    JudgeSelection s;
    if (text.isEmpty() || text == "people"_L1)
        return s;
    if (text == "llm"_L1 || text == "model"_L1) {
        s.kind = Kind::Model;
    } else if (text == "all"_L1) {
        s.kind = Kind::All;
    } else {
        s.kind = Kind::Person;
        s.person = text;
    }
    return s;
}

bool JudgeSelection::admits(const JudgeVote &vote) const
{
    switch (kind) {
    case Kind::People:
        return !vote.isModel;
    case Kind::Person:
        return !vote.isModel && vote.judge == person;
    case Kind::Model:
        return vote.isModel;
    case Kind::All:
        return true;
    }
    return false;
}

QString JudgeSelection::describe() const
{
    switch (kind) {
    case Kind::People:
        return u"people"_s;
    case Kind::Person:
        return person;
    case Kind::Model:
        return u"judge model"_s;
    case Kind::All:
        return u"people and the judge model"_s;
    }
    return {};
}

QString comparisonVerdictText(ComparisonVerdict verdict)
{
    switch (verdict) {
    case ComparisonVerdict::Better:
        return u"B is better"_s;
    case ComparisonVerdict::Worse:
        return u"B is worse"_s;
    case ComparisonVerdict::NotYet:
        return u"not distinguishable yet"_s;
    }
    return {};
}

bool ComparisonSummary::anyCheckSignificantlyWorse() const
{
    return std::any_of(checks.begin(), checks.end(), [&](const CheckComparison &c) { return c.significantlyWorse(alpha); });
}

ComparisonSummary summarizeComparison(const ComparedPairs &pairs, const QList<JudgeVote> &votes,
                                      const JudgeSelection &selection, const QList<CheckPairResults> &checks,
                                      double alpha)
{
    ComparisonSummary s;
    s.runId = pairs.runId;
    s.sideA = pairs.a.describe(pairs.targets);
    s.sideB = pairs.b.describe(pairs.targets);
    s.judges = selection.describe();
    s.alpha = alpha;
    s.cases = pairs.cases;
    s.pairs = pairs.pairs.size();
    s.excluded = pairs.excluded;

    // Votes on cases that are not pairs (a side failed since) are left out like the cases.
    QHash<int, QPair<qint64, qint64>> tallyByCase; // admitted votes for A, for B
    QHash<int, QHash<QString, PairWinner>> peopleByCase;
    QHash<int, PairWinner> modelByCase;
    for (const JudgeVote &v : votes) {
        if (!pairs.pairForCase(v.caseNo))
            continue;
        if (!v.isModel) {
            peopleByCase[v.caseNo].insert(v.judge, v.winner);
            if (v.winner != PairWinner::Tie && selection.admits(v)) {
                ++s.decisiveHumanVerdicts;
                s.leftChosen += v.choseLeft ? 1 : 0;
            }
        } else {
            ++s.modelPairs;
            s.modelConsistent += v.positionInconsistent ? 0 : 1;
            modelByCase.insert(v.caseNo, v.winner);
        }
        if (!selection.admits(v))
            continue;
        auto &t = tallyByCase[v.caseNo];
        t.first += v.winner == PairWinner::A ? 1 : 0;
        t.second += v.winner == PairWinner::B ? 1 : 0;
    }

    qint64 wins = 0, losses = 0, ties = 0;
    QMap<QString, std::array<qint64, 3>> byFeature;
    for (const ComparedPair &p : pairs.pairs) {
        const auto it = tallyByCase.constFind(p.caseNo);
        if (it == tallyByCase.constEnd())
            continue;
        ++s.judged;
        auto &f = byFeature[p.feature];
        switch (majority(it->first, it->second)) {
        case PairWinner::B:
            ++wins;
            ++f[0];
            break;
        case PairWinner::A:
            ++losses;
            ++f[1];
            break;
        case PairWinner::Tie:
            ++ties;
            ++f[2];
            break;
        }
    }
    s.overall = tallyOf(wins, losses, ties);
    for (auto it = byFeature.begin(); it != byFeature.end(); ++it)
        s.features << FeatureTally{it.key().isEmpty() ? u"(none)"_s : it.key(), tallyOf(it->at(0), it->at(1), it->at(2))};

    peopleAgreement(s, peopleByCase);
    // The judge model against the people's majority, on the pairs both judged.
    QList<QList<qint64>> confusion(3, QList<qint64>(3, 0));
    for (auto it = modelByCase.begin(); it != modelByCase.end(); ++it) {
        const auto people = peopleByCase.constFind(it.key());
        if (people == peopleByCase.constEnd())
            continue;
        qint64 forA = 0, forB = 0;
        for (PairWinner w : *people) {
            forA += w == PairWinner::A ? 1 : 0;
            forB += w == PairWinner::B ? 1 : 0;
        }
        ++confusion[int(it.value())][int(majority(forA, forB))];
        ++s.modelAndPeoplePairs;
    }
    if (s.modelAndPeoplePairs > 0)
        s.modelPeopleKappa = cohensKappa(confusion);

    for (const CheckPairResults &c : checks) {
        CheckComparison cc;
        cc.name = c.name;
        const qsizetype n = std::min({c.aPassed.size(), c.bPassed.size(), pairs.pairs.size()});
        for (qsizetype i = 0; i < n; ++i) {
            if (!c.counted.isEmpty() && !c.counted.value(i))
                continue;
            ++cc.pairs;
            cc.aPassed += c.aPassed[i] ? 1 : 0;
            cc.bPassed += c.bPassed[i] ? 1 : 0;
            cc.onlyAPassed += c.aPassed[i] && !c.bPassed[i] ? 1 : 0;
            cc.onlyBPassed += !c.aPassed[i] && c.bPassed[i] ? 1 : 0;
        }
        cc.mcnemarP = mcnemarExactP(cc.onlyAPassed, cc.onlyBPassed);
        s.checks << cc;
    }

    s.deltas << delta(u"cost_usd"_s, pairs.pairs, [](const PairSideOutput &o) { return o.costUsd; });
    s.deltas << delta(u"latency_ms"_s, pairs.pairs, [](const PairSideOutput &o) {
        return o.latencyMs ? std::optional<double>(double(*o.latencyMs)) : std::nullopt;
    });
    s.deltas << delta(u"output_tokens"_s, pairs.pairs, [](const PairSideOutput &o) {
        return o.outputTokens ? std::optional<double>(double(*o.outputTokens)) : std::nullopt;
    });
    decide(s);
    return s;
}

void adjustForFamily(QList<ComparisonSummary> &family)
{
    QList<double> raw;
    for (const ComparisonSummary &s : family)
        raw << s.overall.signTestP;
    const QList<double> adjusted = holmAdjust(raw);
    for (qsizetype i = 0; i < family.size(); ++i) {
        family[i].family = int(family.size());
        family[i].overall.adjustedP = adjusted[i];
        decide(family[i]);
    }
}

} // namespace assay

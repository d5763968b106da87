// assay compare: the A/B verdict over a replay run or a judging session, with its evidence.
#include "cli/Commands.h"

#include "eval/ComparisonChecks.h"
#include "eval/ComparisonFormat.h"
#include "eval/ComparisonLoader.h"
#include "eval/ComparisonSides.h"
#include "replay/ReplayRunStore.h"

using namespace Qt::StringLiterals;

namespace assay::cli {

namespace {

constexpr int NotBetter = 5; // --require-better: B is not shown better, or a check got significantly worse

struct Plan {
    qint64 runId = 0;
    ComparisonSide a;
    QList<ComparisonSide> bs; // several: each target against A, Holm-adjusted
};

Result<Plan> planFrom(const QCommandLineParser &parser, Workspace &ws, const QString &what)
{
    Plan plan;
    std::optional<JudgingSession> session;
    bool isRun = false;
    plan.runId = what.toLongLong(&isRun);
    if (!isRun) {
        auto s = JudgingStore(ws).session(what);
        if (!s)
            return fail(u"\"%1\" is neither a replay run id nor a judging session: %2"_s.arg(what, s.error()));
        session = *s;
        plan.runId = s->runId;
    }
    ReplayRunStore runs(ws);
    auto info = runs.run(plan.runId);
    if (!info)
        return fail(info.error());
    const QList<ReplayTarget> &targets = info->spec.targets;
    if (parser.isSet(u"a"_s)) {
        auto a = resolveSideOfRun(runs, *info, parser.value(u"a"_s));
        if (!a)
            return fail(u"--a: "_s + a.error());
        plan.a = *a;
    } else if (session) {
        auto a = sideOfRunFromKey(runs, *info, session->sideA);
        if (!a)
            return fail(a.error());
        plan.a = *a;
    }
    if (parser.isSet(u"b"_s)) {
        auto b = resolveSideOfRun(runs, *info, parser.value(u"b"_s));
        if (!b)
            return fail(u"--b: "_s + b.error());
        plan.bs << *b;
    } else if (session && !parser.isSet(u"a"_s)) {
        auto b = sideOfRunFromKey(runs, *info, session->sideB);
        if (!b)
            return fail(b.error());
        plan.bs << *b;
    } else {
        for (qsizetype i = 0; i < targets.size(); ++i) {
            if (ComparisonSide{int(i)} != plan.a)
                plan.bs << ComparisonSide{int(i)};
        }
    }
    if (plan.bs.isEmpty())
        return fail(u"run %1 has nothing to compare side A with"_s.arg(plan.runId));
    return plan;
}

} // namespace

int runCompare(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"The A/B verdict: wins, losses and ties of B over A with a Wilson interval and the exact sign test,\n"
        "per feature, the judges' agreement and position bias, and paired cost/latency/token deltas.\n"
        "Without --b every target of the run is compared with A (Holm-adjusted).\n"
        "Exit codes: 0, 2 bad input, 5 with --require-better when B is not better or a check got worse."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    parser.addPositionalArgument(u"what"_s, u"A judging session's name or a replay run id."_s);
    addSourceOptions(parser);
    parser.addOption({u"a"_s, u"Side A: baseline, a target's number or label, or RUN:SIDE for a target of another run over the same saved "
                                "dataset (default: the session's, else baseline)."_s, u"side"_s});
    parser.addOption({u"b"_s, u"Side B (default: the session's, else every target)."_s, u"side"_s});
    parser.addOption({u"judge"_s, u"Whose verdicts count: people (default), a person's name, llm, or all."_s, u"who"_s, u"people"_s});
    parser.addOption({u"alpha"_s, u"Significance level (default 0.05)."_s, u"a"_s, u"0.05"_s});
    parser.addOption({u"require-better"_s, u"Exit 5 unless B is better and no check is significantly worse."_s});
    parser.addOption({u"format"_s, u"table (default), json, md or junit."_s, u"f"_s, u"table"_s});
    parser.addOption({u"prices"_s, u"A price file over the built-in list prices."_s, u"file"_s});
    parser.addOption({u"checks"_s, u"A check set (promptfoo-style JSON) run on both sides of every pair; default: the "
                                   "set of the run's prompt (its checks.json in --registry, else the workspace's)."_s,
                      u"file"_s});
    parser.addOption({u"registry"_s, u"A prompt folder whose NAME/checks.json is the default check set."_s, u"folder"_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2)
        return die(io, BadUsage, u"compare takes SOURCE and a judging session name or a run id"_s);
    const QString format = parser.value(u"format"_s);
    if (!QStringList{u"table"_s, u"json"_s, u"md"_s, u"junit"_s}.contains(format))
        return die(io, BadUsage, u"--format must be table, json, md or junit"_s);
    bool ok = false;
    const double alpha = parser.value(u"alpha"_s).toDouble(&ok);
    if (!ok || !(alpha > 0 && alpha < 1))
        return die(io, BadUsage, u"--alpha must lie between 0 and 1"_s);
    auto selection = JudgeSelection::parse(parser.value(u"judge"_s));
    if (!selection)
        return die(io, BadUsage, selection.error());
    auto prices = pricesFrom(parser);
    if (!prices)
        return die(io, BadUsage, prices.error());
    std::optional<CheckSet> checks;
    if (parser.isSet(u"checks"_s)) {
        auto loaded = CheckSet::load(parser.value(u"checks"_s));
        if (!loaded)
            return die(io, BadUsage, loaded.error());
        checks = *loaded;
    }

    auto session = openWithWorkspace(parser, pos.first(), io, code);
    if (!session)
        return code;
    Workspace &ws = *session->workspace();
    auto plan = planFrom(parser, ws, pos.at(1));
    if (!plan)
        return die(io, BadUsage, plan.error());

    if (!checks) {
        auto found = defaultComparisonChecks(ws, plan->runId, parser.value(u"registry"_s));
        if (!found)
            return die(io, BadUsage, found.error());
        checks = *found;
    }

    QList<ComparisonSummary> family;
    for (const ComparisonSide &b : plan->bs) {
        auto pairs = loadComparedPairs(ws, session->outputs(), *prices, plan->runId, plan->a, b);
        if (!pairs)
            return die(io, BadUsage, pairs.error());
        if (pairs->cases == 0)
            return die(io, BadUsage, u"run %1 has no cases: an empty comparison"_s.arg(plan->runId));
        auto votes = loadAllVotes(ws, *pairs);
        if (!votes)
            return die(io, Failed, votes.error());
        const QList<CheckPairResults> checked = checks ? checkPairs(*checks, *pairs) : QList<CheckPairResults>{};
        family << summarizeComparison(*pairs, *votes, *selection, checked, alpha);
    }
    if (family.size() > 1)
        adjustForFamily(family);

    if (format == "json"_L1)
        io.out << QString::fromUtf8(comparisonsToJson(family));
    else if (format == "md"_L1)
        io.out << comparisonsToMarkdown(family);
    else if (format == "junit"_L1)
        io.out << QString::fromUtf8(comparisonsToJUnit(family));
    else
        io.out << comparisonsToText(family);
    io.out.flush();
    if (parser.isSet(u"require-better"_s)) {
        for (const ComparisonSummary &s : family) {
            if (!passesRequireBetter(s))
                return NotBetter;
        }
    }
    return Ok;
}

} // namespace assay::cli

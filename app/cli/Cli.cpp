#include "cli/Cli.h"

#include "cli/Commands.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace assay::cli {

namespace {

using Command = int (*)(const QStringList &, Io);

struct Subcommand {
    QLatin1StringView name;
    Command run;
    QLatin1StringView summary;
};

const QList<Subcommand> &subcommands()
{
    static const QList<Subcommand> list{
        {"outputs"_L1, &runOutputs, "list outputs with filters (table, jsonl, csv)"_L1},
        {"demo"_L1, &runDemo, "write a realistic demo log"_L1},
        {"index"_L1, &runIndex, "build or extend the text-search index"_L1},
        {"views"_L1, &runViews, "list, save or delete saved views"_L1},
        {"schema"_L1, &runSchema, "show how a log's columns are mapped"_L1},
        {"costs"_L1, &runCosts, "cost, tokens, calls and latency by period and group"_L1},
        {"budget"_L1, &runBudget, "set, list or remove monthly spend budgets"_L1},
        {"audit"_L1, &runAudit, "does the log support judging quality: what is missing, malformed or duplicated"_L1},
        {"targets"_L1, &runTargets, "quality targets per feature: set, list, remove, check (exit 4 on a breach)"_L1},
        {"prompts"_L1, &runPrompts, "list, show, diff and render prompt versions"_L1},
        {"label"_L1, &runLabel, "set or clear your reviewer label on an output"_L1},
        {"labels"_L1, &runLabels, "export reviewer labels (jsonl, csv)"_L1},
        {"review"_L1, &runReview, "create weekly review sessions and their summaries"_L1},
        {"agreement"_L1, &runAgreement, "agreement between reviewers per feature"_L1},
        {"replay"_L1, &runReplay, "replay logged inputs through prompt versions against a provider"_L1},
        {"judge"_L1, &runJudge, "blind pairwise judging of a replay run (sessions and verdicts)"_L1},
        {"compare"_L1, &runCompare, "the A/B verdict of a run or judging session, with its statistics"_L1},
        {"report"_L1, &runReport, "write the weekly report (PDF, HTML or Markdown)"_L1},
        {"checks"_L1, &runChecks, "run automatic checks over logged outputs or a replay run"_L1},
    };
    return list;
}

QString usage()
{
    QString text = u"Usage: assay [open SOURCE | COMMAND ...]\n\n"
                   "Assay browses, labels and replays the outputs your AI features log.\n"
                   "Without a command it opens the window on the last source.\n\n"
                   "Commands:\n  open SOURCE        open the window on SOURCE (a SQLite file or postgresql:// URL)\n"_s;
    for (const auto &c : subcommands())
        text += u"  %1%2\n"_s.arg(QString(c.name).leftJustified(19), c.summary);
    text += u"\nRun assay COMMAND --help for a command's options.\n"
            "Exit codes: 0 success, 2 bad arguments or unusable source, 1 anything else.\n"_s;
    return text;
}

bool looksLikeSource(const QString &arg)
{
    return arg.startsWith("postgresql://"_L1) || arg.startsWith("postgres://"_L1) || QFileInfo(arg).isFile();
}

} // namespace

bool isHeadless(const QStringList &args)
{
    if (args.size() < 2)
        return false;
    const QString first = args.at(1);
    if (first == "--version"_L1 || first == "-v"_L1 || first == "--help"_L1 || first == "-h"_L1 || first == "help"_L1)
        return true;
    for (const auto &c : subcommands()) {
        if (first == c.name)
            return true;
    }
    // "assay log.sqlite" (a file manager's "Open with") opens the window on it.
    return !looksLikeSource(first) && first != "open"_L1 && !first.startsWith(u'-');
}

Invocation runCommandLine(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const Io io{out, err};
    if (args.size() < 2)
        return Invocation{true, {}, std::nullopt};
    const QString first = args.at(1);
    if (first == "open"_L1) {
        if (args.size() != 3)
            return Invocation{false, {}, die(io, BadUsage, u"open takes one SOURCE"_s)};
        return Invocation{true, args.at(2), std::nullopt};
    }
    if (first == "--version"_L1 || first == "-v"_L1) {
        out << "assay " << ASSAY_VERSION << Qt::endl;
        return Invocation{false, {}, Ok};
    }
    if (first == "--help"_L1 || first == "-h"_L1 || first == "help"_L1) {
        out << usage();
        out.flush();
        return Invocation{false, {}, Ok};
    }
    if (looksLikeSource(first) && args.size() == 2)
        return Invocation{true, first, std::nullopt};
    for (const auto &c : subcommands()) {
        if (first == c.name) {
            QStringList rest = args.mid(2);
            rest.prepend(u"assay "_s + c.name);
            return Invocation{false, {}, c.run(rest, io)};
        }
    }
    err << usage();
    return Invocation{false, {}, die(io, BadUsage, u"unknown command \"%1\""_s.arg(first))};
}

} // namespace assay::cli

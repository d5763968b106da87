#include "cli/Commands.h"

#include "analytics/BudgetStore.h"

using namespace Qt::StringLiterals;

namespace assay::cli {

namespace {

QString budgetName(const QString &feature)
{
    return feature.isEmpty() ? u"(overall)"_s : feature;
}

} // namespace

int runBudget(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Monthly spend budgets of a source, overall or per feature, kept in its workspace. "
        "`assay costs SOURCE --check-budget` projects the month against them."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    parser.addPositionalArgument(u"action"_s, u"set USD, list (default) or remove."_s, u"[set USD|list|remove]"_s);
    addSourceOptions(parser);
    parser.addOption({u"feature"_s, u"The feature's budget (default: the overall budget)."_s, u"F"_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return die(io, BadUsage, u"budget needs a SOURCE (see assay budget --help)"_s);
    const QString action = positional.value(1, u"list"_s);
    if (action != "set"_L1 && action != "list"_L1 && action != "remove"_L1)
        return die(io, BadUsage, u"unknown budget action \"%1\" (set, list or remove)"_s.arg(action));
    const int expected = action == "set"_L1 ? 3 : 2;
    if (positional.size() > expected || (action == "set"_L1 && positional.size() < 3))
        return die(io, BadUsage, action == "set"_L1 ? u"budget set takes one amount in USD, e.g. 250"_s
                                                   : u"budget %1 takes no further arguments"_s.arg(action));
    const QString feature = parser.value(u"feature"_s).trimmed();
    if (parser.isSet(u"feature"_s) && feature.isEmpty())
        return die(io, BadUsage, u"--feature needs a feature name"_s);
    double usd = 0;
    if (action == "set"_L1) {
        QString amount = positional.at(2);
        if (amount.startsWith(u'$'))
            amount.remove(0, 1);
        bool ok = false;
        usd = amount.toDouble(&ok);
        if (!ok || !(usd > 0) || !qIsFinite(usd))
            return die(io, BadUsage, u"\"%1\" is not a positive amount of USD"_s.arg(positional.at(2)));
    }

    auto spec = sessionSpecFrom(parser, positional.first());
    if (!spec)
        return die(io, BadUsage, spec.error());
    auto session = LogSession::open(*spec);
    if (!session)
        return die(io, BadUsage, session.error());
    Workspace *ws = (*session)->workspace();
    if (!ws)
        return die(io, Failed, (*session)->workspaceError());

    if (action == "set"_L1) {
        if (auto saved = setBudget(*ws, Budget{feature, usd}); !saved)
            return die(io, Failed, saved.error());
        io.out << "budget " << budgetName(feature) << ": " << QString::number(usd, 'f', 2) << " USD a month" << Qt::endl;
        return Ok;
    }
    if (action == "remove"_L1) {
        auto removed = removeBudget(*ws, feature);
        if (!removed)
            return die(io, Failed, removed.error());
        if (!*removed)
            return die(io, Failed, u"there is no budget for %1"_s.arg(budgetName(feature)));
        io.out << "removed the budget for " << budgetName(feature) << Qt::endl;
        return Ok;
    }
    auto budgets = listBudgets(*ws);
    if (!budgets)
        return die(io, Failed, budgets.error());
    for (const Budget &b : *budgets)
        io.out << budgetName(b.feature) << "\t" << QString::number(b.monthlyUsd, 'f', 2) << "\n";
    io.out.flush();
    return Ok;
}

} // namespace assay::cli

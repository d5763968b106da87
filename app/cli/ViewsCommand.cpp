#include "cli/Commands.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace assay::cli {

int runViews(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Saved views (named filter sets) of a source: list, save NAME [filters], delete NAME."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    parser.addPositionalArgument(u"action"_s, u"list (default), save NAME or delete NAME."_s, u"[list|save|delete] [NAME]"_s);
    addSourceOptions(parser);
    addFilterOptions(parser);
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return die(io, BadUsage, u"views needs a SOURCE"_s);
    const QString action = positional.value(1, u"list"_s);
    const QString name = positional.value(2);
    if (action != "list"_L1 && name.isEmpty())
        return die(io, BadUsage, u"views %1 needs a NAME"_s.arg(action));
    if (action != "list"_L1 && action != "save"_L1 && action != "delete"_L1)
        return die(io, BadUsage, u"unknown views action \"%1\" (list, save or delete)"_s.arg(action));

    auto spec = sessionSpecFrom(parser, positional.first());
    if (!spec)
        return die(io, BadUsage, spec.error());
    auto session = LogSession::open(*spec);
    if (!session)
        return die(io, BadUsage, session.error());
    Workspace *ws = (*session)->workspace();
    if (!ws)
        return die(io, Failed, (*session)->workspaceError());

    if (action == "save"_L1) {
        auto filter = filterFrom(parser);
        if (!filter)
            return die(io, BadUsage, filter.error());
        if (auto saved = ws->saveView(name, *filter); !saved)
            return die(io, Failed, saved.error());
        io.out << "saved view \"" << name << "\"" << Qt::endl;
        return Ok;
    }
    if (action == "delete"_L1) {
        if (auto removed = ws->deleteView(name); !removed)
            return die(io, Failed, removed.error());
        return Ok;
    }
    auto views = ws->savedViews();
    if (!views)
        return die(io, Failed, views.error());
    for (const SavedView &v : *views)
        io.out << v.name << "\t" << QString::fromUtf8(QJsonDocument(v.filter.toJson()).toJson(QJsonDocument::Compact)) << "\n";
    io.out.flush();
    return Ok;
}

} // namespace assay::cli

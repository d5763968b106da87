#include "cli/Commands.h"

#include "search/SearchIndexer.h"

#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace assay::cli {

int runIndex(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Build or extend the text-search index of a log (kept in the workspace)."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    addSourceOptions(parser);
    parser.addOption({{u"q"_s, u"quiet"_s}, u"No progress on stderr."_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return die(io, BadUsage, u"index takes one SOURCE"_s);
    auto spec = sessionSpecFrom(parser, parser.positionalArguments().first());
    if (!spec)
        return die(io, BadUsage, spec.error());
    auto session = LogSession::open(*spec);
    if (!session)
        return die(io, BadUsage, session.error());
    Workspace *ws = (*session)->workspace();
    if (!ws)
        return die(io, Failed, (*session)->workspaceError());
    if (!SearchIndexer::supports((*session)->schema(), *ws))
        return die(io, BadUsage, u"the search index needs a SQLite workspace and, for a PostgreSQL log, an integer id column; without it searches scan the log"_s);

    SearchIndexer indexer((*session)->connection(), *ws, (*session)->schema());
    const bool quiet = parser.isSet(u"quiet"_s);
    QElapsedTimer clock;
    clock.start();
    auto added = indexer.catchUp([&](const SearchIndexer::Progress &p) {
        if (!quiet)
            io.err << "\rindexed " << p.indexedRows << " rows, " << p.pendingRows << " to go ("
                   << qRound64(p.rowsPerSecond) << " rows/s)   " << Qt::flush;
        return true;
    });
    if (!quiet)
        io.err << Qt::endl;
    if (!added)
        return die(io, Failed, added.error());
    const double secs = clock.elapsed() / 1000.0;
    io.out << "indexed " << *added << " new rows in " << QString::number(secs, 'f', 1) << " s";
    if (*added > 0 && secs > 0)
        io.out << " (" << qRound64(*added / secs) << " rows/s)";
    io.out << "; workspace " << ws->location() << Qt::endl;
    return Ok;
}

} // namespace assay::cli

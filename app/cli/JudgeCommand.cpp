// assay judge: blind pairwise judging sessions over a replay run, and verdicts from people.
#include "cli/Commands.h"
#include "cli/JudgeLlm.h"

#include "eval/ComparisonLoader.h"
#include "eval/ComparisonSides.h"
#include "eval/JudgingSessionStart.h"
#include "eval/JudgeRubric.h"
#include "eval/JudgingStore.h"
#include "labels/LabelStore.h"
#include "replay/ReplayRunStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <limits>

using namespace Qt::StringLiterals;

namespace assay::cli {

namespace {

// One pair as every judge sees it: the input and two outputs, nothing that tells A from B.
QString blindPairLine(const JudgingPair &pair, const ComparedPair &compared)
{
    const PairSideOutput &left = pair.aOnLeft ? compared.a : compared.b;
    const PairSideOutput &right = pair.aOnLeft ? compared.b : compared.a;
    const QJsonObject o{{u"pair_id"_s, QString::number(pair.pairNo)},
                        {u"input"_s, compared.input},
                        {u"left"_s, left.output},
                        {u"right"_s, right.output}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

int printPairs(LogSession &session, const JudgingSession &s, const QList<JudgingPair> &drawn, const PriceTable &prices, Io io)
{
    auto pairs = loadSessionPairs(*session.workspace(), session.outputs(), prices, s);
    if (!pairs)
        return die(io, Failed, pairs.error());
    for (const JudgingPair &p : drawn) {
        const ComparedPair *compared = pairs->pairForCase(p.caseNo);
        if (!compared) {
            io.err << "assay: pair " << p.pairNo << ": case " << p.caseNo << " no longer has both outputs" << Qt::endl;
            continue;
        }
        io.out << blindPairLine(p, *compared) << '\n';
    }
    io.out.flush();
    return Ok;
}

int createSession(const QCommandLineParser &parser, LogSession &session, Io io)
{
    for (const QString &required : {u"run"_s, u"a"_s, u"b"_s, u"size"_s, u"name"_s}) {
        if (!parser.isSet(required))
            return die(io, BadUsage, u"judge new needs --run RUN_ID --a SIDE --b SIDE --size N --name NAME (missing --%1)"_s.arg(required));
    }
    bool ok = false;
    const qint64 runId = parser.value(u"run"_s).toLongLong(&ok);
    if (!ok || runId <= 0)
        return die(io, BadUsage, u"--run: \"%1\" is not a run id"_s.arg(parser.value(u"run"_s)));
    const int size = parser.value(u"size"_s).toInt(&ok);
    if (!ok || size < 1 || size > 100000)
        return die(io, BadUsage, u"--size must be between 1 and 100000"_s);
    quint64 seed = 1;
    if (parser.isSet(u"seed"_s)) {
        seed = parser.value(u"seed"_s).toULongLong(&ok);
        if (!ok || seed > quint64(std::numeric_limits<qint64>::max()))
            return die(io, BadUsage, u"--seed must be a whole number below 2^63"_s);
    }
    const QString format = parser.value(u"format"_s).isEmpty() ? u"jsonl"_s : parser.value(u"format"_s);
    if (format != "jsonl"_L1 && format != "summary"_L1)
        return die(io, BadUsage, u"--format must be jsonl or summary"_s);
    Workspace &ws = *session.workspace();
    ReplayRunStore runs(ws);
    auto info = runs.run(runId);
    if (!info)
        return die(io, BadUsage, info.error());
    auto a = resolveSideOfRun(runs, *info, parser.value(u"a"_s));
    if (!a)
        return die(io, BadUsage, u"--a: "_s + a.error());
    auto b = resolveSideOfRun(runs, *info, parser.value(u"b"_s));
    if (!b)
        return die(io, BadUsage, u"--b: "_s + b.error());
    auto prices = pricesFrom(parser);
    if (!prices)
        return die(io, BadUsage, prices.error());
    auto started = startJudgingSession(ws, session.outputs(), *prices,
                                       {parser.value(u"name"_s), runId, *a, *b, size, seed, LabelStore::defaultReviewer(ws)});
    if (!started)
        return die(io, BadUsage, started.error());
    const JudgingSession &s = started->session;
    const QList<JudgingPair> &drawn = started->drawn;
    const ComparedPairs *pairs = &started->pairs;
    io.err << "judging session " << s.name << ": " << drawn.size() << " pairs drawn from " << pairs->pairs.size()
           << " (seed " << seed << "; " << pairs->excluded.total() << " cases excluded: a side failed or is missing)" << Qt::endl;
    if (format == "summary"_L1)
        return Ok;
    for (const JudgingPair &p : drawn)
        io.out << blindPairLine(p, *pairs->pairForCase(p.caseNo)) << '\n';
    io.out.flush();
    return Ok;
}

// "PAIR_ID left|right|tie [note]" per line, "saved PAIR_ID" printed (and flushed) only after
// the verdict's commit returned. A bad line is reported and skipped; the exit code says so.
int verdictLines(JudgingStore &store, const JudgingSession &s, const QString &judge, Io io)
{
    static const QRegularExpression shape(uR"(^(\S+)\s+(\S+)(?:\s+(.*))?$)"_s);
    return handleInputLines(io, [&](const QString &line) -> Result<QString> {
        const QRegularExpressionMatch m = shape.match(line);
        if (!m.hasMatch())
            return fail(u"expected \"PAIR_ID left|right|tie [note]\""_s);
        bool ok = false;
        const int pairNo = m.captured(1).toInt(&ok);
        if (!ok)
            return fail(u"\"%1\" is not a pair id of session %2"_s.arg(m.captured(1), s.name));
        const auto choice = pairChoiceFromName(m.captured(2));
        if (!choice)
            return fail(u"\"%1\" is not left, right or tie"_s.arg(m.captured(2)));
        if (auto saved = store.record(s.name, pairNo, judge, *choice, m.captured(3).trimmed()); !saved)
            return fail(saved.error());
        return QString::number(pairNo);
    });
}

int listSessions(JudgingStore &store, Io io)
{
    auto sessions = store.sessions();
    if (!sessions)
        return die(io, Failed, sessions.error());
    QList<QStringList> table{{u"name"_s, u"run"_s, u"a"_s, u"b"_s, u"seed"_s, u"pairs"_s, u"verdicts"_s}};
    for (const JudgingSession &s : *sessions) {
        auto verdicts = store.currentVerdicts(s.name);
        table << QStringList{s.name, QString::number(s.runId), s.sideA, s.sideB, QString::number(s.seed),
                             QString::number(s.size), verdicts ? QString::number(verdicts->size()) : u"?"_s};
    }
    printTable(io.out, table, 4);
    return Ok;
}

} // namespace

int runJudge(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Blind pairwise judging of a replay run.\n"
        "  judge SOURCE new --run RUN_ID --a SIDE --b SIDE --size N [--seed S] --name NAME\n"
        "      draws the pairs and prints them as judges see them (pair_id, input, left, right)\n"
        "  judge SOURCE NAME --stdin [--judge WHO]   lines \"PAIR_ID left|right|tie [note]\"\n"
        "  judge SOURCE NAME --llm --provider P --model M [--base-url URL] [--rubric FILE] [--budget USD] [--dry-run]\n"
        "      the judge model: every pair twice, positions swapped; a rerun resumes\n"
        "  judge SOURCE NAME                         prints the session's pairs again\n"
        "  judge SOURCE list                         the sessions and how many verdicts each has\n"
        "A SIDE is baseline, a target's number (1, 2, ...) or its label."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    parser.addPositionalArgument(u"what"_s, u"new, list, or a session name."_s);
    addSourceOptions(parser);
    parser.addOption({u"run"_s, u"The replay run to judge."_s, u"id"_s});
    parser.addOption({u"a"_s, u"Side A (usually the baseline)."_s, u"side"_s});
    parser.addOption({u"b"_s, u"Side B (the candidate); RUN:SIDE names a target of another run over the same saved dataset."_s, u"side"_s});
    parser.addOption({u"size"_s, u"How many pairs to draw."_s, u"n"_s});
    parser.addOption({u"seed"_s, u"Seed of the draw and of left/right (default 1)."_s, u"s"_s});
    parser.addOption({u"name"_s, u"The new session's name."_s, u"name"_s});
    parser.addOption({u"format"_s, u"For new: jsonl (default) or summary; with --llm: table (default) or json."_s, u"f"_s});
    parser.addOption({u"stdin"_s, u"Read verdicts from standard input; print \"saved PAIR_ID\" after each durable save."_s});
    parser.addOption({u"judge"_s, u"Who judges (default: the OS user; the database role in a PostgreSQL workspace)."_s, u"who"_s});
    parser.addOption({u"prices"_s, u"A price file over the built-in list prices."_s, u"file"_s});
    addJudgeLlmOptions(parser);
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    if (parser.isSet(u"print-rubric"_s)) {
        io.out << JudgeRubric::builtIn().text();
        io.out.flush();
        return Ok;
    }
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2)
        return die(io, BadUsage, u"judge takes SOURCE and new, list or a session name (see --help)"_s);
    auto session = openWithWorkspace(parser, pos.first(), io, code);
    if (!session)
        return code;
    Workspace &ws = *session->workspace();
    JudgingStore store(ws);
    if (pos.at(1) == "new"_L1)
        return createSession(parser, *session, io);
    if (pos.at(1) == "list"_L1)
        return listSessions(store, io);
    auto s = store.session(pos.at(1));
    if (!s)
        return die(io, BadUsage, s.error());
    if (parser.isSet(u"llm"_s)) {
        if (parser.isSet(u"stdin"_s))
            return die(io, BadUsage, u"--llm and --stdin both give verdicts: choose one"_s);
        return judgeWithModel(parser, pos.first(), *session, *s, io);
    }
    if (parser.isSet(u"stdin"_s)) {
        const QString judge = parser.isSet(u"judge"_s) ? parser.value(u"judge"_s).trimmed() : LabelStore::defaultReviewer(ws);
        if (judge.isEmpty())
            return die(io, BadUsage, u"--judge needs a name"_s);
        return verdictLines(store, *s, judge, io);
    }
    auto drawn = store.pairs(s->name);
    if (!drawn)
        return die(io, Failed, drawn.error());
    auto prices = pricesFrom(parser);
    if (!prices)
        return die(io, BadUsage, prices.error());
    return printPairs(*session, *s, *drawn, *prices, io);
}

} // namespace assay::cli

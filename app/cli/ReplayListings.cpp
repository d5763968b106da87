#include "cli/ReplayListings.h"

#include "export/OutputExport.h"
#include "replay/ReplayDatasets.h"
#include "schema/TimestampCodec.h"
#include "util/Money.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace assay::cli {

namespace {

Result<qint64> runIdFrom(const QString &text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id < 1)
        return fail(u"\"%1\" is not a replay run id (see assay replay SOURCE runs)"_s.arg(text));
    return id;
}

} // namespace

Result<OpenedReplayRun> openReplayRun(const QCommandLineParser &parser, const QString &source, const QString &idText)
{
    auto runId = runIdFrom(idText);
    if (!runId)
        return fail(runId.error());
    auto spec = sessionSpecFrom(parser, source);
    if (!spec)
        return fail(spec.error());
    auto ws = Workspace::open(spec->source, spec->workspace);
    if (!ws)
        return fail(ws.error());
    auto info = ReplayRunStore(**ws).run(*runId);
    if (!info)
        return fail(info.error());
    OpenedReplayRun opened;
    opened.spec = *spec;
    opened.workspace = std::move(*ws);
    opened.runId = *runId;
    opened.info = *info;
    return opened;
}

QJsonObject tallyJson(const ReplayTally &t)
{
    return {{u"calls"_s, t.calls},           {u"ok"_s, t.ok},
            {u"failed"_s, t.failed},         {u"render_errors"_s, t.renderErrors},
            {u"pending"_s, t.pending()},     {u"from_cache"_s, t.fromCache},
            {u"input_tokens"_s, t.inputTokens}, {u"output_tokens"_s, t.outputTokens},
            {u"cache_read_tokens"_s, t.cacheReadTokens}, {u"cache_write_tokens"_s, t.cacheWriteTokens},
            {u"cost_usd"_s, t.costUsd},      {u"spent_usd"_s, t.spentUsd}};
}

int listResults(const QCommandLineParser &parser, const QString &source, const QString &idText, Io io)
{
    const QString format = parser.value(u"format"_s).isEmpty() ? u"jsonl"_s : parser.value(u"format"_s);
    if (format != "jsonl"_L1 && format != "csv"_L1)
        return die(io, BadUsage, u"--format must be jsonl or csv"_s);
    auto opened = openReplayRun(parser, source, idText);
    if (!opened)
        return die(io, BadUsage, opened.error());
    const qint64 *runId = &opened->runId;
    const std::optional<ReplayRunInfo> info = opened->info;
    ReplayRunStore store(*opened->workspace);
    static const QStringList columns{u"output_id"_s,  u"target"_s,     u"status"_s,      u"output"_s,
                                     u"input_tokens"_s, u"output_tokens"_s, u"cost"_s, u"latency_ms"_s,
                                     u"attempts"_s,   u"error"_s,      u"from_cache"_s,  u"request_id"_s};
    if (format == "csv"_L1)
        io.out << columns.join(u',') << "\r\n";
    auto walked = store.forEachResult(*runId, [&](const ReplayResult &r) {
        const QString target = r.targetNo < info->spec.targets.size() ? info->spec.targets.at(r.targetNo).label() : QString();
        if (format == "jsonl"_L1) {
            QJsonObject o{{u"output_id"_s, r.outputKey},
                          {u"target"_s, target},
                          {u"status"_s, replayResultStatusName(r.status)},
                          {u"output"_s, r.status == ReplayResultStatus::Ok ? QJsonValue(r.output) : QJsonValue()},
                          {u"input_tokens"_s, r.inputTokens},
                          {u"output_tokens"_s, r.outputTokens},
                          {u"cost"_s, r.costUsd ? QJsonValue(*r.costUsd) : QJsonValue()},
                          {u"latency_ms"_s, r.latencyMs},
                          {u"attempts"_s, r.attempts},
                          {u"error"_s, r.error.isEmpty() ? QJsonValue() : QJsonValue(r.error)},
                          {u"from_cache"_s, r.fromCache},
                          {u"request_id"_s, r.requestId.isEmpty() ? QJsonValue() : QJsonValue(r.requestId)}};
            io.out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) << "\n";
        } else {
            const QStringList cells{r.outputKey, target, replayResultStatusName(r.status), r.output,
                                    QString::number(r.inputTokens), QString::number(r.outputTokens),
                                    r.costUsd ? QString::number(*r.costUsd, 'f', 8) : QString(),
                                    QString::number(r.latencyMs), QString::number(r.attempts), r.error,
                                    r.fromCache ? u"1"_s : u"0"_s, r.requestId};
            QStringList quoted;
            for (const QString &cell : cells)
                quoted << csvField(cell);
            io.out << quoted.join(u',') << "\r\n";
        }
        return io.out.status() == QTextStream::Ok;
    });
    io.out.flush();
    if (!walked)
        return die(io, Failed, walked.error());
    return Ok;
}

int listRuns(const QCommandLineParser &parser, const QString &source, Io io)
{
    const QString format = parser.value(u"format"_s).isEmpty() ? u"table"_s : parser.value(u"format"_s);
    if (format != "table"_L1 && format != "json"_L1)
        return die(io, BadUsage, u"--format must be table or json"_s);
    auto spec = sessionSpecFrom(parser, source);
    if (!spec)
        return die(io, BadUsage, spec.error());
    auto ws = Workspace::open(spec->source, spec->workspace);
    if (!ws)
        return die(io, BadUsage, ws.error());
    ReplayRunStore store(**ws);
    auto runs = store.runs();
    if (!runs)
        return die(io, Failed, runs.error());
    QJsonArray json;
    QList<QStringList> table{{u"id"_s, u"created_at"_s, u"status"_s, u"calls"_s, u"ok"_s, u"failed"_s, u"pending"_s,
                              u"spent"_s, u"targets"_s}};
    for (const ReplayRunInfo &run : *runs) {
        auto tally = store.tally(run.id);
        if (!tally)
            return die(io, Failed, tally.error());
        QStringList labels;
        for (const ReplayTarget &t : run.spec.targets)
            labels << t.label();
        QJsonObject o = tallyJson(*tally);
        o[u"id"_s] = run.id;
        o[u"created_at"_s] = toIsoUtc(run.createdAt);
        o[u"created_by"_s] = run.createdBy;
        o[u"status"_s] = replayRunStatusName(run.status);
        o[u"targets"_s] = QJsonArray::fromStringList(labels);
        o[u"estimate"_s] = run.estimate.toJson();
        json.append(o);
        table << QStringList{QString::number(run.id), toIsoUtc(run.createdAt), replayRunStatusName(run.status),
                             QString::number(tally->calls), QString::number(tally->ok),
                             QString::number(tally->failed + tally->renderErrors), QString::number(tally->pending()),
                             formatUsd(tally->spentUsd), labels.join(u"; "_s)};
    }
    if (format == "json"_L1) {
        io.out << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
    } else {
        printTable(io.out, table, 3);
    }
    io.out.flush();
    return Ok;
}

int listDatasets(const QCommandLineParser &parser, const QString &source, Io io)
{
    auto spec = sessionSpecFrom(parser, source);
    if (!spec)
        return die(io, BadUsage, spec.error());
    auto ws = Workspace::open(spec->source, spec->workspace);
    if (!ws)
        return die(io, BadUsage, ws.error());
    ReplayDatasets sets(**ws);
    auto names = sets.names();
    if (!names)
        return die(io, Failed, names.error());
    for (const QString &name : *names) {
        auto keys = sets.outputKeys(name);
        if (!keys)
            return die(io, Failed, keys.error());
        io.out << name << "\t" << keys->size() << "\n";
    }
    io.out.flush();
    return Ok;
}

} // namespace assay::cli

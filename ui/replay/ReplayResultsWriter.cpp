#include "replay/ReplayResultsWriter.h"

#include "export/OutputExport.h"
#include "replay/ReplayRunStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QByteArray jsonLine(const ReplayResult &r, const QString &target)
{
    const QJsonObject o{{u"output_id"_s, r.outputKey},
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
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray csvLine(const QStringList &cells)
{
    QStringList quoted;
    for (const QString &cell : cells)
        quoted << csvField(cell);
    return quoted.join(u',').toUtf8() + "\r\n";
}

} // namespace

Result<qint64> writeReplayResults(ReplayRunStore &store, qint64 runId, const QString &path, const QString &format)
{
    if (format != "jsonl"_L1 && format != "csv"_L1)
        return fail(u"unknown export format \"%1\": use jsonl or csv"_s.arg(format));
    auto info = store.run(runId);
    if (!info)
        return fail(info.error());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    const bool csv = format == "csv"_L1;
    if (csv)
        file.write(csvLine({u"output_id"_s, u"target"_s, u"status"_s, u"output"_s, u"input_tokens"_s, u"output_tokens"_s,
                            u"cost"_s, u"latency_ms"_s, u"attempts"_s, u"error"_s, u"from_cache"_s, u"request_id"_s}));
    qint64 records = 0;
    bool writeFailed = false;
    auto walked = store.forEachResult(runId, [&](const ReplayResult &r) {
        const QString target = r.targetNo < info->spec.targets.size() ? info->spec.targets.at(r.targetNo).label() : QString();
        const QByteArray line =
            csv ? csvLine({r.outputKey, target, replayResultStatusName(r.status), r.output, QString::number(r.inputTokens),
                           QString::number(r.outputTokens), r.costUsd ? QString::number(*r.costUsd, 'f', 8) : QString(),
                           QString::number(r.latencyMs), QString::number(r.attempts), r.error,
                           r.fromCache ? u"1"_s : u"0"_s, r.requestId})
                : jsonLine(r, target);
        if (file.write(line) != line.size()) {
            writeFailed = true;
            return false;
        }
        ++records;
        return true;
    });
    if (!walked)
        return fail(walked.error());
    if (writeFailed || !file.commit())
        return fail(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    return records;
}

} // namespace assay

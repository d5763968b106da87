#include "replay/ReplayComparison.h"

#include "browse/OutputsRepository.h"
#include "pricing/RecordCost.h"
#include "replay/ReplayRunStore.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

std::optional<qint64> optionalInt(const OutputRecord &record, LogField field)
{
    const QVariant v = record.value(field);
    if (v.isNull() || !v.isValid())
        return std::nullopt;
    bool ok = false;
    const qint64 n = v.toLongLong(&ok);
    return ok ? std::optional<qint64>(n) : std::nullopt;
}

ReplayBaseline baselineOf(OutputsRepository &outputs, const PriceTable &prices, const QString &key, qint64 maxChars)
{
    ReplayBaseline b;
    const LogSchema &schema = outputs.schema();
    QVariant logKey = key;
    if (schema.idIsRowid || schema.idIsInteger) {
        bool ok = false;
        logKey = key.toLongLong(&ok);
        if (!ok) {
            b.error = u"\"%1\" is not an id of this log"_s.arg(key);
            return b;
        }
    }
    auto record = outputs.fetchRecord(logKey, maxChars);
    if (!record) {
        b.error = record.error();
        return b;
    }
    b.input = record->value(LogField::Input).toString().left(maxChars);
    b.output = record->value(LogField::Output).toString();
    b.feature = record->value(LogField::Feature).toString();
    b.inputTokens = optionalInt(*record, LogField::InputTokens);
    b.outputTokens = optionalInt(*record, LogField::OutputTokens);
    b.latencyMs = optionalInt(*record, LogField::LatencyMs);
    const RecordCost cost = costOfRecord(*record, prices);
    if (cost.hasCost())
        b.costUsd = cost.usd;
    return b;
}

} // namespace

Result<ReplayComparison> loadReplayComparison(ReplayRunStore &store, OutputsRepository &outputs, const PriceTable &prices,
                                              qint64 runId, qint64 maxTextChars)
{
    auto info = store.run(runId);
    if (!info)
        return fail(info.error());
    ReplayComparison comparison;
    comparison.runId = runId;
    comparison.targets = info->spec.targets;
    const qsizetype targetCount = comparison.targets.size();
    auto walked = store.forEachResult(runId, [&](const ReplayResult &r) {
        if (comparison.rows.isEmpty() || comparison.rows.last().caseNo != r.caseNo) {
            ReplayComparisonRow row;
            row.caseNo = r.caseNo;
            row.outputKey = r.outputKey;
            for (qsizetype t = 0; t < targetCount; ++t) {
                ReplayResult pending;
                pending.caseNo = r.caseNo;
                pending.targetNo = static_cast<int>(t);
                pending.outputKey = r.outputKey;
                row.results << pending;
            }
            comparison.rows << row;
        }
        ReplayResult kept = r;
        if (kept.output.size() > maxTextChars)
            kept.output.truncate(maxTextChars);
        if (r.targetNo >= 0 && r.targetNo < targetCount)
            comparison.rows.last().results[r.targetNo] = kept;
        return true;
    });
    if (!walked)
        return fail(walked.error());
    for (ReplayComparisonRow &row : comparison.rows)
        row.baseline = baselineOf(outputs, prices, row.outputKey, maxTextChars);
    return comparison;
}

std::optional<qint64> tokenDelta(const ReplayResult &result, const ReplayBaseline &baseline)
{
    if (result.status != ReplayResultStatus::Ok || !baseline.outputTokens)
        return std::nullopt;
    return result.outputTokens - *baseline.outputTokens;
}

std::optional<double> costDelta(const ReplayResult &result, const ReplayBaseline &baseline)
{
    if (result.status != ReplayResultStatus::Ok || !result.costUsd || !baseline.costUsd)
        return std::nullopt;
    return *result.costUsd - *baseline.costUsd;
}

std::optional<qint64> latencyDelta(const ReplayResult &result, const ReplayBaseline &baseline)
{
    // A cached answer's latency is the original call's; still a fair comparison with the log.
    if (result.status != ReplayResultStatus::Ok || !baseline.latencyMs)
        return std::nullopt;
    return result.latencyMs - *baseline.latencyMs;
}

} // namespace assay

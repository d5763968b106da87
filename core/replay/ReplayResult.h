#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

namespace assay {

// What became of one case for one target, as the workspace keeps it.
enum class ReplayResultStatus {
    Ok,          // the model answered
    Failed,      // the call failed after the backend's retries (the error says why)
    RenderError, // the prompt could not be rendered from the logged input: nothing was sent
    Pending,     // no result yet (only in listings of a run that has not finished)
};

QString replayResultStatusName(ReplayResultStatus status); // "ok", "failed", "render_error", "pending"
std::optional<ReplayResultStatus> replayResultStatusFromName(QStringView name);

struct ReplayResult {
    int caseNo = 0;
    int targetNo = 0;
    QString outputKey; // the logged output the case replays
    ReplayResultStatus status = ReplayResultStatus::Pending;
    QString output;
    qint64 inputTokens = 0; // uncached input, as ReplayCallResult reports it
    qint64 outputTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;
    std::optional<double> costUsd; // of the usage at list prices; none when the model has no price
    qint64 latencyMs = 0;
    int attempts = 0; // 0: answered from the response cache, nothing was sent
    int httpStatus = 0;
    QString requestId;
    QString stopReason;
    QString error;
    bool fromCache = false;
    QDateTime completedAt;
};

} // namespace assay

Q_DECLARE_METATYPE(assay::ReplayResult)

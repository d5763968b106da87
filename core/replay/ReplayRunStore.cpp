#include "replay/ReplayRunStore.h"

#include "util/SqlErrorText.h"

#include "replay/ReplayPlan.h"
#include "replay/ReplayRunWriter.h"
#include "workspace/Workspace.h"

#include <QJsonDocument>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QDateTime readTime(const QVariant &v)
{
    return v.metaType() == QMetaType::fromType<QDateTime>() ? v.toDateTime().toUTC()
                                                            : QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toUTC();
}

QVariant optionalCost(const std::optional<double> &usd)
{
    return usd ? QVariant(*usd) : QVariant(QMetaType::fromType<double>());
}

} // namespace

QString replayRunStatusName(ReplayRunStatus status)
{
    switch (status) {
    case ReplayRunStatus::Running:
        return u"running"_s;
    case ReplayRunStatus::Paused:
        return u"paused"_s;
    case ReplayRunStatus::Done:
        return u"done"_s;
    case ReplayRunStatus::Budget:
        return u"budget"_s;
    case ReplayRunStatus::Cancelled:
        return u"cancelled"_s;
    case ReplayRunStatus::SpendLimit:
        return u"spend_limit"_s;
    case ReplayRunStatus::Failed:
        return u"failed"_s;
    }
    return {};
}

std::optional<ReplayRunStatus> replayRunStatusFromName(QStringView name)
{
    for (ReplayRunStatus s : {ReplayRunStatus::Running, ReplayRunStatus::Paused, ReplayRunStatus::Done,
                              ReplayRunStatus::Budget, ReplayRunStatus::Cancelled, ReplayRunStatus::SpendLimit,
                              ReplayRunStatus::Failed}) {
        if (name == replayRunStatusName(s))
            return s;
    }
    return std::nullopt;
}

ReplayRunStore::ReplayRunStore(Workspace &workspace)
    : m_ws(workspace), m_insertResult(workspace.db()), m_selectPrompt(workspace.db())
{
}

QString ReplayRunStore::table(const QString &name) const
{
    return m_ws.table(name);
}

QVariant ReplayRunStore::timestamp(const QDateTime &when) const
{
    return m_ws.dialect() == SqlDialect::PostgreSQL ? QVariant(when.toUTC())
                                                   : QVariant(when.toUTC().toString(Qt::ISODateWithMs));
}

Result<qint64> ReplayRunStore::createRun(const ReplaySpec &spec, const ReplayPlan &plan, const QString &source,
                                         const QString &createdBy)
{
    auto writer = ReplayRunWriter::begin(m_ws, spec, source, createdBy);
    if (!writer)
        return fail(writer.error());
    for (const PlannedCase &c : plan.cases) {
        if (auto added = (*writer)->add(c); !added)
            return fail(added.error());
    }
    if (auto committed = (*writer)->commit(plan); !committed)
        return fail(committed.error());
    return (*writer)->runId();
}

Result<ReplayRunInfo> ReplayRunStore::run(qint64 runId)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"SELECT id, created_at, created_by, source, spec, status FROM %1 WHERE id = ?"_s.arg(table(u"replay_runs"_s)));
    q.addBindValue(runId);
    if (!q.exec())
        return fail(u"cannot read replay run %1: %2"_s.arg(runId).arg(sqlErrorText(q)));
    if (!q.next())
        return fail(u"there is no replay run %1 in this workspace"_s.arg(runId));
    ReplayRunInfo info;
    info.id = q.value(0).toLongLong();
    info.createdAt = readTime(q.value(1));
    info.createdBy = q.value(2).toString();
    info.source = q.value(3).toString();
    const QJsonObject spec = QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object();
    info.spec = ReplaySpec::fromJson(spec);
    info.estimate = ReplayEstimate::fromJson(spec.value(u"estimate"_s).toObject());
    info.status = replayRunStatusFromName(q.value(5).toString()).value_or(ReplayRunStatus::Failed);
    return info;
}

Result<QList<ReplayRunInfo>> ReplayRunStore::runs()
{
    QSqlQuery q(m_ws.db());
    if (!q.exec(u"SELECT id FROM %1 ORDER BY id DESC"_s.arg(table(u"replay_runs"_s))))
        return fail(u"cannot list replay runs: %1"_s.arg(sqlErrorText(q)));
    QList<qint64> ids;
    while (q.next())
        ids << q.value(0).toLongLong();
    QList<ReplayRunInfo> list;
    for (qint64 id : ids) {
        auto info = run(id);
        if (!info)
            return fail(info.error());
        list << *info;
    }
    return list;
}

Result<void> ReplayRunStore::setStatus(qint64 runId, ReplayRunStatus status)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"UPDATE %1 SET status = ?, updated_at = ? WHERE id = ?"_s.arg(table(u"replay_runs"_s)));
    q.addBindValue(replayRunStatusName(status));
    q.addBindValue(timestamp(QDateTime::currentDateTimeUtc()));
    q.addBindValue(runId);
    if (!q.exec() || q.numRowsAffected() != 1)
        return fail(u"cannot record the status of replay run %1: %2"_s.arg(runId).arg(sqlErrorText(q)));
    return {};
}

Result<QList<PendingCall>> ReplayRunStore::pendingCalls(qint64 runId)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"SELECT c.case_no, c.target_no, c.output_key, c.est_cost_usd FROM %1 c WHERE c.run_id = ? AND NOT EXISTS "
              "(SELECT 1 FROM %2 r WHERE r.run_id = c.run_id AND r.case_no = c.case_no AND r.target_no = c.target_no) "
              "ORDER BY c.case_no, c.target_no"_s.arg(table(u"replay_cases"_s), table(u"replay_results"_s)));
    q.addBindValue(runId);
    if (!q.exec())
        return fail(u"cannot read the cases of replay run %1: %2"_s.arg(runId).arg(sqlErrorText(q)));
    QList<PendingCall> pending;
    while (q.next()) {
        PendingCall p{q.value(0).toInt(), q.value(1).toInt(), q.value(2).toString(), std::nullopt};
        if (!q.value(3).isNull())
            p.estCostUsd = q.value(3).toDouble();
        pending << p;
    }
    return pending;
}

Result<QString> ReplayRunStore::renderedPrompt(qint64 runId, int caseNo, int targetNo)
{
    if (m_selectPrompt.lastQuery().isEmpty()
        && !m_selectPrompt.prepare(u"SELECT rendered_prompt FROM %1 WHERE run_id = ? AND case_no = ? AND target_no = ?"_s.arg(
            table(u"replay_cases"_s))))
        return fail(u"cannot read the cases of replay run %1: %2"_s.arg(runId).arg(sqlErrorText(m_selectPrompt)));
    m_selectPrompt.addBindValue(runId);
    m_selectPrompt.addBindValue(caseNo);
    m_selectPrompt.addBindValue(targetNo);
    if (!m_selectPrompt.exec() || !m_selectPrompt.next())
        return fail(u"cannot read case %1 of replay run %2: %3"_s.arg(caseNo).arg(runId).arg(sqlErrorText(m_selectPrompt)));
    QString prompt = m_selectPrompt.value(0).toString();
    m_selectPrompt.finish();
    return prompt;
}

Result<void> ReplayRunStore::saveResult(qint64 runId, const ReplayResult &r)
{
    if (m_insertResult.lastQuery().isEmpty()
        && !m_insertResult.prepare(
            u"INSERT INTO %1 (run_id, case_no, target_no, status, output, input_tokens, output_tokens, cache_read_tokens, "
            "cache_write_tokens, cost_usd, latency_ms, attempts, http_status, request_id, stop_reason, error, from_cache, "
            "completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(table(u"replay_results"_s))))
        return fail(u"cannot store replay results: %1"_s.arg(sqlErrorText(m_insertResult)));
    const QDateTime completed = r.completedAt.isValid() ? r.completedAt : QDateTime::currentDateTimeUtc();
    for (const QVariant &v : {QVariant(runId), QVariant(r.caseNo), QVariant(r.targetNo),
                              QVariant(replayResultStatusName(r.status)), QVariant(r.output), QVariant(r.inputTokens),
                              QVariant(r.outputTokens), QVariant(r.cacheReadTokens), QVariant(r.cacheWriteTokens),
                              optionalCost(r.costUsd), QVariant(r.latencyMs), QVariant(r.attempts), QVariant(r.httpStatus),
                              QVariant(r.requestId), QVariant(r.stopReason), QVariant(r.error),
                              QVariant(r.fromCache ? 1 : 0), timestamp(completed)})
        m_insertResult.addBindValue(v);
    if (!m_insertResult.exec())
        return fail(u"cannot store the result of case %1 of replay run %2: %3"_s.arg(r.caseNo).arg(runId).arg(
            sqlErrorText(m_insertResult)));
    return {};
}

Result<qint64> ReplayRunStore::reopenFailed(qint64 runId)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"DELETE FROM %1 WHERE run_id = ? AND status = ?"_s.arg(table(u"replay_results"_s)));
    q.addBindValue(runId);
    q.addBindValue(replayResultStatusName(ReplayResultStatus::Failed));
    if (!q.exec())
        return fail(u"cannot reopen the failed calls of replay run %1: %2"_s.arg(runId).arg(sqlErrorText(q)));
    return static_cast<qint64>(q.numRowsAffected());
}

Result<ReplayTally> ReplayRunStore::tally(qint64 runId)
{
    ReplayTally t;
    QSqlQuery q(m_ws.db());
    q.prepare(u"SELECT count(*) FROM %1 WHERE run_id = ?"_s.arg(table(u"replay_cases"_s)));
    q.addBindValue(runId);
    if (!q.exec() || !q.next())
        return fail(u"cannot count the cases of replay run %1: %2"_s.arg(runId).arg(sqlErrorText(q)));
    t.calls = q.value(0).toLongLong();
    q.prepare(u"SELECT status, from_cache, count(*), sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), "
              "sum(cache_write_tokens), sum(cost_usd), sum(latency_ms), sum(CASE WHEN cost_usd IS NULL THEN 1 ELSE 0 END) "
              "FROM %1 WHERE run_id = ? GROUP BY status, from_cache"_s.arg(table(u"replay_results"_s)));
    q.addBindValue(runId);
    if (!q.exec())
        return fail(u"cannot count the results of replay run %1: %2"_s.arg(runId).arg(sqlErrorText(q)));
    while (q.next()) {
        const auto status = replayResultStatusFromName(q.value(0).toString());
        const bool cached = q.value(1).toInt() != 0;
        const qint64 n = q.value(2).toLongLong();
        if (status == ReplayResultStatus::RenderError) {
            t.renderErrors += n;
            continue;
        }
        (status == ReplayResultStatus::Ok ? t.ok : t.failed) += n;
        if (cached)
            t.fromCache += n;
        t.inputTokens += q.value(3).toLongLong();
        t.outputTokens += q.value(4).toLongLong();
        t.cacheReadTokens += q.value(5).toLongLong();
        t.cacheWriteTokens += q.value(6).toLongLong();
        t.costUsd += q.value(7).toDouble();
        if (!cached) {
            t.spentUsd += q.value(7).toDouble();
            t.latencyMs += q.value(8).toLongLong();
        }
        t.unpriced += q.value(9).toLongLong();
    }
    return t;
}

Result<void> ReplayRunStore::forEachResult(qint64 runId, const std::function<bool(const ReplayResult &)> &visit)
{
    QSqlQuery q(m_ws.db());
    q.setForwardOnly(true);
    q.prepare(u"SELECT c.case_no, c.target_no, c.output_key, r.status, r.output, r.input_tokens, r.output_tokens, "
              "r.cache_read_tokens, r.cache_write_tokens, r.cost_usd, r.latency_ms, r.attempts, r.http_status, "
              "r.request_id, r.stop_reason, r.error, r.from_cache, r.completed_at FROM %1 c LEFT JOIN %2 r "
              "ON r.run_id = c.run_id AND r.case_no = c.case_no AND r.target_no = c.target_no "
              "WHERE c.run_id = ? ORDER BY c.case_no, c.target_no"_s.arg(table(u"replay_cases"_s), table(u"replay_results"_s)));
    q.addBindValue(runId);
    if (!q.exec())
        return fail(u"cannot read the results of replay run %1: %2"_s.arg(runId).arg(sqlErrorText(q)));
    while (q.next()) {
        ReplayResult r;
        r.caseNo = q.value(0).toInt();
        r.targetNo = q.value(1).toInt();
        r.outputKey = q.value(2).toString();
        r.status = q.value(3).isNull() ? ReplayResultStatus::Pending
                                       : replayResultStatusFromName(q.value(3).toString()).value_or(ReplayResultStatus::Failed);
        r.output = q.value(4).toString();
        r.inputTokens = q.value(5).toLongLong();
        r.outputTokens = q.value(6).toLongLong();
        r.cacheReadTokens = q.value(7).toLongLong();
        r.cacheWriteTokens = q.value(8).toLongLong();
        if (!q.value(9).isNull())
            r.costUsd = q.value(9).toDouble();
        r.latencyMs = q.value(10).toLongLong();
        r.attempts = q.value(11).toInt();
        r.httpStatus = q.value(12).toInt();
        r.requestId = q.value(13).toString();
        r.stopReason = q.value(14).toString();
        r.error = q.value(15).toString();
        r.fromCache = q.value(16).toInt() != 0;
        if (!q.value(17).isNull())
            r.completedAt = readTime(q.value(17));
        if (!visit(r))
            break;
    }
    return {};
}

} // namespace assay

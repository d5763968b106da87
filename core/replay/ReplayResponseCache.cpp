#include "replay/ReplayResponseCache.h"

#include "util/SqlErrorText.h"

#include "workspace/Workspace.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace assay {

QString replayCacheKey(const ReplayTarget &target, const ReplayCall &call)
{
    QJsonObject parameters{{u"max_tokens"_s, call.maxTokens}};
    if (call.temperature)
        parameters[u"temperature"_s] = *call.temperature;
    const QJsonArray identity{target.provider, target.baseUrl, call.model, parameters, call.system, call.prompt};
    return QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(identity).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256).toHex());
}

ReplayResponseCache::ReplayResponseCache(Workspace &workspace) : m_ws(workspace), m_find(workspace.db()), m_store(workspace.db())
{
}

Result<void> ReplayResponseCache::prepare()
{
    if (m_prepared)
        return {};
    const QString table = m_ws.table(u"replay_cache"_s);
    if (!m_find.prepare(u"SELECT output, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, latency_ms, "
                        "request_id, stop_reason FROM %1 WHERE cache_key = ?"_s.arg(table)))
        return fail(u"cannot read the response cache: %1"_s.arg(sqlErrorText(m_find)));
    if (!m_store.prepare(u"INSERT INTO %1 (cache_key, provider, model, output, input_tokens, output_tokens, "
                         "cache_read_tokens, cache_write_tokens, latency_ms, request_id, stop_reason, created_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cache_key) DO UPDATE SET "
                         "output = excluded.output, input_tokens = excluded.input_tokens, "
                         "output_tokens = excluded.output_tokens, cache_read_tokens = excluded.cache_read_tokens, "
                         "cache_write_tokens = excluded.cache_write_tokens, latency_ms = excluded.latency_ms, "
                         "request_id = excluded.request_id, stop_reason = excluded.stop_reason, "
                         "created_at = excluded.created_at"_s.arg(table)))
        return fail(u"cannot write the response cache: %1"_s.arg(sqlErrorText(m_store)));
    m_prepared = true;
    return {};
}

Result<std::optional<ReplayCallResult>> ReplayResponseCache::find(const QString &key)
{
    if (auto ready = prepare(); !ready)
        return fail(ready.error());
    m_find.addBindValue(key);
    if (!m_find.exec())
        return fail(u"cannot read the response cache: %1"_s.arg(sqlErrorText(m_find)));
    if (!m_find.next())
        return std::optional<ReplayCallResult>();
    ReplayCallResult r;
    r.status = ReplayCallStatus::Ok;
    r.output = m_find.value(0).toString();
    r.inputTokens = m_find.value(1).toLongLong();
    r.outputTokens = m_find.value(2).toLongLong();
    r.cacheReadTokens = m_find.value(3).toLongLong();
    r.cacheWriteTokens = m_find.value(4).toLongLong();
    r.latencyMs = m_find.value(5).toLongLong();
    r.requestId = m_find.value(6).toString();
    r.stopReason = m_find.value(7).toString();
    m_find.finish();
    return std::optional<ReplayCallResult>(r);
}

Result<void> ReplayResponseCache::store(const QString &key, const ReplayTarget &target, const ReplayCallResult &result)
{
    if (result.status != ReplayCallStatus::Ok)
        return {};
    if (auto ready = prepare(); !ready)
        return fail(ready.error());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QVariant &v : {QVariant(key), QVariant(target.provider), QVariant(target.model), QVariant(result.output),
                              QVariant(result.inputTokens), QVariant(result.outputTokens), QVariant(result.cacheReadTokens),
                              QVariant(result.cacheWriteTokens), QVariant(result.latencyMs), QVariant(result.requestId),
                              QVariant(result.stopReason),
                              m_ws.dialect() == SqlDialect::PostgreSQL ? QVariant(now) : QVariant(now.toString(Qt::ISODateWithMs))})
        m_store.addBindValue(v);
    if (!m_store.exec())
        return fail(u"cannot write the response cache: %1"_s.arg(sqlErrorText(m_store)));
    return {};
}

} // namespace assay

#include "targets/TargetStore.h"

#include "util/SqlErrorText.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// '' binds as an empty string, never NULL (a NULL would match nothing in the key).
QString keyText(const QString &text)
{
    return text.isEmpty() ? QString(0, QChar()) : text;
}

} // namespace

Result<QList<QualityTarget>> TargetStore::list()
{
    QSqlQuery q(m_ws.db());
    if (!q.exec(u"SELECT feature, prompt, metric, check_name, limit_value, window_seconds FROM %1 "
                "ORDER BY feature, prompt, metric, check_name"_s.arg(m_ws.table(u"quality_targets"_s))))
        return fail(u"cannot read the quality targets: %1"_s.arg(sqlErrorText(q)));
    QList<QualityTarget> out;
    while (q.next()) {
        const auto metric = targetMetricFromName(q.value(2).toString());
        if (!metric)
            continue; // a measure a newer Assay knows
        QualityTarget t;
        t.feature = q.value(0).toString();
        t.prompt = q.value(1).toString();
        t.metric = *metric;
        t.check = q.value(3).toString();
        t.limit = q.value(4).toDouble();
        t.windowSeconds = q.value(5).toLongLong();
        out << t;
    }
    return out;
}

Result<void> TargetStore::set(const QualityTarget &target)
{
    // The same validation as a targets.json entry: one rule for what a target may be.
    auto checked = QualityTarget::fromJson(target.toJson());
    if (!checked)
        return fail(checked.error());
    QSqlQuery q(m_ws.db());
    q.prepare(u"INSERT INTO %1 (feature, prompt, metric, check_name, limit_value, window_seconds, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feature, prompt, metric, check_name) DO UPDATE SET "
              "limit_value = excluded.limit_value, window_seconds = excluded.window_seconds, "
              "updated_at = excluded.updated_at"_s.arg(m_ws.table(u"quality_targets"_s)));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    q.addBindValue(keyText(checked->feature));
    q.addBindValue(keyText(checked->prompt));
    q.addBindValue(targetMetricName(checked->metric));
    q.addBindValue(keyText(checked->metric == TargetMetric::CheckFailures ? checked->check : QString()));
    q.addBindValue(checked->limit);
    q.addBindValue(checked->windowSeconds);
    q.addBindValue(now);
    q.addBindValue(now);
    if (!q.exec())
        return fail(u"cannot save the target: %1"_s.arg(sqlErrorText(q)));
    return {};
}

Result<int> TargetStore::remove(const QString &feature, const QString &prompt, std::optional<TargetMetric> metric)
{
    QString sql = u"DELETE FROM %1 WHERE feature = ?"_s.arg(m_ws.table(u"quality_targets"_s));
    QVariantList binds{keyText(feature)};
    if (!prompt.isEmpty()) {
        sql += u" AND prompt = ?"_s;
        binds << prompt;
    }
    if (metric) {
        sql += u" AND metric = ?"_s;
        binds << targetMetricName(*metric);
    }
    QSqlQuery q(m_ws.db());
    q.prepare(sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return fail(u"cannot remove the targets: %1"_s.arg(sqlErrorText(q)));
    return q.numRowsAffected();
}

Result<bool> TargetStore::removeSlot(const QualityTarget &target)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"DELETE FROM %1 WHERE feature = ? AND prompt = ? AND metric = ? AND check_name = ?"_s.arg(
        m_ws.table(u"quality_targets"_s)));
    q.addBindValue(keyText(target.feature));
    q.addBindValue(keyText(target.prompt));
    q.addBindValue(targetMetricName(target.metric));
    q.addBindValue(keyText(target.metric == TargetMetric::CheckFailures ? target.check : QString()));
    if (!q.exec())
        return fail(u"cannot remove the target: %1"_s.arg(sqlErrorText(q)));
    return q.numRowsAffected() > 0;
}

Result<QList<QualityTarget>> readTargetsFile(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return QList<QualityTarget>{};
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"cannot read %1: %2"_s.arg(path, file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return fail(u"%1: not JSON (%2 at byte %3)"_s.arg(path, error.errorString()).arg(error.offset));
    if (!doc.isObject() || !doc.object().value(u"targets"_s).isArray())
        return fail(u"%1: expected {\"targets\": [{\"feature\": ..., \"metric\": ..., \"limit\": ...}, ...]}"_s.arg(path));
    QList<QualityTarget> out;
    int n = 0;
    for (const QJsonValue &v : doc.object().value(u"targets"_s).toArray()) {
        ++n;
        if (!v.isObject())
            return fail(u"%1: target %2 is not an object"_s.arg(path).arg(n));
        auto t = QualityTarget::fromJson(v.toObject());
        if (!t)
            return fail(u"%1: target %2: %3"_s.arg(path).arg(n).arg(t.error()));
        out = mergeTargets(out, {*t});
    }
    return out;
}

QList<QualityTarget> mergeTargets(QList<QualityTarget> base, const QList<QualityTarget> &extra)
{
    for (const QualityTarget &t : extra) {
        auto same = std::find_if(base.begin(), base.end(), [&](const QualityTarget &b) { return b.sameSlot(t); });
        if (same != base.end())
            *same = t;
        else
            base << t;
    }
    return base;
}

Result<QList<QualityTarget>> effectiveTargets(Workspace &workspace, const QString &registryFolder)
{
    auto stored = TargetStore(workspace).list();
    if (!stored)
        return fail(stored.error());
    if (registryFolder.isEmpty() || !QFileInfo(registryFolder).isDir())
        return stored;
    auto file = readTargetsFile(QDir(registryFolder).filePath(u"targets.json"_s));
    if (!file)
        return fail(file.error());
    return mergeTargets(*stored, *file);
}

} // namespace assay

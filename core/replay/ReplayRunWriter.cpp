#include "replay/ReplayRunWriter.h"

#include "util/SqlErrorText.h"

#include "replay/ReplayPlan.h"
#include "replay/ReplayResult.h"
#include "replay/ReplayRunStore.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString compactJson(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

ReplayRunWriter::ReplayRunWriter(Workspace &workspace) : m_ws(workspace), m_case(workspace.db()), m_error(workspace.db())
{
}

ReplayRunWriter::~ReplayRunWriter()
{
    if (m_open)
        m_ws.db().rollback();
}

QString ReplayRunWriter::table(const QString &name) const
{
    return m_ws.table(name);
}

Failure ReplayRunWriter::abandon(const QString &what, const QSqlQuery &failed)
{
    const QString why = sqlErrorText(failed);
    if (m_open)
        m_ws.db().rollback();
    m_open = false;
    return fail(u"cannot save the replay run (%1): %2"_s.arg(what, why));
}

Result<std::unique_ptr<ReplayRunWriter>> ReplayRunWriter::begin(Workspace &workspace, const ReplaySpec &spec,
                                                                const QString &source, const QString &createdBy)
{
    std::unique_ptr<ReplayRunWriter> w(new ReplayRunWriter(workspace));
    w->m_spec = spec;
    QSqlDatabase &db = workspace.db();
    if (!db.transaction())
        return fail(u"cannot save the replay run: %1"_s.arg(db.lastError().text()));
    w->m_open = true;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    w->m_now = now.toString(Qt::ISODateWithMs);
    const QVariant stamp = workspace.dialect() == SqlDialect::PostgreSQL ? QVariant(now) : QVariant(w->m_now);
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO %1 (created_at, created_by, source, spec, status, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
              "RETURNING id"_s.arg(w->table(u"replay_runs"_s)));
    for (const QVariant &v : {stamp, QVariant(createdBy), QVariant(source), QVariant(compactJson(spec.toJson())),
                              QVariant(replayRunStatusName(ReplayRunStatus::Running)), stamp})
        q.addBindValue(v);
    if (!q.exec() || !q.next())
        return w->abandon(u"run"_s, q);
    w->m_runId = q.value(0).toLongLong();
    q.finish();
    if (!w->m_case.prepare(u"INSERT INTO %1 (run_id, case_no, target_no, output_key, rendered_prompt, render_error, "
                           "est_input_tokens, est_output_tokens, est_cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(
                               w->table(u"replay_cases"_s))))
        return w->abandon(u"cases"_s, w->m_case);
    if (!w->m_error.prepare(u"INSERT INTO %1 (run_id, case_no, target_no, status, error, completed_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)"_s.arg(w->table(u"replay_results"_s))))
        return w->abandon(u"render errors"_s, w->m_error);
    return w;
}

Result<void> ReplayRunWriter::add(const PlannedCase &c)
{
    if (!m_open)
        return fail(u"the replay run is not being written any more"_s);
    const int caseNo = m_nextCase++;
    const QVariant stamp = m_ws.dialect() == SqlDialect::PostgreSQL
        ? QVariant(QDateTime::fromString(m_now, Qt::ISODateWithMs)) : QVariant(m_now);
    for (qsizetype t = 0; t < c.calls.size(); ++t) {
        const PlannedCall &call = c.calls.at(t);
        const bool failed = !call.renderError.isEmpty();
        for (const QVariant &v : {QVariant(m_runId), QVariant(caseNo), QVariant(int(t)), QVariant(c.outputKey),
                                  failed ? QVariant(QMetaType::fromType<QString>()) : QVariant(call.prompt),
                                  failed ? QVariant(call.renderError) : QVariant(QMetaType::fromType<QString>()),
                                  QVariant(call.estInputTokens), QVariant(call.estOutputTokens),
                                  call.estCostUsd ? QVariant(*call.estCostUsd) : QVariant(QMetaType::fromType<double>())})
            m_case.addBindValue(v);
        if (!m_case.exec())
            return abandon(u"cases"_s, m_case);
        if (!failed)
            continue;
        // Nothing will be sent for it: the case is recorded now, with its reason.
        for (const QVariant &v : {QVariant(m_runId), QVariant(caseNo), QVariant(int(t)),
                                  QVariant(replayResultStatusName(ReplayResultStatus::RenderError)),
                                  QVariant(call.renderError), stamp})
            m_error.addBindValue(v);
        if (!m_error.exec())
            return abandon(u"render errors"_s, m_error);
    }
    return {};
}

Result<void> ReplayRunWriter::commit(const ReplayPlan &plan)
{
    if (!m_open)
        return fail(u"the replay run is not being written any more"_s);
    ReplaySpec stored = m_spec;
    stored.targets = plan.targets;
    QJsonObject specJson = stored.toJson();
    specJson[u"estimate"_s] = plan.estimate.toJson();
    QSqlQuery q(m_ws.db());
    q.prepare(u"UPDATE %1 SET spec = ? WHERE id = ?"_s.arg(table(u"replay_runs"_s)));
    q.addBindValue(compactJson(specJson));
    q.addBindValue(m_runId);
    if (!q.exec())
        return abandon(u"run"_s, q);
    q.prepare(u"INSERT INTO %1 (run_id, target_no, prompt_name, prompt_version, provider, model, parameters) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)"_s.arg(table(u"replay_targets"_s)));
    for (qsizetype t = 0; t < plan.targets.size(); ++t) {
        const ReplayTarget &target = plan.targets.at(t);
        for (const QVariant &v : {QVariant(m_runId), QVariant(int(t)), QVariant(target.promptName),
                                  QVariant(target.promptVersion), QVariant(target.provider), QVariant(target.model),
                                  QVariant(compactJson(target.parameters()))})
            q.addBindValue(v);
        if (!q.exec())
            return abandon(u"targets"_s, q);
    }
    m_case.finish();
    m_error.finish();
    if (!m_ws.db().commit()) {
        const QString why = m_ws.db().lastError().text();
        m_ws.db().rollback();
        m_open = false;
        return fail(u"cannot save the replay run: %1"_s.arg(why));
    }
    m_open = false;
    return {};
}

} // namespace assay

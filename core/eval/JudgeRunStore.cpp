#include "eval/JudgeRunStore.h"

#include "util/SqlErrorText.h"

#include "replay/ReplayRunStore.h"
#include "replay/ReplayRunWriter.h"
#include "workspace/Workspace.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr auto linkColumns = "run_id, session_name, provider, model, base_url, rubric_fingerprint, rubric, criteria, "
                             "created_at"_L1;

// QPSQL binds a null QString as NULL; the NOT NULL text columns (an empty base URL is the
// provider's default) need the empty string.
QVariant text(const QString &value)
{
    return QVariant(value.isNull() ? QString::fromLatin1("") : value);
}

JudgeRunLink linkFrom(const QSqlQuery &q)
{
    JudgeRunLink l;
    l.runId = q.value(0).toLongLong();
    l.session = q.value(1).toString();
    l.provider = q.value(2).toString();
    l.model = q.value(3).toString();
    l.baseUrl = q.value(4).toString();
    l.rubricFingerprint = q.value(5).toString();
    l.rubric = q.value(6).toString();
    l.criteria = q.value(7).toString();
    const QVariant when = q.value(8);
    l.createdAt = when.metaType().id() == QMetaType::QDateTime ? when.toDateTime()
                                                                : QDateTime::fromString(when.toString(), Qt::ISODateWithMs);
    return l;
}

} // namespace

JudgeOrderOutcome judgeOrderOutcome(int pairNo, int order, const ReplayResult &result)
{
    JudgeOrderOutcome o;
    o.pairNo = pairNo;
    o.order = order;
    switch (result.status) {
    case ReplayResultStatus::Ok: {
        const JudgeReply reply = parseJudgeReply(result.output);
        o.raw = reply.raw;
        o.reason = reply.reason;
        o.choice = reply.choice;
        o.problem = reply.problem;
        o.status = reply.valid() ? JudgeOrderStatus::Decided : JudgeOrderStatus::Invalid;
        break;
    }
    case ReplayResultStatus::RenderError:
        o.status = JudgeOrderStatus::Failed;
        o.problem = u"not sent: "_s + result.error;
        break;
    case ReplayResultStatus::Failed:
    case ReplayResultStatus::Pending:
        o.status = JudgeOrderStatus::Failed;
        o.problem = result.error;
        break;
    }
    return o;
}

JudgeRunStore::JudgeRunStore(Workspace &workspace) : m_ws(workspace)
{
}

QString JudgeRunStore::table(const QString &name) const
{
    return m_ws.table(name);
}

QVariant JudgeRunStore::timestamp(const QDateTime &when) const
{
    return m_ws.dialect() == SqlDialect::PostgreSQL ? QVariant(when.toUTC()) : QVariant(when.toUTC().toString(Qt::ISODateWithMs));
}

Result<std::optional<JudgeRunLink>> JudgeRunStore::find(const JudgeRunRequest &request)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"SELECT %1 FROM %2 WHERE session_name = ? AND provider = ? AND model = ? AND base_url = ? "
              "AND rubric_fingerprint = ? ORDER BY run_id DESC"_s.arg(linkColumns, table(u"judge_runs"_s)));
    for (const QString &v : {request.session, request.provider, request.model, request.baseUrl, request.rubric.fingerprint()})
        q.addBindValue(text(v));
    if (!q.exec())
        return fail(u"cannot read the judge runs: %1"_s.arg(sqlErrorText(q)));
    while (q.next()) {
        JudgeRunLink l = linkFrom(q);
        // The fingerprint is short: the texts decide.
        if (l.rubric == request.rubric.text() && l.criteria == request.criteria)
            return std::optional<JudgeRunLink>(l);
    }
    return std::optional<JudgeRunLink>();
}

Result<JudgeRunLink> JudgeRunStore::createRun(const JudgeRunRequest &request, const JudgePlan &plan,
                                              const QString &source, const QString &createdBy)
{
    auto writer = ReplayRunWriter::begin(m_ws, plan.spec, source, createdBy);
    if (!writer)
        return fail(writer.error());
    for (const PlannedCase &c : plan.plan.cases) {
        if (auto added = (*writer)->add(c); !added)
            return fail(added.error());
    }
    // Inside the writer's transaction: the run and its link are stored together or not at all.
    JudgeRunLink l;
    l.runId = (*writer)->runId();
    l.session = request.session;
    l.provider = request.provider;
    l.model = request.model;
    l.baseUrl = request.baseUrl;
    l.rubricFingerprint = request.rubric.fingerprint();
    l.rubric = request.rubric.text();
    l.criteria = request.criteria;
    l.createdAt = QDateTime::currentDateTimeUtc();
    QSqlQuery q(m_ws.db());
    q.prepare(u"INSERT INTO %1 (%2) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(table(u"judge_runs"_s), linkColumns));
    for (const QVariant &v : {QVariant(l.runId), text(l.session), text(l.provider), text(l.model), text(l.baseUrl),
                              text(l.rubricFingerprint), text(l.rubric), text(l.criteria), timestamp(l.createdAt)})
        q.addBindValue(v);
    if (!q.exec())
        return fail(u"cannot link the judge run to session %1: %2"_s.arg(request.session, sqlErrorText(q)));
    q.finish();
    if (auto committed = (*writer)->commit(plan.plan); !committed)
        return fail(committed.error());
    return l;
}

Result<QList<JudgeRunLink>> JudgeRunStore::runsOf(const QString &session)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"SELECT %1 FROM %2 WHERE session_name = ? ORDER BY run_id DESC"_s.arg(linkColumns, table(u"judge_runs"_s)));
    q.addBindValue(session);
    if (!q.exec())
        return fail(u"cannot read the judge runs of session %1: %2"_s.arg(session, sqlErrorText(q)));
    QList<JudgeRunLink> links;
    while (q.next())
        links << linkFrom(q);
    return links;
}

Result<QSet<qint64>> JudgeRunStore::judgeRunIds()
{
    QSqlQuery q(m_ws.db());
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT run_id FROM %1"_s.arg(table(u"judge_runs"_s))))
        return fail(u"cannot read the judge runs: %1"_s.arg(sqlErrorText(q)));
    QSet<qint64> ids;
    while (q.next())
        ids.insert(q.value(0).toLongLong());
    return ids;
}

Result<qint64> JudgeRunStore::settle(qint64 runId)
{
    QSet<QPair<int, int>> settled;
    {
        QSqlQuery q(m_ws.db());
        q.setForwardOnly(true);
        q.prepare(u"SELECT pair_no, order_no FROM %1 WHERE run_id = ?"_s.arg(table(u"judge_outcomes"_s)));
        q.addBindValue(runId);
        if (!q.exec())
            return fail(u"cannot read the judge outcomes of run %1: %2"_s.arg(runId).arg(sqlErrorText(q)));
        while (q.next())
            settled.insert({q.value(0).toInt(), q.value(1).toInt()});
    }
    QList<JudgeOrderOutcome> fresh;
    QString badKey;
    ReplayRunStore runs(m_ws);
    auto visited = runs.forEachResult(runId, [&](const ReplayResult &r) {
        if (r.status == ReplayResultStatus::Pending)
            return true;
        const auto key = parseJudgeOutputKey(r.outputKey);
        if (!key) {
            badKey = r.outputKey;
            return false;
        }
        if (!settled.contains({key->pairNo, key->order}))
            fresh << judgeOrderOutcome(key->pairNo, key->order, r);
        return true;
    });
    if (!visited)
        return fail(visited.error());
    if (!badKey.isEmpty())
        return fail(u"run %1 is not a judge run: case \"%2\" names no pair and order"_s.arg(runId).arg(badKey));
    if (fresh.isEmpty())
        return qint64(0);
    QSqlDatabase &db = m_ws.db();
    if (!db.transaction())
        return fail(u"cannot save the judge outcomes: %1"_s.arg(db.lastError().text()));
    QSqlQuery insert(db);
    insert.prepare(u"INSERT INTO %1 (run_id, pair_no, order_no, status, choice, reason, raw, problem, settled_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(table(u"judge_outcomes"_s)));
    const QVariant now = timestamp(QDateTime::currentDateTimeUtc());
    const QVariant null = QVariant(QMetaType::fromType<QString>());
    for (const JudgeOrderOutcome &o : fresh) {
        for (const QVariant &v : {QVariant(runId), QVariant(o.pairNo), QVariant(o.order),
                                  QVariant(judgeOrderStatusName(o.status)),
                                  o.choice ? QVariant(judgeChoiceName(*o.choice)) : null, QVariant(o.reason),
                                  QVariant(o.raw), QVariant(o.problem), now})
            insert.addBindValue(v);
        if (!insert.exec()) {
            const QString why = sqlErrorText(insert);
            db.rollback();
            return fail(u"cannot save the judge outcomes of run %1: %2"_s.arg(runId).arg(why));
        }
    }
    insert.finish();
    if (!db.commit()) {
        const QString why = db.lastError().text();
        db.rollback();
        return fail(u"cannot save the judge outcomes of run %1: %2"_s.arg(runId).arg(why));
    }
    return qint64(fresh.size());
}

Result<QList<JudgeOrderOutcome>> JudgeRunStore::outcomes(qint64 runId)
{
    QSqlQuery q(m_ws.db());
    q.setForwardOnly(true);
    q.prepare(u"SELECT pair_no, order_no, status, choice, reason, raw, problem FROM %1 WHERE run_id = ? "
              "ORDER BY pair_no, order_no"_s.arg(table(u"judge_outcomes"_s)));
    q.addBindValue(runId);
    if (!q.exec())
        return fail(u"cannot read the judge outcomes of run %1: %2"_s.arg(runId).arg(sqlErrorText(q)));
    QList<JudgeOrderOutcome> list;
    while (q.next()) {
        JudgeOrderOutcome o;
        o.pairNo = q.value(0).toInt();
        o.order = q.value(1).toInt();
        const auto status = judgeOrderStatusFromName(q.value(2).toString());
        if (!status)
            return fail(u"run %1: pair %2 has an unknown outcome \"%3\""_s.arg(runId).arg(o.pairNo).arg(q.value(2).toString()));
        o.status = *status;
        const QString choice = q.value(3).toString();
        for (JudgeChoice c : {JudgeChoice::First, JudgeChoice::Second, JudgeChoice::Tie}) {
            if (!q.value(3).isNull() && choice == judgeChoiceName(c))
                o.choice = c;
        }
        o.reason = q.value(4).toString();
        o.raw = q.value(5).toString();
        o.problem = q.value(6).toString();
        list << o;
    }
    return list;
}

} // namespace assay

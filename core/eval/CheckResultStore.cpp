#include "eval/CheckResultStore.h"

#include "workspace/Workspace.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr qsizetype batchSize = 4096;

QString sqlError(const QSqlQuery &q)
{
    return q.lastError().text();
}

} // namespace

CheckResultStore::CheckResultStore(Workspace &workspace) : m_ws(workspace) {}

QString CheckResultStore::table() const
{
    return m_ws.table(u"check_results"_s);
}

QString CheckResultStore::logSubject(const QString &outputKey)
{
    return u"log:"_s + outputKey;
}

QString CheckResultStore::runSubject(qint64 runId, int caseNo, int targetNo)
{
    return u"run:%1:%2:%3"_s.arg(runId).arg(caseNo).arg(targetNo);
}

QByteArray CheckResultStore::inputHash(const CheckInput &input)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    auto addOptional = [&](const auto &value) {
        hash.addData(value ? QByteArray::number(*value) : QByteArrayView("-"));
        hash.addData("\x1f");
    };
    hash.addData(input.output.toUtf8());
    hash.addData("\x1f");
    hash.addData(input.varsJson.toUtf8());
    hash.addData("\x1f");
    addOptional(input.latencyMs);
    addOptional(input.outputTokens);
    addOptional(input.costUsd);
    return hash.result().toHex().left(32);
}

Result<void> CheckResultStore::prepare(const CheckSet &set)
{
    m_fingerprint = set.fingerprint();
    m_checkCount = set.names().size();
    m_stored.clear();
    const QStringList names = set.names();
    QSqlQuery q(m_ws.db());
    q.setForwardOnly(true);
    q.prepare(u"SELECT subject, input_hash, check_no, passed, applicable, score, reason FROM %1 "
              "WHERE set_fingerprint = ? ORDER BY subject, check_no"_s.arg(table()));
    q.addBindValue(QString::fromLatin1(m_fingerprint));
    if (!q.exec())
        return fail(u"cannot read stored check results: %1"_s.arg(sqlError(q)));
    while (q.next()) {
        Stored &stored = m_stored[q.value(0).toString()];
        stored.inputHash = q.value(1).toString().toLatin1();
        const int checkNo = q.value(2).toInt();
        if (checkNo != stored.outcomes.size() || checkNo >= names.size())
            continue; // a gap: lookup() sees the count is short and recomputes
        stored.outcomes << CheckOutcome{names.at(checkNo), q.value(3).toInt() != 0, q.value(5).toDouble(),
                                        q.value(6).toString(), q.value(4).toInt() != 0};
    }
    return {};
}

std::optional<QList<CheckOutcome>> CheckResultStore::lookup(const QString &subject, const QByteArray &inputHash) const
{
    const auto it = m_stored.constFind(subject);
    if (it == m_stored.cend() || it->inputHash != inputHash || it->outcomes.size() != m_checkCount)
        return std::nullopt;
    return it->outcomes;
}

Result<void> CheckResultStore::save(const QString &subject, const QByteArray &inputHash, const QList<CheckOutcome> &outcomes)
{
    m_pending.append({subject, inputHash, outcomes});
    if (m_pending.size() >= batchSize)
        return flush();
    return {};
}

Result<void> CheckResultStore::flush()
{
    if (m_pending.isEmpty())
        return {};
    QSqlDatabase &db = m_ws.db();
    if (!db.transaction())
        return fail(u"cannot store check results: %1"_s.arg(db.lastError().text()));
    QSqlQuery insert(db);
    const bool pg = m_ws.dialect() == SqlDialect::PostgreSQL;
    insert.prepare(u"INSERT INTO %1 (subject, set_fingerprint, input_hash, check_no, check_name, passed, applicable, "
                   "score, reason, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (subject, set_fingerprint, check_no) DO UPDATE SET input_hash = excluded.input_hash, "
                   "check_name = excluded.check_name, passed = excluded.passed, applicable = excluded.applicable, "
                   "score = excluded.score, reason = excluded.reason, checked_at = excluded.checked_at"_s.arg(table()));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QVariant checkedAt = pg ? QVariant(now) : QVariant(now.toString(Qt::ISODateWithMs));
    const QString fingerprint = QString::fromLatin1(m_fingerprint);
    for (const Pending &p : std::as_const(m_pending)) {
        for (qsizetype i = 0; i < p.outcomes.size(); ++i) {
            const CheckOutcome &o = p.outcomes.at(i);
            insert.addBindValue(p.subject);
            insert.addBindValue(fingerprint);
            insert.addBindValue(QString::fromLatin1(p.inputHash));
            insert.addBindValue(static_cast<int>(i));
            insert.addBindValue(o.name);
            insert.addBindValue(o.passed ? 1 : 0);
            insert.addBindValue(o.applicable ? 1 : 0);
            insert.addBindValue(o.score);
            insert.addBindValue(o.reason);
            insert.addBindValue(checkedAt);
            if (!insert.exec()) {
                const QString error = sqlError(insert);
                db.rollback();
                return fail(u"cannot store check results: %1"_s.arg(error));
            }
        }
    }
    if (!db.commit()) {
        const QString error = db.lastError().text();
        db.rollback();
        return fail(u"cannot store check results: %1"_s.arg(error));
    }
    for (Pending &p : m_pending)
        m_stored.insert(p.subject, Stored{p.inputHash, std::move(p.outcomes)});
    m_pending.clear();
    return {};
}

Result<QList<StoredCheckResult>> CheckResultStore::resultsFor(const QString &subject, const QByteArray &fingerprint)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"SELECT check_name, passed, applicable, score, reason FROM %1 WHERE subject = ? AND set_fingerprint = ? "
              "ORDER BY check_no"_s.arg(table()));
    q.addBindValue(subject);
    q.addBindValue(QString::fromLatin1(fingerprint));
    if (!q.exec())
        return fail(u"cannot read stored check results: %1"_s.arg(sqlError(q)));
    QList<StoredCheckResult> list;
    while (q.next())
        list << StoredCheckResult{q.value(0).toString(), q.value(1).toInt() != 0, q.value(2).toInt() != 0,
                                  q.value(3).toDouble(), q.value(4).toString()};
    return list;
}

} // namespace assay

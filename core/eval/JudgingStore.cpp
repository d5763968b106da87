#include "eval/JudgingStore.h"

#include "util/SqlErrorText.h"

#include "workspace/Workspace.h"

#include <QHash>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace assay {

QString pairChoiceName(PairChoice choice)
{
    switch (choice) {
    case PairChoice::Left:
        return u"left"_s;
    case PairChoice::Right:
        return u"right"_s;
    case PairChoice::Tie:
        return u"tie"_s;
    }
    return {};
}

std::optional<PairChoice> pairChoiceFromName(QStringView name)
{
    if (name == u"left" || name == u"1")
        return PairChoice::Left;
    if (name == u"right" || name == u"2")
        return PairChoice::Right;
    if (name == u"tie" || name == u"3")
        return PairChoice::Tie;
    return std::nullopt;
}

PairWinner winnerOf(PairChoice choice, bool aOnLeft)
{
    if (choice == PairChoice::Tie)
        return PairWinner::Tie;
    return (choice == PairChoice::Left) == aOnLeft ? PairWinner::A : PairWinner::B;
}

QString pairWinnerName(PairWinner winner)
{
    switch (winner) {
    case PairWinner::A:
        return u"A"_s;
    case PairWinner::B:
        return u"B"_s;
    case PairWinner::Tie:
        return u"tie"_s;
    }
    return {};
}

JudgingStore::JudgingStore(Workspace &workspace)
    : m_ws(workspace)
{
    // WAL with synchronous=NORMAL survives a killed process but may lose the last commits on
    // power loss; a verdict shown as saved must survive both (as labels do).
    if (m_ws.dialect() == SqlDialect::SQLite)
        QSqlQuery(m_ws.db()).exec(u"PRAGMA synchronous = FULL"_s);
}

QString JudgingStore::table(const QString &name) const
{
    return m_ws.table(name);
}

QVariant JudgingStore::timestamp(const QDateTime &when) const
{
    return m_ws.dialect() == SqlDialect::PostgreSQL ? QVariant(when.toUTC()) : QVariant(when.toUTC().toString(Qt::ISODateWithMs));
}

Result<void> JudgingStore::createSession(const JudgingSession &s, const QList<JudgingPair> &pairs)
{
    if (s.name.trimmed().isEmpty())
        return fail(u"a judging session needs a name"_s);
    if (pairs.isEmpty())
        return fail(u"judging session %1 would have no pairs"_s.arg(s.name));
    QSqlDatabase &db = m_ws.db();
    if (!db.transaction())
        return fail(u"cannot create judging session %1: %2"_s.arg(s.name, db.lastError().text()));
    const auto rollback = [&](const QString &why) -> Result<void> {
        db.rollback();
        return fail(u"cannot create judging session %1: %2"_s.arg(s.name, why));
    };
    QSqlQuery exists(db);
    exists.prepare(u"SELECT 1 FROM %1 WHERE name = ?"_s.arg(table(u"judging_sessions"_s)));
    exists.addBindValue(s.name);
    if (!exists.exec())
        return rollback(sqlErrorText(exists));
    if (exists.next())
        return rollback(u"a session of that name exists; its pairs never change once drawn (pick another name)"_s);
    QSqlQuery insert(db);
    insert.prepare(u"INSERT INTO %1 (name, run_id, side_a, side_b, seed, size, created_by, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(table(u"judging_sessions"_s)));
    insert.addBindValue(s.name);
    insert.addBindValue(s.runId);
    insert.addBindValue(s.sideA);
    insert.addBindValue(s.sideB);
    insert.addBindValue(qint64(s.seed));
    insert.addBindValue(int(pairs.size()));
    insert.addBindValue(s.createdBy);
    insert.addBindValue(timestamp(s.createdAt.isValid() ? s.createdAt : QDateTime::currentDateTimeUtc()));
    if (!insert.exec())
        return rollback(sqlErrorText(insert));
    QSqlQuery pair(db);
    pair.prepare(u"INSERT INTO %1 (session_name, pair_no, case_no, a_on_left) VALUES (?, ?, ?, ?)"_s.arg(
        table(u"judging_pairs"_s)));
    for (const JudgingPair &p : pairs) {
        pair.addBindValue(s.name);
        pair.addBindValue(p.pairNo);
        pair.addBindValue(p.caseNo);
        pair.addBindValue(p.aOnLeft ? 1 : 0);
        if (!pair.exec())
            return rollback(sqlErrorText(pair));
    }
    if (!db.commit())
        return rollback(db.lastError().text());
    return {};
}

Result<JudgingSession> JudgingStore::session(const QString &name)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"SELECT name, run_id, side_a, side_b, seed, size, created_by, created_at FROM %1 WHERE name = ?"_s.arg(
        table(u"judging_sessions"_s)));
    q.addBindValue(name);
    if (!q.exec())
        return fail(u"cannot read judging session %1: %2"_s.arg(name, sqlErrorText(q)));
    if (!q.next())
        return fail(u"no judging session named \"%1\" (create it with `assay judge SOURCE new ... --name %1`)"_s.arg(name));
    JudgingSession s;
    s.name = q.value(0).toString();
    s.runId = q.value(1).toLongLong();
    s.sideA = q.value(2).toString();
    s.sideB = q.value(3).toString();
    s.seed = quint64(q.value(4).toLongLong());
    s.size = q.value(5).toInt();
    s.createdBy = q.value(6).toString();
    s.createdAt = q.value(7).toDateTime();
    s.createdAt.setTimeZone(QTimeZone::utc());
    return s;
}

Result<QList<JudgingSession>> JudgingStore::sessions()
{
    QSqlQuery q(m_ws.db());
    if (!q.exec(u"SELECT name FROM %1 ORDER BY created_at DESC, name"_s.arg(table(u"judging_sessions"_s))))
        return fail(u"cannot list judging sessions: %1"_s.arg(sqlErrorText(q)));
    QStringList names;
    while (q.next())
        names << q.value(0).toString();
    QList<JudgingSession> out;
    for (const QString &name : names) {
        auto s = session(name);
        if (!s)
            return fail(s.error());
        out << *s;
    }
    return out;
}

Result<QList<JudgingPair>> JudgingStore::pairs(const QString &name)
{
    QSqlQuery q(m_ws.db());
    q.prepare(u"SELECT pair_no, case_no, a_on_left FROM %1 WHERE session_name = ? ORDER BY pair_no"_s.arg(
        table(u"judging_pairs"_s)));
    q.addBindValue(name);
    if (!q.exec())
        return fail(u"cannot read the pairs of %1: %2"_s.arg(name, sqlErrorText(q)));
    QList<JudgingPair> out;
    while (q.next())
        out << JudgingPair{q.value(0).toInt(), q.value(1).toInt(), q.value(2).toInt() != 0};
    return out;
}

Result<PairVerdict> JudgingStore::record(const QString &sessionName, int pairNo, const QString &judge, PairChoice choice,
                                         const QString &note)
{
    if (judge.trimmed().isEmpty())
        return fail(u"a verdict needs a judge"_s);
    QSqlQuery find(m_ws.db());
    find.prepare(u"SELECT a_on_left FROM %1 WHERE session_name = ? AND pair_no = ?"_s.arg(table(u"judging_pairs"_s)));
    find.addBindValue(sessionName);
    find.addBindValue(pairNo);
    if (!find.exec())
        return fail(u"cannot save the verdict on pair %1: %2"_s.arg(pairNo).arg(sqlErrorText(find)));
    if (!find.next())
        return fail(u"session %1 has no pair %2"_s.arg(sessionName).arg(pairNo));
    const bool aOnLeft = find.value(0).toInt() != 0;
    find.finish();

    const bool pg = m_ws.dialect() == SqlDialect::PostgreSQL;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QSqlQuery q(m_ws.db());
    // One statement outside a transaction: its own durable commit.
    q.prepare(u"INSERT INTO %1 (session_name, pair_no, judge, choice, note, created_at) VALUES (?, ?, ?, ?, ?, ?)%2"_s.arg(
        table(u"judging_verdicts"_s), pg ? u" RETURNING id"_s : QString()));
    q.addBindValue(sessionName);
    q.addBindValue(pairNo);
    q.addBindValue(judge.trimmed());
    q.addBindValue(pairChoiceName(choice));
    q.addBindValue(note.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(note));
    q.addBindValue(timestamp(now));
    if (!q.exec())
        return fail(u"cannot save the verdict on pair %1: %2"_s.arg(pairNo).arg(sqlErrorText(q)));
    PairVerdict v;
    v.id = pg && q.next() ? q.value(0).toLongLong() : q.lastInsertId().toLongLong();
    v.pairNo = pairNo;
    v.judge = judge.trimmed();
    v.choice = choice;
    v.winner = winnerOf(choice, aOnLeft);
    v.note = note;
    v.createdAt = now;
    return v;
}

Result<void> JudgingStore::undo(const QString &sessionName, const QString &judge, qint64 verdictId)
{
    QSqlDatabase &db = m_ws.db();
    if (!db.transaction())
        return fail(u"cannot undo: %1"_s.arg(db.lastError().text()));
    const auto rollback = [&](const QString &why) -> Result<void> {
        db.rollback();
        return fail(why);
    };
    QSqlQuery target(db);
    target.prepare(u"SELECT pair_no, judge, choice FROM %1 WHERE id = ? AND session_name = ?"_s.arg(table(u"judging_verdicts"_s)));
    target.addBindValue(verdictId);
    target.addBindValue(sessionName);
    if (!target.exec())
        return rollback(u"cannot undo: %1"_s.arg(sqlErrorText(target)));
    if (!target.next() || target.value(1).toString() != judge.trimmed() || target.value(2).toString() == "retract"_L1)
        return rollback(u"cannot undo: verdict %1 is not one of %2's in session %3"_s.arg(verdictId).arg(judge, sessionName));
    const int pairNo = target.value(0).toInt();
    target.finish();
    // The judge's rows on this pair, newest first: the verdict must be the current one.
    QSqlQuery rows(db);
    rows.prepare(u"SELECT id, choice, retracts FROM %1 WHERE session_name = ? AND pair_no = ? AND judge = ? ORDER BY id DESC"_s.arg(
        table(u"judging_verdicts"_s)));
    rows.addBindValue(sessionName);
    rows.addBindValue(pairNo);
    rows.addBindValue(judge.trimmed());
    if (!rows.exec())
        return rollback(u"cannot undo: %1"_s.arg(sqlErrorText(rows)));
    QSet<qint64> retracted;
    qint64 current = 0;
    while (rows.next()) {
        const qint64 id = rows.value(0).toLongLong();
        if (rows.value(1).toString() == "retract"_L1) {
            retracted.insert(rows.value(2).toLongLong());
        } else if (!retracted.contains(id)) {
            current = id;
            break;
        }
    }
    rows.finish();
    if (current != verdictId)
        return rollback(u"cannot undo verdict %1 on pair %2: %3 has given a newer one since (or undone it already)"_s
                            .arg(verdictId).arg(pairNo).arg(judge));
    QSqlQuery insert(db);
    insert.prepare(u"INSERT INTO %1 (session_name, pair_no, judge, choice, retracts, created_at) VALUES (?, ?, ?, 'retract', ?, ?)"_s.arg(
        table(u"judging_verdicts"_s)));
    insert.addBindValue(sessionName);
    insert.addBindValue(pairNo);
    insert.addBindValue(judge.trimmed());
    insert.addBindValue(verdictId);
    insert.addBindValue(timestamp(QDateTime::currentDateTimeUtc()));
    if (!insert.exec())
        return rollback(u"cannot undo: %1"_s.arg(sqlErrorText(insert)));
    if (!db.commit())
        return rollback(u"cannot undo: %1"_s.arg(db.lastError().text()));
    return {};
}

Result<QList<PairVerdict>> JudgingStore::currentVerdicts(const QString &sessionName)
{
    auto drawn = pairs(sessionName);
    if (!drawn)
        return fail(drawn.error());
    QHash<int, bool> aOnLeft;
    for (const JudgingPair &p : *drawn)
        aOnLeft.insert(p.pairNo, p.aOnLeft);

    QSqlQuery q(m_ws.db());
    q.prepare(u"SELECT id, pair_no, judge, choice, note, retracts, created_at FROM %1 WHERE session_name = ? "
              "ORDER BY pair_no, judge, id DESC"_s.arg(table(u"judging_verdicts"_s)));
    q.addBindValue(sessionName);
    if (!q.exec())
        return fail(u"cannot read the verdicts of %1: %2"_s.arg(sessionName, sqlErrorText(q)));
    QList<PairVerdict> out;
    int pairNo = -1;
    QString judge;
    bool decided = false;
    QSet<qint64> retracted;
    while (q.next()) {
        const int rowPair = q.value(1).toInt();
        const QString rowJudge = q.value(2).toString();
        if (rowPair != pairNo || rowJudge != judge) {
            pairNo = rowPair;
            judge = rowJudge;
            decided = false;
            retracted.clear();
        }
        if (decided)
            continue;
        const qint64 id = q.value(0).toLongLong();
        const QString choiceName = q.value(3).toString();
        if (choiceName == "retract"_L1) {
            retracted.insert(q.value(5).toLongLong());
            continue;
        }
        if (retracted.contains(id))
            continue;
        const auto choice = pairChoiceFromName(choiceName);
        if (!choice)
            continue;
        decided = true;
        PairVerdict v;
        v.id = id;
        v.pairNo = rowPair;
        v.judge = rowJudge;
        v.choice = *choice;
        v.winner = winnerOf(*choice, aOnLeft.value(rowPair, true));
        v.note = q.value(4).toString();
        v.createdAt = q.value(6).toDateTime();
        v.createdAt.setTimeZone(QTimeZone::utc());
        out << v;
    }
    return out;
}

} // namespace assay

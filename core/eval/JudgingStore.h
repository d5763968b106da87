#pragma once

#include "util/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace assay {

class Workspace;

// A blind pairwise judging session over one replay run: which sides it compares, and the pairs
// drawn for it, fixed at creation, each with the side shown on the left.
struct JudgingSession {
    QString name;
    qint64 runId = 0;
    QString sideA; // ComparisonSide::key()
    QString sideB;
    quint64 seed = 1;
    int size = 0;
    QString createdBy;
    QDateTime createdAt;
};

struct JudgingPair {
    int pairNo = 0; // 1-based; what judges type as the pair id
    int caseNo = 0;
    bool aOnLeft = true;
};

// What a judge saw and chose, and what it means for A and B.
enum class PairChoice { Left, Right, Tie };
enum class PairWinner { A, B, Tie };
QString pairChoiceName(PairChoice choice); // "left", "right", "tie"
std::optional<PairChoice> pairChoiceFromName(QStringView name); // also "1", "2", "3"
PairWinner winnerOf(PairChoice choice, bool aOnLeft);
QString pairWinnerName(PairWinner winner); // "A", "B", "tie"

struct PairVerdict {
    qint64 id = 0;
    int pairNo = 0;
    QString judge;
    PairChoice choice = PairChoice::Tie;
    PairWinner winner = PairWinner::Tie;
    QString note;
    QDateTime createdAt;
};

// Judging sessions and verdicts in the workspace. A verdict is one INSERT, a durable commit of
// its own (synchronous=FULL on SQLite), returned only after it committed, so a verdict shown as
// saved survives kill -9 and power loss. Nothing is updated or deleted: undo appends a row that
// retracts the verdict, and is refused unless that verdict is still the judge's current one for
// the pair, so undo never overwrites a verdict it did not make.
class JudgingStore {
public:
    explicit JudgingStore(Workspace &workspace);

    // Fails when the name is taken: a session's pairs never change once judges have seen them.
    Result<void> createSession(const JudgingSession &session, const QList<JudgingPair> &pairs);
    Result<JudgingSession> session(const QString &name);
    Result<QList<JudgingSession>> sessions(); // newest first
    Result<QList<JudgingPair>> pairs(const QString &name);

    Result<PairVerdict> record(const QString &session, int pairNo, const QString &judge, PairChoice choice,
                               const QString &note = {});
    // Retracts `verdictId`, which must be `judge`'s current verdict on its pair.
    Result<void> undo(const QString &session, const QString &judge, qint64 verdictId);
    // The verdict each judge currently stands by, per pair (retracted ones left out), by pair then judge.
    Result<QList<PairVerdict>> currentVerdicts(const QString &session);

private:
    QString table(const QString &name) const;
    QVariant timestamp(const QDateTime &when) const;

    Workspace &m_ws;
};

} // namespace assay

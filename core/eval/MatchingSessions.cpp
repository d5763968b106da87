#include "eval/MatchingSessions.h"

namespace assay {

Result<QList<MatchingSession>> sessionsComparing(JudgingStore &store, qint64 runId, const QString &sideA,
                                                 const QString &sideB)
{
    auto sessions = store.sessions();
    if (!sessions)
        return fail(sessions.error());
    QList<MatchingSession> matching;
    for (const JudgingSession &s : *sessions) {
        if (s.runId != runId)
            continue;
        if (s.sideA == sideA && s.sideB == sideB)
            matching << MatchingSession{s, false};
        else if (s.sideA == sideB && s.sideB == sideA)
            matching << MatchingSession{s, true};
    }
    return matching;
}

PairWinner flippedWinner(PairWinner winner)
{
    switch (winner) {
    case PairWinner::A:
        return PairWinner::B;
    case PairWinner::B:
        return PairWinner::A;
    case PairWinner::Tie:
        break;
    }
    return PairWinner::Tie;
}

} // namespace assay

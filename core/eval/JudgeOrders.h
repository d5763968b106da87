#pragma once

#include "eval/JudgeReply.h"
#include "eval/JudgingStore.h"

#include <QList>
#include <QString>

#include <optional>

namespace assay {

// Every pair goes to the judge model twice, positions swapped: order 1 shows A as response 1,
// order 2 shows B as response 1. A model that favours a position then contradicts itself
// instead of deciding the pair.
enum class JudgeOrderStatus { Decided, Invalid, Failed };
QString judgeOrderStatusName(JudgeOrderStatus status); // "decided", "invalid", "failed"
std::optional<JudgeOrderStatus> judgeOrderStatusFromName(QStringView name);

// What became of one order of one pair.
struct JudgeOrderOutcome {
    int pairNo = 0;
    int order = 1; // 1 or 2
    JudgeOrderStatus status = JudgeOrderStatus::Failed;
    std::optional<JudgeChoice> choice; // Decided only
    QString reason;  // the judge's, when it gave one
    QString raw;     // the reply as received (empty when the call failed)
    QString problem; // Invalid: what was wrong with the reply; Failed: the call's error
};

// Which side the judge preferred in one order.
PairWinner winnerOfOrder(int order, JudgeChoice choice);

// A pair's verdict from its two orders.
struct JudgedPair {
    enum class Kind {
        Consistent,   // both orders decided and named the same side (or both a tie)
        Inconsistent, // both decided, but they disagree: a tie marked position-inconsistent
        Excluded,     // an order is invalid, failed or not answered yet: no vote
    };
    Kind kind = Kind::Excluded;
    PairWinner winner = PairWinner::Tie;
};
JudgedPair combineOrders(const std::optional<JudgeOrderOutcome> &first, const std::optional<JudgeOrderOutcome> &second);

// A judge run's figures. Pairs are the session's; orders are counted apart, so that one bad
// reply in a pair shows as one invalid order (and one excluded pair).
struct JudgeRunCounts {
    qint64 pairs = 0;
    qint64 consistent = 0;
    qint64 inconsistent = 0;
    qint64 excluded = 0;      // pairs with no vote: some order invalid, failed or pending
    qint64 decidedOrders = 0;
    qint64 invalidOrders = 0;
    qint64 failedOrders = 0;
    qint64 pendingOrders = 0; // no result yet (a run stopped by its budget, or killed)
};

// Counts over `pairNos` (the session's pairs) from the outcomes stored so far.
JudgeRunCounts countJudgeOrders(const QList<int> &pairNos, const QList<JudgeOrderOutcome> &outcomes);

} // namespace assay

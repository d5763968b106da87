#include "eval/JudgeOrders.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace assay {

QString judgeOrderStatusName(JudgeOrderStatus status)
{
    switch (status) {
    case JudgeOrderStatus::Decided:
        return u"decided"_s;
    case JudgeOrderStatus::Invalid:
        return u"invalid"_s;
    case JudgeOrderStatus::Failed:
        break;
    }
    return u"failed"_s;
}

std::optional<JudgeOrderStatus> judgeOrderStatusFromName(QStringView name)
{
    for (JudgeOrderStatus s : {JudgeOrderStatus::Decided, JudgeOrderStatus::Invalid, JudgeOrderStatus::Failed}) {
        if (name == judgeOrderStatusName(s))
            return s;
    }
    return std::nullopt;
}

PairWinner winnerOfOrder(int order, JudgeChoice choice)
{
    if (choice == JudgeChoice::Tie)
        return PairWinner::Tie;
    const bool firstShown = choice == JudgeChoice::First;
    // Order 1 shows A first; order 2 shows B first.
    if (order == 1)
        return firstShown ? PairWinner::A : PairWinner::B;
    return firstShown ? PairWinner::B : PairWinner::A;
}

JudgedPair combineOrders(const std::optional<JudgeOrderOutcome> &first, const std::optional<JudgeOrderOutcome> &second)
{
    const auto decided = [](const std::optional<JudgeOrderOutcome> &o) {
        return o && o->status == JudgeOrderStatus::Decided && o->choice;
    };
    if (!decided(first) || !decided(second))
        return {JudgedPair::Kind::Excluded, PairWinner::Tie};
    const PairWinner one = winnerOfOrder(1, *first->choice);
    const PairWinner two = winnerOfOrder(2, *second->choice);
    if (one == two)
        return {JudgedPair::Kind::Consistent, one};
    return {JudgedPair::Kind::Inconsistent, PairWinner::Tie};
}

JudgeRunCounts countJudgeOrders(const QList<int> &pairNos, const QList<JudgeOrderOutcome> &outcomes)
{
    QHash<int, std::optional<JudgeOrderOutcome>> firsts, seconds;
    for (const JudgeOrderOutcome &o : outcomes)
        (o.order == 1 ? firsts : seconds).insert(o.pairNo, o);
    JudgeRunCounts c;
    c.pairs = pairNos.size();
    for (int pairNo : pairNos) {
        for (const auto *orders : {&firsts, &seconds}) {
            const std::optional<JudgeOrderOutcome> o = orders->value(pairNo);
            if (!o)
                ++c.pendingOrders;
            else if (o->status == JudgeOrderStatus::Decided)
                ++c.decidedOrders;
            else if (o->status == JudgeOrderStatus::Invalid)
                ++c.invalidOrders;
            else
                ++c.failedOrders;
        }
        switch (combineOrders(firsts.value(pairNo), seconds.value(pairNo)).kind) {
        case JudgedPair::Kind::Consistent:
            ++c.consistent;
            break;
        case JudgedPair::Kind::Inconsistent:
            ++c.inconsistent;
            break;
        case JudgedPair::Kind::Excluded:
            ++c.excluded;
            break;
        }
    }
    return c;
}

} // namespace assay

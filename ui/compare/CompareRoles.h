#pragma once

#include <Qt>

namespace assay {

// Data the Compare view's models expose beyond text; the delegate paints from these.
namespace CompareRole {
enum : int {
    WinRate = Qt::UserRole + 1, // double, wins / decisive
    CiLow,                      // double
    CiHigh,                     // double
    Decisive,                   // qint64, pairs with a winner
    Verdict,                    // int, PairVerdictKind (pairs list)
    CaseNo,                     // int (pairs list)
    SignificantlyWorse,         // bool: B is significantly worse on this check
    Tone,                       // int, CompareTone: how the delegate shades the cell
};
}

// How a cell reads: the delegate picks the colours, the model only says which.
enum class CompareTone { Neutral, Good, Bad };

// What people said about a pair, over the judges the view counts.
enum class PairVerdictKind { NotJudged, BBetter, ABetter, Tie };
QString pairVerdictKindText(PairVerdictKind kind);

} // namespace assay

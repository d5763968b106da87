#pragma once

#include "eval/CheckSet.h"
#include "query/OutputFilter.h"
#include "util/Result.h"

#include <QList>
#include <QString>

#include <functional>

namespace assay {

class CheckResultStore;
class OutputsRepository;
class PriceTable;
struct OutputRecord;
struct ReplayComparison;

// How one check fared over many outputs. Not applicable (no latency logged, say) is neither.
struct CheckTally {
    QString name;
    qint64 passed = 0;
    qint64 failed = 0;
    qint64 notApplicable = 0;
};

// A check set's counts over one group of outputs: the logged ones, or one side of a replay run.
// Outputs of failed calls are not checked but counted in `errors`, never dropped.
struct CheckTotals {
    QString label;              // "log", "baseline", or a target's label
    QList<CheckTally> checks;   // one per check, in the set's order
    qint64 checked = 0;         // outputs the set ran over
    qint64 outputsPassed = 0;   // of those, how many passed the whole set (CheckSet::score)
    qint64 errors = 0;          // failed calls and render errors: nothing to check
    qint64 pending = 0;         // replay cases without a result yet
    qint64 reused = 0;          // outputs whose stored results were still valid (not recomputed)

    static CheckTotals forSet(const CheckSet &set, const QString &label);
    void add(const QList<CheckOutcome> &outcomes, const CheckSetScore &score);
};

// One output's results, handed to the caller as they are computed (the CLI prints them).
struct CheckedOutput {
    QString outputKey;
    int caseNo = 0;   // replay only
    int side = 0;     // replay: 0 the logged baseline, n the run's target n (1-based)
    QString error;    // set: the call failed (or the record is gone); nothing was checked
    QList<CheckOutcome> outcomes;
    CheckSetScore score;
};
using CheckedOutputVisitor = std::function<bool(const CheckedOutput &)>; // false stops the run

// What a check knows about a logged call: its output, its input variables, latency, output
// tokens and its cost (logged, else priced; none when unpriced).
CheckInput checkInputOf(const OutputRecord &record, const PriceTable &prices);

// Runs `set` over the logged outputs the filter selects, newest first, at most `limit` (negative:
// all). With a store, outcomes stored for the same set and the same output are reused and new
// ones saved, so a re-run recomputes only what changed.
Result<CheckTotals> checkLoggedOutputs(OutputsRepository &outputs, const OutputFilter &filter, const CheckSet &set,
                                       const PriceTable &prices, qint64 limit, const CheckedOutputVisitor &visit = {},
                                       CheckResultStore *store = nullptr);

// Runs `set` over a replay run: the logged baseline of every case and each target's result.
// Returns one CheckTotals per side: [0] the baseline, [n] target n.
Result<QList<CheckTotals>> checkReplayRun(const ReplayComparison &comparison, const CheckSet &set,
                                          const CheckedOutputVisitor &visit = {}, CheckResultStore *store = nullptr);

} // namespace assay

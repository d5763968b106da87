#include "eval/CheckRun.h"

#include "browse/OutputsRepository.h"
#include "eval/CheckResultStore.h"
#include "pricing/RecordCost.h"
#include "replay/ReplayComparison.h"

#include <QThread>

#include <algorithm>
#include <optional>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

std::optional<qint64> wholeNumber(const QVariant &v)
{
    if (v.isNull() || !v.isValid())
        return std::nullopt;
    bool ok = false;
    const double d = v.toDouble(&ok);
    if (!ok)
        return std::nullopt;
    return static_cast<qint64>(d);
}

// Evaluates one input, or takes the stored outcomes when the store has them for this very input.
Result<QList<CheckOutcome>> outcomesFor(const CheckSet &set, const CheckInput &input, const QString &subject,
                                        CheckResultStore *store, bool &reused)
{
    reused = false;
    if (!store)
        return set.evaluate(input);
    const QByteArray hash = CheckResultStore::inputHash(input);
    if (auto stored = store->lookup(subject, hash)) {
        reused = true;
        return *stored;
    }
    QList<CheckOutcome> outcomes = set.evaluate(input);
    if (auto saved = store->save(subject, hash, outcomes); !saved)
        return fail(saved.error());
    return outcomes;
}

} // namespace

CheckTotals CheckTotals::forSet(const CheckSet &set, const QString &label)
{
    CheckTotals totals;
    totals.label = label;
    for (const QString &name : set.names())
        totals.checks << CheckTally{name, 0, 0, 0};
    return totals;
}

void CheckTotals::add(const QList<CheckOutcome> &outcomes, const CheckSetScore &score)
{
    ++checked;
    if (score.passed)
        ++outputsPassed;
    for (qsizetype i = 0; i < outcomes.size() && i < checks.size(); ++i) {
        const CheckOutcome &o = outcomes.at(i);
        CheckTally &t = checks[i];
        if (!o.applicable)
            ++t.notApplicable;
        else if (o.passed)
            ++t.passed;
        else
            ++t.failed;
    }
}

CheckInput checkInputOf(const OutputRecord &record, const PriceTable &prices)
{
    CheckInput input;
    const QVariant output = record.value(LogField::Output);
    input.output = output.typeId() == QMetaType::QByteArray ? QString::fromUtf8(output.toByteArray()) : output.toString();
    const QVariant vars = record.value(LogField::Input);
    input.varsJson = vars.typeId() == QMetaType::QByteArray ? QString::fromUtf8(vars.toByteArray()) : vars.toString();
    input.latencyMs = wholeNumber(record.value(LogField::LatencyMs));
    input.outputTokens = wholeNumber(record.value(LogField::OutputTokens));
    if (const RecordCost cost = costOfRecord(record, prices); cost.hasCost())
        input.costUsd = cost.usd;
    return input;
}

namespace {

// One logged output on its way through a batch.
struct BatchItem {
    CheckedOutput checked;
    CheckInput input;
    QByteArray hash;
    bool reused = false;
};

// Evaluates a batch on every core: each output is independent and CheckSet::evaluate() is const,
// so the log reader never waits for more than one batch of checks. Stored results are looked up
// here too (read-only); saving stays on the calling thread, in order.
void evaluateBatch(const CheckSet &set, QList<BatchItem> &batch, const CheckResultStore *store)
{
    auto work = [&](qsizetype from, qsizetype to) {
        for (qsizetype i = from; i < to; ++i) {
            BatchItem &item = batch[i];
            if (!item.checked.error.isEmpty())
                continue;
            if (store) {
                item.hash = CheckResultStore::inputHash(item.input);
                if (auto stored = store->lookup(CheckResultStore::logSubject(item.checked.outputKey), item.hash)) {
                    item.checked.outcomes = std::move(*stored);
                    item.reused = true;
                    continue;
                }
            }
            item.checked.outcomes = set.evaluate(item.input);
        }
    };
    const qsizetype threads = std::clamp<qsizetype>(QThread::idealThreadCount(), 1, 16);
    if (threads == 1 || batch.size() < 64) {
        work(0, batch.size());
        return;
    }
    const qsizetype chunk = (batch.size() + threads - 1) / threads;
    std::vector<std::thread> helpers;
    for (qsizetype t = 1; t < threads; ++t) {
        const qsizetype from = t * chunk;
        const qsizetype to = std::min(batch.size(), from + chunk);
        if (from < to)
            helpers.emplace_back(work, from, to);
    }
    work(0, std::min(batch.size(), chunk));
    for (std::thread &h : helpers)
        h.join();
}

} // namespace

Result<CheckTotals> checkLoggedOutputs(OutputsRepository &outputs, const OutputFilter &filter, const CheckSet &set,
                                       const PriceTable &prices, qint64 limit, const CheckedOutputVisitor &visit,
                                       CheckResultStore *store)
{
    CheckTotals totals = CheckTotals::forSet(set, u"log"_s);
    if (store) {
        if (auto prepared = store->prepare(set); !prepared)
            return fail(prepared.error());
    }
    QString storeError;
    bool stopped = false;
    constexpr qsizetype batchSize = 2048;
    // Hands an evaluated batch on in log order (save, score, count, visit); false when the run
    // must stop.
    auto drain = [&](QList<BatchItem> &batch) -> bool {
        for (BatchItem &item : batch) {
            CheckedOutput &checked = item.checked;
            if (!checked.error.isEmpty()) {
                ++totals.errors;
            } else {
                if (store && !item.reused) {
                    if (auto saved = store->save(CheckResultStore::logSubject(checked.outputKey), item.hash, checked.outcomes);
                        !saved) {
                        storeError = saved.error();
                        return false;
                    }
                }
                checked.score = set.score(checked.outcomes);
                totals.add(checked.outcomes, checked.score);
                totals.reused += item.reused ? 1 : 0;
            }
            if (visit && !visit(checked)) {
                stopped = true;
                return false;
            }
        }
        batch.clear();
        return true;
    };
    // Reading the log and checking overlap: while one batch is evaluated on a thread of its own,
    // this thread reads the next. The store is only read during an evaluation and only written
    // between two, so the two never touch it at once.
    QList<BatchItem> filling;
    QList<BatchItem> inFlight;
    std::optional<std::thread> evaluating;
    auto finishInFlight = [&]() -> bool {
        if (!evaluating)
            return true;
        evaluating->join();
        evaluating.reset();
        return drain(inFlight);
    };
    auto walked = outputs.forEachRecord(filter, SortOrder{}, limit, [&](const OutputRecord &record) {
        BatchItem item;
        item.checked.outputKey = record.key.toString();
        if (record.isError()) {
            const QString error = record.value(LogField::Error).toString();
            item.checked.error = error.isEmpty() ? u"the call failed (status %1)"_s.arg(record.value(LogField::Status).toString())
                                                 : error;
        } else {
            item.input = checkInputOf(record, prices);
        }
        filling.append(std::move(item));
        if (filling.size() < batchSize)
            return true;
        if (!finishInFlight())
            return false;
        inFlight = std::move(filling);
        filling.clear();
        evaluating.emplace([&set, &inFlight, store] { evaluateBatch(set, inFlight, store); });
        return true;
    });
    // Whatever happened, no evaluation may outlive this function.
    if (evaluating) {
        evaluating->join();
        evaluating.reset();
        if (walked && !stopped && storeError.isEmpty())
            drain(inFlight);
    }
    if (!walked)
        return fail(walked.error());
    if (!stopped && storeError.isEmpty()) {
        evaluateBatch(set, filling, store);
        drain(filling);
    }
    if (!storeError.isEmpty())
        return fail(storeError);
    if (store) {
        if (auto flushed = store->flush(); !flushed)
            return fail(flushed.error());
    }
    return totals;
}

Result<QList<CheckTotals>> checkReplayRun(const ReplayComparison &comparison, const CheckSet &set,
                                          const CheckedOutputVisitor &visit, CheckResultStore *store)
{
    QList<CheckTotals> sides{CheckTotals::forSet(set, u"baseline"_s)};
    for (const auto &target : comparison.targets)
        sides << CheckTotals::forSet(set, target.label());
    if (store) {
        if (auto prepared = store->prepare(set); !prepared)
            return fail(prepared.error());
    }
    auto check = [&](CheckedOutput &checked, const CheckInput &input, const QString &subject) -> Result<bool> {
        CheckTotals &totals = sides[checked.side];
        if (!checked.error.isEmpty()) {
            ++totals.errors;
            return !visit || visit(checked);
        }
        bool reused = false;
        auto outcomes = outcomesFor(set, input, subject, store, reused);
        if (!outcomes)
            return fail(outcomes.error());
        checked.outcomes = std::move(*outcomes);
        checked.score = set.score(checked.outcomes);
        totals.add(checked.outcomes, checked.score);
        totals.reused += reused ? 1 : 0;
        return !visit || visit(checked);
    };
    bool stopped = false;
    for (const ReplayComparisonRow &row : comparison.rows) {
        if (stopped)
            break;
        CheckedOutput baseline;
        baseline.outputKey = row.outputKey;
        baseline.caseNo = row.caseNo;
        baseline.side = 0;
        baseline.error = row.baseline.error;
        const CheckInput logged{row.baseline.output, row.baseline.input, row.baseline.latencyMs, row.baseline.costUsd,
                                row.baseline.outputTokens};
        auto goOn = check(baseline, logged, CheckResultStore::logSubject(row.outputKey));
        if (!goOn)
            return fail(goOn.error());
        if (!*goOn)
            break;
        for (const ReplayResult &result : row.results) {
            CheckedOutput checked;
            checked.outputKey = row.outputKey;
            checked.caseNo = row.caseNo;
            checked.side = result.targetNo + 1;
            if (checked.side >= sides.size())
                continue;
            if (result.status == ReplayResultStatus::Pending) {
                ++sides[checked.side].pending;
                continue;
            }
            if (result.status != ReplayResultStatus::Ok)
                checked.error = result.error.isEmpty() ? replayResultStatusName(result.status) : result.error;
            const CheckInput replayed{result.output, row.baseline.input, result.latencyMs, result.costUsd,
                                      result.outputTokens};
            auto more = check(checked, replayed,
                              CheckResultStore::runSubject(comparison.runId, row.caseNo, result.targetNo));
            if (!more)
                return fail(more.error());
            if (!*more) {
                stopped = true;
                break;
            }
        }
    }
    if (store) {
        if (auto flushed = store->flush(); !flushed)
            return fail(flushed.error());
    }
    return sides;
}

} // namespace assay

#pragma once

#include "browse/OutputRecord.h"
#include "pricing/PriceTable.h"

#include <QMap>
#include <QString>

namespace assay {

// What the logged input token count includes. Providers disagree: Anthropic's input_tokens leave
// cache reads and writes out, OpenAI's prompt_tokens and Gemini's promptTokenCount count cached
// tokens in, and teams usually log what their provider returned.
enum class InputTokens {
    Auto,             // by model: Claude models exclude cache, others include cache reads
    ExcludeCache,     // input_tokens is uncached input only
    IncludeCacheRead, // input_tokens already contains cache_read_tokens
};

struct RecordCost {
    enum class Basis {
        Logged,   // the log's own cost column
        Computed, // tokens x the price table
        Unpriced, // no cost logged and no price for the model: counted, never a silent zero
        NoUsage,  // priced model, but neither a cost nor token counts were logged
    };
    Basis basis = Basis::Unpriced;
    double usd = 0; // meaningful only when hasCost()
    QString model;
    CostBreakdown breakdown; // Computed only

    bool hasCost() const { return basis == Basis::Logged || basis == Basis::Computed; }
};

// The cost of one logged call: the logged cost column wins when it holds a number, else tokens
// times the price in force on the call's day (UTC). Callers costing millions of rows should group
// by model and day first; find() is a hash look-up plus a scan of the pattern rows.
RecordCost costOfRecord(const OutputRecord &record, const PriceTable &prices,
                        InputTokens convention = InputTokens::Auto);

// Sums costs and keeps the honest counts a dashboard shows beside them ("12% of calls have no price").
struct CostTally {
    double usd = 0;
    qint64 calls = 0;
    qint64 logged = 0;
    qint64 computed = 0;
    qint64 unpriced = 0;
    qint64 noUsage = 0;
    QMap<QString, qint64> unpricedModels; // model -> calls, so the user knows which price to add

    void add(const RecordCost &cost);
    qint64 uncosted() const { return unpriced + noUsage; }
    double uncostedShare() const { return calls ? static_cast<double>(uncosted()) / static_cast<double>(calls) : 0; }
};

} // namespace assay

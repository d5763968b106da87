#pragma once

#include "analytics/SqliteUsageScan.h"
#include "analytics/UsageCells.h"
#include "util/Result.h"

#include <QString>

namespace assay {

class LogSession;

// What a refresh did.
struct RollupRefresh {
    bool rebuilt = false;
    QString rebuildReason;    // why every row was read ("first build", "the log was replaced or shrank", ...)
    qint64 rowsRead = 0;      // log rows read by this refresh
    qint64 watermarkRowid = 0; // rows up to this rowid are in the rollups
    qint64 rollupRows = 0;    // rollup rows written
};

// Hourly rollups of a SQLite log, kept in the session's (SQLite) workspace: UTC hour x feature
// x model x prompt name x prompt version x tier band, with token sums (cache included), the
// logged-cost sum, call, error, feedback and unpriced counts and a latency histogram
// (LatencyHistogram.h: p50/p95 within 1.99%). Cost is not stored: query() prices the token
// sums with the current PriceTable, so totals equal the direct UsageAggregator and a price
// change needs no rebuild (a new tier threshold does: it splits calls differently).
//
// Logs are append-only: refresh() reads only rows whose rowid is above the stored watermark.
// A row updated in place after it was rolled up is not seen again. A log that was replaced or
// shrank (the row count up to the watermark or the watermark row's timestamp changed) is read
// again from the start, as is one whose column mapping changed.
class UsageRollups {
public:
    // Empty when this session can keep rollups, else the reason it cannot.
    static QString unavailableReason(LogSession &session);

    explicit UsageRollups(LogSession &session) : m_session(session) {}

    // Brings the rollups up to date with the log in one workspace transaction (two processes
    // refreshing at once take turns rather than count rows twice).
    Result<RollupRefresh> refresh(const PricingPlan &plan);

    // The request's cells from the rollups (and, for a range that starts or ends inside an
    // hour, from the log's rows of that part hour). The caller has checked that the request is
    // one rollups can answer (UsageQuery.h): SQLite log, whole-hour zone, filters on time,
    // feature, model and prompt only, groups none/feature/model/prompt, Auto input tokens.
    Result<UsageScan> query(const AggregateRequest &request, const PricingPlan &plan);

private:
    LogSession &m_session;
};

} // namespace assay

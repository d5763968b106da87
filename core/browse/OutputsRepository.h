#pragma once

#include <QMetaType>

#include "browse/OutputRecord.h"
#include "query/FilterSql.h"
#include "query/OutputFilter.h"
#include "schema/LogSchema.h"
#include "util/Result.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>

#include <functional>
#include <optional>

class QSqlQuery;

namespace assay {

class SourceConnection;

// A position in the browse order: the sort column's raw value and the row key that breaks ties.
struct PageKey {
    QVariant sortValue;
    QVariant key;
    bool operator==(const PageKey &o) const { return sortValue == o.sortValue && key == o.key; }
};

struct PageRequest {
    OutputFilter filter;
    SortOrder order;
    std::optional<PageKey> start; // none: from the first row of the order
    bool includeStart = false;    // true when `start` is an anchor that belongs to the page
    bool reverse = false;         // walk the order backwards (for the last page)
    int limit = 256;
};

// The read side of a log, shared by the browser's worker, the exporter and the CLI. Pages by
// key (never OFFSET): each page continues from the key of the last row seen, which stays as
// fast at row 900,000 as at row 0 when the sort column is indexed.
//
// Order: rows whose sort value is NULL sort as the smallest values, in both dialects.
class OutputsRepository {
public:
    OutputsRepository(SourceConnection &connection, LogSchema schema);

    const LogSchema &schema() const { return m_schema; }
    void setSearchSupport(const SearchSupport &support)
    {
        m_search = support;
        m_selectiveSearches.clear();
        m_matchedIds.clear();
    }
    const SearchSupport &searchSupport() const { return m_search; }

    // Browser rows: metadata plus a short output preview; the input is left out.
    Result<QList<OutputRecord>> fetchPage(const PageRequest &request);
    Result<qint64> count(const OutputFilter &filter);
    // A cheap guess of the unfiltered row count, for the first moment of a big log.
    Result<qint64> estimateTotal();
    // Walks the keys of the filter in order, handing every `every`-th one (the 0th, the
    // every-th, ...) to `visit`, which returns false to stop early. Returns the rows walked.
    // Only the visited keys are converted, so one anchor a page costs little more than a count.
    Result<qint64> forEachKey(const OutputFilter &filter, const SortOrder &order,
                              const std::function<bool(const PageKey &)> &visit, int every = 1);
    // Every field of one row. The output is cut at maxOutputChars (negative: no limit).
    Result<OutputRecord> fetchRecord(const QVariant &key, qint64 maxOutputChars = 256 * 1024);
    // Full records in order, fetched a page at a time (export, the CLI).
    Result<void> forEachRecord(const OutputFilter &filter, const SortOrder &order, qint64 limit,
                               const std::function<bool(const OutputRecord &)> &visit);
    // Which of `keys` (ids of this log) match the filter; looked up by id in chunks, so a few
    // thousand keys cost a few indexed queries, not a scan.
    Result<QSet<QString>> keysMatching(const OutputFilter &filter, const QStringList &keys);
    // The logged latencies (ms) of the filter's rows, as the dashboard reads them (LoggedNumber.h);
    // rows without a readable latency are left out.
    Result<QList<double>> latenciesMs(const OutputFilter &filter);
    // Values seen in a column, most frequent first, for filter pickers.
    Result<QStringList> distinctValues(LogField field, int limit = 500);
    // Prompt names and "name@version" pairs the log uses, for the prompt picker.
    Result<QStringList> promptChoices(int limit = 2000);

    static constexpr int previewChars = 240;

    // True when the last call of fetchPage, count or forEachKey failed because
    // SourceConnection::interrupt() stopped its statement (by the error code: see isInterruption).
    bool lastFailureWasInterruption() const { return m_interrupted; }

private:
    // The database's first line of the error; notes whether it was an interruption.
    QString queryError(const QSqlQuery &q);
    enum class Shape { Preview, Full };
    QString selectList(Shape shape, qint64 maxOutputChars) const;
    OutputRecord readRow(const QSqlQuery &q, Shape shape) const;
    LogField sortField(const SortOrder &order) const;
    // True when the rows should come from the search index and be sorted afterwards, rather
    // than found by walking the sort column's index and testing each row against the hits.
    bool driveFromSearchIndex(const OutputFilter &filter, bool visitsEveryHit);
    // m_search with the ids the workspace index matches for the filter's search resolved
    // (PostgreSQL logs; cached per text until the search support changes).
    SearchSupport searchFor(const OutputFilter &filter);
    // The sort column as SQL; "+col" keeps SQLite from walking its index (see above).
    QString sortExpression(LogField field, bool fromSearchIndex) const;
    Result<QList<OutputRecord>> fetchRows(const PageRequest &request, Shape shape, qint64 maxOutputChars);
    bool prepareAndBind(QSqlQuery &q, const QString &sql, const QVariantList &binds) const;

    SourceConnection &m_connection;
    LogSchema m_schema;
    bool m_interrupted = false;
    SearchSupport m_search;
    QList<LogField> m_fields; // selected fields, in select-list order
    QHash<QString, bool> m_selectiveSearches; // search text -> few enough hits to sort them
    QHash<QString, std::optional<QList<qint64>>> m_matchedIds;

public:
    // Below this many index hits, fetching and sorting the hits beats walking the table in
    // order until a page is full (measured on the 1M-row demo log; the two meet near 2.5*sqrt(rows)).
    static constexpr int selectiveSearchHits = 4000;
};

} // namespace assay

Q_DECLARE_METATYPE(assay::PageKey)
Q_DECLARE_METATYPE(assay::PageRequest)

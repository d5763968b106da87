#pragma once

#include "query/OutputFilter.h"
#include "schema/LogSchema.h"
#include "util/Result.h"

#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>
#include <optional>

namespace assay {

// The current reviewer labels a filter asks about: those matching all of these.
struct LabelCriteria {
    QStringList labels; // any of (empty: any label)
    QString reviewer;   // empty: anyone's
    bool hasNote = false;
    QString tag;
};

// How text search can run on this connection. With the workspace's FTS5 trigram index
// attached, matching rows come from the index, and rows newer than it are scanned; without
// it, the whole table is scanned (LIKE on SQLite, ILIKE on PostgreSQL).
struct SearchSupport {
    bool indexAttached = false;
    QString indexAlias = QStringLiteral("ws");
    qint64 indexedThroughRowid = -1; // the highest rowid the index covers
    bool coversAll = false;          // no row of the log is newer than the index
    // Plan hint for SQLite: true when the query should walk the sort column's index and test
    // each row against the hits ("+rowid" keeps SQLite from driving the query by the hits),
    // which finds the first page of a common term long before all its hits are sorted.
    bool walkInOrder = false;
    // PostgreSQL logs: the index sits in the workspace, not in the log's database, so the
    // repository asks it for the matching ids first (matchIds; nullopt when there are too many
    // to pass as a list, and the search scans) and hands them over in matchedIds.
    std::function<std::optional<QList<qint64>>(const QString &text)> matchIds;
    std::optional<QList<qint64>> matchedIds;

    // Reviewer labels live in the workspace. A SQLite log with its SQLite workspace attached
    // under indexAlias reads them inside the query; any other pair asks labelledKeys for the
    // keys of the outputs whose current label matches and binds them as one list.
    bool labelsAttached = false;
    std::function<Result<QStringList>(const LabelCriteria &)> labelledKeys;
    // Stored check results ("fails check X") come the same two ways: read inside the query when
    // labelsAttached (the same attached workspace), else failingKeys lists the keys.
    std::function<Result<QStringList>(const QString &checkName)> failingKeys;
};

// SQL conditions with positional placeholders and their values, in order. Filter values are
// only ever bound, never spliced into SQL text.
struct SqlConditions {
    QStringList clauses;
    QVariantList binds;
    // Set when a condition could not be built (the workspace's labels could not be read): the
    // conditions then match nothing, and callers report this instead of an empty result.
    QString error;

    void add(const QString &clause, const QVariantList &values = {});
    void append(const SqlConditions &other);
    QString whereClause() const; // "" or " WHERE a AND b"
};

SqlConditions filterConditions(const LogSchema &schema, const OutputFilter &filter, const SearchSupport &search = {});

// Filters this log cannot apply because it lacks the column, one sentence each. Applying them
// anyway would silently return everything, so callers refuse or say so.
QStringList unsupportedFilters(const LogSchema &schema, const OutputFilter &filter);

// "%50\% off%" for LIKE ... ESCAPE '\'.
QString likeContainsPattern(const QString &text);
// A single FTS5 phrase: "it""s" so quotes, stars and operators in user text stay literal.
QString fts5Phrase(const QString &text);
// Trigram indexes need three characters; shorter searches scan.
bool searchCanUseTrigramIndex(const QString &text);

} // namespace assay

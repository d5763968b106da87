#pragma once

#include "util/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace assay {

class LogSession;
class PriceTable;

// "Does your existing data support it?": what a log holds and lacks, before anyone judges
// quality from it. Every finding has its count and up to kAuditSamples ids to open.
inline constexpr int kAuditSamples = 5;

struct AuditFinding {
    QString what;        // "outputs that should be JSON but do not parse"
    qint64 count = 0;
    qint64 of = 0;       // the rows it is counted among
    QStringList sampleIds;
    double share() const { return of > 0 ? double(count) / double(of) : 0; }
};

struct FeatureAudit {
    QString feature;     // "" for rows without one
    qint64 outputs = 0;
    qint64 withFeedback = 0; // any end-user reaction
    qint64 edited = 0;       // of those, "edited"
    bool mostlyJson = false; // at least half of its non-empty outputs start like JSON
    QList<AuditFinding> findings;
    QString verdict;         // one line: what this feature's data supports
    double feedbackRate() const { return outputs > 0 ? double(withFeedback) / double(outputs) : 0; }
};

struct FieldAudit {
    QString field;   // the logical name ("feedback"), or the column the mapping names
    QString column;  // the log's column; empty when the log has none
    qint64 missing = 0; // NULL or empty (all rows when the column is absent)
};

struct LogAudit {
    QString source;
    qint64 rows = 0;
    std::optional<QDateTime> since; // the audited rows: created at or after (none: all)
    QDateTime auditedAt;
    QList<FieldAudit> fields;
    QList<FeatureAudit> features; // most outputs first
    QList<AuditFinding> logFindings; // across features: key order, hash collisions, duplicates
    QStringList notes;               // what could not be checked, and why

    QJsonObject toJson() const;
    QString toMarkdown() const;
};

// The verdict rules, on one feature's figures (pure: what the tests pin).
QString featureVerdict(const FeatureAudit &feature);

// Audits the session's log (rows at or after `since`, or all): per field the share missing; per
// feature feedback capture, empty outputs, JSON that does not parse, future timestamps, token
// counts missing or zero, models without a price; across the log timestamps out of order
// against the key, one input_hash with different inputs, and duplicate rows. Aggregates run in
// the database; the key-order pass reads ids and times in key order in bounded batches.
Result<LogAudit> auditLog(LogSession &session, const PriceTable &prices, const std::optional<QDateTime> &since,
                          const QDateTime &now);

} // namespace assay

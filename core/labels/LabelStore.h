#pragma once

#include "util/Result.h"

#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace assay {

class Workspace;

// A reviewer's verdict on one output. (End-user feedback is the log's own column and stays apart.)
enum class LabelValue { Positive, Negative, Edited };

QString labelName(LabelValue value);
// "positive", "negative", "edited"; also "1"/"2"/"3" as the keyboard types them.
std::optional<LabelValue> labelFromName(QStringView name);

// What a reviewer sets on one output; no label means "clear".
struct LabelChange {
    QString outputKey;
    std::optional<LabelValue> label;
    QString note;
    QStringList tags;
    QString correctedOutput; // for Edited
};

// One row of the append-only history. The current label of (output, reviewer) is the newest
// event; an event without a label is a clear.
struct LabelEvent {
    qint64 id = 0;
    QString outputKey;
    QString reviewer;
    std::optional<LabelValue> label;
    QString note;
    QStringList tags;
    QString correctedOutput;
    QDateTime labelledAt;
    QString batchId; // shared by the rows of one bulk change (and of its undo)
    QString action;  // "set", "undo" or "redo"

    LabelChange asChange() const { return {outputKey, label, note, tags, correctedOutput}; }
};

struct LabelQuery {
    QString reviewer;                 // empty: every reviewer
    std::optional<QDateTime> since;   // labelled at or after
    QStringList outputKeys;           // empty: every output
};

// Reviewer labels in the workspace. Every change is committed before the call returns (SQLite
// workspaces: WAL with synchronous=FULL on this connection, so a label survives a power cut
// too, not only a killed process); several changes go in one transaction with one batch id.
// Rows are only ever appended, so two reviewers labelling at once never overwrite each other.
class LabelStore {
public:
    // `reviewer` empty: defaultReviewer(). On PostgreSQL the database role is the identity.
    explicit LabelStore(Workspace &workspace, const QString &reviewer = {});

    // The OS user (USER / USERNAME) for a SQLite workspace, current_user on PostgreSQL.
    static QString defaultReviewer(Workspace &workspace);
    QString reviewer() const { return m_reviewer; }

    Result<LabelEvent> set(const LabelChange &change, const QString &action = QStringLiteral("set"));
    // All or nothing, one transaction, one batch id.
    Result<QList<LabelEvent>> setMany(const QList<LabelChange> &changes, const QString &action = QStringLiteral("set"));

    // Compare and set, for undo and redo: in one transaction, writes `changes` only if each
    // output's current label is still `expected` (same position in the lists). Otherwise
    // nothing is written and the error names the output that changed since, so an undo in one
    // view never overwrites a newer label the same reviewer made in another. `changedSince`
    // tells that refusal apart from a database error.
    Result<QList<LabelEvent>> setIfUnchanged(const QList<LabelChange> &expected, const QList<LabelChange> &changes,
                                             const QString &action, bool *changedSince = nullptr);

    // This reviewer's current label of an output (none: never labelled or cleared).
    Result<std::optional<LabelEvent>> current(const QString &outputKey);
    // Current labels (clears left out), oldest change first.
    Result<QList<LabelEvent>> currentLabels(const LabelQuery &query = {});
    // Every event of an output, all reviewers, oldest first: the audit trail.
    Result<QList<LabelEvent>> history(const QString &outputKey);
    // Outputs anyone has a current label on (for "exclude already reviewed").
    Result<QSet<QString>> labelledKeys();
    // Tags used so far, most used first (autocompletion).
    Result<QStringList> knownTags(int limit = 200);

private:
    QString table(const QString &name) const;
    Result<LabelEvent> insert(const LabelChange &change, const QString &action, const QString &batchId);
    // Inside the caller's open transaction: every change, then the commit (a rollback on failure).
    Result<QList<LabelEvent>> insertAndCommit(const QList<LabelChange> &changes, const QString &action,
                                              const QString &batch);
    Result<QList<LabelEvent>> select(const QString &where, const QVariantList &binds);

    Workspace &m_ws;
    QString m_reviewer;
};

} // namespace assay

#pragma once

#include "eval/CheckSet.h"
#include "util/Result.h"

#include <QHash>
#include <QMetaType>
#include <QList>
#include <QString>

#include <optional>

namespace assay {

class Workspace;

// One stored check result, for the detail pane and listings.
struct StoredCheckResult {
    QString checkName;
    bool passed = false;
    bool applicable = true;
    double score = 0;
    QString reason;
};

// Check outcomes kept in the workspace per output subject and check, under the set's
// fingerprint and a hash of everything the checks looked at. A run first prepare()s (one query
// for what is stored under the set), then looks up each output: a hit with the same input hash is
// reused, anything else is evaluated and saved. Saves are written in batched transactions; call
// flush() at the end (a failed write is an error, never dropped).
class CheckResultStore {
public:
    explicit CheckResultStore(Workspace &workspace);

    // "log:<output key>": a logged output. "run:<id>:<case>:<target>": a replay result.
    static QString logSubject(const QString &outputKey);
    static QString runSubject(qint64 runId, int caseNo, int targetNo);
    static QByteArray inputHash(const CheckInput &input);

    Result<void> prepare(const CheckSet &set);
    std::optional<QList<CheckOutcome>> lookup(const QString &subject, const QByteArray &inputHash) const;
    Result<void> save(const QString &subject, const QByteArray &inputHash, const QList<CheckOutcome> &outcomes);
    Result<void> flush();

    // What is stored for a subject under a set (its fingerprint), in check order.
    Result<QList<StoredCheckResult>> resultsFor(const QString &subject, const QByteArray &fingerprint);

private:
    struct Stored {
        QByteArray inputHash;
        QList<CheckOutcome> outcomes;
    };
    struct Pending {
        QString subject;
        QByteArray inputHash;
        QList<CheckOutcome> outcomes;
    };
    QString table() const;

    Workspace &m_ws;
    QByteArray m_fingerprint;
    qsizetype m_checkCount = 0;
    QHash<QString, Stored> m_stored;
    QList<Pending> m_pending;
};

} // namespace assay

Q_DECLARE_METATYPE(assay::StoredCheckResult)

#pragma once

#include "query/OutputFilter.h"
#include "schema/LogSchema.h"
#include "util/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace assay {

class SourceConnection;

// How the log used one prompt version: what the prompts page shows beside each version.
struct PromptUsage {
    QString name;
    QString version; // empty when the log has prompt_name but no prompt_version
    qint64 outputs = 0;
    QDateTime firstSeen; // UTC
    QDateTime lastSeen;
    // End-user feedback as logged: counts of 'positive', 'negative', 'edited'.
    qint64 positive = 0;
    qint64 negative = 0;
    qint64 edited = 0;
    bool hasFeedback = false; // the log has a feedback column at all

    // Shares of all outputs of the version (0 when there are none).
    double positiveRate() const { return rate(positive); }
    double negativeRate() const { return rate(negative); }
    double editedRate() const { return rate(edited); }
    QString ref() const { return version.isEmpty() ? name : name + u'@' + version; }

private:
    double rate(qint64 n) const { return outputs > 0 ? static_cast<double>(n) / static_cast<double>(outputs) : 0.0; }
};

// One GROUP BY over the log: a row per (prompt_name, prompt_version) seen, ordered by name and
// version text, for the outputs `filter` selects (everything by default). Rows without a prompt
// name are left out. Fails plainly when the log has no prompt_name column.
Result<QList<PromptUsage>> promptUsage(SourceConnection &connection, const LogSchema &schema,
                                       const OutputFilter &filter = {});

// The usage of name@version in a list from promptUsage(); nullptr when the log never used it.
const PromptUsage *findUsage(const QList<PromptUsage> &usage, const QString &name, const QString &version);

} // namespace assay

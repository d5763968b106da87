#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace assay {

struct CheckSpec;

// What a check looks at: one output (logged or replayed) and what is known about its call.
struct CheckInput {
    QString output;               // the text checked
    QString varsJson;             // the case's input variables as a JSON object text (may be empty)
    std::optional<qint64> latencyMs;
    std::optional<double> costUsd;
    std::optional<qint64> outputTokens;
};

struct CheckOutcome {
    QString name;    // the check's display name: its `metric`, else e.g. "is-json", "regex ^A"
    bool passed = false;
    double score = 0; // 0..1
    QString reason;  // why it failed (or passed), one line
    // False when the input lacks what the check needs (no latency logged, a {{var}} the case does
    // not have): then `passed` is false too, but the output did not fail; count these apart.
    bool applicable = true;
};

// One check as its file defines it, for listings.
struct CheckInfo {
    QString name;
    QString type;   // as written, "not-contains"
    QString metric; // empty when none
    double weight = 1;
    int line = 0;   // 1-based line in its file; 0 when unknown
};

// An output's result over the whole set, promptfoo's test result: score = the weighted mean of
// the applicable checks' scores; passed = no applicable check failed, or, when the set has a
// `threshold`, score >= threshold. `metrics` are the weighted means per `metric` name.
struct CheckSetScore {
    double score = 0;
    bool passed = false;
    QString reason;
    QMap<QString, double> metrics;
};

// A list of deterministic checks with promptfoo's assertion semantics (see README "Checks").
// Immutable once parsed: copies share it, and evaluate() may run on several threads at once.
class CheckSet {
public:
    CheckSet();
    // A promptfoo-style JSON array of asserts, or {"checks": [...]}; an error names the line and the check
    // (an invalid regex or schema is an error here: nothing runs).
    static Result<CheckSet> parse(const QByteArray &json, const QString &origin);
    static Result<CheckSet> load(const QString &path);
    QStringList names() const;       // one per check, in file order, unique
    QByteArray fingerprint() const;  // changes when any check changes (for stored results)
    QList<CheckOutcome> evaluate(const CheckInput &input) const; // one per check, same order as names()
    bool isEmpty() const;

    QString origin() const; // the file (or label) it was parsed from
    QList<CheckInfo> checks() const;
    std::optional<double> threshold() const; // the set-level `threshold`, if any
    CheckSetScore score(const QList<CheckOutcome> &outcomes) const;

private:
    struct Data;
    std::shared_ptr<const Data> m_data;
};

} // namespace assay

#pragma once

// The parsed form of one check, internal to core/eval (CheckSet.h is the public face). It holds
// nlohmann::json values, which the public headers keep out of sight.

#include "prompts/PromptTemplate.h"

#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>

namespace assay {

class JsonSchema;

enum class CheckKind {
    Equals,
    Contains,
    IContains,
    ContainsAny,
    ContainsAll,
    IContainsAny,
    IContainsAll,
    StartsWith,
    Regex,
    IsJson,
    ContainsJson,
    WordCount,
    CharacterCount,
    Levenshtein,
    Latency,
    Cost,
    MaxOutputTokens,
    JsonField,
};

// The base type name as promptfoo spells it ("icontains-any"), and back.
QString checkKindName(CheckKind kind);
std::optional<CheckKind> checkKindFromName(QStringView name);
QStringList supportedCheckTypes();

// A string the check compares with: a literal, or a template whose {{var}} placeholders take the
// case's input variables when the check runs.
struct CheckText {
    QString literal;
    std::optional<PromptTemplate> templ; // set when the text has a {{placeholder}}
    bool usesVars() const { return templ.has_value(); }
};

// Inclusive bounds (word-count, character-count, json-field ranges). `exact` excludes the others.
struct CheckBounds {
    std::optional<double> exact;
    std::optional<double> min;
    std::optional<double> max;
    bool contains(double x) const
    {
        if (exact)
            return x == *exact;
        return (!min || x >= *min) && (!max || x <= *max);
    }
};

struct CheckSpec {
    CheckKind kind = CheckKind::Contains;
    QString type;         // as written: "not-contains"
    bool negated = false; // the `not-` prefix
    int line = 0;         // 1-based line of the check in its file (0: unknown)
    QString name;         // unique display name within its set

    nlohmann::json value; // `value` as written (a file:// value already loaded); null when absent
    std::optional<double> threshold;
    double weight = 1;
    QString metric;

    // Prepared from `value` by the parser, so evaluation never re-reads the definition.
    CheckText text;                 // equals (text), contains, icontains, starts-with, levenshtein, regex
    QList<CheckText> texts;         // contains-any / -all and their i- forms
    QRegularExpression regex;       // regex and json-field `pattern` without {{vars}}
    std::optional<nlohmann::json> expectedJson; // equals with an object/array/null value; json-field `value`
    std::shared_ptr<const JsonSchema> schema;   // is-json / contains-json with a value
    QString schemaLabel;                        // "schema.json" or "schema", for names and reasons
    CheckBounds bounds;                         // word-count, character-count, json-field min/max
    std::string pointer;                        // json-field: the JSON pointer ("/risk_score")
    bool hasPattern = false;                    // json-field: `pattern` given

    bool usesVars() const;
    // What identifies the check's meaning, for fingerprints: everything but its line.
    nlohmann::json identity() const;
};

} // namespace assay

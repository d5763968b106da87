#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QString>

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <memory>
#include <optional>

namespace valijson {
class Schema;
}

namespace assay {

// A compiled JSON Schema (draft 7, through valijson). Compiling checks the whole schema once,
// its regular expressions included, so a bad schema is an error before anything is validated.
// Validation is const and safe from several threads at once.
class JsonSchema {
public:
    // The text of a document a "$ref" names by URI, or nullopt when it cannot be had.
    using Fetch = std::function<std::optional<QByteArray>(const QString &uri)>;

    static Result<std::shared_ptr<const JsonSchema>> compile(const nlohmann::json &schema, const Fetch &fetch = {});
    static Result<std::shared_ptr<const JsonSchema>> compile(const QByteArray &schemaJson, const Fetch &fetch = {});
    ~JsonSchema();
    JsonSchema(const JsonSchema &) = delete;
    JsonSchema &operator=(const JsonSchema &) = delete;

    // Nothing when `instance` is valid, else what is wrong ("/risk_score: ..."), the first few
    // violations on one line.
    std::optional<QString> violation(const nlohmann::json &instance) const;
    bool accepts(const nlohmann::json &instance) const;

private:
    JsonSchema();
    std::unique_ptr<valijson::Schema> m_schema;
};

} // namespace assay

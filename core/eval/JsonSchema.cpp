#include "eval/JsonSchema.h"

// valijson reports a bad schema by exception when asked to; without this it prints and aborts.
#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <nlohmann/json.hpp>

#include <QStringList>

#include <regex>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// valijson compiles `pattern` and `patternProperties` only when it first validates a string,
// and throws there. Compiling them here makes a bad pattern a schema error, named, up front.
std::optional<QString> badPattern(const nlohmann::json &node, const std::string &at)
{
    auto tryPattern = [&](const std::string &pattern, const std::string &where) -> std::optional<QString> {
        try {
            std::regex compiled(pattern, std::regex::ECMAScript);
        } catch (const std::regex_error &e) {
            return u"the pattern \"%1\" at %2 is not a valid regular expression (%3)"_s.arg(
                QString::fromStdString(pattern), QString::fromStdString(where.empty() ? "/" : where),
                QString::fromUtf8(e.what()));
        }
        return std::nullopt;
    };
    if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i) {
            if (auto bad = badPattern(node[i], at + "/" + std::to_string(i)))
                return bad;
        }
        return std::nullopt;
    }
    if (!node.is_object())
        return std::nullopt;
    for (const auto &[key, child] : node.items()) {
        const std::string here = at + "/" + key;
        if (key == "pattern" && child.is_string()) {
            if (auto bad = tryPattern(child.get<std::string>(), here))
                return bad;
        } else if (key == "patternProperties" && child.is_object()) {
            for (const auto &[pattern, sub] : child.items()) {
                if (auto bad = tryPattern(pattern, here))
                    return bad;
                if (auto bad2 = badPattern(sub, here + "/" + pattern))
                    return bad2;
            }
            continue;
        }
        if (auto bad = badPattern(child, here))
            return bad;
    }
    return std::nullopt;
}

// One validator per thread: it caches compiled `pattern` regexes, which would otherwise be
// rebuilt for every output.
valijson::Validator &threadValidator()
{
    thread_local valijson::Validator validator;
    return validator;
}

QString contextPath(const std::vector<std::string> &context)
{
    // valijson writes "<root>", "[risk_score]", "[0]"; a JSON pointer reads better.
    QString path;
    for (const std::string &part : context) {
        if (part == "<root>")
            continue;
        QString piece = QString::fromStdString(part);
        if (piece.startsWith(u'[') && piece.endsWith(u']'))
            piece = piece.mid(1, piece.size() - 2);
        if (piece.startsWith(u'"') && piece.endsWith(u'"') && piece.size() >= 2)
            piece = piece.mid(1, piece.size() - 2);
        path += u'/' + piece;
    }
    return path.isEmpty() ? u"/"_s : path;
}

} // namespace

JsonSchema::JsonSchema() : m_schema(std::make_unique<valijson::Schema>()) {}
JsonSchema::~JsonSchema() = default;

Result<std::shared_ptr<const JsonSchema>> JsonSchema::compile(const nlohmann::json &schema, const Fetch &fetch)
{
    if (!schema.is_object() && !schema.is_boolean())
        return fail(u"a JSON Schema is an object or a boolean"_s);
    if (auto bad = badPattern(schema, {}))
        return fail(*bad);
    std::shared_ptr<JsonSchema> compiled(new JsonSchema());
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(schema);
    QString fetchProblem;
    try {
        if (fetch) {
            auto fetchDoc = [&](const std::string &uri) -> const nlohmann::json * {
                const auto text = fetch(QString::fromStdString(uri));
                if (!text) {
                    fetchProblem = u"the schema refers to \"%1\", which cannot be read"_s.arg(QString::fromStdString(uri));
                    return nullptr;
                }
                auto doc = std::make_unique<nlohmann::json>(nlohmann::json::parse(text->constData(),
                                                                                  text->constData() + text->size(),
                                                                                  nullptr, false));
                if (doc->is_discarded()) {
                    fetchProblem = u"the schema refers to \"%1\", which is not JSON"_s.arg(QString::fromStdString(uri));
                    return nullptr;
                }
                return doc.release();
            };
            auto freeDoc = [](const nlohmann::json *doc) { delete doc; };
            parser.populateSchema(adapter, *compiled->m_schema, fetchDoc, freeDoc);
        } else {
            parser.populateSchema(adapter, *compiled->m_schema);
        }
    } catch (const std::exception &e) {
        return fail(fetchProblem.isEmpty() ? u"the schema is not valid: %1"_s.arg(QString::fromUtf8(e.what()))
                                           : fetchProblem);
    }
    return std::shared_ptr<const JsonSchema>(std::move(compiled));
}

Result<std::shared_ptr<const JsonSchema>> JsonSchema::compile(const QByteArray &schemaJson, const Fetch &fetch)
{
    const auto parsed = nlohmann::json::parse(schemaJson.constData(), schemaJson.constData() + schemaJson.size(),
                                              nullptr, false);
    if (parsed.is_discarded())
        return fail(u"the schema is not JSON"_s);
    return compile(parsed, fetch);
}

bool JsonSchema::accepts(const nlohmann::json &instance) const
{
    valijson::adapters::NlohmannJsonAdapter target(instance);
    try {
        return threadValidator().validate(*m_schema, target, nullptr);
    } catch (const std::exception &) {
        return false;
    }
}

std::optional<QString> JsonSchema::violation(const nlohmann::json &instance) const
{
    if (accepts(instance))
        return std::nullopt;
    // Validate again collecting errors: only failures pay for the messages.
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(instance);
    try {
        threadValidator().validate(*m_schema, target, &results);
    } catch (const std::exception &e) {
        return u"validation stopped: %1"_s.arg(QString::fromUtf8(e.what()));
    }
    // valijson lists the enclosing failures ("Failed to validate against child schema") beside
    // the leaf that caused them; the leaves say what is wrong, so they come first.
    QStringList leaves;
    QStringList wrappers;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        const QString text = contextPath(error.context) + u": "_s + QString::fromStdString(error.description);
        QStringList &list = error.description.rfind("Failed to validate", 0) == 0 ? wrappers : leaves;
        if (!list.contains(text))
            list << text;
    }
    const QStringList messages = (leaves.isEmpty() ? wrappers : leaves).mid(0, 3);
    if (messages.isEmpty())
        return u"does not match the schema"_s;
    return messages.join(u"; "_s);
}

} // namespace assay

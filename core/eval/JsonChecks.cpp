#include "eval/CheckContext.h"
#include "eval/CheckSpec.h"
#include "eval/JsonSchema.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString jsonText(const nlohmann::json &value, qsizetype max = 40)
{
    QString text = QString::fromStdString(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (text.size() > max)
        text = text.left(max - 1) + u'…';
    return text;
}

QString jsonTypeName(const nlohmann::json &value)
{
    return QString::fromLatin1(value.type_name());
}

// Where a JSON object might start and end in prose: from a '{' to its matching '}', skipping
// braces inside strings. The span still has to parse; this only finds candidates.
std::size_t matchingBrace(const std::string &text, std::size_t start, std::size_t &work)
{
    int depth = 0;
    bool quoted = false;
    bool escaped = false;
    for (std::size_t i = start; i < text.size(); ++i) {
        ++work;
        const char c = text[i];
        if (quoted) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                quoted = false;
            continue;
        }
        if (c == '"')
            quoted = true;
        else if (c == '{')
            ++depth;
        else if (c == '}' && --depth == 0)
            return i;
    }
    return std::string::npos;
}

// The JSON objects embedded in the output, in order (promptfoo's contains-json looks for objects,
// not arrays or scalars, which prose is full of). Scanning is bounded: at most 32 passes over the
// text, so a megabyte of unmatched braces cannot stall a run; `exhausted` says when it stopped early.
QList<nlohmann::json> embeddedObjects(const std::string &text, bool &exhausted)
{
    QList<nlohmann::json> objects;
    const std::size_t budget = 32 * std::max<std::size_t>(text.size(), 4096);
    std::size_t work = 0;
    exhausted = false;
    for (std::size_t start = text.find('{'); start != std::string::npos; start = text.find('{', start + 1)) {
        if (work > budget) {
            exhausted = true;
            break;
        }
        const std::size_t end = matchingBrace(text, start, work);
        if (end == std::string::npos)
            continue;
        auto parsed = nlohmann::json::parse(text.begin() + static_cast<std::ptrdiff_t>(start),
                                            text.begin() + static_cast<std::ptrdiff_t>(end) + 1, nullptr, false);
        if (parsed.is_discarded())
            continue;
        objects.append(std::move(parsed));
        start = end;
    }
    return objects;
}

QString schemaName(const CheckSpec &spec)
{
    return spec.schemaLabel.isEmpty() ? u"the schema"_s : spec.schemaLabel;
}

CheckVerdict isJson(const CheckSpec &spec, CheckContext &context)
{
    const nlohmann::json *json = context.outputJson();
    if (!json)
        return {false, context.jsonError()};
    if (!spec.schema)
        return {true, u"is JSON (%1)"_s.arg(jsonTypeName(*json))};
    if (auto why = spec.schema->violation(*json))
        return {false, u"JSON does not match %1: %2"_s.arg(schemaName(spec), *why)};
    return {true, u"JSON matches %1"_s.arg(schemaName(spec))};
}

CheckVerdict containsJson(const CheckSpec &spec, CheckContext &context)
{
    bool exhausted = false;
    const QList<nlohmann::json> objects = embeddedObjects(context.outputUtf8(), exhausted);
    const QString stopped = exhausted ? u" (stopped looking after many unparsable braces)"_s : QString();
    if (objects.isEmpty())
        return {false, u"contains no JSON object"_s + stopped};
    if (!spec.schema)
        return {true, u"contains %1 JSON object(s)"_s.arg(objects.size())};
    QString firstProblem;
    for (const nlohmann::json &object : objects) {
        auto why = spec.schema->violation(object);
        if (!why)
            return {true, u"contains JSON matching %1"_s.arg(schemaName(spec))};
        if (firstProblem.isEmpty())
            firstProblem = *why;
    }
    return {false, u"none of %1 JSON object(s) matches %2: %3"_s.arg(objects.size()).arg(schemaName(spec), firstProblem) + stopped};
}

CheckVerdict equalsJson(const CheckSpec &spec, CheckContext &context)
{
    const nlohmann::json *json = context.outputJson();
    if (!json)
        return {false, context.jsonError()};
    // nlohmann compares numbers by value across integer and float, objects ignoring key order:
    // the same as promptfoo's util.isDeepStrictEqual on parsed JSON.
    if (*json == *spec.expectedJson)
        return {true, u"JSON equals %1"_s.arg(jsonText(*spec.expectedJson))};
    return {false, u"JSON %1 differs from %2"_s.arg(jsonText(*json), jsonText(*spec.expectedJson))};
}

CheckVerdict jsonField(const CheckSpec &spec, CheckContext &context)
{
    const nlohmann::json *json = context.outputJson();
    if (!json)
        return {false, context.jsonError()};
    const QString path = QString::fromStdString(spec.pointer);
    const nlohmann::json::json_pointer pointer(spec.pointer);
    if (!json->contains(pointer))
        return {false, u"%1 is missing"_s.arg(path)};
    const nlohmann::json &field = json->at(pointer);
    QStringList facts;
    if (spec.expectedJson) {
        nlohmann::json expected = *spec.expectedJson;
        if (expected.is_string()) {
            QString why;
            const auto rendered = context.renderTemplate(QString::fromStdString(expected.get<std::string>()), why);
            if (!rendered)
                return CheckVerdict::notApplicable(why);
            expected = rendered->toStdString();
        }
        if (field != expected)
            return {false, u"%1 is %2, not %3"_s.arg(path, jsonText(field), jsonText(expected))};
        facts << u"%1 is %2"_s.arg(path, jsonText(field));
    }
    if (spec.bounds.min || spec.bounds.max) {
        if (!field.is_number())
            return {false, u"%1 is %2 (%3), not a number"_s.arg(path, jsonText(field), jsonTypeName(field))};
        const double x = field.get<double>();
        const QString range = u"[%1, %2]"_s.arg(spec.bounds.min ? QString::number(*spec.bounds.min) : u"-inf"_s,
                                                spec.bounds.max ? QString::number(*spec.bounds.max) : u"inf"_s);
        if (!spec.bounds.contains(x))
            return {false, u"%1 = %2 is outside %3"_s.arg(path, jsonText(field), range)};
        facts << u"%1 = %2 is in %3"_s.arg(path, jsonText(field), range);
    }
    if (spec.hasPattern) {
        // Strings match their text; other values their JSON text (a number as 0.5).
        const QString text = field.is_string() ? QString::fromStdString(field.get<std::string>())
                                               : QString::fromStdString(field.dump());
        if (!spec.regex.match(text).hasMatch())
            return {false, u"%1 = %2 does not match /%3/"_s.arg(path, jsonText(field), spec.regex.pattern())};
        facts << u"%1 matches /%2/"_s.arg(path, spec.regex.pattern());
    }
    if (facts.isEmpty())
        return {true, u"%1 is present (%2)"_s.arg(path, jsonText(field))};
    return {true, facts.join(u"; "_s)};
}

} // namespace

CheckVerdict evaluateJsonCheck(const CheckSpec &spec, CheckContext &context)
{
    switch (spec.kind) {
    case CheckKind::IsJson:
        return isJson(spec, context);
    case CheckKind::ContainsJson:
        return containsJson(spec, context);
    case CheckKind::Equals:
        return equalsJson(spec, context);
    case CheckKind::JsonField:
        return jsonField(spec, context);
    default:
        return CheckVerdict::notApplicable(u"not a JSON check"_s);
    }
}

} // namespace assay

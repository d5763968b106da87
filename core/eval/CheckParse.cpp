#include "eval/CheckParse.h"

#include "eval/CommaSeparated.h"
#include "eval/JsonElementLines.h"
#include "eval/JsonSchema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrl>

#include <set>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// promptfoo assertion types that need a model, code or a service: named, so a promptfoo file
// that uses them is refused with the reason rather than "unknown type".
const QStringList &typesNeedingMore()
{
    static const QStringList types{
        u"llm-rubric"_s, u"model-graded-closedqa"_s, u"factuality"_s, u"similar"_s, u"javascript"_s, u"python"_s,
        u"ruby"_s, u"webhook"_s, u"classifier"_s, u"moderation"_s, u"select-best"_s, u"g-eval"_s, u"answer-relevance"_s,
        u"context-faithfulness"_s, u"context-recall"_s, u"context-relevance"_s, u"perplexity"_s, u"perplexity-score"_s,
        u"pi"_s, u"assert-set"_s};
    return types;
}

class CheckReader {
public:
    CheckReader(const QString &origin, qsizetype index, CheckSpec &spec, const nlohmann::json &object)
        : m_origin(origin), m_index(index), m_spec(spec), m_object(object)
    {
    }

    Result<void> read();

private:
    Failure problem(const QString &what) const
    {
        return fail(u"%1 line %2 (check %3, %4): %5"_s.arg(m_origin).arg(m_spec.line).arg(m_index + 1).arg(m_spec.type, what));
    }
    Result<void> checkKeys();
    Result<void> loadFileValue();
    Result<CheckText> textFrom(const nlohmann::json &value, bool allowNumber);
    Result<void> readText(bool allowNumber);
    Result<void> readList();
    Result<void> readRegex(const QString &pattern);
    Result<void> readSchema();
    Result<void> readBounds();
    Result<void> readJsonField();
    std::optional<double> number(const char *key) const;

    QString m_origin;
    QString m_fileFolder; // the folder of a file:// value, where its own references resolve
    qsizetype m_index = 0;
    CheckSpec &m_spec;
    const nlohmann::json &m_object;
};

// A file a check names is read whole, so only a regular file of a sane size: one naming
// /dev/zero, a FIFO or /proc/self/pagemap must fail, not read until memory runs out.
constexpr qint64 kMaxNamedFileBytes = 64LL * 1024 * 1024;

Result<QByteArray> readNamedFile(const QString &path)
{
    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        return fail(u"not a regular file"_s);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    QByteArray content = file.read(kMaxNamedFileBytes + 1);
    if (content.size() > kMaxNamedFileBytes)
        return fail(u"larger than 64 MB"_s);
    return content;
}

QString baseFolder(const QString &origin)
{
    const QFileInfo info(origin);
    return info.exists() ? info.absolutePath() : QDir::currentPath();
}

QString resolvePath(const QString &origin, QString path)
{
    if (path.startsWith("file://"_L1))
        path = path.mid(7);
    return QDir(baseFolder(origin)).absoluteFilePath(path);
}

std::optional<double> CheckReader::number(const char *key) const
{
    const auto it = m_object.find(key);
    if (it == m_object.end() || !it->is_number())
        return std::nullopt;
    return it->get<double>();
}

Result<void> CheckReader::checkKeys()
{
    std::set<std::string> allowed{"type", "value", "threshold", "weight", "metric"};
    if (m_spec.kind == CheckKind::JsonField)
        allowed.insert({"path", "min", "max", "pattern"});
    for (const auto &[key, value] : m_object.items()) {
        if (allowed.count(key))
            continue;
        if (key == "transform" || key == "contextTransform")
            return problem(u"\"%1\" runs JavaScript, which Assay's checks do not"_s.arg(QString::fromStdString(key)));
        return problem(u"unknown key \"%1\" (a check has type, value, threshold, weight and metric%2)"_s.arg(
            QString::fromStdString(key), m_spec.kind == CheckKind::JsonField ? u", path, min, max and pattern"_s : QString()));
    }
    for (const char *key : {"threshold", "weight", "min", "max"}) {
        const auto it = m_object.find(key);
        if (it != m_object.end() && !it->is_number())
            return problem(u"\"%1\" must be a number"_s.arg(QString::fromLatin1(key)));
    }
    if (const auto it = m_object.find("metric"); it != m_object.end() && !it->is_string())
        return problem(u"\"metric\" must be a string"_s);
    m_spec.threshold = number("threshold");
    m_spec.weight = number("weight").value_or(1);
    if (m_spec.weight < 0)
        return problem(u"\"weight\" cannot be negative"_s);
    if (const auto it = m_object.find("metric"); it != m_object.end())
        m_spec.metric = QString::fromStdString(it->get<std::string>()).trimmed();
    return {};
}

// promptfoo's file:// values: the file's text, or its parsed content for a .json file.
Result<void> CheckReader::loadFileValue()
{
    if (!m_spec.value.is_string())
        return {};
    const QString text = QString::fromStdString(m_spec.value.get<std::string>());
    if (!text.startsWith("file://"_L1))
        return {};
    const QString path = resolvePath(m_origin, text);
    const Result<QByteArray> read = readNamedFile(path);
    if (!read)
        return problem(u"cannot read %1: %2"_s.arg(path, read.error()));
    const QByteArray &content = *read;
    m_spec.schemaLabel = QFileInfo(path).fileName();
    m_fileFolder = QFileInfo(path).absolutePath();
    if (!path.endsWith(".json"_L1, Qt::CaseInsensitive)) {
        m_spec.value = content.toStdString();
        return {};
    }
    try {
        m_spec.value = nlohmann::json::parse(content.constData(), content.constData() + content.size());
    } catch (const nlohmann::json::exception &e) {
        return problem(u"%1 is not JSON: %2"_s.arg(path, QString::fromUtf8(e.what())));
    }
    return {};
}

Result<CheckText> CheckReader::textFrom(const nlohmann::json &value, bool allowNumber)
{
    QString text;
    if (value.is_string())
        text = QString::fromStdString(value.get<std::string>());
    else if (allowNumber && value.is_number())
        text = QString::fromStdString(value.dump()); // String(42) in promptfoo
    else
        return problem(allowNumber ? u"the value must be a string or a number"_s : u"the value must be a string"_s);
    CheckText result{text, std::nullopt};
    const PromptTemplate templ = PromptTemplate::parse(text, TemplateStyle::DoubleBrace);
    if (!templ.placeholders().isEmpty()) {
        if (!templ.isValid())
            return problem(u"the value's {{placeholder}} is malformed: %1"_s.arg(templ.error()->message));
        result.templ = templ;
    }
    return result;
}

Result<void> CheckReader::readText(bool allowNumber)
{
    if (m_spec.value.is_null())
        return problem(u"needs a value"_s);
    auto text = textFrom(m_spec.value, allowNumber);
    if (!text)
        return fail(text.error());
    if (text->literal.isEmpty())
        return problem(u"the value is empty"_s);
    m_spec.text = *text;
    return {};
}

Result<void> CheckReader::readList()
{
    QList<nlohmann::json> items;
    if (m_spec.value.is_string()) {
        auto split = splitCommaSeparated(QString::fromStdString(m_spec.value.get<std::string>()));
        if (!split)
            return problem(split.error());
        for (const QString &item : *split)
            items << nlohmann::json(item.toStdString());
    } else if (m_spec.value.is_array()) {
        for (const auto &item : m_spec.value)
            items << item;
    } else {
        return problem(u"needs a list of values (an array, or a comma-separated string)"_s);
    }
    if (items.isEmpty())
        return problem(u"needs at least one value"_s);
    for (const nlohmann::json &item : items) {
        auto text = textFrom(item, true);
        if (!text)
            return fail(text.error());
        m_spec.texts << *text;
    }
    return {};
}

Result<void> CheckReader::readRegex(const QString &pattern)
{
    if (pattern.isEmpty())
        return problem(u"needs a regular expression"_s);
    m_spec.regex = QRegularExpression(pattern);
    if (!m_spec.regex.isValid())
        return problem(u"invalid regular expression /%1/: %2 at offset %3"_s.arg(
            pattern, m_spec.regex.errorString()).arg(m_spec.regex.patternErrorOffset()));
    // Thousands of outputs go through one pattern: compile it now, not on the first match.
    m_spec.regex.optimize();
    return {};
}

Result<void> CheckReader::readSchema()
{
    if (m_spec.value.is_null())
        return {};
    QString schemaFolder = m_fileFolder.isEmpty() ? baseFolder(m_origin) : m_fileFolder;
    if (m_spec.value.is_string()) {
        // Inline JSON text, else a path (file:// values were loaded already).
        const std::string text = m_spec.value.get<std::string>();
        auto inline_ = nlohmann::json::parse(text, nullptr, false);
        if (!inline_.is_discarded() && (inline_.is_object() || inline_.is_boolean())) {
            m_spec.value = inline_;
        } else {
            const QString path = resolvePath(m_origin, QString::fromStdString(text));
            const Result<QByteArray> read = readNamedFile(path);
            if (!read)
                return problem(u"the value is neither a JSON Schema nor a readable schema file (%1: %2)"_s.arg(
                    path, read.error()));
            const QByteArray &content = *read;
            auto parsed = nlohmann::json::parse(content.constData(), content.constData() + content.size(), nullptr, false);
            if (parsed.is_discarded())
                return problem(u"%1 is not JSON"_s.arg(path));
            m_spec.value = parsed;
            m_spec.schemaLabel = QFileInfo(path).fileName();
            schemaFolder = QFileInfo(path).absolutePath();
        }
    }
    // A "$ref" to another file resolves beside the checks file; nothing is fetched from the network.
    auto fetch = [schemaFolder](const QString &uri) -> std::optional<QByteArray> {
        const QUrl url(uri);
        if (!url.scheme().isEmpty() && url.scheme() != "file"_L1)
            return std::nullopt;
        const Result<QByteArray> read =
            readNamedFile(QDir(schemaFolder).absoluteFilePath(url.isLocalFile() ? url.toLocalFile() : url.path()));
        if (!read)
            return std::nullopt;
        return *read;
    };
    auto compiled = JsonSchema::compile(m_spec.value, fetch);
    if (!compiled)
        return problem(compiled.error());
    m_spec.schema = *compiled;
    return {};
}

Result<void> CheckReader::readBounds()
{
    const nlohmann::json &v = m_spec.value;
    auto wholeNonNegative = [](double x) { return x >= 0 && x == static_cast<double>(static_cast<qint64>(x)); };
    if (v.is_number() || (v.is_string() && !v.get<std::string>().empty())) {
        bool ok = true;
        const double exact = v.is_number() ? v.get<double>() : QString::fromStdString(v.get<std::string>()).toDouble(&ok);
        if (!ok || !wholeNonNegative(exact))
            return problem(u"the count must be a whole number, or {\"min\": N, \"max\": M}"_s);
        m_spec.bounds.exact = exact;
        return {};
    }
    if (!v.is_object())
        return problem(u"needs a count, or {\"min\": N, \"max\": M}"_s);
    for (const auto &[key, bound] : v.items()) {
        if (key != "min" && key != "max")
            return problem(u"unknown bound \"%1\" (min and max)"_s.arg(QString::fromStdString(key)));
        if (!bound.is_number() || !wholeNonNegative(bound.get<double>()))
            return problem(u"\"%1\" must be a whole number of at least 0"_s.arg(QString::fromStdString(key)));
        (key == "min" ? m_spec.bounds.min : m_spec.bounds.max) = bound.get<double>();
    }
    if (!m_spec.bounds.min && !m_spec.bounds.max)
        return problem(u"needs \"min\", \"max\" or both"_s);
    if (m_spec.bounds.min && m_spec.bounds.max && *m_spec.bounds.min > *m_spec.bounds.max)
        return problem(u"min %1 is above max %2"_s.arg(*m_spec.bounds.min).arg(*m_spec.bounds.max));
    return {};
}

Result<void> CheckReader::readJsonField()
{
    const auto path = m_object.find("path");
    if (path == m_object.end() || !path->is_string())
        return problem(u"needs a \"path\": a JSON pointer such as \"/risk_score\""_s);
    m_spec.pointer = path->get<std::string>();
    if (m_spec.pointer.empty() || m_spec.pointer.front() != '/')
        return problem(u"\"path\" must be a JSON pointer starting with / (\"/%1\")"_s.arg(QString::fromStdString(m_spec.pointer)));
    try {
        const nlohmann::json::json_pointer pointer(m_spec.pointer);
        Q_UNUSED(pointer);
    } catch (const nlohmann::json::exception &) {
        return problem(u"\"path\" %1 is not a valid JSON pointer (write ~0 for ~ and ~1 for /)"_s.arg(
            QString::fromStdString(m_spec.pointer)));
    }
    if (m_object.contains("value"))
        m_spec.expectedJson = m_spec.value;
    m_spec.bounds.min = number("min");
    m_spec.bounds.max = number("max");
    if (m_spec.bounds.min && m_spec.bounds.max && *m_spec.bounds.min > *m_spec.bounds.max)
        return problem(u"min %1 is above max %2"_s.arg(*m_spec.bounds.min).arg(*m_spec.bounds.max));
    if (const auto pattern = m_object.find("pattern"); pattern != m_object.end()) {
        if (!pattern->is_string())
            return problem(u"\"pattern\" must be a string"_s);
        m_spec.hasPattern = true;
        return readRegex(QString::fromStdString(pattern->get<std::string>()));
    }
    return {};
}

Result<void> CheckReader::read()
{
    if (auto keys = checkKeys(); !keys)
        return keys;
    if (const auto it = m_object.find("value"); it != m_object.end())
        m_spec.value = *it;
    if (auto loaded = loadFileValue(); !loaded)
        return loaded;
    switch (m_spec.kind) {
    case CheckKind::Equals:
        if (!m_object.contains("value"))
            return problem(u"needs a value"_s);
        if (m_spec.value.is_object() || m_spec.value.is_array() || m_spec.value.is_null()) {
            m_spec.expectedJson = m_spec.value;
            return {};
        }
        if (m_spec.value.is_boolean()) {
            m_spec.text.literal = m_spec.value.get<bool>() ? u"true"_s : u"false"_s;
            return {};
        }
        return readText(true);
    case CheckKind::Contains:
    case CheckKind::IContains:
        return readText(true);
    case CheckKind::StartsWith:
    case CheckKind::Levenshtein:
        if (m_spec.kind == CheckKind::Levenshtein && m_spec.threshold && *m_spec.threshold < 0)
            return problem(u"\"threshold\" cannot be negative"_s);
        return readText(false);
    case CheckKind::ContainsAny:
    case CheckKind::ContainsAll:
    case CheckKind::IContainsAny:
    case CheckKind::IContainsAll:
        return readList();
    case CheckKind::Regex:
        if (!m_spec.value.is_string())
            return problem(u"needs a regular expression as its value"_s);
        return readRegex(QString::fromStdString(m_spec.value.get<std::string>()));
    case CheckKind::IsJson:
    case CheckKind::ContainsJson:
        return readSchema();
    case CheckKind::WordCount:
    case CheckKind::CharacterCount:
        return readBounds();
    case CheckKind::Latency:
    case CheckKind::Cost:
    case CheckKind::MaxOutputTokens:
        if (!m_spec.threshold)
            return problem(u"needs a \"threshold\" (the most it may be); promptfoo's record-only form without one is not supported"_s);
        if (*m_spec.threshold < 0)
            return problem(u"\"threshold\" cannot be negative"_s);
        return {};
    case CheckKind::JsonField:
        return readJsonField();
    }
    return {};
}

// nlohmann's message carries its own position prefix; the line is ours to state.
QString parseErrorText(const nlohmann::json::exception &e)
{
    QString what = QString::fromUtf8(e.what());
    if (const qsizetype at = what.indexOf(u"column"_s); at >= 0) {
        const qsizetype colon = what.indexOf(u": "_s, at);
        if (colon >= 0)
            what = what.mid(colon + 2);
    }
    return what;
}

Result<QList<const nlohmann::json *>> checkList(const nlohmann::json &doc, const QString &origin,
                                                std::optional<double> &threshold, QByteArray &key)
{
    QList<const nlohmann::json *> list;
    const nlohmann::json *array = nullptr;
    if (doc.is_array()) {
        array = &doc;
    } else if (doc.is_object() && doc.contains("type")) {
        return fail(u"%1: this is one check; a check file is a JSON array of checks (wrap it in [ ]) or {\"checks\": [...]}"_s.arg(origin));
    } else if (doc.is_object()) {
        for (const auto &[k, v] : doc.items()) {
            if (k == "checks" || k == "assert") {
                if (array)
                    return fail(u"%1: give \"checks\" or \"assert\", not both"_s.arg(origin));
                if (!v.is_array())
                    return fail(u"%1: \"%2\" must be an array of checks"_s.arg(origin, QString::fromStdString(k)));
                array = &v;
                key = QByteArray::fromStdString(k);
            } else if (k == "threshold") {
                if (!v.is_number())
                    return fail(u"%1: \"threshold\" must be a number"_s.arg(origin));
                threshold = v.get<double>();
            } else if (k != "description") {
                return fail(u"%1: unknown key \"%2\" (a check file holds checks, threshold and description)"_s.arg(
                    origin, QString::fromStdString(k)));
            }
        }
        if (!array)
            return fail(u"%1: no \"checks\" array"_s.arg(origin));
    } else {
        return fail(u"%1: a check file is a JSON array of checks, or an object with \"checks\""_s.arg(origin));
    }
    for (const auto &item : *array)
        list << &item;
    return list;
}

} // namespace

Result<ParsedChecks> parseChecks(const QByteArray &json, const QString &origin)
{
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(json.constData(), json.constData() + json.size());
    } catch (const nlohmann::json::parse_error &e) {
        return fail(u"%1 line %2: not valid JSON: %3"_s.arg(origin).arg(lineOfOffset(json, static_cast<qsizetype>(e.byte) - 1))
                        .arg(parseErrorText(e)));
    } catch (const nlohmann::json::exception &e) {
        return fail(u"%1: not valid JSON: %2"_s.arg(origin, QString::fromUtf8(e.what())));
    }
    ParsedChecks parsed;
    QByteArray key;
    auto list = checkList(doc, origin, parsed.threshold, key);
    if (!list)
        return fail(list.error());
    const QList<int> lines = jsonElementLines(json, key);
    for (qsizetype i = 0; i < list->size(); ++i) {
        const nlohmann::json &item = *list->at(i);
        CheckSpec spec;
        spec.line = i < lines.size() ? lines.at(i) : 0;
        const QString where = u"%1 line %2 (check %3)"_s.arg(origin).arg(spec.line).arg(i + 1);
        if (!item.is_object())
            return fail(where + u": a check is an object with a \"type\""_s);
        const auto type = item.find("type");
        if (type == item.end() || !type->is_string())
            return fail(where + u": the check has no \"type\""_s);
        spec.type = QString::fromStdString(type->get<std::string>());
        spec.negated = spec.type.startsWith("not-"_L1);
        const QString base = spec.negated ? spec.type.mid(4) : spec.type;
        const auto kind = checkKindFromName(base);
        if (!kind) {
            if (typesNeedingMore().contains(base))
                return fail(where + u": \"%1\" needs a model, code or a service; Assay's checks are deterministic (%2)"_s.arg(
                    spec.type, supportedCheckTypes().join(u", "_s)));
            return fail(where + u": unknown type \"%1\" (known: %2; any takes not-)"_s.arg(spec.type, supportedCheckTypes().join(u", "_s)));
        }
        spec.kind = *kind;
        CheckReader reader(origin, i, spec, item);
        if (auto read = reader.read(); !read)
            return fail(read.error());
        parsed.specs << std::move(spec);
    }
    nameChecks(parsed.specs);
    return parsed;
}

} // namespace assay

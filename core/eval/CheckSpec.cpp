#include "eval/CheckSpec.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr std::array kinds{
    std::pair{CheckKind::Equals, "equals"},
    std::pair{CheckKind::Contains, "contains"},
    std::pair{CheckKind::IContains, "icontains"},
    std::pair{CheckKind::ContainsAny, "contains-any"},
    std::pair{CheckKind::ContainsAll, "contains-all"},
    std::pair{CheckKind::IContainsAny, "icontains-any"},
    std::pair{CheckKind::IContainsAll, "icontains-all"},
    std::pair{CheckKind::StartsWith, "starts-with"},
    std::pair{CheckKind::Regex, "regex"},
    std::pair{CheckKind::IsJson, "is-json"},
    std::pair{CheckKind::ContainsJson, "contains-json"},
    std::pair{CheckKind::WordCount, "word-count"},
    std::pair{CheckKind::CharacterCount, "character-count"},
    std::pair{CheckKind::Levenshtein, "levenshtein"},
    std::pair{CheckKind::Latency, "latency"},
    std::pair{CheckKind::Cost, "cost"},
    std::pair{CheckKind::MaxOutputTokens, "max-output-tokens"},
    std::pair{CheckKind::JsonField, "json-field"},
};

} // namespace

QString checkKindName(CheckKind kind)
{
    for (const auto &[k, name] : kinds) {
        if (k == kind)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<CheckKind> checkKindFromName(QStringView name)
{
    for (const auto &[k, spelled] : kinds) {
        if (name == QLatin1StringView(spelled))
            return k;
    }
    return std::nullopt;
}

QStringList supportedCheckTypes()
{
    QStringList names;
    for (const auto &[k, name] : kinds)
        names << QString::fromLatin1(name);
    return names;
}

bool CheckSpec::usesVars() const
{
    if (text.usesVars())
        return true;
    for (const CheckText &t : texts) {
        if (t.usesVars())
            return true;
    }
    // json-field compares with `value`, whose strings may hold {{vars}} too.
    return kind == CheckKind::JsonField && expectedJson && expectedJson->is_string()
        && expectedJson->get<std::string>().find("{{") != std::string::npos;
}

nlohmann::json CheckSpec::identity() const
{
    nlohmann::json id = {{"type", type.toStdString()}, {"value", value}, {"weight", weight},
                         {"metric", metric.toStdString()}, {"name", name.toStdString()}};
    if (threshold)
        id["threshold"] = *threshold;
    if (kind == CheckKind::JsonField) {
        id["path"] = pointer;
        if (bounds.min)
            id["min"] = *bounds.min;
        if (bounds.max)
            id["max"] = *bounds.max;
        if (hasPattern)
            id["pattern"] = regex.pattern().toStdString();
    }
    return id;
}

} // namespace assay

#pragma once

#include "eval/CheckSet.h"

#include <QJsonObject>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace assay {

struct CheckSpec;
struct CheckText;

// What one check concludes before `not-` is applied: whether its condition holds, and the fact
// that decided it, worded so it reads right either way ("contains \"refund\"" /
// "does not contain \"refund\""). Not applicable: the input lacks what the check needs.
struct CheckVerdict {
    bool holds = false;
    QString fact;
    bool applicable = true;

    static CheckVerdict notApplicable(QString why) { return {false, std::move(why), false}; }
};

// One output being checked. Views that several checks share (the output as JSON, the case's
// variables) are computed once, on first use.
class CheckContext {
public:
    explicit CheckContext(const CheckInput &input) : m_input(input) {}

    const CheckInput &input() const { return m_input; }
    const QString &output() const { return m_input.output; }

    // The whole output parsed as JSON; nullptr when it does not parse (jsonError() says why).
    const nlohmann::json *outputJson();
    const QString &jsonError();
    const std::string &outputUtf8();

    // The text with the case's {{vars}} filled in; nullopt (with `why`) when they cannot be.
    std::optional<QString> render(const CheckText &text, QString &why);
    std::optional<QString> renderTemplate(const QString &text, QString &why);

private:
    const QJsonObject *vars(QString &why);

    const CheckInput &m_input;
    std::optional<std::string> m_utf8;
    bool m_jsonTried = false;
    std::optional<nlohmann::json> m_json;
    QString m_jsonError;
    bool m_varsTried = false;
    std::optional<QJsonObject> m_vars;
    QString m_varsError;
};

// The evaluators, by family (TextChecks.cpp, JsonChecks.cpp, UsageChecks.cpp).
CheckVerdict evaluateTextCheck(const CheckSpec &spec, CheckContext &context);
CheckVerdict evaluateJsonCheck(const CheckSpec &spec, CheckContext &context);
CheckVerdict evaluateUsageCheck(const CheckSpec &spec, const CheckInput &input);

// "\"refund polic…\"": a value quoted and cut for a one-line reason.
QString quoteForReason(const QString &text, qsizetype max = 60);

} // namespace assay

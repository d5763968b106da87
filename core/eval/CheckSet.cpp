#include "eval/CheckSet.h"

#include "eval/CheckContext.h"
#include "eval/CheckParse.h"
#include "eval/CheckSpec.h"

#include <QCryptographicHash>
#include <QFile>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Bump when an evaluator's meaning changes, so results stored under an old fingerprint are
// recomputed rather than trusted.
constexpr int evaluatorVersion = 1;

bool isJsonFamily(const CheckSpec &spec)
{
    return spec.kind == CheckKind::IsJson || spec.kind == CheckKind::ContainsJson || spec.kind == CheckKind::JsonField
        || (spec.kind == CheckKind::Equals && spec.expectedJson);
}

bool isUsage(const CheckSpec &spec)
{
    return spec.kind == CheckKind::Latency || spec.kind == CheckKind::Cost || spec.kind == CheckKind::MaxOutputTokens;
}

} // namespace

struct CheckSet::Data {
    QString origin;
    QList<CheckSpec> specs;
    std::optional<double> threshold;
    QByteArray fingerprint;
};

CheckSet::CheckSet() : m_data(std::make_shared<Data>()) {}

Result<CheckSet> CheckSet::parse(const QByteArray &json, const QString &origin)
{
    auto parsed = parseChecks(json, origin);
    if (!parsed)
        return fail(parsed.error());
    auto data = std::make_shared<Data>();
    data->origin = origin;
    data->specs = std::move(parsed->specs);
    data->threshold = parsed->threshold;
    nlohmann::json identity = nlohmann::json::array();
    for (const CheckSpec &spec : data->specs)
        identity.push_back(spec.identity());
    nlohmann::json whole = {{"version", evaluatorVersion}, {"checks", identity}};
    if (data->threshold)
        whole["threshold"] = *data->threshold;
    const std::string canonical = whole.dump(); // nlohmann sorts object keys: a stable text
    data->fingerprint = QCryptographicHash::hash(QByteArrayView(canonical.data(), static_cast<qsizetype>(canonical.size())),
                                                 QCryptographicHash::Sha256).toHex().left(32);
    CheckSet set;
    set.m_data = std::move(data);
    return set;
}

Result<CheckSet> CheckSet::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"cannot read the checks file %1: %2"_s.arg(path, file.errorString()));
    return parse(file.readAll(), path);
}

QStringList CheckSet::names() const
{
    QStringList list;
    for (const CheckSpec &spec : m_data->specs)
        list << spec.name;
    return list;
}

QByteArray CheckSet::fingerprint() const
{
    return m_data->fingerprint;
}

bool CheckSet::isEmpty() const
{
    return m_data->specs.isEmpty();
}

QString CheckSet::origin() const
{
    return m_data->origin;
}

std::optional<double> CheckSet::threshold() const
{
    return m_data->threshold;
}

QList<CheckInfo> CheckSet::checks() const
{
    QList<CheckInfo> list;
    for (const CheckSpec &spec : m_data->specs)
        list << CheckInfo{spec.name, spec.type, spec.metric, spec.weight, spec.line};
    return list;
}

QList<CheckOutcome> CheckSet::evaluate(const CheckInput &input) const
{
    QList<CheckOutcome> outcomes;
    outcomes.reserve(m_data->specs.size());
    CheckContext context(input);
    for (const CheckSpec &spec : m_data->specs) {
        const CheckVerdict verdict = isUsage(spec) ? evaluateUsageCheck(spec, input)
            : isJsonFamily(spec)                   ? evaluateJsonCheck(spec, context)
                                                   : evaluateTextCheck(spec, context);
        CheckOutcome outcome;
        outcome.name = spec.name;
        outcome.applicable = verdict.applicable;
        outcome.passed = verdict.applicable && verdict.holds != spec.negated;
        outcome.score = outcome.passed ? 1 : 0;
        // The fact reads right either way; a failed not- check says what it should not have been.
        outcome.reason = verdict.applicable && spec.negated && verdict.holds ? u"expected not: "_s + verdict.fact
                                                                             : verdict.fact;
        outcomes << outcome;
    }
    return outcomes;
}

CheckSetScore CheckSet::score(const QList<CheckOutcome> &outcomes) const
{
    CheckSetScore result;
    double weighted = 0;
    double weights = 0;
    QString firstFailure;
    QMap<QString, std::pair<double, double>> metrics; // name -> (weighted sum, weight)
    for (qsizetype i = 0; i < outcomes.size() && i < m_data->specs.size(); ++i) {
        const CheckOutcome &o = outcomes.at(i);
        const CheckSpec &spec = m_data->specs.at(i);
        if (!o.applicable)
            continue;
        weighted += o.score * spec.weight;
        weights += spec.weight;
        if (!spec.metric.isEmpty()) {
            auto &[sum, w] = metrics[spec.metric];
            sum += o.score * spec.weight;
            w += spec.weight;
        }
        // As in promptfoo, a failing check fails the output whatever its weight (0 included):
        // weight only shapes the score.
        if (!o.passed && firstFailure.isEmpty())
            firstFailure = o.name + u": "_s + o.reason;
    }
    result.score = weights > 0 ? weighted / weights : 0;
    for (auto it = metrics.cbegin(); it != metrics.cend(); ++it)
        result.metrics.insert(it.key(), it->second > 0 ? it->first / it->second : 0);
    if (m_data->threshold) {
        result.passed = result.score >= *m_data->threshold;
        result.reason = u"score %1 %2 threshold %3"_s.arg(result.score, 0, 'f', 2)
                            .arg(result.passed ? u">="_s : u"<"_s).arg(*m_data->threshold);
    } else {
        result.passed = firstFailure.isEmpty();
        result.reason = result.passed ? u"all checks passed"_s : firstFailure;
    }
    return result;
}

} // namespace assay

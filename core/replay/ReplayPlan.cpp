#include "replay/ReplayPlan.h"

#include "browse/OutputsRepository.h"
#include "pricing/PriceTable.h"
#include "prompts/PromptRegistry.h"
#include "prompts/PromptTemplate.h"
#include "replay/ReplayDatasets.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr int defaultMaxTokens = 1024;

struct ResolvedTarget {
    ReplayTarget target;
    PromptTemplate prompt;
    std::optional<ModelPrice> price;
};

Result<QList<ResolvedTarget>> resolveTargets(const QList<ReplayTarget> &targets, PromptRegistry &registry,
                                             const PriceTable &prices)
{
    if (targets.isEmpty())
        return fail(u"a replay needs at least one target (--prompt NAME@VERSION)"_s);
    QList<ResolvedTarget> resolved;
    for (const ReplayTarget &wanted : targets) {
        auto version = registry.find(wanted.promptName, wanted.promptVersion);
        if (!version)
            return fail(version.error());
        ResolvedTarget r{wanted, PromptTemplate::parse(version->template_), std::nullopt};
        if (!r.prompt.isValid())
            return fail(u"%1 cannot be rendered: %2"_s.arg(version->ref(), r.prompt.error()->message));
        r.target.promptVersion = version->version;
        if (r.target.model.isEmpty())
            r.target.model = version->model;
        if (r.target.model.isEmpty())
            return fail(u"%1 names no model: give one with --model"_s.arg(version->ref()));
        if (r.target.maxTokens <= 0)
            r.target.maxTokens = version->maxTokens.value_or(defaultMaxTokens);
        if (!r.target.temperature)
            r.target.temperature = version->temperature;
        r.price = prices.find(r.target.model);
        resolved << r;
    }
    return resolved;
}

// Output keys of the cases, and the records already read for them when a filter chose them.
Result<QStringList> explicitKeys(const ReplayInputs &inputs, Workspace *workspace)
{
    if (inputs.kind == ReplayInputs::Kind::Ids)
        return inputs.ids;
    if (!workspace)
        return fail(u"datasets live in the workspace, and none is open"_s);
    return ReplayDatasets(*workspace).outputKeys(inputs.dataset);
}

QVariant keyFor(const QString &text, const LogSchema &schema, bool &ok)
{
    ok = true;
    if (schema.idIsRowid || schema.idIsInteger)
        return text.toLongLong(&ok);
    return text;
}

PlannedCall renderCall(const ResolvedTarget &r, const std::optional<QJsonObject> &input, const QString &inputProblem,
                       std::optional<qint64> loggedOutputTokens)
{
    PlannedCall call;
    if (!input) {
        call.renderError = inputProblem;
        return call;
    }
    auto rendered = r.prompt.render(*input);
    if (!rendered) {
        call.renderError = u"%1: %2"_s.arg(r.target.promptRef(), rendered.error());
        return call;
    }
    call.prompt = *rendered;
    call.estInputTokens = estimateTokens(call.prompt);
    call.estOutputTokens = expectedOutputTokens(loggedOutputTokens, r.target.maxTokens);
    call.estCostUsd = estimateCostUsd(r.price, call.estInputTokens, call.estOutputTokens);
    return call;
}

PlannedCase planCase(const QString &key, const OutputRecord *record, const QString &missingReason,
                     const QList<ResolvedTarget> &targets)
{
    std::optional<QJsonObject> input;
    QString problem = missingReason;
    std::optional<qint64> loggedOutput;
    if (record) {
        const QVariant raw = record->value(LogField::Input);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(raw.toString().toUtf8(), &error);
        if (raw.isNull() || raw.toString().isEmpty())
            problem = u"output %1 has no logged input"_s.arg(key);
        else if (!doc.isObject())
            problem = u"the input logged for output %1 is not a JSON object%2"_s.arg(
                key, error.error == QJsonParseError::NoError ? QString() : u" (%1)"_s.arg(error.errorString()));
        else
            input = doc.object();
        const QVariant tokens = record->value(LogField::OutputTokens);
        if (!tokens.isNull() && tokens.canConvert<qint64>())
            loggedOutput = tokens.toLongLong();
    }
    PlannedCase c{key, {}};
    for (const ResolvedTarget &r : targets)
        c.calls << renderCall(r, input, problem, loggedOutput);
    return c;
}

void addToEstimate(ReplayEstimate &e, const PlannedCase &c, const QList<ResolvedTarget> &targets)
{
    ++e.cases;
    for (qsizetype t = 0; t < c.calls.size(); ++t) {
        const PlannedCall &call = c.calls.at(t);
        if (!call.renderError.isEmpty()) {
            ++e.renderErrors;
            continue;
        }
        ++e.calls;
        e.inputTokens += call.estInputTokens;
        e.outputTokens += call.estOutputTokens;
        if (call.estCostUsd) {
            e.costUsd += *call.estCostUsd;
        } else {
            ++e.unpricedCalls;
            const QString model = targets.at(t).target.model;
            if (!e.unpricedModels.contains(model))
                e.unpricedModels << model;
        }
    }
}

} // namespace

Result<ReplayPlan> planReplay(const ReplaySpec &spec, OutputsRepository &outputs, PromptRegistry &registry,
                              const PriceTable &prices, Workspace *workspace, const PlannedCaseSink &sink)
{
    const LogSchema &schema = outputs.schema();
    if (!schema.has(LogField::Input))
        return fail(u"replay needs the logged input variables, and this log has no input column"_s
                    + (schema.has(LogField::InputHash) ? u" (only input_hash)"_s : QString()));
    auto targets = resolveTargets(spec.targets, registry, prices);
    if (!targets)
        return fail(targets.error());

    ReplayPlan plan;
    for (const ResolvedTarget &r : *targets)
        plan.targets << r.target;
    QString sinkError;
    // Each case goes on as soon as it is rendered: a plan of 20,000 cases is never held whole.
    const auto take = [&](const PlannedCase &c) {
        addToEstimate(plan.estimate, c, *targets);
        if (auto taken = sink(c); !taken) {
            sinkError = taken.error();
            return false;
        }
        return true;
    };

    if (spec.inputs.kind == ReplayInputs::Kind::Filter) {
        if (spec.inputs.limit <= 0)
            return fail(u"the number of cases (--limit) must be at least 1"_s);
        auto walked = outputs.forEachRecord(spec.inputs.filter, SortOrder{}, spec.inputs.limit,
                                            [&](const OutputRecord &record) {
                                                return take(planCase(record.key.toString(), &record, {}, *targets));
                                            });
        if (!walked)
            return fail(walked.error());
    } else {
        auto keys = explicitKeys(spec.inputs, workspace);
        if (!keys)
            return fail(keys.error());
        if (keys->isEmpty())
            return fail(u"no outputs to replay: the list of ids is empty"_s);
        for (const QString &key : *keys) {
            bool ok = false;
            const QVariant logKey = keyFor(key, schema, ok);
            if (!ok) {
                if (!take(planCase(key, nullptr, u"\"%1\" is not an id of this log (ids are whole numbers)"_s.arg(key),
                                   *targets)))
                    break;
                continue;
            }
            // The output text is not needed to render: ask for none of it.
            auto record = outputs.fetchRecord(logKey, 0);
            if (!take(record ? planCase(key, &*record, {}, *targets) : planCase(key, nullptr, record.error(), *targets)))
                break;
        }
    }
    if (!sinkError.isEmpty())
        return fail(sinkError);
    return plan;
}

Result<ReplayPlan> planReplay(const ReplaySpec &spec, OutputsRepository &outputs, PromptRegistry &registry,
                              const PriceTable &prices, Workspace *workspace)
{
    QList<PlannedCase> cases;
    auto plan = planReplay(spec, outputs, registry, prices, workspace, [&cases](const PlannedCase &c) -> Result<void> {
        cases << c;
        return {};
    });
    if (plan)
        plan->cases = std::move(cases);
    return plan;
}

} // namespace assay

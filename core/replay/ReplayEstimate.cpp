#include "replay/ReplayEstimate.h"

#include "pricing/ModelPrice.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

qint64 estimateTokens(const QString &text)
{
    return static_cast<qint64>(std::ceil(static_cast<double>(text.size()) / replayCharsPerToken));
}

qint64 expectedOutputTokens(std::optional<qint64> loggedOutputTokens, int maxTokens)
{
    const qint64 cap = std::max(maxTokens, 1);
    if (!loggedOutputTokens || *loggedOutputTokens <= 0)
        return cap;
    return std::min(*loggedOutputTokens, cap);
}

std::optional<double> estimateCostUsd(const std::optional<ModelPrice> &price, qint64 inputTokens, qint64 outputTokens)
{
    if (!price)
        return std::nullopt;
    return costOf(*price, inputTokens, outputTokens).total();
}

QJsonObject ReplayEstimate::toJson() const
{
    return {{u"cases"_s, cases},
            {u"calls"_s, calls},
            {u"render_errors"_s, renderErrors},
            {u"input_tokens"_s, inputTokens},
            {u"output_tokens"_s, outputTokens},
            {u"cost_usd"_s, costUsd},
            {u"unpriced_calls"_s, unpricedCalls},
            {u"unpriced_models"_s, QJsonArray::fromStringList(unpricedModels)}};
}

ReplayEstimate ReplayEstimate::fromJson(const QJsonObject &json)
{
    ReplayEstimate e;
    e.cases = json.value(u"cases"_s).toInteger();
    e.calls = json.value(u"calls"_s).toInteger();
    e.renderErrors = json.value(u"render_errors"_s).toInteger();
    e.inputTokens = json.value(u"input_tokens"_s).toInteger();
    e.outputTokens = json.value(u"output_tokens"_s).toInteger();
    e.costUsd = json.value(u"cost_usd"_s).toDouble();
    e.unpricedCalls = json.value(u"unpriced_calls"_s).toInteger();
    for (const QJsonValue &v : json.value(u"unpriced_models"_s).toArray())
        e.unpricedModels << v.toString();
    return e;
}

} // namespace assay

#include "replay/ReplaySpec.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString kindName(ReplayInputs::Kind kind)
{
    switch (kind) {
    case ReplayInputs::Kind::Filter:
        return u"filter"_s;
    case ReplayInputs::Kind::Ids:
        return u"ids"_s;
    case ReplayInputs::Kind::Dataset:
        return u"dataset"_s;
    }
    return {};
}

} // namespace

QJsonObject ReplayInputs::toJson() const
{
    QJsonObject o{{u"kind"_s, kindName(kind)}};
    switch (kind) {
    case Kind::Filter:
        o[u"filter"_s] = filter.toJson();
        o[u"limit"_s] = limit;
        break;
    case Kind::Ids:
        o[u"ids"_s] = QJsonArray::fromStringList(ids);
        break;
    case Kind::Dataset:
        o[u"dataset"_s] = dataset;
        break;
    }
    if (kind != Kind::Dataset && !savedAs.isEmpty())
        o[u"saved_as"_s] = savedAs;
    return o;
}

ReplayInputs ReplayInputs::fromJson(const QJsonObject &json)
{
    ReplayInputs in;
    const QString kind = json.value(u"kind"_s).toString();
    if (kind == "ids"_L1) {
        in.kind = Kind::Ids;
        for (const QJsonValue &v : json.value(u"ids"_s).toArray())
            in.ids << v.toString();
    } else if (kind == "dataset"_L1) {
        in.kind = Kind::Dataset;
        in.dataset = json.value(u"dataset"_s).toString();
    } else {
        in.filter = OutputFilter::fromJson(json.value(u"filter"_s).toObject());
        in.limit = json.value(u"limit"_s).toInteger(100);
    }
    if (in.kind != Kind::Dataset)
        in.savedAs = json.value(u"saved_as"_s).toString();
    return in;
}

QJsonObject ReplayOptions::toJson() const
{
    QJsonObject o{{u"concurrency"_s, concurrency}, {u"no_cache"_s, noCache}, {u"stream"_s, stream}};
    if (budgetUsd)
        o[u"budget_usd"_s] = *budgetUsd;
    return o;
}

ReplayOptions ReplayOptions::fromJson(const QJsonObject &json)
{
    ReplayOptions o;
    o.concurrency = json.value(u"concurrency"_s).toInt(8);
    o.noCache = json.value(u"no_cache"_s).toBool();
    o.stream = json.value(u"stream"_s).toBool();
    if (json.contains(u"budget_usd"_s))
        o.budgetUsd = json.value(u"budget_usd"_s).toDouble();
    return o;
}

QJsonObject ReplaySpec::toJson() const
{
    QJsonArray t;
    for (const ReplayTarget &target : targets)
        t.append(target.toJson());
    QJsonObject o{{u"targets"_s, t}, {u"inputs"_s, inputs.toJson()}, {u"options"_s, options.toJson()}};
    if (!registry.isEmpty())
        o[u"registry"_s] = registry;
    return o;
}

ReplaySpec ReplaySpec::fromJson(const QJsonObject &json)
{
    ReplaySpec s;
    for (const QJsonValue &v : json.value(u"targets"_s).toArray())
        s.targets << ReplayTarget::fromJson(v.toObject());
    s.inputs = ReplayInputs::fromJson(json.value(u"inputs"_s).toObject());
    s.options = ReplayOptions::fromJson(json.value(u"options"_s).toObject());
    s.registry = json.value(u"registry"_s).toString();
    return s;
}

} // namespace assay

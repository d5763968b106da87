#include "schema/LogField.h"

#include <QHash>

namespace assay {

namespace {

struct FieldInfo {
    LogField field;
    QLatin1StringView name;
    QStringList synonyms;
};

const QList<FieldInfo> &fieldTable()
{
    using namespace Qt::StringLiterals;
    static const QList<FieldInfo> table{
        {LogField::Id, "id"_L1, {u"id"_s, u"output_id"_s, u"uuid"_s}},
        {LogField::Feature, "feature"_L1, {u"feature"_s, u"use_case"_s, u"task"_s}},
        {LogField::CreatedAt, "created_at"_L1,
         {u"created_at"_s, u"created"_s, u"timestamp"_s, u"ts"_s, u"logged_at"_s}},
        {LogField::Output, "output"_L1, {u"output"_s, u"response"_s, u"completion"_s, u"output_text"_s}},
        {LogField::Model, "model"_L1, {u"model"_s, u"model_name"_s}},
        {LogField::Input, "input"_L1,
         {u"input"_s, u"input_data"_s, u"inputs"_s, u"input_json"_s, u"variables"_s, u"prompt_variables"_s}},
        {LogField::InputHash, "input_hash"_L1, {u"input_hash"_s}},
        {LogField::UserId, "user_id"_L1, {u"user_id"_s}},
        {LogField::SessionId, "session_id"_L1, {u"session_id"_s}},
        {LogField::Feedback, "feedback"_L1, {u"feedback"_s, u"user_feedback"_s}},
        {LogField::PromptName, "prompt_name"_L1, {u"prompt_name"_s, u"prompt"_s, u"prompt_id"_s}},
        {LogField::PromptVersion, "prompt_version"_L1, {u"prompt_version"_s, u"version"_s}},
        {LogField::InputTokens, "input_tokens"_L1, {u"input_tokens"_s, u"prompt_tokens"_s, u"tokens_in"_s}},
        {LogField::OutputTokens, "output_tokens"_L1,
         {u"output_tokens"_s, u"completion_tokens"_s, u"tokens_out"_s}},
        {LogField::CacheReadTokens, "cache_read_tokens"_L1,
         {u"cache_read_tokens"_s, u"cache_read_input_tokens"_s, u"cached_tokens"_s}},
        {LogField::CacheWriteTokens, "cache_write_tokens"_L1,
         {u"cache_write_tokens"_s, u"cache_creation_input_tokens"_s}},
        {LogField::Cost, "cost"_L1, {u"cost"_s, u"cost_usd"_s}},
        {LogField::LatencyMs, "latency_ms"_L1, {u"latency_ms"_s, u"duration_ms"_s, u"latency"_s}},
        {LogField::Status, "status"_L1, {u"status"_s}},
        {LogField::Error, "error"_L1, {u"error"_s}},
    };
    return table;
}

const FieldInfo &infoOf(LogField field)
{
    return fieldTable().at(static_cast<qsizetype>(field));
}

} // namespace

QString logFieldName(LogField field)
{
    return QString(infoOf(field).name);
}

std::optional<LogField> logFieldFromName(QStringView name)
{
    for (const auto &info : fieldTable()) {
        if (name.compare(info.name, Qt::CaseInsensitive) == 0)
            return info.field;
    }
    return std::nullopt;
}

const QStringList &logFieldSynonyms(LogField field)
{
    return infoOf(field).synonyms;
}

bool isRequiredLogField(LogField field)
{
    switch (field) {
    case LogField::Id:
    case LogField::Feature:
    case LogField::CreatedAt:
    case LogField::Output:
        return true;
    default:
        return false;
    }
}

bool isNumericLogField(LogField field)
{
    switch (field) {
    case LogField::InputTokens:
    case LogField::OutputTokens:
    case LogField::CacheReadTokens:
    case LogField::CacheWriteTokens:
    case LogField::Cost:
    case LogField::LatencyMs:
        return true;
    default:
        return false;
    }
}

} // namespace assay

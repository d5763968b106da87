#pragma once

#include <QLatin1StringView>
#include <QList>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

namespace assay {

// The logical fields of an AI output log (see log-schema.md). A team's table names them in
// its own words; a LogSchema maps each field to the column that holds it.
enum class LogField {
    Id,
    Feature,
    CreatedAt,
    Output,
    Model,
    Input,
    InputHash,
    UserId,
    SessionId,
    Feedback,
    PromptName,
    PromptVersion,
    InputTokens,
    OutputTokens,
    CacheReadTokens,
    CacheWriteTokens,
    Cost,
    LatencyMs,
    Status,
    Error,
};

inline constexpr std::array allLogFields{
    LogField::Id,           LogField::Feature,         LogField::CreatedAt,        LogField::Output,
    LogField::Model,        LogField::Input,           LogField::InputHash,        LogField::UserId,
    LogField::SessionId,    LogField::Feedback,        LogField::PromptName,       LogField::PromptVersion,
    LogField::InputTokens,  LogField::OutputTokens,    LogField::CacheReadTokens,  LogField::CacheWriteTokens,
    LogField::Cost,         LogField::LatencyMs,       LogField::Status,           LogField::Error,
};

// The stable name used in mapping files, JSONL keys and the CLI ("created_at", "latency_ms").
QString logFieldName(LogField field);
std::optional<LogField> logFieldFromName(QStringView name);

// Column names teams commonly use for the field, most likely first (all lower case).
const QStringList &logFieldSynonyms(LogField field);

bool isRequiredLogField(LogField field);

// Fields that hold numbers, so sorting and formatting treat them as such.
bool isNumericLogField(LogField field);

} // namespace assay

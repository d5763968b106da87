#include "schema/LogSchema.h"

using namespace Qt::StringLiterals;

namespace assay {

QString LogSchema::quoteIdentifier(const QString &name)
{
    QString escaped = name;
    escaped.replace(u'"', u"\"\""_s);
    return u'"' + escaped + u'"';
}

QString LogSchema::expr(LogField field) const
{
    if (field == LogField::Id && idIsRowid)
        return u"rowid"_s;
    return quoteIdentifier(columns.value(field));
}

QString LogSchema::qualifiedTable() const
{
    if (schemaName.isEmpty())
        return quoteIdentifier(table);
    return quoteIdentifier(schemaName) + u'.' + quoteIdentifier(table);
}

QStringList LogSchema::disabledCapabilities() const
{
    QStringList out;
    if (!has(LogField::Input)) {
        out << (has(LogField::InputHash)
                    ? u"replay needs the logged input variables; this log has only input_hash"_s
                    : u"replay needs the logged input variables; this log has no input column"_s);
    }
    if (!has(LogField::Model))
        out << u"no model column: filtering by model and cost per model are unavailable"_s;
    if (!has(LogField::InputTokens) && !has(LogField::OutputTokens) && !has(LogField::Cost))
        out << u"no token or cost columns: cost dashboards are unavailable"_s;
    if (!has(LogField::Feedback))
        out << u"no feedback column: end-user feedback filters and rates are unavailable"_s;
    if (!has(LogField::PromptName))
        out << u"no prompt_name column: outputs cannot be linked to prompt versions"_s;
    if (!has(LogField::LatencyMs))
        out << u"no latency column: latency figures are unavailable"_s;
    if (!has(LogField::Status) && !has(LogField::Error))
        out << u"no status or error column: the errors-only filter is unavailable"_s;
    if (!has(LogField::UserId))
        out << u"no user_id column: filtering by user is unavailable"_s;
    if (!has(LogField::SessionId))
        out << u"no session_id column: filtering by session is unavailable"_s;
    return out;
}

} // namespace assay

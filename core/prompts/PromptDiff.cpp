#include "prompts/PromptDiff.h"

using namespace Qt::StringLiterals;

namespace assay {

QStringList PromptVersionDiff::summaryLines() const
{
    QStringList lines;
    for (const MetadataChange &c : metadata) {
        lines << u"%1: %2 -> %3"_s.arg(c.field, c.before.isEmpty() ? u"(unset)"_s : c.before,
                                       c.after.isEmpty() ? u"(unset)"_s : c.after);
    }
    if (!addedVariables.isEmpty())
        lines << u"variables added: %1"_s.arg(addedVariables.join(u", "_s));
    if (!removedVariables.isEmpty())
        lines << u"variables removed: %1"_s.arg(removedVariables.join(u", "_s));
    return lines;
}

VariableChanges diffVariables(const PromptTemplate &before, const PromptTemplate &after)
{
    VariableChanges out;
    const QStringList old = before.variables();
    const QStringList now = after.variables();
    for (const QString &v : now) {
        if (!old.contains(v))
            out.added << after.spell(v);
    }
    for (const QString &v : old) {
        if (!now.contains(v))
            out.removed << before.spell(v);
    }
    return out;
}

PromptVersionDiff diffPromptVersions(const PromptVersion &before, const PromptVersion &after, const DiffOptions &options)
{
    PromptVersionDiff out;
    out.text = diffTexts(before.template_, after.template_, options);
    const VariableChanges vars = diffVariables(PromptTemplate::parse(before.template_), PromptTemplate::parse(after.template_));
    out.addedVariables = vars.added;
    out.removedVariables = vars.removed;
    const auto compare = [&out](const QString &field, const QString &a, const QString &b) {
        if (a != b)
            out.metadata.append(MetadataChange{field, a, b});
    };
    compare(u"model"_s, before.model, after.model);
    compare(u"temperature"_s, formatTemperature(before.temperature), formatTemperature(after.temperature));
    compare(u"max_tokens"_s, formatMaxTokens(before.maxTokens), formatMaxTokens(after.maxTokens));
    return out;
}

} // namespace assay

#pragma once

#include "prompts/PromptTemplate.h"
#include "prompts/PromptVersion.h"
#include "prompts/TextDiff.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace assay {

// A parameter that differs between two versions ("model", "claude-sonnet-4-5", "claude-haiku-4-5");
// an empty side means unset.
struct MetadataChange {
    QString field; // "model", "temperature", "max_tokens"
    QString before;
    QString after;
};

// Everything that changed from one prompt version (or draft) to another.
struct PromptVersionDiff {
    TextDiff text;
    QStringList addedVariables;   // in the new template only, in its order
    QStringList removedVariables; // in the old template only, in its order
    QList<MetadataChange> metadata;

    bool identical() const { return text.identical() && metadata.isEmpty(); }
    // "model: claude-sonnet-4-5 -> claude-haiku-4-5", one line per change, then the variable
    // changes ("variables added: {{customer_tier}}"). Empty when there are none.
    QStringList summaryLines() const;
};

PromptVersionDiff diffPromptVersions(const PromptVersion &before, const PromptVersion &after,
                                     const DiffOptions &options = {});

// Variables of `after` that `before` lacks, and the reverse, spelled the way each template
// writes them ("{{tier}}" or "{tier}").
struct VariableChanges {
    QStringList added;
    QStringList removed;
};
VariableChanges diffVariables(const PromptTemplate &before, const PromptTemplate &after);

} // namespace assay

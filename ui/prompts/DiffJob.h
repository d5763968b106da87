#pragma once

#include "prompts/PromptDiff.h"
#include "prompts/PromptTemplate.h"
#include "prompts/PromptVersion.h"

#include <QString>

namespace assay {

// One diff of two versions, computed off the UI thread: the diff the views draw (aligned and
// paired, word spans left for the view to fill on screen), the unified text for the clipboard
// and the template styles that say how each side writes its variables.
struct DiffResult {
    PromptVersionDiff diff;
    QString unified;
    TemplateStyle leftStyle = TemplateStyle::DoubleBrace;
    TemplateStyle rightStyle = TemplateStyle::DoubleBrace;
    quint64 generation = 0;
};

DiffResult computeDiff(const PromptVersion &before, const PromptVersion &after, bool ignoreWhitespace,
                       quint64 generation);

// "+3 −1 lines; model: a -> b; variables added: {{x}}" as the header above a diff shows it.
QString diffHeaderText(const DiffResult &result);

} // namespace assay

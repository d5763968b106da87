#pragma once

#include "prompts/PromptTemplate.h"
#include "prompts/PromptVersion.h"

namespace assay {

// The header above a version's text: ref and origin, parameters, date and author, note, the
// variables it uses and its first syntax error, as rich text with every value escaped.
QString versionMetaHtml(const PromptVersion &v, const PromptTemplate &tpl);

} // namespace assay

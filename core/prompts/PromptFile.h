#pragma once

#include "prompts/PromptVersion.h"
#include "util/Result.h"

#include <QByteArray>
#include <QStringList>

namespace assay {

// One prompt version as a file, for registries kept in a folder under version control.
//
// Layout: ROOT/NAME/VERSION.prompt, e.g. prompts/ticket_summary/v3.prompt. The folder gives the
// name and the file name the version (both letters, digits, '.', '_' and '-', not starting with
// '.'). Files are UTF-8:
//
//     ---
//     model: claude-sonnet-4-5
//     temperature: 0.2
//     max_tokens: 450
//     labels: [production]
//     author: dev.okafor
//     note: Back to Sonnet after the v2 quality drop
//     created_at: 2026-10-02T09:30:00Z
//     ---
//     You are a support operations assistant ... {{ticket_body}}
//
// The front matter is optional (a file without it is all template) and every key in it is
// optional. One "key: value" per line; a value may be written as a JSON string ("...") when it
// has line breaks or surrounding spaces; labels are [a, b], ["a", "b"] or a, b; created_at is
// ISO-8601 (UTC when it has no zone); lines starting with # are comments. Everything after the
// closing "---" line is the template, byte for byte (a final newline belongs to the template).
// Unknown keys are reported as warnings and otherwise ignored.
struct ParsedPromptFile {
    PromptVersion version; // name and version left empty: the path decides them
    QStringList warnings;  // "line 3: unknown key \"temprature\""
};

Result<ParsedPromptFile> parsePromptFile(const QByteArray &bytes);
QByteArray writePromptFile(const PromptVersion &version);

// Letters, digits, '.', '_' and '-', not starting with '.': safe as a file or folder name on
// every platform, and never "..".
bool isSafePromptFileName(const QString &text);

} // namespace assay

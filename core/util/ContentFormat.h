#pragma once

#include <QString>
#include <QStringView>

namespace assay {

// What an AI output's text most likely is, so a viewer can pick how to show it.
enum class ContentFormat { Text, Markdown, Json };

// "Text", "Markdown", "JSON": for labels and format pickers.
QString contentFormatName(ContentFormat format);

// JSON when the first non-space character is { or [ and the whole text parses; Markdown when
// the text has Markdown structure (headings, lists, fences, tables, or several inline marks
// such as **bold**, [links](...) and `code`); Text otherwise. Only the first ~128 KB is scanned
// for Markdown, so a multi-megabyte output costs one JSON parse at most.
ContentFormat detectContentFormat(QStringView text);

// Whether text is one valid JSON value (scalars included). On failure, error is the parser's
// reason and offset the character (not byte) index in text where it gave up; on success
// offset is -1.
struct JsonCheck {
    bool valid = false;
    QString error;
    int offset = -1;
};
JsonCheck checkJson(QStringView text);

// Re-indents JSON text without parsing it into a document, so object keys keep the order the
// log wrote them in and numbers keep their exact digits (QJsonDocument sorts keys and turns
// big integers into doubles). Tolerant of invalid or cut-off JSON: it only moves whitespace
// outside strings, so a truncated output still comes out readable.
QString indentJson(QStringView text, int indent = 4);

} // namespace assay

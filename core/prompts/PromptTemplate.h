#pragma once

#include "util/Result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace assay {

// How a template writes its variables.
//
// DoubleBrace (the usual): {{name}}, {{ name }}, {{account.plan}} (a key inside a nested JSON
// object; a number segment indexes an array: {{items.0}}), {{{name}}} (Mustache's unescaped form,
// the same here: nothing is ever HTML-escaped). A backslash right before {{ writes a literal {{
// ("\{{name}}" renders "{{name}}"); no other backslash is special. Single braces and a lone }}
// are plain text, so JSON examples in a prompt need no escaping. A placeholder stays on one line
// and holds at most 256 characters.
//
// Python (str.format): {name}, {account.plan}, {account[plan]}, {items[0]}; {{ and }} write
// literal braces. Conversions (!r) and format specs (:>10) are refused: a replay could not
// reproduce what Python's format() would do with them.
//
// Auto: DoubleBrace when the text has at least one {{name}} placeholder, else Python when it has
// a {name} field, else DoubleBrace.
enum class TemplateStyle { Auto, DoubleBrace, Python };

TemplateStyle detectTemplateStyle(const QString &text);
QString templateStyleName(TemplateStyle style); // "auto", "double-brace", "python"

// One occurrence of a variable, for highlighting: [start, start + length) covers the braces too.
struct TemplatePlaceholder {
    QString path;        // "plan", "account.plan", "items.0" (Python's [key] becomes .key)
    qsizetype start = 0; // UTF-16 offset in the template
    qsizetype length = 0;
};

struct TemplateSyntaxError {
    qsizetype offset = 0; // UTF-16 offset of the offending brace
    QString message;      // "unclosed {{ at offset 120 (line 4, column 9)"
};

// A parsed template. Parsing never fails: a template with a syntax error still lists the
// placeholders that could be read (the editor highlights them while the user is typing), and
// render() refuses it with the first error.
class PromptTemplate {
public:
    static PromptTemplate parse(const QString &text, TemplateStyle style = TemplateStyle::Auto);

    const QString &text() const { return m_text; }
    TemplateStyle style() const { return m_style; } // never Auto once parsed
    bool isValid() const { return !m_error.has_value(); }
    const std::optional<TemplateSyntaxError> &error() const { return m_error; }

    // Every placeholder in text order, repeats included.
    const QList<TemplatePlaceholder> &placeholders() const { return m_placeholders; }
    // Distinct variable paths in order of first appearance.
    QStringList variables() const;
    // How the variable is written in this style: "{{plan}}" or "{plan}".
    QString spell(const QString &path) const;

    // The prompt as sent: every placeholder replaced by its value from `input`. Strings go in as
    // they are; numbers, booleans and null as JSON writes them (42, 0.5, true, null); objects and
    // arrays as compact JSON. Fails on a syntax error or when variables are missing, naming them all.
    Result<QString> render(const QJsonObject &input) const;

private:
    struct Piece {
        QString literal;
        int placeholder = -1; // index into m_placeholders; -1: literal text
    };
    friend class TemplateParser; // fills m_pieces, m_placeholders and m_error

    QString m_text;
    TemplateStyle m_style = TemplateStyle::DoubleBrace;
    QList<TemplatePlaceholder> m_placeholders;
    QList<Piece> m_pieces;
    std::optional<TemplateSyntaxError> m_error;
};

// The value at a dotted path ("account.plan", "items.0"); nullopt when any step is missing.
std::optional<QJsonValue> lookupTemplateValue(const QJsonObject &input, const QString &path);
// A value as a template writes it (see render()).
QString templateValueText(const QJsonValue &value);

// parse() then render(), for one-off use.
Result<QString> renderTemplate(const QString &text, const QJsonObject &input, TemplateStyle style = TemplateStyle::Auto);

} // namespace assay

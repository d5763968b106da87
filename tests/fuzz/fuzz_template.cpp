// PromptTemplate::parse (TemplateParser) in every style, and render().
// Invariants: placeholders lie inside the text, in order, and name valid variables; a syntax
// error's offset is inside the text; render() refuses exactly the invalid templates and the
// ones missing variables, and fills a template whose variables are all given.

#include "FuzzSupport.h"

#include "prompts/PromptTemplate.h"

#include <QJsonObject>

using namespace assay;

FUZZ_INIT()

namespace {

void check(const QString &text, TemplateStyle style)
{
    const PromptTemplate t = PromptTemplate::parse(text, style);
    FUZZ_CHECK(t.style() != TemplateStyle::Auto);
    FUZZ_CHECK(t.text() == text);
    qsizetype end = 0;
    for (const TemplatePlaceholder &p : t.placeholders()) {
        FUZZ_CHECK(p.start >= end);
        FUZZ_CHECK(p.length > 0);
        FUZZ_CHECK(p.start + p.length <= text.size());
        FUZZ_CHECK(!p.path.isEmpty());
        end = p.start + p.length;
    }
    if (t.error()) {
        FUZZ_CHECK(t.error()->offset >= 0 && t.error()->offset <= text.size());
        FUZZ_CHECK(!t.error()->message.isEmpty());
    }

    const QStringList variables = t.variables();
    for (const QString &v : variables)
        (void)t.spell(v);
    const Result<QString> empty = t.render(QJsonObject());
    FUZZ_CHECK(empty.ok() == (t.isValid() && variables.isEmpty()));

    // Every variable given (dotted paths as nested objects, number segments as object keys
    // lookupTemplateValue may or may not read as indices, so only flat names are asserted).
    QJsonObject input;
    bool flat = true;
    for (const QString &v : variables) {
        if (v.contains(u'.'))
            flat = false;
        else
            input.insert(v, QStringLiteral("value"));
    }
    const Result<QString> full = t.render(input);
    if (t.isValid() && flat)
        FUZZ_CHECK(full.ok());
    if (!t.isValid())
        FUZZ_CHECK(!full.ok());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = fuzz::text(data, size);
    (void)detectTemplateStyle(text);
    check(text, TemplateStyle::Auto);
    check(text, TemplateStyle::DoubleBrace);
    check(text, TemplateStyle::Python);
    return 0;
}

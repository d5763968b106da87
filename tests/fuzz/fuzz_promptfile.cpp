// parsePromptFile: a prompt folder's NAME/VERSION.prompt (front matter, then the template).
// Invariant: a file that parses writes back (writePromptFile, what the folder registry saves)
// to one that parses to the same version, without warnings.

#include "FuzzSupport.h"

#include "prompts/PromptFile.h"
#include "schema/TimestampCodec.h"

using namespace assay;

FUZZ_INIT()

namespace {

PromptVersion asSaved(PromptVersion v)
{
    for (QString *s : {&v.template_, &v.model, &v.author, &v.note})
        *s = fuzz::viaUtf8(*s);
    for (QString &label : v.labels)
        label = fuzz::viaUtf8(label);
    return v;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Result<ParsedPromptFile> parsed = parsePromptFile(fuzz::bytes(data, size));
    if (!parsed.ok()) {
        FUZZ_CHECK(!parsed.error().isEmpty());
        return 0;
    }
    const PromptVersion &v = parsed->version;
    FUZZ_CHECK(v.origin == PromptOrigin::Folder);
    // A NUL only reaches a value through a JSON escape, and a file holding one reads as binary.
    for (const QString *s : {&v.model, &v.author, &v.note})
        if (s->contains(QChar(u'\0')))
            return 0;
    for (const QString &label : v.labels)
        if (label.contains(QChar(u'\0')))
            return 0;

    const QByteArray written = writePromptFile(v);
    const Result<ParsedPromptFile> again = parsePromptFile(written);
    if (!again.ok()) {
        std::fprintf(stderr, "re-parse failed: %s\n", qPrintable(again.error()));
        FUZZ_CHECK(again.ok());
    }
    FUZZ_CHECK(again->warnings.isEmpty());
    const PromptVersion expected = asSaved(v);
    const PromptVersion got = asSaved(again->version);
    FUZZ_CHECK(got.template_ == expected.template_);
    FUZZ_CHECK(got.model == expected.model);
    FUZZ_CHECK(got.author == expected.author);
    FUZZ_CHECK(got.note == expected.note);
    FUZZ_CHECK(got.labels == expected.labels);
    FUZZ_CHECK(got.maxTokens == expected.maxTokens);
    FUZZ_CHECK(formatTemperature(got.temperature) == formatTemperature(expected.temperature));
    FUZZ_CHECK(got.createdAt == expected.createdAt);
    return 0;
}

// parseChecks: a check file (a JSON list of promptfoo-style asserts, or {"checks": [...]}),
// then the display names. file:// values resolve against a folder that does not exist, so no
// input reads anything but what it names absolutely.
// Invariants: a failure says why; every parsed check has a type and its line; names are unique.

#include "FuzzSupport.h"

#include "eval/CheckParse.h"

#include <QSet>

using namespace assay;

FUZZ_INIT()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Result<ParsedChecks> parsed =
        parseChecks(fuzz::bytes(data, size), QStringLiteral("/nonexistent-fuzz-dir/checks.json"));
    if (!parsed.ok()) {
        FUZZ_CHECK(!parsed.error().isEmpty());
        return 0;
    }
    QList<CheckSpec> specs = parsed->specs;
    nameChecks(specs);
    QSet<QString> names;
    for (const CheckSpec &spec : std::as_const(specs)) {
        FUZZ_CHECK(!spec.type.isEmpty());
        FUZZ_CHECK(!spec.name.isEmpty());
        names.insert(spec.name);
        (void)spec.identity();
        (void)spec.usesVars();
    }
    FUZZ_CHECK(names.size() == specs.size());
    return 0;
}

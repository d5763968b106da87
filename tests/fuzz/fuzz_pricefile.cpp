// parsePriceFile (the built-in list and the user's overrides).
// Invariant: what loads can be saved and loaded back unchanged, writePriceFile(rows) parsing to
// the same rows (the price settings save the overrides exactly this way).

#include "FuzzSupport.h"
#include "PriceRows.h"

#include "pricing/PriceFile.h"

using namespace assay;

FUZZ_INIT()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json = fuzz::bytes(data, size);
    (void)parsePriceFile(json, PriceSource::BuiltIn);
    // User and Imported rows are the ones a file is written with (a built-in row names no source).
    const Result<QList<ModelPrice>> rows = parsePriceFile(json, PriceSource::User);
    if (!rows.ok()) {
        FUZZ_CHECK(!rows.error().isEmpty());
        return 0;
    }
    const QByteArray saved = writePriceFile(*rows);
    const Result<QList<ModelPrice>> again = parsePriceFile(saved, PriceSource::User);
    if (!again.ok()) {
        std::fprintf(stderr, "re-parse failed: %s\n%s\n", qPrintable(again.error()), saved.constData());
        FUZZ_CHECK(again.ok());
    }
    FUZZ_CHECK(fuzz::asSaved(*again) == fuzz::asSaved(*rows));
    FUZZ_CHECK(writePriceFile(*again) == saved);
    return 0;
}

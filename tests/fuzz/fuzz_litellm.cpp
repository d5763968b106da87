// importLiteLlm (LiteLLM's model_prices_and_context_window.json).
// Invariants: every entry is either imported or skipped; prices are non-negative; the imported
// rows survive being saved as the overrides file and loaded back (PriceTable::overridesJson).

#include "FuzzSupport.h"
#include "PriceRows.h"

#include "pricing/LiteLlmImport.h"
#include "pricing/PriceFile.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace assay;

FUZZ_INIT()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json = fuzz::bytes(data, size);
    const Result<LiteLlmImport> imported = importLiteLlm(json, QStringLiteral("fuzz"));
    if (!imported.ok()) {
        FUZZ_CHECK(!imported.error().isEmpty());
        return 0;
    }
    FUZZ_CHECK(imported->imported == imported->rows.size());
    FUZZ_CHECK(imported->skipped == imported->skippedModels.size());
    FUZZ_CHECK(imported->imported + imported->skipped == QJsonDocument::fromJson(json).object().size());
    for (const ModelPrice &row : imported->rows) {
        FUZZ_CHECK(row.input >= 0 && row.output >= 0);
        FUZZ_CHECK(!row.pattern.isEmpty());
        for (const PriceTier &tier : row.tiers)
            FUZZ_CHECK(tier.aboveTokens >= 0 && tier.input >= 0 && tier.output >= 0);
    }
    const QByteArray saved = writePriceFile(imported->rows);
    const Result<QList<ModelPrice>> again = parsePriceFile(saved, PriceSource::Imported);
    if (!again.ok()) {
        std::fprintf(stderr, "re-parse failed: %s\n%s\n", qPrintable(again.error()), saved.constData());
        FUZZ_CHECK(again.ok());
    }
    FUZZ_CHECK(fuzz::asSaved(*again) == fuzz::asSaved(imported->rows));
    return 0;
}

// Mapping files (--mapping FILE): the bytes as LogMapping::load reads them (QJsonDocument, then
// fromJson). Invariant: a mapping that loads saves (toJson) to one that loads back the same.

#include "FuzzSupport.h"

#include "schema/LogMapping.h"

#include <QJsonDocument>

using namespace assay;

FUZZ_INIT()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(fuzz::bytes(data, size), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return 0;
    const Result<LogMapping> mapping = LogMapping::fromJson(doc.object());
    if (!mapping.ok()) {
        FUZZ_CHECK(!mapping.error().isEmpty());
        return 0;
    }
    (void)mapping->isEmpty();
    const QJsonObject saved = mapping->toJson();
    const Result<LogMapping> again =
        LogMapping::fromJson(QJsonDocument::fromJson(QJsonDocument(saved).toJson()).object());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(fuzz::viaUtf8(again->table) == fuzz::viaUtf8(mapping->table));
    FUZZ_CHECK(fuzz::viaUtf8(again->schemaName) == fuzz::viaUtf8(mapping->schemaName));
    FUZZ_CHECK(again->columns.size() == mapping->columns.size());
    for (auto it = mapping->columns.cbegin(); it != mapping->columns.cend(); ++it)
        FUZZ_CHECK(fuzz::viaUtf8(again->columns.value(it.key())) == fuzz::viaUtf8(it.value()));
    FUZZ_CHECK(again->timestampKind == mapping->timestampKind);
    return 0;
}

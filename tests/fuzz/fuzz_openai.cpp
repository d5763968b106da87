// OpenAiFormat, both dialects (OpenAI itself and openai-compatible servers): reply bodies, error
// bodies and event streams (see FormatFuzz.h).

#include "FormatFuzz.h"

FUZZ_INIT()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const auto openAi = fuzz::wireFormat(assay::ProviderKind::OpenAi);
    static const auto compatible = fuzz::wireFormat(assay::ProviderKind::OpenAiCompatible);
    fuzz::runWireFormat(openAi.get(), data, size);
    fuzz::runWireFormat(compatible.get(), data, size);
    return 0;
}

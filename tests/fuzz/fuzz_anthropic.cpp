// AnthropicFormat: reply bodies, error bodies and event streams (see FormatFuzz.h).

#include "FormatFuzz.h"

FUZZ_INIT()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const auto format = fuzz::wireFormat(assay::ProviderKind::Anthropic);
    fuzz::runWireFormat(format.get(), data, size);
    return 0;
}

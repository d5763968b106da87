#pragma once

// The provider response parsers, one harness per wire format: the same bytes as a JSON reply
// body, as an error body, and as an event stream through SseParser into the stream decoder.

#include "FuzzSupport.h"

#include "providers/WireFormat.h"

#include <QUrl>

namespace fuzz {

inline std::unique_ptr<assay::WireFormat> wireFormat(assay::ProviderKind kind)
{
    return assay::makeWireFormat(kind, QUrl(QStringLiteral("https://fuzz.invalid/v1")),
                                 assay::ApiKey(QStringLiteral("sk-fuzz-key")));
}

inline void runWireFormat(const assay::WireFormat *format, const uint8_t *data, size_t size)
{
    using namespace assay;
    const QByteArray body = bytes(data, size);

    const Result<ProviderReply> reply = format->parseReply(body);
    if (!reply.ok())
        FUZZ_CHECK(!reply.error().isEmpty());

    static const int statuses[] = {400, 401, 402, 403, 404, 408, 409, 429, 500, 503, 529};
    const int status = statuses[size % (sizeof statuses / sizeof statuses[0])];
    const ProviderError error = format->parseError(status, body);
    (void)error;

    SseParser parser;
    QList<SseEvent> events;
    parser.feed(body, events);
    const std::unique_ptr<StreamDecoder> decoder = format->newStreamDecoder();
    for (const SseEvent &event : std::as_const(events)) {
        const StreamDecoder::Step step = decoder->onEvent(event);
        if (step == StreamDecoder::Step::Failed)
            FUZZ_CHECK(!decoder->error().message.isEmpty()); // "On Failed, error() says why"
        if (step != StreamDecoder::Step::More)
            break;
    }
    (void)decoder->reply();
}

} // namespace fuzz

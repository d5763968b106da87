// SseParser: any bytes, in any pieces. Invariant: the events do not depend on how the stream was
// cut (the parser's whole point), and hasPartialEvent() agrees.

#include "FuzzSupport.h"

#include "providers/SseParser.h"

using namespace assay;

FUZZ_INIT()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    // The first byte picks the piece size (1..64 bytes, or everything at once).
    const size_t piece = data[0] == 0 ? size : (data[0] % 64) + 1;
    const QByteArray stream = fuzz::bytes(data + 1, size - 1);

    SseParser whole;
    QList<SseEvent> wholeEvents;
    whole.feed(stream, wholeEvents);

    SseParser cut;
    QList<SseEvent> cutEvents;
    for (qsizetype at = 0; at < stream.size(); at += qsizetype(piece))
        cut.feed(QByteArrayView(stream).sliced(at, qMin(qsizetype(piece), stream.size() - at)), cutEvents);
    cut.feed(QByteArrayView(), cutEvents); // an empty read changes nothing

    FUZZ_CHECK(wholeEvents.size() == cutEvents.size());
    for (qsizetype i = 0; i < wholeEvents.size(); ++i) {
        FUZZ_CHECK(wholeEvents[i].name == cutEvents[i].name);
        FUZZ_CHECK(wholeEvents[i].data == cutEvents[i].data);
        FUZZ_CHECK(!wholeEvents[i].name.isEmpty());
    }
    FUZZ_CHECK(whole.hasPartialEvent() == cut.hasPartialEvent());
    return 0;
}

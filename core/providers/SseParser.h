#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace assay {

// One server-sent event: its `event:` name ("message" when it had none) and its data, the
// `data:` lines joined by "\n".
struct SseEvent {
    QByteArray name;
    QByteArray data;
};

// An incremental parser of text/event-stream (the WHATWG rules): bytes arrive in whatever pieces
// the network delivers, so an event, a line or a CRLF pair may be split across feed() calls.
// Comments (": ping"), `id:` and `retry:` fields are skipped; an event without data is not
// dispatched. Only a blank line ends an event, so a stream cut short never yields half an event.
class SseParser {
public:
    // Parses `bytes` and appends every event they complete to `out`.
    void feed(QByteArrayView bytes, QList<SseEvent> &out);
    // Bytes received but not yet part of a complete event (a stream that ended here was cut).
    bool hasPartialEvent() const { return !m_buffer.isEmpty() || m_hasData || !m_name.isEmpty(); }

private:
    void processLine(QByteArrayView line, QList<SseEvent> &out);

    QByteArray m_buffer; // the unfinished line
    QByteArray m_name;
    QByteArray m_data;
    bool m_hasData = false;
    bool m_skipLineFeed = false;
};

} // namespace assay

#include "providers/SseParser.h"

namespace assay {

void SseParser::feed(QByteArrayView bytes, QList<SseEvent> &out)
{
    if (m_skipLineFeed && !bytes.isEmpty()) {
        // The previous piece ended in CR: an LF starting this one completes that CRLF.
        if (bytes.front() == '\n')
            bytes = bytes.sliced(1);
        m_skipLineFeed = false;
    }
    m_buffer.append(bytes);
    qsizetype start = 0;
    const qsizetype size = m_buffer.size();
    while (start < size) {
        qsizetype end = start;
        while (end < size && m_buffer[end] != '\n' && m_buffer[end] != '\r')
            ++end;
        if (end == size)
            break; // no line end yet
        qsizetype next = end + 1;
        if (m_buffer[end] == '\r') {
            if (next == size)
                m_skipLineFeed = true;
            else if (m_buffer[next] == '\n')
                ++next;
        }
        processLine(QByteArrayView(m_buffer).sliced(start, end - start), out);
        start = next;
    }
    m_buffer.remove(0, start);
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (line.isEmpty()) {
        if (m_hasData)
            out.append(SseEvent{m_name.isEmpty() ? QByteArrayLiteral("message") : m_name, m_data});
        m_name.clear();
        m_data.clear();
        m_hasData = false;
        return;
    }
    if (line.front() == ':')
        return; // a comment, often a keep-alive
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (field == "data") {
        if (m_hasData)
            m_data.append('\n');
        m_data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_name = value.toByteArray();
    }
    // id and retry only matter to a client that reconnects, which a model call never does.
}

} // namespace assay

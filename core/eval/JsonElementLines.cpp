#include "eval/JsonElementLines.h"

#include <algorithm>

namespace assay {

int lineOfOffset(const QByteArray &text, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    return 1 + static_cast<int>(std::count(text.cbegin(), text.cbegin() + offset, '\n'));
}

QList<int> jsonElementLines(const QByteArray &text, const QByteArray &key)
{
    // Containers open along the way; an array is the wanted one when it is the document itself
    // or the value of `key` directly inside the top-level object.
    struct Open {
        char kind;        // '[' or '{'
        bool wanted;      // the list of checks
        bool expectValue; // in an array: the next token starts an element
    };
    QList<Open> stack;
    QList<int> lines;
    QByteArray lastKey;
    bool afterColon = false;
    qsizetype i = 0;
    const qsizetype n = text.size();
    auto startsValue = [&](qsizetype at) {
        if (!stack.isEmpty() && stack.last().kind == '[' && stack.last().expectValue) {
            stack.last().expectValue = false;
            if (stack.last().wanted)
                lines << lineOfOffset(text, at);
        }
    };
    while (i < n) {
        const char c = text.at(i);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++i;
            continue;
        }
        if (c == '"') {
            const qsizetype start = i++;
            while (i < n && text.at(i) != '"')
                i += text.at(i) == '\\' ? 2 : 1;
            ++i;
            const bool isKey = !stack.isEmpty() && stack.last().kind == '{' && !afterColon;
            if (isKey) {
                lastKey = text.mid(start + 1, i - start - 2);
            } else {
                startsValue(start);
                afterColon = false;
            }
            continue;
        }
        if (c == '[' || c == '{') {
            startsValue(i);
            const bool wanted = c == '[' && (stack.isEmpty() || (stack.size() == 1 && stack.first().kind == '{' && afterColon && lastKey == key));
            stack.append({c, wanted, c == '['});
            afterColon = false;
        } else if (c == ']' || c == '}') {
            if (!stack.isEmpty())
                stack.removeLast();
            afterColon = false;
        } else if (c == ':') {
            afterColon = true;
        } else if (c == ',') {
            if (!stack.isEmpty() && stack.last().kind == '[')
                stack.last().expectValue = true;
            afterColon = false;
        } else {
            // A number or a literal (true, false, null).
            startsValue(i);
            while (i + 1 < n && !QByteArrayView(",]} \t\r\n").contains(text.at(i + 1)))
                ++i;
            afterColon = false;
        }
        ++i;
    }
    return lines;
}

} // namespace assay

#include "util/ContentFormat.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace assay {

using namespace Qt::StringLiterals;

namespace {

// Markdown structure shows in the first screens of a text; scanning further would only make
// multi-megabyte outputs slow to open.
constexpr qsizetype kMarkdownScanLimit = 128 * 1024;

bool isJsonSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

qsizetype firstNonSpace(QStringView text)
{
    qsizetype i = 0;
    while (i < text.size() && text[i].isSpace())
        ++i;
    return i;
}

// Leading blanks Markdown allows before a block marker (more makes it an indented code block).
QStringView skipUpToThreeSpaces(QStringView line)
{
    qsizetype i = 0;
    while (i < 3 && i < line.size() && line[i] == u' ')
        ++i;
    return line.mid(i);
}

bool isHeading(QStringView line)
{
    line = skipUpToThreeSpaces(line);
    qsizetype hashes = 0;
    while (hashes < line.size() && line[hashes] == u'#')
        ++hashes;
    if (hashes == 0 || hashes > 6 || hashes >= line.size())
        return false;
    if (line[hashes] != u' ' && line[hashes] != u'\t')
        return false;
    return !line.mid(hashes).trimmed().isEmpty();
}

bool isFence(QStringView line)
{
    line = skipUpToThreeSpaces(line);
    return line.startsWith(u"```") || line.startsWith(u"~~~");
}

bool isListItem(QStringView line)
{
    line = line.mid(firstNonSpace(line));
    if (line.size() < 3)
        return false;
    if ((line[0] == u'-' || line[0] == u'*' || line[0] == u'+') && (line[1] == u' ' || line[1] == u'\t'))
        return !line.mid(2).trimmed().isEmpty();
    qsizetype digits = 0;
    while (digits < line.size() && digits < 10 && line[digits].isDigit())
        ++digits;
    if (digits == 0 || digits > 9 || digits + 2 > line.size())
        return false;
    if (line[digits] != u'.' && line[digits] != u')')
        return false;
    if (line[digits + 1] != u' ' && line[digits + 1] != u'\t')
        return false;
    return !line.mid(digits + 2).trimmed().isEmpty();
}

// The delimiter row under a table header: "|---|:--:|", "--- | ---".
bool isTableSeparator(QStringView line)
{
    line = line.trimmed();
    if (!line.contains(u'|'))
        return false;
    qsizetype hyphens = 0;
    for (QChar c : line) {
        if (c == u'-')
            ++hyphens;
        else if (c != u'|' && c != u':' && c != u' ' && c != u'\t')
            return false;
    }
    return hyphens >= 3;
}

bool isBlockquote(QStringView line)
{
    line = skipUpToThreeSpaces(line);
    return line.size() >= 2 && line[0] == u'>' && line[1] == u' ';
}

// Inline marks that are Markdown-ish but also turn up in plain prose, so each only counts
// as weak evidence: **bold**, [text](target) and `code`.
int countInlineMarks(QStringView line)
{
    int marks = 0;
    // **bold**: an opening ** followed by a non-space, closed later on the same line after one.
    for (qsizetype open = line.indexOf(u"**"); open >= 0;) {
        const qsizetype close = line.indexOf(u"**", open + 2);
        if (close < 0)
            break;
        if (close > open + 2 && !line[open + 2].isSpace() && !line[close - 1].isSpace()) {
            ++marks;
            open = line.indexOf(u"**", close + 2);
        } else {
            open = close;
        }
    }
    // [text](target) with no blanks in the target.
    for (qsizetype mid = line.indexOf(u"]("); mid >= 0; mid = line.indexOf(u"](", mid + 2)) {
        const qsizetype open = line.lastIndexOf(u'[', mid);
        const qsizetype close = line.indexOf(u')', mid + 2);
        if (open < 0 || close < 0 || open + 1 == mid || close == mid + 2)
            continue;
        const QStringView target = line.sliced(mid + 2, close - mid - 2);
        if (!target.contains(u' ') && !target.contains(u'\t'))
            ++marks;
    }
    // `code` spans.
    for (qsizetype open = line.indexOf(u'`'); open >= 0;) {
        const qsizetype close = line.indexOf(u'`', open + 1);
        if (close < 0)
            break;
        if (close > open + 1)
            ++marks;
        open = line.indexOf(u'`', close + 1);
    }
    return marks;
}

bool looksLikeMarkdown(QStringView text)
{
    int listItems = 0;
    int weak = 0;
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = text.indexOf(u'\n', start);
        if (end < 0)
            end = text.size();
        QStringView line = text.sliced(start, end - start);
        if (line.endsWith(u'\r'))
            line.chop(1);
        start = end + 1;

        if (isHeading(line) || isFence(line) || isTableSeparator(line))
            return true;
        if (isListItem(line))
            ++listItems;
        else if (isBlockquote(line))
            ++weak;
        weak += countInlineMarks(line);
        // Two list items make a list; a lone item or inline mark needs company to count.
        if (listItems >= 2 || listItems + weak >= 2)
            return true;
    }
    return false;
}

// QJsonParseError reports a byte offset into the UTF-8 we handed it; callers index QStrings.
int utf16OffsetOf(const QByteArray &utf8, qsizetype byteOffset)
{
    byteOffset = qBound<qsizetype>(0, byteOffset, utf8.size());
    qsizetype units = 0;
    for (qsizetype i = 0; i < byteOffset; ++i) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        if ((b & 0xC0) == 0x80)
            continue; // continuation byte
        units += b >= 0xF0 ? 2 : 1; // four-byte sequences are surrogate pairs in UTF-16
    }
    return static_cast<int>(units);
}

void newlineAndIndent(QString &out, int depth, int indent)
{
    out += u'\n';
    out.append(QString(qsizetype(depth) * indent, u' '));
}

QChar closerOf(QChar opener)
{
    return opener == u'{' ? u'}' : u']';
}

} // namespace

QString contentFormatName(ContentFormat format)
{
    switch (format) {
    case ContentFormat::Text:
        return u"Text"_s;
    case ContentFormat::Markdown:
        return u"Markdown"_s;
    case ContentFormat::Json:
        return u"JSON"_s;
    }
    return u"Text"_s;
}

ContentFormat detectContentFormat(QStringView text)
{
    const qsizetype first = firstNonSpace(text);
    if (first == text.size())
        return ContentFormat::Text;
    if ((text[first] == u'{' || text[first] == u'[') && checkJson(text).valid)
        return ContentFormat::Json;
    return looksLikeMarkdown(text.left(kMarkdownScanLimit)) ? ContentFormat::Markdown : ContentFormat::Text;
}

JsonCheck checkJson(QStringView text)
{
    qsizetype first = 0;
    while (first < text.size() && isJsonSpace(text[first]))
        ++first;
    if (first == text.size())
        return {false, u"the text is empty"_s, static_cast<int>(text.size())};

    const QByteArray utf8 = text.toUtf8();
    // QJsonDocument only takes an object or array at the top; a logged input of "42" or
    // "\"text\"" is still valid JSON, so scalars are checked inside a one-element array.
    const bool wrapped = text[first] != u'{' && text[first] != u'[';
    QJsonParseError error{};
    const QJsonDocument doc =
        QJsonDocument::fromJson(wrapped ? QByteArray('[' + utf8 + ']') : utf8, &error);
    if (error.error == QJsonParseError::NoError) {
        // "1, 2" parses as [1, 2] once wrapped, but it is not one JSON value.
        if (wrapped && doc.array().size() != 1) {
            const qsizetype comma = text.indexOf(u',', first);
            return {false, u"more than one value"_s, static_cast<int>(comma < 0 ? first : comma)};
        }
        return {true, QString(), -1};
    }
    const qsizetype byteOffset = error.offset - (wrapped ? 1 : 0);
    return {false, error.errorString(), utf16OffsetOf(utf8, byteOffset)};
}

QString indentJson(QStringView text, int indent)
{
    QString out;
    out.reserve(text.size() + text.size() / 2);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == u'\\')
                escaped = true;
            else if (c == u'"')
                inString = false;
            continue;
        }
        switch (c.unicode()) {
        case u'"':
            inString = true;
            out += c;
            break;
        case u'{':
        case u'[': {
            out += c;
            qsizetype next = i + 1;
            while (next < text.size() && isJsonSpace(text[next]))
                ++next;
            if (next < text.size() && text[next] == closerOf(c)) { // keep {} and [] on one line
                out += text[next];
                i = next;
            } else {
                newlineAndIndent(out, ++depth, indent);
            }
            break;
        }
        case u'}':
        case u']':
            depth = qMax(0, depth - 1);
            newlineAndIndent(out, depth, indent);
            out += c;
            break;
        case u',':
            out += c;
            newlineAndIndent(out, depth, indent);
            break;
        case u':':
            out += u": "_s;
            break;
        case u' ':
        case u'\t':
        case u'\n':
        case u'\r':
            break;
        default:
            out += c;
            break;
        }
    }
    return out;
}

} // namespace assay

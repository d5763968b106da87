#include "prompts/TemplateParser.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Placeholders stay short and on one line: a stray brace in a 1 MB prompt must not make
// every later brace rescan the rest of the text.
constexpr qsizetype kMaxPlaceholder = 256;

bool isNameChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_' || c == u'-';
}

bool isNameStart(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
}

// "account.plan", "items.0": name segments joined by dots, the first one starting like a name.
bool isValidPath(QStringView path)
{
    if (path.isEmpty() || !isNameStart(path.front()))
        return false;
    bool segmentEmpty = true;
    for (QChar c : path) {
        if (c == u'.') {
            if (segmentEmpty)
                return false;
            segmentEmpty = true;
        } else if (isNameChar(c)) {
            segmentEmpty = false;
        } else {
            return false;
        }
    }
    return !segmentEmpty;
}

// Python's field name: name, then .attr or [key] any number of times; to a dotted path.
std::optional<QString> pythonFieldPath(QStringView field)
{
    qsizetype i = 0;
    if (field.isEmpty() || !isNameStart(field.front()))
        return std::nullopt;
    QString path;
    while (i < field.size() && (isNameChar(field[i]) && field[i] != u'-'))
        path += field[i++];
    while (i < field.size()) {
        if (field[i] == u'.') {
            ++i;
            const qsizetype start = i;
            while (i < field.size() && isNameChar(field[i]) && field[i] != u'-')
                ++i;
            if (i == start)
                return std::nullopt;
            path += u'.' + field.sliced(start, i - start).toString();
        } else if (field[i] == u'[') {
            const qsizetype close = field.indexOf(u']', i);
            if (close < 0 || close == i + 1)
                return std::nullopt;
            const QStringView key = field.sliced(i + 1, close - i - 1);
            for (QChar c : key) {
                if (!isNameChar(c))
                    return std::nullopt;
            }
            path += u'.' + key.toString();
            i = close + 1;
        } else {
            return std::nullopt;
        }
    }
    return path;
}

QString lineColumn(const QString &text, qsizetype offset)
{
    const qsizetype line = QStringView(text).left(offset).count(u'\n') + 1;
    const qsizetype lineStart = text.lastIndexOf(u'\n', offset > 0 ? offset - 1 : 0);
    const qsizetype column = offset - (offset > 0 && lineStart >= 0 ? lineStart + 1 : 0) + 1;
    return u"line %1, column %2"_s.arg(line).arg(column);
}

// A short, printable excerpt of what was found, for error messages.
QString excerpt(QStringView text)
{
    QString out;
    for (QChar c : text.left(40))
        out += c.isPrint() ? c : QChar(u'\uFFFD');
    return text.size() > 40 ? out + u"…"_s : out;
}

} // namespace

TemplateParser::TemplateParser(PromptTemplate &t) : m_t(t), m_text(t.m_text)
{
}

void TemplateParser::run(PromptTemplate &t)
{
    TemplateParser parser(t);
    if (t.m_style == TemplateStyle::Python)
        parser.parsePython();
    else
        parser.parseDoubleBrace();
}

void TemplateParser::parseDoubleBrace()
{
    const qsizetype n = m_text.size();
    qsizetype i = 0;
    while (i < n) {
        const qsizetype p = m_text.indexOf(u"{{"_s, i);
        if (p < 0) {
            m_literal += QStringView(m_text).sliced(i);
            break;
        }
        if (p > i && m_text[p - 1] == u'\\') { // \{{ : a literal {{
            m_literal += QStringView(m_text).sliced(i, p - 1 - i);
            m_literal += u"{{"_s;
            i = p + 2;
            continue;
        }
        m_literal += QStringView(m_text).sliced(i, p - i);
        const bool triple = p + 2 < n && m_text[p + 2] == u'{';
        const qsizetype open = triple ? 3 : 2;
        const QString closing = triple ? u"}}}"_s : u"}}"_s;
        qsizetype q = p + open;
        const qsizetype limit = std::min(n, p + open + kMaxPlaceholder);
        qsizetype close = -1;
        for (; q < limit; ++q) {
            const QChar c = m_text[q];
            if (c == u'\n' || c == u'{')
                break;
            if (c == u'}' && QStringView(m_text).sliced(q).startsWith(closing)) {
                close = q;
                break;
            }
        }
        if (close < 0) {
            error(p, u"unclosed %1"_s.arg(triple ? u"{{{"_s : u"{{"_s),
                  u"close it with }}, or write \\{{ for a literal {{"_s);
            m_literal += QStringView(m_text).sliced(p, open);
            i = p + open;
            continue;
        }
        const QStringView content = QStringView(m_text).sliced(p + open, close - p - open).trimmed();
        const qsizetype end = close + closing.size();
        if (!isValidPath(content)) {
            error(p, content.isEmpty() ? u"empty placeholder"_s
                                       : u"invalid placeholder %1"_s.arg(excerpt(QStringView(m_text).sliced(p, end - p))),
                  u"a variable is letters, digits, _ and -, with dots between nested keys; write \\{{ for a literal {{"_s);
            m_literal += QStringView(m_text).sliced(p, end - p);
            i = end;
            continue;
        }
        addPlaceholder(content.toString(), p, end - p);
        i = end;
    }
    flush();
}

void TemplateParser::parsePython()
{
    const qsizetype n = m_text.size();
    qsizetype i = 0;
    qsizetype runStart = 0;
    while (i < n) {
        const QChar c = m_text[i];
        if (c != u'{' && c != u'}') {
            ++i;
            continue;
        }
        m_literal += QStringView(m_text).sliced(runStart, i - runStart);
        if (i + 1 < n && m_text[i + 1] == c) { // {{ or }}: one literal brace
            m_literal += c;
            i += 2;
            runStart = i;
            continue;
        }
        if (c == u'}') {
            error(i, u"single }"_s, u"write }} for a literal brace"_s);
            m_literal += c;
            runStart = ++i;
            continue;
        }
        qsizetype close = -1;
        const qsizetype limit = std::min(n, i + 1 + kMaxPlaceholder);
        for (qsizetype q = i + 1; q < limit; ++q) {
            const QChar d = m_text[q];
            if (d == u'\n' || d == u'{')
                break;
            if (d == u'}') {
                close = q;
                break;
            }
        }
        if (close < 0) {
            error(i, u"unclosed {"_s, u"close it with }, or write {{ for a literal brace"_s);
            m_literal += c;
            runStart = ++i;
            continue;
        }
        const QStringView field = QStringView(m_text).sliced(i + 1, close - i - 1);
        const qsizetype end = close + 1;
        const auto path = pythonFieldPath(field);
        if (!path) {
            const QString found = excerpt(QStringView(m_text).sliced(i, end - i));
            QString why = u"invalid field %1"_s.arg(found);
            QString hint = u"a field is a name, then .key or [key]; write {{ and }} for literal braces"_s;
            if (field.isEmpty() || field.front().isDigit()) {
                why = u"positional field %1"_s.arg(found);
                hint = u"name the variable: replay fills fields by name"_s;
            } else if (field.contains(u'!') || field.contains(u':')) {
                why = u"conversion or format spec in %1"_s.arg(found);
                hint = u"not supported: replay could not reproduce Python's formatting"_s;
            }
            error(i, why, hint);
            m_literal += QStringView(m_text).sliced(i, end - i);
        } else {
            addPlaceholder(*path, i, end - i);
        }
        i = end;
        runStart = i;
    }
    m_literal += QStringView(m_text).sliced(std::min(runStart, n));
    flush();
}

void TemplateParser::error(qsizetype offset, const QString &what, const QString &hint)
{
    if (m_t.m_error)
        return; // the first error is the one to fix first
    m_t.m_error = TemplateSyntaxError{
        offset, u"%1 at offset %2 (%3): %4"_s.arg(what).arg(offset).arg(lineColumn(m_text, offset), hint)};
}

void TemplateParser::addPlaceholder(QString path, qsizetype start, qsizetype length)
{
    flush();
    m_t.m_placeholders.append(TemplatePlaceholder{std::move(path), start, length});
    m_t.m_pieces.append(PromptTemplate::Piece{{}, static_cast<int>(m_t.m_placeholders.size() - 1)});
}

void TemplateParser::flush()
{
    if (m_literal.isEmpty())
        return;
    m_t.m_pieces.append(PromptTemplate::Piece{m_literal, -1});
    m_literal.clear();
}

TemplateStyle detectTemplateStyle(const QString &text)
{
    const qsizetype n = text.size();
    // A readable {{name}} anywhere decides for DoubleBrace.
    for (qsizetype p = text.indexOf(u"{{"_s); p >= 0; p = text.indexOf(u"{{"_s, p + 2)) {
        if (p > 0 && text[p - 1] == u'\\')
            continue;
        qsizetype q = p + 2;
        if (q < n && text[q] == u'{')
            ++q;
        while (q < n && text[q] == u' ')
            ++q;
        const qsizetype start = q;
        while (q < n && (isNameChar(text[q]) || text[q] == u'.'))
            ++q;
        const qsizetype stop = q;
        while (q < n && text[q] == u' ')
            ++q;
        if (stop > start && q + 1 < n && text[q] == u'}' && text[q + 1] == u'}'
            && isValidPath(QStringView(text).sliced(start, stop - start)))
            return TemplateStyle::DoubleBrace;
    }
    for (qsizetype p = text.indexOf(u'{'); p >= 0; p = text.indexOf(u'{', p + 1)) {
        if (p + 1 < n && text[p + 1] == u'{') {
            ++p; // a doubled brace is a literal in Python style
            continue;
        }
        qsizetype q = p + 1;
        while (q < n && q - p <= kMaxPlaceholder && text[q] != u'}' && text[q] != u'{' && text[q] != u'\n')
            ++q;
        if (q < n && text[q] == u'}' && pythonFieldPath(QStringView(text).sliced(p + 1, q - p - 1)))
            return TemplateStyle::Python;
    }
    return TemplateStyle::DoubleBrace;
}

} // namespace assay

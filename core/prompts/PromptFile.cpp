#include "prompts/PromptFile.h"

#include "schema/TimestampCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// A value as written: JSON-quoted when it starts with a quote, else the trimmed text.
Result<QString> readValue(const QString &raw)
{
    const QString text = raw.trimmed();
    if (!text.startsWith(u'"'))
        return text;
    const QJsonDocument doc = QJsonDocument::fromJson(u"[%1]"_s.arg(text).toUtf8());
    if (!doc.isArray() || doc.array().size() != 1 || !doc.array().at(0).isString())
        return fail(u"cannot read the quoted value %1"_s.arg(text.left(60)));
    return doc.array().at(0).toString();
}

QString writeValue(const QString &value)
{
    const bool plain = !value.isEmpty() && value == value.trimmed() && !value.startsWith(u'"')
        && !value.contains(u'\n') && !value.contains(u'\r') && !value.startsWith(u'[') && !value.startsWith(u'#');
    if (plain)
        return value;
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

} // namespace

bool isSafePromptFileName(const QString &text)
{
    if (text.isEmpty() || text.size() > 200 || text.startsWith(u'.'))
        return false;
    for (QChar c : text) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'.'
            || c == u'_' || c == u'-';
        if (!ok)
            return false;
    }
    return true;
}

Result<ParsedPromptFile> parsePromptFile(const QByteArray &bytes)
{
    ParsedPromptFile out;
    out.version.origin = PromptOrigin::Folder;
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(bytes);
    if (decoder.hasError())
        out.warnings << u"not valid UTF-8; unreadable bytes are shown as \uFFFD"_s;
    if (text.contains(QChar(u'\0')))
        return fail(u"a binary file, not a prompt"_s);

    const bool hasFrontMatter = text.startsWith(u"---\n"_s) || text.startsWith(u"---\r\n"_s);
    if (!hasFrontMatter) {
        out.version.template_ = text;
        return out;
    }
    qsizetype pos = text.indexOf(u'\n') + 1;
    int lineNo = 1;
    for (;;) {
        if (pos >= text.size())
            return fail(u"the front matter opened on line 1 is never closed with a --- line"_s);
        const qsizetype eol = text.indexOf(u'\n', pos);
        const qsizetype next = eol < 0 ? text.size() : eol + 1;
        QString line = text.mid(pos, (eol < 0 ? text.size() : eol) - pos);
        if (line.endsWith(u'\r'))
            line.chop(1);
        ++lineNo;
        pos = next;
        if (line == "---"_L1)
            break;
        if (line.trimmed().isEmpty() || line.trimmed().startsWith(u'#'))
            continue;
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0)
            return fail(u"line %1: expected \"key: value\", found \"%2\""_s.arg(lineNo).arg(line.left(60)));
        const QString key = line.left(colon).trimmed().toLower();
        auto value = readValue(line.mid(colon + 1));
        if (!value)
            return fail(u"line %1: %2"_s.arg(lineNo).arg(value.error()));
        PromptVersion &v = out.version;
        if (key == "model"_L1) {
            v.model = *value;
        } else if (key == "temperature"_L1) {
            bool ok = false;
            const double t = value->toDouble(&ok);
            if (!value->isEmpty() && !ok)
                return fail(u"line %1: temperature \"%2\" is not a number"_s.arg(lineNo).arg(*value));
            if (ok)
                v.temperature = t;
        } else if (key == "max_tokens"_L1) {
            bool ok = false;
            const int t = value->toInt(&ok);
            if (!value->isEmpty() && (!ok || t < 0))
                return fail(u"line %1: max_tokens \"%2\" is not a whole number"_s.arg(lineNo).arg(*value));
            if (ok)
                v.maxTokens = t;
        } else if (key == "labels"_L1) {
            v.labels = parseLabels(*value);
        } else if (key == "author"_L1) {
            v.author = *value;
        } else if (key == "note"_L1) {
            v.note = *value;
        } else if (key == "created_at"_L1) {
            v.createdAt = TimestampCodec::parseAny(*value);
            if (!v.createdAt.isValid() && !value->isEmpty())
                out.warnings << u"line %1: created_at \"%2\" is not an ISO-8601 time"_s.arg(lineNo).arg(*value);
        } else {
            out.warnings << u"line %1: unknown key \"%2\""_s.arg(lineNo).arg(key);
        }
    }
    out.version.template_ = text.mid(pos);
    return out;
}

QByteArray writePromptFile(const PromptVersion &v)
{
    QString head = u"---\n"_s;
    const auto line = [&head](const char *key, const QString &value) {
        if (!value.isEmpty())
            head += QLatin1StringView(key) + u": "_s + writeValue(value) + u'\n';
    };
    line("model", v.model);
    line("temperature", formatTemperature(v.temperature));
    line("max_tokens", formatMaxTokens(v.maxTokens));
    if (!v.labels.isEmpty()) {
        // [production, staging] reads best; JSON keeps labels with commas or quotes intact, and
        // labels that would read back as JSON numbers or literals ([1, true] holds no string).
        const QString plain = u'[' + v.labels.join(u", "_s) + u']';
        const bool simple = std::all_of(v.labels.cbegin(), v.labels.cend(), isSafePromptFileName)
            && parseLabels(plain) == v.labels;
        head += u"labels: "_s + (simple ? plain : labelsToJson(v.labels)) + u'\n';
    }
    line("author", v.author);
    line("note", v.note);
    if (v.createdAt.isValid())
        line("created_at", toIsoUtc(v.createdAt));
    head += u"---\n"_s;
    return (head + v.template_).toUtf8();
}

} // namespace assay

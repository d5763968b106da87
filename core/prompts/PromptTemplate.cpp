#include "prompts/PromptTemplate.h"

#include "prompts/TemplateParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

QString templateStyleName(TemplateStyle style)
{
    switch (style) {
    case TemplateStyle::Auto:
        return u"auto"_s;
    case TemplateStyle::DoubleBrace:
        return u"double-brace"_s;
    case TemplateStyle::Python:
        return u"python"_s;
    }
    return {};
}

PromptTemplate PromptTemplate::parse(const QString &text, TemplateStyle style)
{
    PromptTemplate t;
    t.m_text = text;
    t.m_style = style == TemplateStyle::Auto ? detectTemplateStyle(text) : style;
    TemplateParser::run(t);
    return t;
}

QStringList PromptTemplate::variables() const
{
    QStringList names;
    for (const TemplatePlaceholder &p : m_placeholders) {
        if (!names.contains(p.path))
            names << p.path;
    }
    return names;
}

QString PromptTemplate::spell(const QString &path) const
{
    return m_style == TemplateStyle::Python ? u'{' + path + u'}' : u"{{"_s + path + u"}}"_s;
}

Result<QString> PromptTemplate::render(const QJsonObject &input) const
{
    if (m_error)
        return fail(u"the template cannot be rendered: "_s + m_error->message);
    QString out;
    QStringList missing;
    out.reserve(m_text.size());
    for (const Piece &piece : m_pieces) {
        if (piece.placeholder < 0) {
            out += piece.literal;
            continue;
        }
        const QString &path = m_placeholders.at(piece.placeholder).path;
        const auto value = lookupTemplateValue(input, path);
        if (!value) {
            if (!missing.contains(path))
                missing << path;
            continue;
        }
        out += templateValueText(*value);
    }
    if (!missing.isEmpty()) {
        QStringList spelled;
        for (const QString &path : missing)
            spelled << spell(path);
        return fail(u"the input has no value for %1 %2"_s.arg(missing.size() == 1 ? u"variable"_s : u"variables"_s,
                                                             spelled.join(u", "_s)));
    }
    return out;
}

std::optional<QJsonValue> lookupTemplateValue(const QJsonObject &input, const QString &path)
{
    // A flat key that happens to contain dots ({"a.b": 1}) wins over nesting.
    if (const auto it = input.constFind(path); it != input.constEnd())
        return it.value();
    if (!path.contains(u'.'))
        return std::nullopt;
    QJsonValue current(input);
    for (const QStringView segment : QStringView(path).split(u'.')) {
        if (current.isObject()) {
            const QJsonObject object = current.toObject();
            const auto it = object.constFind(segment);
            if (it == object.constEnd())
                return std::nullopt;
            current = it.value();
        } else if (current.isArray()) {
            bool ok = false;
            const qsizetype index = segment.toLongLong(&ok);
            const QJsonArray array = current.toArray();
            if (!ok || index < 0 || index >= array.size())
                return std::nullopt;
            current = array.at(index);
        } else {
            return std::nullopt;
        }
    }
    return current;
}

QString templateValueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9007199254740992.0)
            return QString::number(static_cast<qint64>(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

Result<QString> renderTemplate(const QString &text, const QJsonObject &input, TemplateStyle style)
{
    return PromptTemplate::parse(text, style).render(input);
}

} // namespace assay

#include "eval/CheckContext.h"

#include "eval/CheckSpec.h"

#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

std::size_t byteOf(const nlohmann::json::exception &e)
{
    const auto *parse = dynamic_cast<const nlohmann::json::parse_error *>(&e);
    return parse ? parse->byte : 0;
}

} // namespace

const std::string &CheckContext::outputUtf8()
{
    if (!m_utf8)
        m_utf8 = m_input.output.toStdString();
    return *m_utf8;
}

const nlohmann::json *CheckContext::outputJson()
{
    if (!m_jsonTried) {
        m_jsonTried = true;
        const std::string &text = outputUtf8();
        try {
            m_json = nlohmann::json::parse(text);
        } catch (const nlohmann::json::exception &e) {
            // The byte offset is the useful part; nlohmann's message repeats the input.
            m_jsonError = text.find_first_not_of(" \t\r\n") == std::string::npos
                ? u"the output is empty"_s
                : u"not JSON: syntax error at byte %1"_s.arg(static_cast<qulonglong>(byteOf(e)));
        }
    }
    return m_json ? &*m_json : nullptr;
}

const QString &CheckContext::jsonError()
{
    outputJson();
    return m_jsonError;
}

const QJsonObject *CheckContext::vars(QString &why)
{
    if (!m_varsTried) {
        m_varsTried = true;
        if (m_input.varsJson.trimmed().isEmpty()) {
            m_varsError = u"the case has no input variables"_s;
        } else {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(m_input.varsJson.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject())
                m_varsError = u"the case's input is not a JSON object"_s;
            else
                m_vars = doc.object();
        }
    }
    if (!m_vars) {
        why = m_varsError;
        return nullptr;
    }
    return &*m_vars;
}

std::optional<QString> CheckContext::render(const CheckText &text, QString &why)
{
    if (!text.templ)
        return text.literal;
    const QJsonObject *input = vars(why);
    if (!input)
        return std::nullopt;
    auto rendered = text.templ->render(*input);
    if (!rendered) {
        why = rendered.error();
        return std::nullopt;
    }
    return *rendered;
}

std::optional<QString> CheckContext::renderTemplate(const QString &text, QString &why)
{
    const PromptTemplate templ = PromptTemplate::parse(text, TemplateStyle::DoubleBrace);
    if (templ.placeholders().isEmpty())
        return text;
    return render(CheckText{text, templ}, why);
}

QString quoteForReason(const QString &text, qsizetype max)
{
    QString shown = text;
    shown.replace(u'\n', u' ').replace(u'\r', u' ');
    if (shown.size() > max)
        shown = shown.left(max - 1) + u'…';
    return u'"' + shown + u'"';
}

} // namespace assay

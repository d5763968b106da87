#include "eval/JudgeReply.h"

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;

namespace assay {

QString judgeChoiceName(JudgeChoice choice)
{
    switch (choice) {
    case JudgeChoice::First:
        return u"1"_s;
    case JudgeChoice::Second:
        return u"2"_s;
    case JudgeChoice::Tie:
        break;
    }
    return u"tie"_s;
}

std::optional<QString> firstBalancedObject(const QString &text)
{
    const qsizetype start = text.indexOf(u'{');
    if (start < 0)
        return std::nullopt;
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = start; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == u'\\')
                escaped = true;
            else if (c == u'"')
                inString = false;
            continue;
        }
        if (c == u'"') {
            inString = true;
        } else if (c == u'{') {
            ++depth;
        } else if (c == u'}') {
            if (--depth == 0)
                return text.mid(start, i - start + 1);
        }
    }
    return std::nullopt;
}

JudgeReply parseJudgeReply(const QString &text)
{
    JudgeReply reply;
    reply.raw = text;
    const auto object = firstBalancedObject(text);
    if (!object) {
        reply.problem = text.contains(u'{') ? u"the JSON object never closes"_s : u"the reply holds no JSON object"_s;
        return reply;
    }
    const QByteArray utf8 = object->toUtf8();
    const nlohmann::json json = nlohmann::json::parse(utf8.constData(), utf8.constData() + utf8.size(), nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        reply.problem = u"the reply's first {...} is not valid JSON"_s;
        return reply;
    }
    const auto winner = json.find("winner");
    if (winner == json.end()) {
        reply.problem = u"the JSON object has no \"winner\""_s;
        return reply;
    }
    if (!winner->is_string()) {
        reply.problem = u"\"winner\" is %1, not the string \"1\", \"2\" or \"tie\""_s.arg(
            QString::fromStdString(winner->dump()).left(80));
        return reply;
    }
    const std::string &name = winner->get_ref<const std::string &>();
    std::optional<JudgeChoice> choice;
    if (name == "1")
        choice = JudgeChoice::First;
    else if (name == "2")
        choice = JudgeChoice::Second;
    else if (name == "tie")
        choice = JudgeChoice::Tie;
    if (!choice) {
        reply.problem = u"\"winner\" is \"%1\", not \"1\", \"2\" or \"tie\""_s.arg(QString::fromStdString(name).left(80));
        return reply;
    }
    if (const auto reason = json.find("reason"); reason != json.end()) {
        if (!reason->is_string()) {
            reply.problem = u"\"reason\" is not a string"_s;
            return reply;
        }
        reply.reason = QString::fromStdString(reason->get_ref<const std::string &>());
    }
    reply.choice = choice;
    return reply;
}

} // namespace assay

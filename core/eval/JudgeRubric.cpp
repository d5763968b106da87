#include "eval/JudgeRubric.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonObject>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr auto builtInResource = ":/assay/eval/judge-rubric.txt"_L1;

const QStringList &rubricVariables()
{
    static const QStringList names{u"criteria"_s, u"input"_s, u"response_1"_s, u"response_2"_s};
    return names;
}

} // namespace

QString defaultJudgeCriteria()
{
    return u"Which response does what the input asks better: correct and faithful to the input, complete, "
           "clear, and no longer than it needs to be. A response that invents facts the input does not "
           "support is worse than one that says less."_s;
}

JudgeRubric JudgeRubric::builtIn()
{
    QFile file(builtInResource);
    // The resource is compiled into the library: failing to open it is a broken build, and
    // fromText() below would then refuse the empty text with a message naming the resource.
    const QString text = file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    auto rubric = fromText(text, u"built-in"_s);
    Q_ASSERT_X(rubric.ok(), "JudgeRubric::builtIn", qPrintable(rubric.error()));
    return rubric ? *rubric : JudgeRubric();
}

Result<JudgeRubric> JudgeRubric::fromText(const QString &text, const QString &origin)
{
    JudgeRubric rubric;
    rubric.m_origin = origin;
    rubric.m_template = PromptTemplate::parse(text, TemplateStyle::DoubleBrace);
    if (!rubric.m_template.isValid())
        return fail(u"rubric %1: %2"_s.arg(origin, rubric.m_template.error()->message));
    const QStringList used = rubric.m_template.variables();
    QStringList unknown;
    for (const QString &name : used) {
        if (!rubricVariables().contains(name))
            unknown << u"{{%1}}"_s.arg(name);
    }
    if (!unknown.isEmpty())
        return fail(u"rubric %1 uses %2: a rubric knows only {{criteria}}, {{input}}, {{response_1}} and {{response_2}}"_s
                        .arg(origin, unknown.join(u", "_s)));
    for (const QString &needed : {u"response_1"_s, u"response_2"_s}) {
        if (!used.contains(needed))
            return fail(u"rubric %1 never shows {{%2}}: the judge must see both responses"_s.arg(origin, needed));
    }
    return rubric;
}

Result<JudgeRubric> JudgeRubric::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"cannot read the rubric %1: %2"_s.arg(path, file.errorString()));
    return fromText(QString::fromUtf8(file.readAll()), path);
}

QString JudgeRubric::fingerprint() const
{
    const QByteArray digest = QCryptographicHash::hash(text().toUtf8(), QCryptographicHash::Sha256);
    return QString::fromLatin1(digest.toHex().left(12));
}

Result<QString> JudgeRubric::render(const QString &criteria, const QString &input, const QString &response1,
                                    const QString &response2) const
{
    const QJsonObject values{{u"criteria"_s, criteria},
                             {u"input"_s, input},
                             {u"response_1"_s, response1},
                             {u"response_2"_s, response2}};
    return m_template.render(values);
}

} // namespace assay

#include "prompts/VersionMeta.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace assay {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("assay::PromptsPage", text);
}
} // namespace

QString versionMetaHtml(const PromptVersion &v, const PromptTemplate &tpl)
{
    QStringList lines;
    lines << u"<b>%1</b> · %2"_s.arg(v.ref().toHtmlEscaped(), promptOriginName(v.origin));
    QStringList params;
    if (!v.model.isEmpty())
        params << tr("model %1").arg(v.model.toHtmlEscaped());
    if (v.temperature)
        params << tr("temperature %1").arg(formatTemperature(v.temperature));
    if (v.maxTokens)
        params << tr("max_tokens %1").arg(formatMaxTokens(v.maxTokens));
    if (!v.labels.isEmpty())
        params << tr("labels %1").arg(v.labels.join(u", "_s).toHtmlEscaped());
    if (!params.isEmpty())
        lines << params.join(u" · "_s);
    QStringList who;
    if (v.createdAt.isValid())
        who << v.createdAt.toUTC().toString(u"yyyy-MM-dd HH:mm 'UTC'"_s);
    if (!v.author.isEmpty())
        who << v.author.toHtmlEscaped();
    if (!who.isEmpty())
        lines << who.join(u" · "_s);
    if (!v.note.isEmpty())
        lines << u"<i>%1</i>"_s.arg(v.note.toHtmlEscaped());
    QStringList vars;
    for (const QString &path : tpl.variables())
        vars << tpl.spell(path);
    if (!vars.isEmpty())
        lines << tr("Variables: %1").arg(vars.join(u", "_s).toHtmlEscaped());
    if (const auto &e = tpl.error())
        lines << u"<span style='color:#b00020'>%1</span>"_s.arg(e->message.toHtmlEscaped());
    return lines.join(u"<br>"_s);
}

} // namespace assay

#include "prompts/DiffJob.h"

#include "prompts/UnifiedDiff.h"

using namespace Qt::StringLiterals;

namespace assay {

DiffResult computeDiff(const PromptVersion &before, const PromptVersion &after, bool ignoreWhitespace,
                       quint64 generation)
{
    DiffResult r;
    r.generation = generation;
    DiffOptions options;
    options.ignoreWhitespace = ignoreWhitespace;
    options.wordLevel = false; // the view fills the spans of the rows it shows
    r.diff = diffPromptVersions(before, after, options);
    // The unified text from its own alignment: it needs no pairing (see unifiedDiffOptions).
    const TextDiff plain = diffTexts(before.template_, after.template_, unifiedDiffOptions(ignoreWhitespace));
    r.unified = unifiedDiff(plain, before.ref(), after.ref());
    r.leftStyle = PromptTemplate::parse(before.template_).style();
    r.rightStyle = PromptTemplate::parse(after.template_).style();
    return r;
}

QString diffHeaderText(const DiffResult &result)
{
    const TextDiff &t = result.diff.text;
    QStringList parts;
    if (t.identical())
        parts << QObject::tr("Templates identical%1").arg(t.ignoreWhitespace ? QObject::tr(" (ignoring white space)") : QString());
    else
        parts << QObject::tr("%1 %2 removed, %3 added")
                     .arg(t.removedLines)
                     .arg(t.removedLines == 1 ? QObject::tr("line") : QObject::tr("lines"))
                     .arg(t.addedLines);
    if (!t.minimal)
        parts << QObject::tr("(texts too far apart for a minimal diff)");
    parts << result.diff.summaryLines();
    return parts.join(u'\n');
}

} // namespace assay

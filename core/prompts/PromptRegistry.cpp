#include "prompts/PromptRegistry.h"

#include "prompts/FolderPromptRegistry.h"
#include "prompts/TablePromptRegistry.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace assay {

Result<QStringList> PromptRegistry::names()
{
    auto all = loadAll();
    if (!all)
        return fail(all.error());
    QStringList out;
    for (const PromptVersion &v : *all) {
        if (out.isEmpty() || out.last() != v.name)
            out << v.name;
    }
    return out;
}

Result<QList<PromptVersion>> PromptRegistry::versionsOf(const QString &name)
{
    auto all = loadAll();
    if (!all)
        return fail(all.error());
    QList<PromptVersion> out;
    for (const PromptVersion &v : *all) {
        if (v.name == name)
            out << v;
    }
    if (out.isEmpty())
        return fail(u"no prompt named \"%1\" in the %2"_s.arg(name, describe()));
    return out;
}

Result<PromptVersion> PromptRegistry::find(const QString &name, const QString &version)
{
    auto all = loadAll();
    if (!all)
        return fail(all.error());
    auto found = findPromptVersion(*all, name, version);
    if (!found)
        return fail(found.error() + u" (%1)"_s.arg(describe()));
    return found;
}

Result<PromptVersion> findPromptVersion(const QList<PromptVersion> &all, const QString &name, const QString &version)
{
    QStringList versions;
    const PromptVersion *latest = nullptr;
    for (const PromptVersion &v : all) {
        if (v.name != name)
            continue;
        if (!version.isEmpty() && v.version == version)
            return v;
        versions << v.version;
        latest = &v;
    }
    if (!latest) {
        QStringList names;
        for (const PromptVersion &v : all) {
            if (!names.contains(v.name))
                names << v.name;
        }
        return fail(u"no prompt named \"%1\"; the registry has %2"_s.arg(
            name, names.isEmpty() ? u"none"_s : names.mid(0, 20).join(u", "_s)));
    }
    if (version.isEmpty())
        return *latest;
    return fail(u"prompt \"%1\" has no version \"%2\"; it has %3"_s.arg(name, version, versions.join(u", "_s)));
}

Result<std::unique_ptr<PromptRegistry>> openPromptRegistry(SourceConnection *connection, const QString &choice,
                                                            const QString &logTable)
{
    if (!choice.isEmpty() && QFileInfo(choice).isDir()) {
        std::unique_ptr<PromptRegistry> folder = std::make_unique<FolderPromptRegistry>(choice);
        return folder;
    }
    if (choice.contains(u'/') || choice.contains(u'\\'))
        return fail(u"no folder %1 for the prompt registry"_s.arg(choice));
    if (!connection)
        return fail(choice.isEmpty() ? u"no prompt registry: give a folder of prompt files"_s
                                     : u"no folder %1 (and no database to find a table of that name in)"_s.arg(choice));
    auto table = TablePromptRegistry::open(*connection, choice, logTable);
    if (!table)
        return fail(table.error());
    std::unique_ptr<PromptRegistry> registry = std::move(*table);
    return registry;
}

} // namespace assay

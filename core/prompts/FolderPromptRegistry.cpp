#include "prompts/FolderPromptRegistry.h"

#include "prompts/PromptFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

using namespace Qt::StringLiterals;

namespace assay {

FolderPromptRegistry::FolderPromptRegistry(QString root) : m_root(QDir(root).absolutePath())
{
}

QString FolderPromptRegistry::describe() const
{
    return u"folder "_s + QDir::toNativeSeparators(m_root);
}

QString FolderPromptRegistry::pathFor(const QString &name, const QString &version) const
{
    return m_root + u'/' + name + u'/' + version + u".prompt"_s;
}

Result<QList<PromptVersion>> FolderPromptRegistry::loadAll()
{
    m_warnings.clear();
    const QDir root(m_root);
    if (!root.exists())
        return fail(u"no such folder: %1"_s.arg(QDir::toNativeSeparators(m_root)));
    QList<PromptVersion> out;
    const QFileInfoList dirs = root.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo &dir : dirs) {
        if (dir.fileName().startsWith(u'.'))
            continue;
        const QFileInfoList files = QDir(dir.absoluteFilePath()).entryInfoList({u"*.prompt"_s}, QDir::Files, QDir::Name);
        for (const QFileInfo &file : files) {
            if (file.fileName().startsWith(u'.'))
                continue;
            const QString shown = dir.fileName() + u'/' + file.fileName();
            if (file.size() > maxFileBytes) {
                m_warnings << u"%1: larger than 16 MB, skipped"_s.arg(shown);
                continue;
            }
            QFile f(file.absoluteFilePath());
            if (!f.open(QIODevice::ReadOnly)) {
                m_warnings << u"%1: %2"_s.arg(shown, f.errorString());
                continue;
            }
            auto parsed = parsePromptFile(f.readAll());
            if (!parsed) {
                m_warnings << u"%1: %2"_s.arg(shown, parsed.error());
                continue;
            }
            for (const QString &w : parsed->warnings)
                m_warnings << u"%1: %2"_s.arg(shown, w);
            PromptVersion v = parsed->version;
            v.name = dir.fileName();
            v.version = file.completeBaseName();
            v.origin = PromptOrigin::Folder;
            v.location = file.absoluteFilePath();
            if (!v.createdAt.isValid())
                v.createdAt = file.lastModified().toUTC();
            out << v;
        }
    }
    sortPromptVersions(out, m_order);
    return out;
}

Result<void> FolderPromptRegistry::saveNew(const PromptVersion &version)
{
    if (auto ok = checkNewVersion(version); !ok)
        return ok;
    for (const QString &part : {version.name, version.version}) {
        if (!isSafePromptFileName(part))
            return fail(u"\"%1\" cannot be a file name: use letters, digits, '.', '_' and '-', not starting with '.'"_s.arg(part));
    }
    const QString target = pathFor(version.name, version.version);
    const QString what = u"cannot save %1 to %2"_s.arg(version.ref(), QDir::toNativeSeparators(target));
    if (QFileInfo::exists(target))
        return fail(u"%1: the file exists already, and versions are never overwritten"_s.arg(what));
    const QString dir = QFileInfo(target).absolutePath();
    if (!QDir().mkpath(dir))
        return fail(u"%1: cannot create the folder"_s.arg(what));

    PromptVersion stamped = version;
    if (!stamped.createdAt.isValid())
        stamped.createdAt = QDateTime::currentDateTimeUtc();
    // Write beside the target, then rename: a crash never leaves half a prompt under the real
    // name, and QFile::rename refuses an existing target (renameat2 RENAME_NOREPLACE on Linux),
    // so a version saved meanwhile by someone else is not replaced either.
    QTemporaryFile temp(dir + u"/.%1.XXXXXX.tmp"_s.arg(version.version));
    if (!temp.open())
        return fail(u"%1: %2"_s.arg(what, temp.errorString()));
    const QByteArray bytes = writePromptFile(stamped);
    if (temp.write(bytes) != bytes.size() || !temp.flush())
        return fail(u"%1: %2"_s.arg(what, temp.errorString()));
    temp.close();
    if (!QFile::rename(temp.fileName(), target)) {
        if (QFileInfo::exists(target))
            return fail(u"%1: the file exists already, and versions are never overwritten"_s.arg(what));
        return fail(u"%1: the file could not be put in place"_s.arg(what));
    }
    temp.setAutoRemove(false); // renamed away; nothing left to remove
    return {};
}

} // namespace assay

#pragma once

#include "prompts/PromptVersion.h"
#include "util/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace assay {

class SourceConnection;

// A place prompt versions are kept: a table in the source database (TablePromptRegistry), a
// folder of files under version control (FolderPromptRegistry). Drafts live apart, in the
// workspace (DraftStore). Like the connection it reads through, a registry belongs to the
// thread that opened it.
class PromptRegistry {
public:
    virtual ~PromptRegistry() = default;

    virtual PromptOrigin origin() const = 0;
    // Secret-free, for people: "table prompt_versions", "folder /home/me/prompts".
    virtual QString describe() const = 0;

    // Every version, by name, each name's versions oldest first (see versionOrder()).
    virtual Result<QList<PromptVersion>> loadAll() = 0;

    // Adds a version; never replaces one: fails when name@version exists. A folder gets a new
    // file; a table gets one row through a separate, writable connection opened for that call
    // only (the reading connection stays read-only), and fails plainly without the right to write.
    virtual Result<void> saveNew(const PromptVersion &version) = 0;

    // Problems that did not stop loadAll() (a prompt file that could not be read, say).
    virtual QStringList warnings() const { return {}; }

    void setVersionOrder(VersionOrder order) { m_order = order; }
    VersionOrder versionOrder() const { return m_order; }

    // Built on loadAll(). Unknown names and versions fail naming what exists.
    Result<QStringList> names();
    Result<QList<PromptVersion>> versionsOf(const QString &name);
    // The version, or the latest one (last in versionOrder()) when `version` is empty.
    Result<PromptVersion> find(const QString &name, const QString &version = {});

protected:
    VersionOrder m_order = VersionOrder::Natural;
};

// Picks the registry for a source. `choice` is what --registry says: an existing folder opens
// a FolderPromptRegistry, anything else names a table. Empty: the source's prompt_versions-like
// table, found by its columns; fails when there is none, or several to choose from.
// `connection` may be null when `choice` is a folder.
// `logTable` is the log the caller reads (which a mapping file may have named): never a registry.
Result<std::unique_ptr<PromptRegistry>> openPromptRegistry(SourceConnection *connection, const QString &choice = {},
                                                           const QString &logTable = {});

// The same lookups over a list already loaded (the GUI keeps one).
Result<PromptVersion> findPromptVersion(const QList<PromptVersion> &all, const QString &name,
                                        const QString &version = {});

} // namespace assay

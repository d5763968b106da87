#pragma once

#include "prompts/PromptRegistry.h"

namespace assay {

// Prompt versions kept as files in a folder, one file per version: ROOT/NAME/VERSION.prompt in
// the format PromptFile.h describes. Files and folders starting with '.' are skipped (.git).
class FolderPromptRegistry : public PromptRegistry {
public:
    explicit FolderPromptRegistry(QString root);

    PromptOrigin origin() const override { return PromptOrigin::Folder; }
    QString describe() const override;
    // A file that cannot be read is left out and reported in warnings(); a file without
    // created_at in its front matter is dated by its modification time.
    Result<QList<PromptVersion>> loadAll() override;
    // Writes ROOT/NAME/VERSION.prompt, creating NAME/ when needed. Never replaces a file: the
    // version is written to a temporary file beside it, then renamed only if the name is free.
    Result<void> saveNew(const PromptVersion &version) override;
    QStringList warnings() const override { return m_warnings; }

    QString root() const { return m_root; }
    QString pathFor(const QString &name, const QString &version) const;

    static constexpr qint64 maxFileBytes = 16 * 1024 * 1024;

private:
    QString m_root;
    QStringList m_warnings;
};

} // namespace assay

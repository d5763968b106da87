#pragma once

#include "prompts/PromptVersion.h"
#include "util/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace assay {

class Workspace;

// A prompt version being written, kept in the workspace (table prompt_drafts, migration 3)
// until it is saved to a registry. Nothing in it ever reaches the team's database by itself.
struct PromptDraft {
    qint64 id = -1;      // -1 until first saved
    QString name;        // the prompt it is a version of
    QString baseVersion; // the version it started from; empty for a new prompt
    QString template_;
    QString model;
    std::optional<double> temperature;
    std::optional<int> maxTokens;
    QStringList labels;
    QString author;
    QString note;
    QDateTime createdAt; // UTC, set by the store
    QDateTime updatedAt;

    // The draft as a version for diffing and rendering: version "draft-<id>", origin Draft.
    PromptVersion toVersion() const;
    // A draft starting from `base`: its template and parameters, no labels.
    static PromptDraft from(const PromptVersion &base);
};

// The drafts of one workspace. Like the Workspace, used on the thread that opened it.
class DraftStore {
public:
    explicit DraftStore(Workspace &workspace);

    // Newest first; only those of prompt `name` when it is given.
    Result<QList<PromptDraft>> list(const QString &name = {});
    Result<PromptDraft> get(qint64 id);
    // Inserts a new draft (id < 0: the id is set) or updates an existing one; stamps the times.
    Result<void> save(PromptDraft &draft);
    Result<void> remove(qint64 id);

private:
    QString table() const;
    Workspace &m_workspace;
};

} // namespace assay

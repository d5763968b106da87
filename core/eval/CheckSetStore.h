#pragma once

#include "eval/CheckSet.h"
#include "util/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace assay {

class Workspace;

// A check set kept in the workspace for one prompt or feature: scope "prompt:NAME" or
// "feature:NAME". The definition is the check file's JSON text, kept as written.
struct StoredCheckSet {
    QString scope;
    QByteArray definition;
    QString origin; // the file it came from
    QString updatedBy;
    QDateTime updatedAt;
};

class CheckSetStore {
public:
    explicit CheckSetStore(Workspace &workspace);

    // Refuses a scope that is not prompt:NAME or feature:NAME, and a definition that does not parse.
    Result<void> save(const QString &scope, const QByteArray &definition, const QString &origin, const QString &by);
    Result<std::optional<StoredCheckSet>> find(const QString &scope);
    Result<QList<StoredCheckSet>> all();
    Result<bool> remove(const QString &scope);

    static bool isValidScope(const QString &scope);

private:
    QString table() const;
    Workspace &m_ws;
};

// The check file of a folder registry for a prompt: ROOT/NAME/checks.json beside the prompt's
// version files, else ROOT/checks.json for every prompt; empty when neither exists.
QString folderChecksPath(const QString &registryRoot, const QString &promptName);

// The set that applies when none is named: the folder registry's checks.json for the prompt
// (prompts as code win), else the workspace's set for the prompt, else for the feature.
// nullopt when there is none; `from` says where the set came from.
Result<std::optional<CheckSet>> defaultCheckSet(Workspace *workspace, const QString &registryRoot,
                                                const QString &promptName, const QString &feature, QString *from);

} // namespace assay

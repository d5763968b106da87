#pragma once

#include "util/Result.h"

#include <QString>
#include <QStringList>

namespace assay {

class Workspace;

// Named, frozen lists of output ids in the workspace: the same cases for every replay of a
// comparison, whatever the log gains meanwhile. A dataset is never changed once saved.
class ReplayDatasets {
public:
    explicit ReplayDatasets(Workspace &workspace) : m_ws(workspace) {}

    // Fails when the name is taken or the list is empty.
    Result<void> create(const QString &name, const QStringList &outputKeys, const QString &createdBy,
                        const QString &note = {});
    Result<QStringList> outputKeys(const QString &name);
    Result<QStringList> names();

private:
    QString table(const QString &name) const;
    Workspace &m_ws;
};

} // namespace assay

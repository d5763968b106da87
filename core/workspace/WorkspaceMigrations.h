#pragma once

#include "source/SourceLocation.h"

#include <QList>
#include <QStringList>

namespace assay {

// One step of the workspace schema. Steps only ever get appended: a released step is never
// edited, so every workspace reaches the same schema by replaying what it has not yet run.
struct WorkspaceMigration {
    int version;
    QString description;
    QStringList statements;
};

QList<WorkspaceMigration> workspaceMigrations(SqlDialect dialect);

} // namespace assay

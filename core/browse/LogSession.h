#pragma once

#include <QMetaType>

#include "browse/OutputsRepository.h"
#include "query/OutputFilter.h"
#include "schema/LogMapping.h"
#include "schema/LogSchema.h"
#include "source/SourceConnection.h"
#include "util/Result.h"
#include "workspace/Workspace.h"

#include <memory>

namespace assay {

// What a user opens: a source, optionally a mapping, and where the workspace lives.
struct SessionSpec {
    SourceLocation source;
    LogMapping mapping;
    QString workspace; // empty: the default workspace for the source
    bool useWorkspace = true;
};

// One thread's view of an opened log: its read-only connection, the detected schema, the
// repository over it and (when it opens) the workspace. Every worker thread and the CLI make
// their own; none of it may be used from another thread.
class LogSession {
public:
    static Result<std::unique_ptr<LogSession>> open(const SessionSpec &spec);

    SourceConnection &connection() { return *m_connection; }
    const LogSchema &schema() const { return m_repository->schema(); }
    OutputsRepository &outputs() { return *m_repository; }
    Workspace *workspace() { return m_workspace.get(); }
    QString workspaceError() const { return m_workspaceError; }
    // Why `filter` cannot be answered by this session (empty: it can): reviewer-label filters
    // read the workspace, so a session whose workspace did not open refuses them with the reason.
    // Open the session with SessionSpec::useWorkspace = filter.needsWorkspace().
    QString reviewLabelProblem(const OutputFilter &filter) const;

    // Re-reads how far the search index has got and lets queries use it.
    void refreshSearchSupport();
    SearchIndexState searchIndexState() const { return m_indexState; }

private:
    LogSession() = default;
    std::unique_ptr<SourceConnection> m_connection;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<OutputsRepository> m_repository;
    QString m_workspaceError;
    SearchIndexState m_indexState;
    bool m_attached = false;
};

} // namespace assay

Q_DECLARE_METATYPE(assay::SessionSpec)

#include "DemoLogSession.h"

#include "TestSupport.h"

using namespace Qt::StringLiterals;

namespace assay::test {

Result<DemoLogSession> openDemoLogSession(const QString &logPath, int rows, const QString &workspace)
{
    if (const QString error = writeDemoLogFixture(logPath, rows); !error.isEmpty())
        return fail(error);
    SessionSpec spec;
    spec.source = sqliteSource(logPath);
    spec.workspace = workspace;
    auto session = LogSession::open(spec);
    if (!session)
        return fail(session.error());
    if (!(*session)->workspace())
        return fail(u"the workspace did not open: "_s + (*session)->workspaceError());
    auto registry = openPromptRegistry(&(*session)->connection());
    if (!registry)
        return fail(registry.error());
    DemoLogSession opened;
    opened.session = std::move(*session);
    opened.registry = std::move(*registry);
    return opened;
}

} // namespace assay::test

#pragma once
// The replay tests' common start: the demo-log fixture written, opened with a workspace, and
// its prompt registry read (the registry's templates match the logged inputs).

#include "browse/LogSession.h"
#include "prompts/PromptRegistry.h"
#include "util/Result.h"

#include <memory>

namespace assay::test {

struct DemoLogSession {
    std::unique_ptr<LogSession> session; // with its workspace open
    std::unique_ptr<PromptRegistry> registry;
};

// Writes writeDemoLogFixture(logPath, rows) and opens it with the workspace at `workspace` (a
// file path or a postgresql:// URL). Fails with the reason when any step does, the workspace's
// included.
Result<DemoLogSession> openDemoLogSession(const QString &logPath, int rows, const QString &workspace);

} // namespace assay::test

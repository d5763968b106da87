#pragma once

#include "cli/CliCommon.h"

namespace assay::cli {

// Each subcommand takes its own arguments (program name first) and returns the exit code.
int runOutputs(const QStringList &args, Io io);
int runDemo(const QStringList &args, Io io);
int runIndex(const QStringList &args, Io io);
int runViews(const QStringList &args, Io io);
int runSchema(const QStringList &args, Io io);
int runPrompts(const QStringList &args, Io io);

} // namespace assay::cli

#pragma once

#include "cli/CliCommon.h"

namespace assay::cli {

// Each subcommand takes its own arguments (program name first) and returns the exit code.
int runOutputs(const QStringList &args, Io io);
int runDemo(const QStringList &args, Io io);
int runIndex(const QStringList &args, Io io);
int runViews(const QStringList &args, Io io);
int runSchema(const QStringList &args, Io io);
int runCosts(const QStringList &args, Io io);
int runBudget(const QStringList &args, Io io);
int runTargets(const QStringList &args, Io io);
int runAudit(const QStringList &args, Io io);
int runPrompts(const QStringList &args, Io io);
// LabelCommands.cpp: reviewer labels, review sessions, agreement.
int runLabel(const QStringList &args, Io io);
int runLabels(const QStringList &args, Io io);
int runReview(const QStringList &args, Io io);
int runAgreement(const QStringList &args, Io io);
// ReplayCommand.cpp: replay runs against providers, their results and the list of runs.
int runReplay(const QStringList &args, Io io);
// JudgeCommand.cpp: blind pairwise judging sessions; CompareCommand.cpp: the A/B verdict.
int runJudge(const QStringList &args, Io io);
int runCompare(const QStringList &args, Io io);
// ReportCommand.cpp: the weekly report (PDF and HTML need a QApplication: see main.cpp).
int runReport(const QStringList &args, Io io);
// ChecksCommand.cpp: a check set over logged outputs or a replay run's results.
int runChecks(const QStringList &args, Io io);

} // namespace assay::cli

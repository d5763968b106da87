#pragma once
// The judge model part of `assay judge` (JudgeLlmCommand.cpp): JudgeCommand.cpp parses, this runs.

#include "cli/CliCommon.h"
#include "eval/JudgingStore.h"

namespace assay::cli {

// The options `judge NAME --llm` adds to the command's parser.
void addJudgeLlmOptions(QCommandLineParser &parser);

// `assay judge SOURCE NAME --llm --provider P --model M [...]`: every pair of the session judged
// twice with positions swapped, as a replay run (a rerun of the same request resumes it).
// Exit codes: 0 every order recorded, 2 bad input, 3 the budget stopped it, 1 anything else.
int judgeWithModel(const QCommandLineParser &parser, const QString &source, LogSession &session,
                   const JudgingSession &judging, Io io);

} // namespace assay::cli

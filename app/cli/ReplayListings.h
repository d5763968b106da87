#pragma once
// The read-only forms of `assay replay` (results, runs, datasets) and what they share with
// resume: finding a stored run by the id the user typed.

#include "cli/CliCommon.h"
#include "replay/ReplayRunStore.h"
#include "workspace/Workspace.h"

#include <QJsonObject>

#include <memory>

namespace assay::cli {

struct OpenedReplayRun {
    SessionSpec spec;
    std::unique_ptr<Workspace> workspace;
    qint64 runId = 0;
    ReplayRunInfo info;
};

// Parses RUN_ID, opens the source's workspace and reads the run; fails with a one-line reason.
Result<OpenedReplayRun> openReplayRun(const QCommandLineParser &parser, const QString &source, const QString &idText);

QJsonObject tallyJson(const ReplayTally &tally);

int listResults(const QCommandLineParser &parser, const QString &source, const QString &idText, Io io);
int listRuns(const QCommandLineParser &parser, const QString &source, Io io);
int listDatasets(const QCommandLineParser &parser, const QString &source, Io io);

} // namespace assay::cli

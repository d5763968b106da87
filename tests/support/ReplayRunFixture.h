#pragma once
// Replay runs written straight through ReplayRunStore, for tests of what reads runs (checks,
// judging, comparisons): every case's outcome per target is given, no engine or backend runs.

#include "replay/ReplayResult.h"
#include "replay/ReplayTarget.h"

#include <QList>
#include <QString>

#include <optional>

namespace assay {
class Workspace;
}

namespace assay::test {

struct FixtureOutcome {
    ReplayResultStatus status = ReplayResultStatus::Ok;
    QString output;
    std::optional<double> costUsd;
    qint64 latencyMs = 0;
    qint64 outputTokens = 0;
};

struct FixtureCase {
    QString outputKey;
    QList<FixtureOutcome> outcomes; // one per target; Pending: no result row is written
};

// "p@v2" on anthropic/<model>: a target as replay plans resolve them.
ReplayTarget fixtureTarget(const QString &promptRef, const QString &model = QStringLiteral("claude-haiku-4-5"));

// Creates the run and its results; returns the run id, or -1 (the reason in `error`). A run with
// a `dataset` says it replays that saved dataset (runs over one dataset compare with each other).
qint64 writeReplayRun(Workspace &workspace, const QString &source, const QList<ReplayTarget> &targets,
                      const QList<FixtureCase> &cases, QString *error = nullptr, const QString &dataset = {});

} // namespace assay::test

#pragma once

#include "replay/ReplayComparison.h"
#include "replay/ReplayPlan.h"
#include "replay/ReplayRunStore.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace assay {

// One line of the runs list: a stored run and its counts, read together on the worker.
struct ReplayRunRow {
    ReplayRunInfo info;
    ReplayTally tally;
};

// What the "New replay" dialog asks for. The review session and the dataset to save are
// resolved by the worker, which alone reads the workspace.
struct ReplayRequest {
    ReplaySpec spec;
    QString reviewSession;   // non-empty: replay this session's sample (spec.inputs become its ids)
    QString saveAsDataset;   // non-empty: save the chosen outputs under this name when the run is created
    bool onlyPromptsOwnOutputs = true; // a filter without a prompt takes the first target's prompt
};

// What the dialog offers to choose from, read from the registry and the workspace.
struct ReplayChoices {
    QStringList promptRefs; // "name@version", newest versions first per name
    QStringList reviewSessions;
    QStringList datasets;
    QString note; // why a list is empty (no registry, no workspace)
};

// The answer to an estimate request: what would be sent, or why nothing can be.
struct ReplayEstimateReply {
    quint64 requestNo = 0;
    QString error;            // the plan failed: nothing can start
    QStringList keyProblems;  // missing keys or endpoints, one line per provider
    ReplayEstimate estimate;
    QList<ReplayTarget> targets; // resolved
};

} // namespace assay

Q_DECLARE_METATYPE(assay::ReplayRunRow)
Q_DECLARE_METATYPE(assay::ReplayRequest)
Q_DECLARE_METATYPE(assay::ReplayChoices)
Q_DECLARE_METATYPE(assay::ReplayEstimateReply)
Q_DECLARE_METATYPE(assay::ReplayComparison)

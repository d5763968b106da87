#pragma once

#include <QMetaType>

#include <optional>

namespace assay {

// Where a running replay stands, for a progress bar and the CLI's status line. Calls are
// cases x targets; "failed" counts calls that failed and cases that could not be rendered.
struct ReplayProgress {
    qint64 total = 0;
    qint64 done = 0;
    qint64 failed = 0;
    qint64 remaining = 0;
    qint64 inFlight = 0;
    qint64 fromCache = 0;
    double spentUsd = 0;       // calls actually sent, this run's earlier sessions included
    double callsPerSecond = 0; // results recorded per second since the engine started or last resumed
    std::optional<double> etaSeconds; // none until a first result gives a rate
};

} // namespace assay

Q_DECLARE_METATYPE(assay::ReplayProgress)

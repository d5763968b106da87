#pragma once

#include "replay/ReplayTarget.h"

#include <QList>
#include <QStringList>

namespace assay {

// Before a run starts: every target's provider has a key (environment or keychain) and an
// endpoint. One line per problem, naming the target and where a key goes; never the key.
// Blocks while the keychain answers: call it on a worker thread.
QStringList replayKeyProblems(const QList<ReplayTarget> &targets);

} // namespace assay

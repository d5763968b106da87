#pragma once

#include "eval/ComparedPairs.h"
#include "eval/JudgingStore.h"
#include "util/Result.h"

#include <QList>
#include <QString>

namespace assay {

class OutputsRepository;
class PriceTable;
class Workspace;

// What a new blind judging session is drawn from: a run's two sides, how many pairs, the seed.
struct JudgingSessionDraft {
    QString name;
    qint64 runId = 0;
    ComparisonSide a;
    ComparisonSide b;
    int size = 50;
    quint64 seed = 1;
    QString createdBy;
};

struct StartedJudgingSession {
    JudgingSession session;
    QList<JudgingPair> drawn; // in the order judges see them
    ComparedPairs pairs;      // every pair the draw chose from
};

// Pairs the run's sides, draws the session's pairs (drawJudgingPairs) and stores it. The one
// way a session is made: `assay judge new` and the Judging tab both call it. Refuses a run
// with no case that has both outputs, and a name already taken.
Result<StartedJudgingSession> startJudgingSession(Workspace &workspace, OutputsRepository &outputs,
                                                  const PriceTable &prices, const JudgingSessionDraft &draft);

} // namespace assay

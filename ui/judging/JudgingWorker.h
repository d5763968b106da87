#pragma once

#include "browse/BrowseWorker.h" // SessionSpec as a queued argument
#include "browse/LogSession.h"
#include "compare/CompareTypes.h"
#include "eval/JudgeRunStart.h"
#include "judging/JudgingTypes.h"
#include "settings/PriceTableMetaType.h"

#include <QObject>

#include <memory>

namespace assay {

// Every judging read and write, on a thread of its own with that thread's own LogSession and
// workspace connection. A verdict is reported saved() only after JudgingStore::record returned,
// that is after its commit, so what the screen shows as saved survives a crash.
class JudgingWorker : public QObject {
    Q_OBJECT
public:
    JudgingWorker();
    ~JudgingWorker() override;

public Q_SLOTS:
    // `judge` empty: the default reviewer name, as labels take it (the role on PostgreSQL).
    void open(const assay::SessionSpec &spec, const QString &judge);
    void setPrices(const assay::PriceTable &prices);
    void listSessions();
    void listRuns();
    // Draws the pairs (drawJudgingPairs) and stores the session; sessionCreated() or createFailed().
    void createSession(const assay::JudgingRequest &request);
    void loadSession(const QString &name);
    void record(quint64 request, const QString &session, int pairNo, int choice, const QString &note);
    void undo(quint64 request, const QString &session, int pairNo, qint64 verdictId);
    // The judge model over a session: estimateJudgeRun() answers judgeRunEstimated(); only then
    // does the dialog offer startJudgeRun(), which stores the run (or finds the one to resume)
    // and answers judgeRunReady() for the Replay tab to run it.
    void estimateJudgeRun(const assay::JudgeModelRequest &request);
    void startJudgeRun(const assay::JudgeModelRequest &request);
    // The newest session over exactly these sides of the run, else a new one with every pair
    // (seed 1): sessionForSidesReady().
    void sessionForSides(qint64 runId, const QString &sideA, const QString &sideB);

Q_SIGNALS:
    void opened(const QString &judge, bool judgeIsRole);
    void openFailed(const QString &message);
    void sessionsListed(const QList<assay::JudgingSessionRow> &sessions);
    void runsListed(const QList<assay::CompareRunChoice> &runs);
    void sessionCreated(const QString &name, int drawn, int available);
    void createFailed(const QString &message);
    void sessionLoaded(const assay::JudgingSessionView &view);
    void loadFailed(const QString &message);
    void saved(quint64 request, const assay::RevealedVerdict &judged);
    void saveFailed(quint64 request, int pairNo, const QString &message);
    // The judge's verdict on the pair after the undo: `restored` false when none is left.
    void undone(quint64 request, int pairNo, bool restored, const assay::RevealedVerdict &now);
    void undoRefused(quint64 request, int pairNo, const QString &message);
    void judgeRunEstimated(const assay::JudgeModelEstimate &estimate);
    void judgeRunReady(qint64 runId, const QString &session);
    void judgeRunFailed(const QString &message);
    void sessionForSidesReady(const QString &session);
    void problem(const QString &message);

private:
    std::optional<JudgeModelEstimate> prepare(const JudgeModelRequest &request, PreparedJudgeRun *prepared);
    bool ready(const QString &session);
    PairReveal revealOf(int pairNo) const;
    std::optional<PairVerdict> currentOf(const QString &session, int pairNo, QString *error);

    std::unique_ptr<LogSession> m_session;
    QString m_judge;
    QString m_openError;
    PriceTable m_prices = PriceTable::withDefaults();
    // The loaded session: its drawn pairs and both sides' outputs, for the reveals.
    QString m_loaded;
    QList<JudgingPair> m_drawn;
    ComparedPairs m_pairs;
};

} // namespace assay

#pragma once

#include "browse/BrowseWorker.h" // SessionSpec as a queued argument
#include "browse/InterruptibleSession.h"
#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "replay/ReplayPageTypes.h"

#include <QObject>

#include <memory>

namespace assay {

class PromptRegistry;

// Everything the replay page asks of the log and the workspace, on a thread of its own with
// that thread's own LogSession: the runs, planning (the estimate), creating a run, datasets,
// a run's results beside their baseline, and exports. The engine runs elsewhere (ReplayRunner).
class ReplayWorker : public QObject {
    Q_OBJECT
public:
    // The page stops this worker's statements with it before it waits for the thread.
    std::shared_ptr<ConnectionInterrupter> interrupter() const { return m_interrupter; }
    ReplayWorker();
    ~ReplayWorker() override;

public Q_SLOTS:
    void open(const assay::SessionSpec &spec);
    void setPrices(const assay::PriceTable &prices);
    void listRuns();
    void estimate(quint64 requestNo, const assay::ReplayRequest &request);
    // Plans again (the log may have moved since the estimate), saves the dataset if asked and
    // stores the run; created() follows, and the engine starts on it.
    void create(const assay::ReplayRequest &request);
    void loadComparison(qint64 runId);
    void exportResults(qint64 runId, const QString &path, const QString &format);

Q_SIGNALS:
    void opened(const assay::ReplayChoices &choices);
    void openFailed(const QString &message);
    void runsListed(const QList<assay::ReplayRunRow> &runs);
    void estimated(const assay::ReplayEstimateReply &reply);
    void created(qint64 runId);
    void createFailed(const QString &message, const QStringList &keyProblems);
    void comparisonLoaded(const assay::ReplayComparison &comparison);
    void exported(const QString &path, qint64 records);
    void problem(const QString &message);

private:
    Result<ReplayPlan> plan(ReplayRequest &request);
    ReplayChoices readChoices();

    // Before the sessions: they publish their connections to it.
    std::shared_ptr<ConnectionInterrupter> m_interrupter = std::make_shared<ConnectionInterrupter>();
    InterruptibleSession m_session{m_interrupter};
    std::unique_ptr<PromptRegistry> m_registry;
    QString m_registryError;
    PriceTable m_prices = PriceTable::withDefaults();
};

} // namespace assay

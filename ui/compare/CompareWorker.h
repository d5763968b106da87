#pragma once

#include "browse/BrowseWorker.h" // SessionSpec as a queued argument
#include "browse/InterruptibleSession.h"
#include "browse/LogSession.h"
#include "compare/CompareTypes.h"
#include "settings/PriceTableMetaType.h"

#include <QObject>

#include <memory>

namespace assay {

class PromptRegistry;

// Everything the Compare view reads, on a thread of its own with that thread's own LogSession:
// the runs, a comparison (its pairs, every person's votes and the summary), and one pair's
// three-way detail (prompt diff, output diff, verdicts with notes). The UI thread never waits:
// each answer is a signal.
class CompareWorker : public QObject {
    Q_OBJECT
public:
    // The page stops this worker's statements with it before it waits for the thread.
    std::shared_ptr<ConnectionInterrupter> interrupter() const { return m_interrupter; }
    CompareWorker();
    ~CompareWorker() override;

public Q_SLOTS:
    void open(const assay::SessionSpec &spec);
    void setPrices(const assay::PriceTable &prices);
    void listRuns();
    void compare(const assay::CompareRequest &request);
    // Uses the pairs of the last comparison computed for the same request.
    void loadPair(const assay::CompareRequest &request, int caseNo);

Q_SIGNALS:
    void opened();
    void openFailed(const QString &message);
    void runsListed(const QList<assay::CompareRunChoice> &runs);
    void compared(const assay::CompareReport &report);
    void pairLoaded(const assay::PairDetail &detail);
    void problem(const QString &message);

private:
    Result<ComparedPairs> pairsFor(const CompareRequest &request);
    void addPromptDiff(PairDetail &detail, const ComparedPairs &pairs, const ComparedPair &pair);
    QString promptRefOf(const ComparisonSide &side, const ComparedPairs &pairs, const ComparedPair &pair);

    // Before the session: it publishes its connection to it.
    std::shared_ptr<ConnectionInterrupter> m_interrupter = std::make_shared<ConnectionInterrupter>();
    InterruptibleSession m_session{m_interrupter};
    std::unique_ptr<PromptRegistry> m_registry;
    QString m_registryError;
    PriceTable m_prices = PriceTable::withDefaults();
    // The pairs of the last comparison, so opening a pair reads only that pair's extras.
    std::optional<CompareRequest> m_lastRequest;
    ComparedPairs m_lastPairs;
};

} // namespace assay

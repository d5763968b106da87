#pragma once

#include "browse/BrowseWorker.h" // SessionSpec as a queued argument
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

    std::unique_ptr<LogSession> m_session;
    std::unique_ptr<PromptRegistry> m_registry;
    QString m_registryError;
    PriceTable m_prices = PriceTable::withDefaults();
    // The pairs of the last comparison, so opening a pair reads only that pair's extras.
    std::optional<CompareRequest> m_lastRequest;
    ComparedPairs m_lastPairs;
};

} // namespace assay

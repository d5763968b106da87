#pragma once

#include "browse/LogSession.h"
#include "source/ConnectionInterrupter.h"
#include "compare/CompareTypes.h"
#include "pricing/PriceTable.h"

#include <QThread>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;

namespace assay {

class CheckComparisonModel;
class ComparedPairsModel;
class CompareWorker;
class DeltaModel;
class FeatureTallyModel;
class PairDetailView;
class PairVerdictFilter;
class ScoreboardView;

// Compare: one replay run, side A against side B. The scoreboard (the verdict, wins / losses /
// ties of B, the win rate with its interval), per-feature rows, per-check pass rates with McNemar
// (when the comparison has checks), cost / latency / token deltas, and the pairs, filterable by
// verdict and by check outcome, each opening its three-way view. Everything is computed on the page's CompareWorker.
class ComparePage : public QWidget {
    Q_OBJECT
public:
    explicit ComparePage(QWidget *parent = nullptr);
    ~ComparePage() override;

    void openSource(const SessionSpec &spec);
    void setPriceTable(const PriceTable &prices);
    // Shows a run: its baseline against its first target unless `sideA` / `sideB` say otherwise.
    void showRun(qint64 runId, const QString &sideA = {}, const QString &sideB = {});
    void reloadRuns();
    void showPair(int caseNo);

    QComboBox *runBox() const { return m_run; }
    QComboBox *sideABox() const { return m_a; }
    QComboBox *sideBBox() const { return m_b; }
    QComboBox *judgesBox() const { return m_judges; }
    QComboBox *verdictFilterBox() const { return m_filter; }
    QComboBox *checkFilterBox() const { return m_checkFilter; }
    ScoreboardView *scoreboard() const { return m_scoreboard; }
    FeatureTallyModel *featureModel() const { return m_features; }
    CheckComparisonModel *checkModel() const { return m_checks; }
    DeltaModel *deltaModel() const { return m_deltas; }
    ComparedPairsModel *pairsModel() const { return m_pairs; }
    PairVerdictFilter *pairsFilter() const { return m_pairsFilter; }
    QTableView *pairsView() const { return m_pairsView; }
    QTabWidget *sections() const { return m_sections; }
    PairDetailView *detailView() const { return m_detail; }
    const CompareReport &report() const { return m_report; }

Q_SIGNALS:
    void problem(const QString &message);
    void runsListed(int count);
    void compared(qint64 runId);
    void pairShown(int caseNo);
    // "Judge these pairs…": the window opens a new judging session on them.
    void judgingRequested(qint64 runId, const QString &sideA, const QString &sideB);
    // "Judge with a model…": the window opens the judge model dialog on a session of these pairs.
    void judgeModelRequested(qint64 runId, const QString &sideA, const QString &sideB);

private:
    QWidget *buildControls();
    QWidget *buildSummary();
    QWidget *buildPairs();
    void connectWorker();
    void showRuns(const QList<CompareRunChoice> &runs);
    void fillSides();
    void requestComparison();
    void showReport(const CompareReport &report);
    void fillCheckFilter(const QStringList &checks);
    void applyCheckFilter();
    CompareRequest currentRequest() const;
    void setStatus(const QString &text);

    QThread m_thread;
    std::shared_ptr<ConnectionInterrupter> m_interrupter; // the worker's: stops its statement on close
    CompareWorker *m_worker = nullptr;
    QList<CompareRunChoice> m_runs;
    quint64 m_generation = 0;
    CompareReport m_report;
    qint64 m_wantedRun = 0;
    QString m_wantedA;
    QString m_wantedB;

    QComboBox *m_run = nullptr;
    QComboBox *m_a = nullptr;
    QComboBox *m_b = nullptr;
    QComboBox *m_judges = nullptr;
    QComboBox *m_filter = nullptr;
    QComboBox *m_checkFilter = nullptr;
    QPushButton *m_judge = nullptr;
    QPushButton *m_judgeModel = nullptr;
    QLabel *m_status = nullptr;
    ScoreboardView *m_scoreboard = nullptr;
    QTabWidget *m_sections = nullptr;
    QWidget *m_checksTab = nullptr;
    FeatureTallyModel *m_features = nullptr;
    CheckComparisonModel *m_checks = nullptr;
    DeltaModel *m_deltas = nullptr;
    ComparedPairsModel *m_pairs = nullptr;
    PairVerdictFilter *m_pairsFilter = nullptr;
    QTableView *m_pairsView = nullptr;
    PairDetailView *m_detail = nullptr;
};

} // namespace assay

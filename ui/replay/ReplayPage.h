#pragma once

#include "source/ConnectionInterrupter.h"

#include <memory>

#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "query/OutputFilter.h"
#include "replay/ReplayPageTypes.h"
#include "replay/ReplayProgress.h"

#include <QPointer>
#include <QThread>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace assay {

class NewReplayDialog;
class ReplayResultsView;
class ReplayRunPanel;
class ReplayRunner;
class ReplayWorker;

// Replay: the runs kept in the workspace, "New replay…" (inputs, targets, the estimate before
// Start), the run being watched (progress, pause / resume / cancel, the newest outputs) and its
// results beside the baseline. Reads and writes go through a ReplayWorker on the page's thread;
// the engine runs on a ReplayRunner thread. What the page needs from the rest of the window
// comes through the setters below, wired by the main window; it reaches into no other page.
class ReplayPage : public QWidget {
    Q_OBJECT
public:
    explicit ReplayPage(QWidget *parent = nullptr);
    ~ReplayPage() override;

    void openSource(const SessionSpec &spec);
    void setPriceTable(const PriceTable &prices);
    // The Outputs page's filter and selected output ids (OutputRecord::key as text), for the
    // "New replay" inputs. Call them whenever they change, or just before newReplay().
    void setCurrentFilter(const OutputFilter &filter);
    void setSelectedIds(const QStringList &ids);

    void newReplay(); // opens the dialog (non-modal)
    void showRun(qint64 runId);
    void resumeRun(qint64 runId);
    void exportResults(const QString &path, const QString &format); // the shown run; "csv" or "jsonl"
    void reloadRuns();

    NewReplayDialog *dialog() const { return m_dialog; }
    ReplayRunner *runner() const { return m_runner; }
    ReplayRunPanel *runPanel() const { return m_panel; }
    ReplayResultsView *resultsView() const { return m_results; }
    QTreeWidget *runsList() const { return m_runs; }
    qint64 shownRun() const { return m_shownRun; }

Q_SIGNALS:
    // The dialog's "Provider API keys…": the window opens Settings ▸ Provider API keys.
    void apiKeysRequested();
    // Emitted as "New replay…" opens, before the dialog is built: a slot connected directly
    // calls setCurrentFilter() / setSelectedIds() with what the Outputs page shows right now.
    void inputsWanted();
    void problem(const QString &message);
    void runsListed(int count);
    void runStarted(qint64 runId);
    void runFinished(qint64 runId, assay::ReplayRunStatus status, const QString &message);
    void comparisonShown(qint64 runId);
    // "Compare A/B…" on the shown run: the window opens the Compare view on it.
    void compareRequested(qint64 runId);
    void exported(const QString &path, qint64 records);

private:
    void connectWorker();
    void showRuns(const QList<ReplayRunRow> &runs);
    void startEngine(qint64 runId);
    void refreshPanel();
    void showLiveCounts(const ReplayProgress &progress);
    QTreeWidgetItem *runItem(qint64 runId) const;
    void chooseExport();
    const ReplayRunRow *runRow(qint64 runId) const;

    QThread m_thread;
    std::shared_ptr<ConnectionInterrupter> m_interrupter; // the worker's: stops its statement on close
    ReplayWorker *m_worker = nullptr;
    ReplayRunner *m_runner = nullptr;
    SessionSpec m_spec;
    bool m_open = false;
    PriceTable m_prices = PriceTable::withDefaults();
    OutputFilter m_filter;
    QStringList m_selectedIds;
    ReplayChoices m_choices;
    QList<ReplayRunRow> m_runRows;
    qint64 m_shownRun = 0;
    // Results the engine stored before the shown run's comparison arrived from the worker:
    // applied on top of it, so none is missing from the table until the run ends.
    QList<ReplayResult> m_streamedEarly;
    QPointer<NewReplayDialog> m_dialog;

    QTreeWidget *m_runs = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_compare = nullptr;
    QLabel *m_status = nullptr;
    ReplayRunPanel *m_panel = nullptr;
    ReplayResultsView *m_results = nullptr;
};

} // namespace assay

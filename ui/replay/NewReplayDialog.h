#pragma once

#include "query/OutputFilter.h"
#include "replay/ReplayPageTypes.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTimer;

namespace assay {

class ReplayTargetsTable;

// "New replay…": which outputs (the Outputs page's filter or selection, a review session's
// sample, a saved dataset), the targets, concurrency and a budget cap. Every change asks for a
// fresh estimate (estimateRequested, planned on the page's worker); Start is enabled only when
// the latest estimate holds and every provider has a key. The dialog never reads a database.
class NewReplayDialog : public QDialog {
    Q_OBJECT
public:
    NewReplayDialog(const ReplayChoices &choices, const OutputFilter &filter, const QStringList &selectedIds,
                    QWidget *parent = nullptr);

    ReplayRequest request() const;
    ReplayTargetsTable *targetsTable() const { return m_targets; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *keysButton() const { return m_keys; }
    QLabel *estimateLabel() const { return m_estimate; }
    QLabel *problemLabel() const { return m_problem; }
    // The estimate the form currently shows (none while one is pending or the plan failed).
    std::optional<ReplayEstimate> lastEstimate() const { return m_lastEstimate; }

    enum class Inputs { Filter, Selection, ReviewSession, Dataset };
    void chooseInputs(Inputs inputs, const QString &name = {}); // name: the session or dataset
    void setLimit(int limit);
    void setConcurrency(int concurrency);
    void setBudget(std::optional<double> usd);
    void setSaveAsDataset(const QString &name);
    void setFreshSamples(bool fresh);

public Q_SLOTS:
    void showEstimate(const assay::ReplayEstimateReply &reply);
    // The worker refused to create the run (a key vanished, a dataset name was taken...).
    void showStartFailure(const QString &message, const QStringList &keyProblems);
    void requestEstimate();

Q_SIGNALS:
    void estimateRequested(quint64 requestNo, const assay::ReplayRequest &request);
    void startRequested(const assay::ReplayRequest &request);
    void apiKeysRequested();

private:
    void scheduleEstimate();
    void showProblems(const QString &message, const QStringList &keyProblems);

    OutputFilter m_filter;
    QStringList m_selectedIds;
    quint64 m_requestNo = 0;
    bool m_estimateHolds = false;
    std::optional<ReplayEstimate> m_lastEstimate;

    QRadioButton *m_fromFilter = nullptr;
    QRadioButton *m_fromSelection = nullptr;
    QRadioButton *m_fromSession = nullptr;
    QRadioButton *m_fromDataset = nullptr;
    QSpinBox *m_limit = nullptr;
    QCheckBox *m_onlyPromptsOwn = nullptr;
    QComboBox *m_session = nullptr;
    QComboBox *m_dataset = nullptr;
    QLineEdit *m_saveAs = nullptr;
    ReplayTargetsTable *m_targets = nullptr;
    QSpinBox *m_concurrency = nullptr;
    QCheckBox *m_useBudget = nullptr;
    QDoubleSpinBox *m_budget = nullptr;
    QCheckBox *m_noCache = nullptr;
    QLabel *m_estimate = nullptr;
    QLabel *m_problem = nullptr;
    QPushButton *m_keys = nullptr;
    QPushButton *m_start = nullptr;
    QTimer *m_debounce = nullptr;
};

} // namespace assay

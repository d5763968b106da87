#pragma once

#include "replay/ReplayComparison.h"

#include <QAbstractTableModel>

namespace assay {

// A replay's results for a table view: one row per case; columns: the output id, the logged
// input, the baseline (logged output), then per target its output, status and the deltas of
// output tokens, cost and latency against the baseline. QtCore only; it never reads a database:
// setComparison() takes what a worker loaded (loadReplayComparison).
class ReplayResultsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        SortRole = Qt::UserRole + 1, // numbers as numbers (deltas, tokens), text as text
        StatusRole,                  // target columns: the ReplayResultStatus name
    };
    enum class TargetColumn { Output, Status, OutputTokensDelta, CostDelta, LatencyDelta };
    static constexpr int fixedColumns = 3;     // id, input, baseline
    static constexpr int columnsPerTarget = 5; // see TargetColumn

    explicit ReplayResultsModel(QObject *parent = nullptr);

    void setComparison(ReplayComparison comparison);
    const ReplayComparison &comparison() const { return m_comparison; }
    // Replaces one result as the engine stores it (ReplayEngine::resultStored), so the view fills in live.
    void updateResult(const ReplayResult &result);

    int column(int target, TargetColumn which) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant targetData(const ReplayComparisonRow &row, int target, TargetColumn which, int role) const;

    ReplayComparison m_comparison;
};

} // namespace assay

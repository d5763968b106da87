#pragma once

#include "replay/ReplayResult.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace assay {

class ReplayResultsModel;
struct ReplayComparisonRow;

// Whether a target's new output differs from the logged one (white space at the ends aside);
// none when there is no new output to compare (failed, pending, render error).
std::optional<bool> outputChanged(const ReplayComparisonRow &row, int target);

// The results table's filters: a status, one target (or all), changed or unchanged outputs.
// A case passes when some target it is filtered on passes every condition.
class ReplayResultsFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum class Change { Any, Changed, Unchanged };

    explicit ReplayResultsFilter(ReplayResultsModel *source, QObject *parent = nullptr);

    void setStatus(std::optional<ReplayResultStatus> status);
    void setTarget(int target); // -1: every target
    void setChange(Change change);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool targetPasses(const ReplayComparisonRow &row, int target) const;

    ReplayResultsModel *m_results;
    std::optional<ReplayResultStatus> m_status;
    int m_target = -1;
    Change m_change = Change::Any;
};

} // namespace assay

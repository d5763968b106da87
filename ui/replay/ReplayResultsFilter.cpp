#include "replay/ReplayResultsFilter.h"

#include "replay/ReplayResultsModel.h"

namespace assay {

std::optional<bool> outputChanged(const ReplayComparisonRow &row, int target)
{
    if (target < 0 || target >= row.results.size())
        return std::nullopt;
    const ReplayResult &r = row.results.at(target);
    if (r.status != ReplayResultStatus::Ok || !row.baseline.error.isEmpty())
        return std::nullopt;
    return r.output.trimmed() != row.baseline.output.trimmed();
}

ReplayResultsFilter::ReplayResultsFilter(ReplayResultsModel *source, QObject *parent)
    : QSortFilterProxyModel(parent), m_results(source)
{
    setSourceModel(source);
    setSortRole(ReplayResultsModel::SortRole);
    // Results stream in while the engine runs: rows re-filter as they change.
    setDynamicSortFilter(true);
}

void ReplayResultsFilter::setStatus(std::optional<ReplayResultStatus> status)
{
    m_status = status;
    invalidateFilter();
}

void ReplayResultsFilter::setTarget(int target)
{
    m_target = target;
    invalidateFilter();
}

void ReplayResultsFilter::setChange(Change change)
{
    m_change = change;
    invalidateFilter();
}

bool ReplayResultsFilter::targetPasses(const ReplayComparisonRow &row, int target) const
{
    if (target >= row.results.size())
        return false;
    if (m_status && row.results.at(target).status != *m_status)
        return false;
    if (m_change == Change::Any)
        return true;
    const auto changed = outputChanged(row, target);
    return changed && *changed == (m_change == Change::Changed);
}

bool ReplayResultsFilter::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    const auto &rows = m_results->comparison().rows;
    if (sourceRow < 0 || sourceRow >= rows.size())
        return false;
    const ReplayComparisonRow &row = rows.at(sourceRow);
    if (m_target >= 0)
        return targetPasses(row, m_target);
    for (int t = 0; t < row.results.size(); ++t)
        if (targetPasses(row, t))
            return true;
    return row.results.isEmpty() && !m_status && m_change == Change::Any;
}

} // namespace assay

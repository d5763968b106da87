#include "replay/ReplayResultsModel.h"

#include "util/Money.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString signedNumber(qint64 n, const QString &unit = {})
{
    return (n > 0 ? u"+"_s : QString()) + QString::number(n) + unit;
}

QString signedUsd(double usd)
{
    return (usd > 0 ? u"+"_s : usd < 0 ? u"-"_s : QString()) + formatUsd(std::abs(usd));
}

// Cells show the start of long texts on one line; the tooltip and SortRole have them whole.
QString oneLine(const QString &text)
{
    QString line = text.left(200);
    line.replace(u'\n', u' ');
    return text.size() > 200 ? line + u"…"_s : line;
}

} // namespace

ReplayResultsModel::ReplayResultsModel(QObject *parent) : QAbstractTableModel(parent) {}

void ReplayResultsModel::setComparison(ReplayComparison comparison)
{
    beginResetModel();
    m_comparison = std::move(comparison);
    endResetModel();
}

void ReplayResultsModel::updateResult(const ReplayResult &result)
{
    for (qsizetype r = 0; r < m_comparison.rows.size(); ++r) {
        ReplayComparisonRow &row = m_comparison.rows[r];
        if (row.caseNo != result.caseNo)
            continue;
        if (result.targetNo < 0 || result.targetNo >= row.results.size())
            return;
        row.results[result.targetNo] = result;
        const int first = column(result.targetNo, TargetColumn::Output);
        Q_EMIT dataChanged(index(static_cast<int>(r), first), index(static_cast<int>(r), first + columnsPerTarget - 1));
        return;
    }
}

int ReplayResultsModel::column(int target, TargetColumn which) const
{
    return fixedColumns + target * columnsPerTarget + static_cast<int>(which);
}

int ReplayResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_comparison.rows.size());
}

int ReplayResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : fixedColumns + static_cast<int>(m_comparison.targets.size()) * columnsPerTarget;
}

QVariant ReplayResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    if (section == 0)
        return u"Output id"_s;
    if (section == 1)
        return u"Input"_s;
    if (section == 2)
        return role == Qt::ToolTipRole ? u"The output as logged"_s : u"Baseline"_s;
    const int target = (section - fixedColumns) / columnsPerTarget;
    const auto which = static_cast<TargetColumn>((section - fixedColumns) % columnsPerTarget);
    const ReplayTarget &t = m_comparison.targets.at(target);
    if (role == Qt::ToolTipRole)
        return t.label();
    switch (which) {
    case TargetColumn::Output:
        return t.promptRef();
    case TargetColumn::Status:
        return u"%1 status"_s.arg(t.promptVersion);
    case TargetColumn::OutputTokensDelta:
        return u"%1 Δ tokens out"_s.arg(t.promptVersion);
    case TargetColumn::CostDelta:
        return u"%1 Δ cost"_s.arg(t.promptVersion);
    case TargetColumn::LatencyDelta:
        return u"%1 Δ latency"_s.arg(t.promptVersion);
    }
    return {};
}

QVariant ReplayResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReplayComparisonRow &row = m_comparison.rows.at(index.row());
    const int c = index.column();
    if (c >= fixedColumns) {
        const int target = (c - fixedColumns) / columnsPerTarget;
        return targetData(row, target, static_cast<TargetColumn>((c - fixedColumns) % columnsPerTarget), role);
    }
    const QString text = c == 0 ? row.outputKey
                       : c == 1 ? row.baseline.input
                                : (row.baseline.error.isEmpty() ? row.baseline.output : row.baseline.error);
    switch (role) {
    case Qt::DisplayRole:
        return c == 0 ? text : oneLine(text);
    case Qt::ToolTipRole:
    case SortRole:
        return text;
    default:
        return {};
    }
}

QVariant ReplayResultsModel::targetData(const ReplayComparisonRow &row, int target, TargetColumn which, int role) const
{
    const ReplayResult &r = row.results.at(target);
    if (role == StatusRole)
        return replayResultStatusName(r.status);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != SortRole && role != Qt::TextAlignmentRole)
        return {};
    if (role == Qt::TextAlignmentRole)
        return which == TargetColumn::Output || which == TargetColumn::Status
            ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    switch (which) {
    case TargetColumn::Output: {
        const QString text = r.status == ReplayResultStatus::Ok ? r.output : r.error;
        return role == Qt::DisplayRole ? QVariant(oneLine(text)) : QVariant(text);
    }
    case TargetColumn::Status: {
        const QString name = replayResultStatusName(r.status);
        return r.fromCache && role == Qt::DisplayRole ? name + u" (cached)"_s : name;
    }
    case TargetColumn::OutputTokensDelta: {
        const auto d = tokenDelta(r, row.baseline);
        if (!d)
            return {};
        return role == SortRole ? QVariant(*d) : QVariant(signedNumber(*d));
    }
    case TargetColumn::CostDelta: {
        const auto d = costDelta(r, row.baseline);
        if (!d)
            return {};
        return role == SortRole ? QVariant(*d) : QVariant(signedUsd(*d));
    }
    case TargetColumn::LatencyDelta: {
        const auto d = latencyDelta(r, row.baseline);
        if (!d)
            return {};
        return role == SortRole ? QVariant(*d) : QVariant(signedNumber(*d, u" ms"_s));
    }
    }
    return {};
}

} // namespace assay

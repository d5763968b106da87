#pragma once

#include "compare/CompareRoles.h"
#include "eval/ComparedPairs.h"
#include "eval/ComparisonSummary.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace assay {

// The pairs of a comparison, one row each: the case, its feature, what the counted judges said
// (B better, A better, tie, split, not judged) with their vote counts, both outputs' beginnings
// and the cost and latency differences.
class ComparedPairsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Case, Feature, Verdict, Votes, OutputA, OutputB, CostDelta, LatencyDelta, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    // Votes not admitted by `selection` are left out, as the summary leaves them out.
    void setPairs(const ComparedPairs &pairs, const QList<JudgeVote> &votes, const JudgeSelection &selection);
    int caseAt(int row) const;
    PairVerdictKind verdictAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        ComparedPair pair;
        int forB = 0;
        int forA = 0;
        int ties = 0;
        PairVerdictKind verdict = PairVerdictKind::NotJudged;
    };
    QList<Row> m_rows;
};

// The pairs list filtered by what people said about each pair.
class PairVerdictFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    // None: every pair.
    void setVerdict(std::optional<PairVerdictKind> verdict);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<PairVerdictKind> m_verdict;
};

} // namespace assay

#pragma once

#include "compare/CompareRoles.h"
#include "eval/ComparedPairs.h"
#include "eval/ComparisonSummary.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace assay {

// Which pairs a check keeps: the ones it splits (fails on one side only) or every failure of a side.
enum class PairCheckCondition { OnlyBFails, OnlyAFails, BFails, AFails };
QString pairCheckConditionText(PairCheckCondition condition, const QString &check);

// The pairs of a comparison, one row each: the case, its feature, what the counted judges said
// (B better, A better, tie, split, not judged) with their vote counts, the checks each side
// fails, both outputs' beginnings and the cost and latency differences.
class ComparedPairsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Case, Feature, Verdict, Votes, Fails, OutputA, OutputB, CostDelta, LatencyDelta, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    // Votes not admitted by `selection` are left out, as the summary leaves them out. `checks`
    // are checkPairs()' results over the same pairs, in the same order (empty: no check set).
    void setPairs(const ComparedPairs &pairs, const QList<JudgeVote> &votes, const JudgeSelection &selection,
                  const QList<CheckPairResults> &checks = {});
    int caseAt(int row) const;
    PairVerdictKind verdictAt(int row) const;
    QStringList checkNames() const;
    // False where the check could not judge the pair (not counted for it).
    bool meets(int row, int check, PairCheckCondition condition) const;

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
    QString failuresText(int row) const;

    QList<Row> m_rows;
    QList<CheckPairResults> m_checks;
};

// The pairs list filtered by what people said about each pair and by a check's outcome; both
// filters hold at once. The source must be a ComparedPairsModel.
class PairVerdictFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    // None: every pair.
    void setVerdict(std::optional<PairVerdictKind> verdict);
    // `check` indexes ComparedPairsModel::checkNames(); below 0: no check filter.
    void setCheckCondition(int check, PairCheckCondition condition);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<PairVerdictKind> m_verdict;
    int m_check = -1;
    PairCheckCondition m_condition = PairCheckCondition::OnlyBFails;
};

} // namespace assay

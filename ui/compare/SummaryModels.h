#pragma once

#include "eval/ComparisonSummary.h"

#include <QAbstractTableModel>

namespace assay {

// The comparison overall and per feature: wins of B, losses, ties, the win rate with its
// Wilson interval (roles for the delegate to draw it) and the exact sign test.
class FeatureTallyModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Feature, Wins, Losses, Ties, WinRate, SignTest, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setSummary(const ComparisonSummary &summary);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<FeatureTally> m_rows; // the overall row first
};

// Per check: how often each side passed on the same pairs, and McNemar on the discordant ones.
class CheckComparisonModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Check, Pairs, APassed, BPassed, OnlyA, OnlyB, McNemar, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setSummary(const ComparisonSummary &summary);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<CheckComparison> m_rows;
    double m_alpha = 0.05;
};

// Paired cost, latency and output-token differences (B - A) with their 95% intervals.
class DeltaModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Metric, Pairs, MeanA, MeanB, Difference, Interval, Relative, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setSummary(const ComparisonSummary &summary);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<DeltaSummary> m_rows;
};

} // namespace assay

#pragma once

#include "analytics/UsageBucket.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace assay {

// One feature over a whole range: the figures of the table.
struct FeatureFigures {
    QString feature;
    double costUsd = 0;
    qint64 calls = 0;
    qint64 tokens = 0; // input + output
    // Exact percentiles cannot be merged across periods, so the range's p95 is the mean of the
    // periods' p95, weighted by the calls that logged a latency (see the column's tooltip).
    std::optional<double> p95Ms;
    double errorRate = 0;
    std::optional<double> positiveRate; // among calls with feedback; unset when none had any
};

// Sums period x feature buckets into one FeatureFigures per feature, sorted by cost.
QList<FeatureFigures> featureFigures(const QList<UsageBucket> &buckets);

// The table per feature: each figure beside its change against the previous range of equal
// length (relative for amounts, in percentage points for rates). DisplayRole is formatted
// text, Qt::UserRole the raw number (empty when there is none), which the CSV export writes.
class FeatureTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Feature,
        Cost, CostChange,
        Calls, CallsChange,
        Tokens, TokensChange,
        P95, P95Change,
        ErrorRate, ErrorRateChange,
        PositiveRate, PositiveRateChange,
        ColumnCount
    };

    explicit FeatureTableModel(QObject *parent = nullptr);

    void setFigures(const QList<FeatureFigures> &current, const QList<FeatureFigures> &previous);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The table as CSV (RFC 4180, CRLF): a header of stable column keys, raw numbers.
    QString toCsv() const;

private:
    QVariant raw(int row, int column) const;
    QString display(int row, int column) const;

    QList<FeatureFigures> m_current;
    QList<std::optional<FeatureFigures>> m_previous; // per row of m_current
};

} // namespace assay

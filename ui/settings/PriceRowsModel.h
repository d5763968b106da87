#pragma once

#include "pricing/PriceTable.h"

#include <QAbstractTableModel>

namespace assay {

// Every row of a price table, the user's first, then the imported ones, then the built-in list
// prices. Only the user's rows are theirs to change; the others are shown greyed.
class PriceRowsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Layer, Match, Pattern, EffectiveFrom, Input, Output, CacheRead, CacheWrite, Tiers, Note, ColumnCount };

    explicit PriceRowsModel(QObject *parent = nullptr);

    void setTable(const PriceTable &table);
    const ModelPrice &rowAt(int row) const { return m_rows.at(row); }
    // The model row showing `price`, or -1.
    int rowOf(const ModelPrice &price) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ModelPrice> m_rows;
};

} // namespace assay

#include "settings/PriceRowsModel.h"

#include "settings/PriceRowText.h"

#include "common/CellTone.h"


#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

PriceRowsModel::PriceRowsModel(QObject *parent) : QAbstractTableModel(parent) {}

void PriceRowsModel::setTable(const PriceTable &table)
{
    beginResetModel();
    m_rows = table.rows(PriceSource::User);
    for (PriceSource layer : {PriceSource::Imported, PriceSource::BuiltIn}) {
        QList<ModelPrice> rows = table.rows(layer);
        std::sort(rows.begin(), rows.end(), [](const ModelPrice &a, const ModelPrice &b) {
            const int c = a.pattern.compare(b.pattern, Qt::CaseInsensitive);
            return c != 0 ? c < 0 : a.effectiveFrom < b.effectiveFrom;
        });
        m_rows << rows;
    }
    endResetModel();
}

int PriceRowsModel::rowOf(const ModelPrice &price) const
{
    return int(m_rows.indexOf(price));
}

int PriceRowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PriceRowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PriceRowsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ModelPrice &r = m_rows.at(index.row());
    const bool mine = r.source == PriceSource::User;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Layer: return priceSourceName(r.source);
        case Match: return matchName(r.match);
        case Pattern: return r.pattern;
        case EffectiveFrom: return r.effectiveFrom.isValid() ? r.effectiveFrom.toString(Qt::ISODate) : QString();
        case Input: return priceText(r.input);
        case Output: return priceText(r.output);
        case CacheRead: return priceText(r.cacheRead);
        case CacheWrite: return priceText(r.cacheWrite);
        case Tiers: return tiersSummary(r.tiers);
        case Note: return r.note;
        }
    }
    if (role == CellRole::Tone && !mine)
        return int(CellTone::Muted); // read-only rows recede
    if (role == Qt::ToolTipRole && !mine)
        return r.source == PriceSource::BuiltIn
                   ? tr("A built-in list price: read-only. Override it to set what your team pays.")
                   : tr("Imported from LiteLLM: read-only. Override it, or import a newer file.");
    if (role == Qt::TextAlignmentRole && index.column() >= Input && index.column() <= CacheWrite)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant PriceRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Layer: return tr("Layer");
    case Match: return tr("Matches");
    case Pattern: return tr("Model or pattern");
    case EffectiveFrom: return tr("From");
    case Input: return tr("Input $/M");
    case Output: return tr("Output $/M");
    case CacheRead: return tr("Cache read $/M");
    case CacheWrite: return tr("Cache write $/M");
    case Tiers: return tr("Tiers (input / output)");
    case Note: return tr("Note");
    }
    return {};
}

} // namespace assay
